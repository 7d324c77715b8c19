import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLinkConfig, showsChecklist } from '@codat-link/core';
import { harness } from './helpers.js';

test('a spend request opens with the checklist; Start goes on to the first choice', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], checklist: undefined } as never);
  await h.settle('checklist');
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'checklist', 'nothing comes before the checklist');
  h.actor.send({ type: 'CONTINUE' });
  assert.equal(h.step(), 'provisionMethod');
  assert.deepEqual(h.steps, ['loading', 'checklist', 'provisionMethod']);
});

test('a financials request skips the checklist unless the partner asks for it', async () => {
  const plain = harness({ dataTypes: ['financials'], checklist: undefined } as never);
  await plain.settle('softwareSelection');
  assert.deepEqual(plain.steps, ['loading', 'softwareSelection']);

  const asked = harness({ dataTypes: ['financials'], checklist: true });
  await asked.settle('checklist');
  asked.actor.send({ type: 'CONTINUE' });
  assert.equal(asked.step(), 'softwareSelection');
});

test('checklist: false turns it off for spend; the option defaults by data type', () => {
  assert.equal(showsChecklist(parseLinkConfig({ dataTypes: ['spendAnalysis'] })), true);
  assert.equal(showsChecklist(parseLinkConfig({ dataTypes: ['financials', 'spendAnalysis'] })), true);
  assert.equal(showsChecklist(parseLinkConfig({ dataTypes: ['financials'] })), false);
  assert.equal(showsChecklist(parseLinkConfig({ dataTypes: ['spendAnalysis'], checklist: false })), false);
  assert.throws(() => parseLinkConfig({ dataTypes: ['spendAnalysis'], checklist: 'yes' }));
});

test('a journey saved on the checklist resumes there', async () => {
  const first = harness({ dataTypes: ['spendAnalysis'], checklist: true });
  await first.settle('checklist');
  const persisted = first.actor.getPersistedSnapshot();
  const again = harness({ dataTypes: ['spendAnalysis'], checklist: true }, {}, { persisted, backend: first.backend });
  await again.settle('checklist');
  again.actor.send({ type: 'CONTINUE' });
  assert.equal(again.step(), 'provisionMethod');
});
