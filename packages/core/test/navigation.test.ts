import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConfirmingClose } from '@codat-link/core';
import { CONSENT_TEXT, harness } from './helpers.js';

test('BACK walks the multi-entity steps in reverse, forgetting an entity the backend never saw', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'] });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'several' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme UK' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  const path = [h.step()];
  for (let i = 0; i < 4; i++) {
    h.actor.send({ type: 'BACK' });
    path.push(h.step());
  }
  assert.deepEqual(path, ['consent', 'softwareSelection', 'entityName', 'entityCount', 'provisionMethod']);
  assert.deepEqual(h.actor.getSnapshot().context.entities, []);
  assert.equal(h.backend.state.entities.length, 0);
});

test('BACK through the file-upload steps, and from the manual upload through its consent to the method choice', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], multiEntity: false });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'manual' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  assert.equal(h.step(), 'manualUpload');
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'consent');
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'provisionMethod');
  assert.equal(h.actor.getSnapshot().context.selectedIntegrationKey, undefined, 'the template is no longer the chosen way');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  assert.equal(h.step(), 'softwareSelection', 'multi-entity off: straight to the software');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'epicor' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('disclaimer');
  h.actor.send({ type: 'CONTINUE' });
  const path = [h.step()];
  h.actor.send({ type: 'BACK' });
  path.push(h.step());
  h.actor.send({ type: 'BACK' });
  path.push(h.step());
  h.actor.send({ type: 'BACK' });
  path.push(h.step());
  assert.deepEqual(
    path,
    ['uploadSuppliers', 'disclaimer', 'softwareSelection', 'softwareSelection'],
    'once the backend holds the entity, the customer cannot un-name it',
  );
});

test('CLOSE asks for confirmation; CANCEL_CLOSE leaves the journey where it was, CONFIRM_CLOSE ends it', async () => {
  const h = harness({ dataTypes: ['financials'] });
  await h.settle('softwareSelection');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'CLOSE' });
  assert.ok(isConfirmingClose(h.actor.getSnapshot()));
  assert.equal(h.step(), 'consent', 'the step stays on screen behind the confirmation');
  h.actor.send({ type: 'CANCEL_CLOSE' });
  assert.ok(!isConfirmingClose(h.actor.getSnapshot()));
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  h.actor.send({ type: 'CLOSE' });
  h.actor.send({ type: 'CONFIRM_CLOSE' });
  assert.equal(h.step(), 'closed');
  assert.equal(h.actor.getSnapshot().status, 'done');
  const closed = h.analytics.find((e) => e.type === 'closed');
  assert.ok(closed && closed.type === 'closed' && !closed.completed);
});

test('SET_LOCALE re-localizes the error on screen', async () => {
  const h = harness({ dataTypes: ['financials'] }, { failures: [{ method: 'getRequest', code: 'conflict' }] });
  await h.settle('error');
  h.actor.send({ type: 'SET_LOCALE', locale: 'fr' });
  assert.match(h.actor.getSnapshot().context.error?.message ?? '', /modifiées ailleurs/);
  h.actor.send({ type: 'RETRY' });
  await h.settle('softwareSelection');
});

test('a manual upload abandoned for a software connection keeps one entity for the company', async () => {
  const h = harness(
    { dataTypes: ['spendAnalysis'], multiEntity: false },
    { request: { companyName: 'Acme SAS' }, failures: [{ method: 'submitBatch', code: 'validation_failed' }] },
  );
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'manual' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'supplierSpend', records: [{ supplierName: 'X', totalSpend: 1 }] });
  await h.settle('error');
  h.actor.send({ type: 'BACK' });
  h.actor.send({ type: 'BACK' });
  h.actor.send({ type: 'BACK' });
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  assert.deepEqual(
    h.actor.getSnapshot().context.entities.map((e) => e.name),
    ['Acme SAS'],
  );
  assert.equal(h.backend.state.entities.length, 1);
  assert.deepEqual(
    h.backend.state.connections.map((c) => [c.entityId, c.kind]),
    [
      [h.backend.state.entities[0]!.id, 'manual'],
      [h.backend.state.entities[0]!.id, 'direct'],
    ],
  );
});

test('an entity the backend created stays in the journey when consent fails after it', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'] }, { failures: [{ method: 'recordConsent', code: 'validation_failed' }] });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'several' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme Typo' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('error');
  assert.equal(h.actor.getSnapshot().context.entities[0]!.id, h.backend.state.entities[0]!.id);
  h.actor.send({ type: 'BACK' });
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'softwareSelection', 'an entity the backend holds is not un-named by going back');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  assert.deepEqual(
    h.backend.state.entities.map((e) => e.name),
    ['Acme Typo'],
  );
  assert.equal(h.backend.callsTo('createEntity').length, 1, 'registered once, not again after the failure');
});

test('"Can\'t find your software?" goes from software selection to the manual upload in one transition', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'] });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'one' });
  h.actor.send({ type: 'USE_MANUAL_UPLOAD' });
  assert.equal(h.step(), 'consent', 'one transition, to the consent for the template');
  const { context } = h.actor.getSnapshot();
  assert.equal(context.provisionMethod, 'manual');
  // One entity: the company's own spend.
  assert.deepEqual(
    context.entities.map((e) => e.name),
    [context.request!.companyName],
  );
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'provisionMethod');
  // Without the manual path on offer, the event is not accepted.
  const off = harness({ dataTypes: ['spendAnalysis'], manualUpload: false, multiEntity: false });
  await off.settle('softwareSelection');
  off.actor.send({ type: 'USE_MANUAL_UPLOAD' });
  assert.equal(off.step(), 'softwareSelection');
});

test('several entities: any of them can take the manual path, and the journey goes on to the next', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'] });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'several' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme UK' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'epicor' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('disclaimer');
  h.actor.send({ type: 'CONTINUE' });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: [{ supplierName: 'Acme' }] });
  await h.settle('uploadBills');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'bills', records: [{ billNumber: 'B1', supplierName: 'Acme', issueDate: '2024-01-01', totalAmount: 1 }] });
  await h.settle('entityComplete');
  // Before, "Can't find your software?" was gone once an entity existed: the second had only Back.
  h.actor.send({ type: 'ADD_ENTITY' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme France' });
  h.actor.send({ type: 'USE_MANUAL_UPLOAD' });
  assert.equal(h.step(), 'consent');
  assert.equal(h.actor.getSnapshot().context.entities.at(-1)!.name, 'Acme France');
  h.actor.send({ type: 'BACK' });
  assert.equal(h.step(), 'softwareSelection', "Back returns to this entity's software choice");
  h.actor.send({ type: 'USE_MANUAL_UPLOAD' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'supplierSpend', records: [{ supplierName: 'Boulangerie', totalSpend: 12 }] });
  await h.settle('entityComplete');
  assert.deepEqual(
    h.backend.state.entities.map((e) => e.name),
    ['Acme UK', 'Acme France'],
  );
  assert.deepEqual(
    h.backend.state.finalized.map((f) => f.kind),
    ['suppliers', 'bills', 'supplierSpend'],
  );
  assert.deepEqual(
    h.backend.state.consents.map((c) => [h.backend.state.entities.find((e) => e.id === c.entityId)?.name, c.integrationKey]),
    [
      ['Acme UK', 'epicor'],
      ['Acme France', 'supplier-spend-template'],
    ],
    'each entity has the consent of the way it took',
  );
});
