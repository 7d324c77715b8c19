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

test('Back from the first choice after the checklist returns to it, whichever choice comes first', async () => {
  // Spend with the template offered: the method choice comes first.
  const method = harness({ dataTypes: ['spendAnalysis'], checklist: true });
  await method.settle('checklist');
  method.actor.send({ type: 'CONTINUE' });
  assert.equal(method.step(), 'provisionMethod');
  assert.ok(method.actor.getSnapshot().can({ type: 'BACK' }), 'the method choice offers Back');
  method.actor.send({ type: 'BACK' });
  assert.equal(method.step(), 'checklist');
  method.actor.send({ type: 'CONTINUE' });
  method.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  method.actor.send({ type: 'BACK' });
  method.actor.send({ type: 'BACK' });
  assert.deepEqual(method.steps, ['loading', 'checklist', 'provisionMethod', 'checklist', 'provisionMethod', 'entityCount', 'provisionMethod', 'checklist']);

  // No template: the entity count comes first.
  const count = harness({ dataTypes: ['spendAnalysis'], checklist: true, manualUpload: false });
  await count.settle('checklist');
  count.actor.send({ type: 'CONTINUE' });
  assert.equal(count.step(), 'entityCount');
  count.actor.send({ type: 'BACK' });
  assert.equal(count.step(), 'checklist');

  // Neither: the software list comes first, and the company's entity is not doubled on the way back in.
  const software = harness({ dataTypes: ['financials'], checklist: true });
  await software.settle('checklist');
  software.actor.send({ type: 'CONTINUE' });
  assert.equal(software.step(), 'softwareSelection');
  software.actor.send({ type: 'BACK' });
  assert.equal(software.step(), 'checklist');
  software.actor.send({ type: 'CONTINUE' });
  assert.equal(software.step(), 'softwareSelection');
  assert.equal(software.actor.getSnapshot().context.entities.length, 1);
});

test('without the checklist, the first choice still has no Back', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], checklist: false });
  await h.settle('provisionMethod');
  assert.equal(h.actor.getSnapshot().can({ type: 'BACK' }), false);
  const financials = harness({ dataTypes: ['financials'], checklist: false });
  await financials.settle('softwareSelection');
  assert.equal(financials.actor.getSnapshot().can({ type: 'BACK' }), false);
});
