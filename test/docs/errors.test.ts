/**
 * docs/errors.md, the error-code reference, is made from the code: every `LinkErrorCode` with its
 * English message, what the partner should do (ERROR_GUIDANCE) and whether the customer can recover; every upload
 * issue code with its severity and English message. A code added without its page fails here.
 *
 * Rewrite the page: UPDATE_DOCS=1 node --import tsx --conditions=source --test test/docs/errors.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_GUIDANCE, LINK_ERROR_CODES, LINK_ERRORS } from '@codat-link/core';
import { ISSUE_CODES, ISSUE_MESSAGES } from '@codat-link/upload';

const page = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function reference(): string {
  const errors = LINK_ERROR_CODES.map((code) => {
    const def = LINK_ERRORS[code];
    return `| \`${code}\` | ${cell(def.message.en)} | ${cell(ERROR_GUIDANCE[code])} | ${def.userRecoverable ? 'yes' : 'no'} | ${def.transient ? 'yes' : 'no'} |`;
  });
  const issues = ISSUE_CODES.map((code) => {
    const def = ISSUE_MESSAGES[code];
    return `| \`${code}\` | ${def.severity} | ${cell(def.en)} |`;
  });
  return [
    '# Error codes',
    '',
    '<!-- Generated from LINK_ERRORS and ERROR_GUIDANCE (packages/core/src) and ISSUE_MESSAGES',
    '     (packages/upload/src/messages.ts) by test/docs/errors.test.ts: edit those, not this page. -->',
    '',
    'Every error `<codat-link>` reports has a stable code: the `codat-link-error` event detail carries',
    'it with the message shown to the customer (in their language), whether the customer can recover',
    'without you, and a correlation id when the backend gave one. *Retried* says whether the journey',
    'retries on its own before it shows the error.',
    '',
    '| code | what the customer reads | what you should do | customer can recover | retried |',
    '|---|---|---|---|---|',
    ...errors,
    '',
    '## Upload issue codes',
    '',
    'What `@codat-link/upload` finds in a file, per row or for the whole file (`IntakeIssue.code`). An',
    '*error* on a file refuses the file, on a row drops the row; a *warning* keeps the row (an unreadable',
    'optional cell is left empty); an *info* says what was done. Messages also exist in French;',
    '`{…}` are filled in per issue.',
    '',
    '| code | severity | message |',
    '|---|---|---|',
    ...issues,
    '',
  ].join('\n');
}

test('docs/errors.md is the error-code reference the code makes', () => {
  const expected = reference();
  if (process.env['UPDATE_DOCS']) writeFileSync(page, expected);
  assert.equal(readFileSync(page, 'utf8'), expected, 'docs/errors.md is stale: run UPDATE_DOCS=1 node --import tsx --conditions=source --test test/docs/errors.test.ts');
});

test('every error code tells the partner what to do', () => {
  for (const code of LINK_ERROR_CODES) assert.ok(ERROR_GUIDANCE[code].length > 10, code);
});
