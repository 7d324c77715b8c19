import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { journeyMachine, toMermaid } from '@codat-link/core';

const DOC = fileURLToPath(new URL('../../../docs/journey.md', import.meta.url));
const BEGIN = '<!-- statechart:begin (generated from journeyMachine by packages/core/test/diagram.test.ts) -->';
const END = '<!-- statechart:end -->';

test('docs/journey.md shows the statechart of the machine as it is', () => {
  const doc = readFileSync(DOC, 'utf8');
  const block = `${BEGIN}\n\`\`\`mermaid\n${toMermaid(journeyMachine)}\n\`\`\`\n${END}`;
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (process.env.UPDATE_DIAGRAM === '1') {
    const next = start === -1 ? `${doc.trimEnd()}\n\n## Statechart\n\n${block}\n` : doc.slice(0, start) + block + doc.slice(end + END.length);
    writeFileSync(DOC, next);
    return;
  }
  assert.ok(start !== -1 && end > start, 'docs/journey.md has no generated statechart section');
  assert.equal(
    doc.slice(start, end + END.length),
    block,
    'The statechart in docs/journey.md is stale: run UPDATE_DIAGRAM=1 node --import tsx --conditions=source --test packages/core/test/diagram.test.ts',
  );
});

test('the diagram names every step state and every event a UI sends', () => {
  const diagram = toMermaid(journeyMachine);
  for (const step of [
    'provisionMethod',
    'manualUpload',
    'entityCount',
    'entityName',
    'softwareSelection',
    'consent',
    'connecting',
    'disclaimer',
    'uploadSuppliers',
    'uploadBills',
    'entityComplete',
    'summary',
    'closed',
  ]) {
    assert.match(diagram, new RegExp(`\\b${step}(_\\w+)? -->|--> ${step}(_\\w+)?\\b`), step);
  }
  for (const event of [
    'SELECT_PROVISION_METHOD',
    'SET_ENTITY_COUNT',
    'SUBMIT_ENTITY_NAME',
    'SELECT_INTEGRATION',
    'GIVE_CONSENT',
    'CONNECTION_AUTHORIZED',
    'CONNECTION_CANCELLED',
    'CONTINUE',
    'UPLOAD_REPORT',
    'ADD_ENTITY',
    'FINISH',
    'BACK',
    'RETRY',
    'CLOSE',
    'CONFIRM_CLOSE',
    'CANCEL_CLOSE',
  ]) {
    assert.ok(diagram.includes(`: ${event}`), event);
  }
});
