import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex } from '@codat-link/core';
import { bills, CONSENT_TEXT, harness, suppliers } from './helpers.js';

test('financials only: select software, consent, authorize, finish; no multi-entity steps', async () => {
  const h = harness({ dataTypes: ['financials'] }, { request: { companyName: 'Boulangerie Martin' } });
  await h.settle('softwareSelection');
  const offered = h.actor.getSnapshot().context.integrations;
  assert.ok(
    offered.every((i) => i.kind === 'direct'),
    'financials need a direct integration',
  );
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT, version: '2026-01' });
  await h.settle('connecting');
  const entity = h.actor.getSnapshot().context.entities[0]!;
  assert.match(entity.authUrl ?? '', /connection=conn_/);
  h.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  await h.settle('entityComplete');
  assert.equal(h.actor.getSnapshot().can({ type: 'ADD_ENTITY' }), false);
  h.actor.send({ type: 'FINISH' });
  await h.settle('summary');

  assert.deepEqual(h.steps, ['loading', 'softwareSelection', 'consent', 'connecting', 'entityComplete', 'summary']);
  const { state } = h.backend;
  assert.deepEqual(
    state.entities.map((e) => e.name),
    ['Boulangerie Martin'],
  );
  assert.equal(state.consents.length, 1);
  assert.equal(state.consents[0]!.textHash, await sha256Hex(CONSENT_TEXT));
  assert.equal(state.consents[0]!.version, '2026-01');
  assert.deepEqual(state.consents[0]!.dataTypes, ['financials']);
  assert.deepEqual(
    state.connections.map((c) => [c.integrationKey, c.kind, c.status]),
    [['xero', 'direct', 'linked']],
  );
  assert.equal(state.batches.length, 0);
  assert.equal(state.finished, true);
  assert.deepEqual(
    h.actor.getSnapshot().context.status?.entities.map((e) => e.status),
    ['connected'],
  );
});

test('spend analysis, one entity, intelligent file upload: disclaimer, Suppliers, Bills, summary', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], batchSize: 2 }, { request: { companyName: 'Acme SAS' } });
  const progress: string[] = [];
  h.actor.subscribe((s) => {
    const upload = s.context.entities[0]?.uploads.suppliers;
    const line = upload ? `${upload.sentBatches}/${upload.totalBatches} ${upload.status}` : '';
    if (line && progress[progress.length - 1] !== line) progress.push(line);
  });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'one' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-business-one' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('disclaimer');
  h.actor.send({ type: 'CONTINUE' });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(5), fileName: 'suppliers.csv' });
  await h.settle('uploadBills');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'bills', records: bills(3), summary: { rowsRead: 4, rowsSkipped: 1 } });
  await h.settle('entityComplete');
  h.actor.send({ type: 'FINISH' });
  await h.settle('summary');

  const completed = h.analytics.find((e) => e.type === 'upload_completed' && e.kind === 'bills');
  assert.deepEqual(completed?.type === 'upload_completed' && completed.summary, { rowsRead: 4, rowsSkipped: 1 });
  assert.deepEqual(h.actor.getSnapshot().context.entities[0]!.uploads.bills?.summary, { rowsRead: 4, rowsSkipped: 1 });
  assert.deepEqual(h.steps, [
    'loading',
    'provisionMethod',
    'entityCount',
    'softwareSelection',
    'consent',
    'disclaimer',
    'uploadSuppliers',
    'uploadBills',
    'entityComplete',
    'summary',
  ]);
  const { state } = h.backend;
  const connection = state.connections[0]!;
  assert.deepEqual([connection.integrationKey, connection.kind], ['sap-business-one', 'fileUpload']);
  assert.deepEqual(
    state.entities.map((e) => e.name),
    ['Acme SAS'],
  );
  assert.deepEqual(
    h.backend.batchesFor(connection.id, 'suppliers').map((b) => b.records.length),
    [2, 2, 1],
  );
  assert.deepEqual(h.backend.recordsFor(connection.id, 'suppliers'), suppliers(5));
  assert.deepEqual(h.backend.recordsFor(connection.id, 'bills'), bills(3));
  assert.deepEqual(
    state.finalized.map((f) => [f.kind, f.totalBatches, f.recordCount]),
    [
      ['suppliers', 3, 5],
      ['bills', 2, 3],
    ],
  );
  // The backend learns the file's name and the rows left out (the server's upload.completed carries them).
  assert.deepEqual(
    state.finalized.map((f) => [f.fileName, f.rowsSkipped]),
    [
      ['suppliers.csv', undefined],
      [undefined, 1],
    ],
  );
  const upload = h.actor.getSnapshot().context.entities[0]!.uploads.suppliers!;
  assert.deepEqual([upload.status, upload.sentBatches, upload.sentRecords, upload.fileName], ['done', 3, 5, 'suppliers.csv']);
  assert.deepEqual(progress, ['0/3 sending', '1/3 sending', '2/3 sending', '3/3 sending', '3/3 done'], 'a UI sees each batch land');
  assert.deepEqual(
    h.actor.getSnapshot().context.status?.entities.map((e) => [e.name, e.status, e.counts]),
    [['Acme SAS', 'complete', { suppliers: 5, bills: 3 }]],
  );
});

test('spend analysis, several entities mixing a direct connection and file upload', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'] });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'several' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme UK Ltd' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'quickbooks-online' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  h.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  await h.settle('entityComplete');
  h.actor.send({ type: 'ADD_ENTITY' });
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'acme uk ltd' });
  assert.equal(h.step(), 'entityName', 'a name already used is refused');
  h.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme France SAS' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'workday-file' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('disclaimer');
  h.actor.send({ type: 'CONTINUE' });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(3) });
  await h.settle('uploadBills');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'bills', records: bills(4) });
  await h.settle('entityComplete');
  h.actor.send({ type: 'FINISH' });
  await h.settle('summary');

  assert.deepEqual(h.steps, [
    'loading',
    'provisionMethod',
    'entityCount',
    'entityName',
    'softwareSelection',
    'consent',
    'connecting',
    'entityComplete',
    'entityName',
    'softwareSelection',
    'consent',
    'disclaimer',
    'uploadSuppliers',
    'uploadBills',
    'entityComplete',
    'summary',
  ]);
  const { state } = h.backend;
  assert.deepEqual(
    state.entities.map((e) => e.name),
    ['Acme UK Ltd', 'Acme France SAS'],
  );
  assert.deepEqual(
    state.consents.map((c) => c.integrationKey),
    ['quickbooks-online', 'workday-file'],
  );
  assert.deepEqual(
    state.connections.map((c) => [c.entityId, c.integrationKey, c.kind]),
    [
      [state.entities[0]!.id, 'quickbooks-online', 'direct'],
      [state.entities[1]!.id, 'workday-file', 'fileUpload'],
    ],
  );
  assert.deepEqual(
    h.actor.getSnapshot().context.status?.entities.map((e) => [e.name, e.status]),
    [
      ['Acme UK Ltd', 'connected'],
      ['Acme France SAS', 'complete'],
    ],
  );
});

test('manual template upload: the supplier spend file goes to the backend, then the summary', async () => {
  const spend = [
    { supplierName: 'Office Supplies Co', totalSpend: 1200.5, currency: 'EUR' },
    { supplierName: 'Cloud Hosting SA', totalSpend: 8400, currency: 'EUR' },
  ];
  const h = harness({ dataTypes: ['spendAnalysis'] }, { request: { companyName: 'Acme SAS' } });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'manual' });
  assert.equal(h.step(), 'consent', 'the template path asks for consent like every other path');
  h.actor.send({ type: 'GIVE_CONSENT', text: 'Share the supplier spend file with Bank', version: '3' });
  assert.equal(h.step(), 'manualUpload');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(1) });
  assert.equal(h.step(), 'manualUpload', 'only the supplier spend template is accepted here');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'supplierSpend', records: spend, fileName: 'spend.xlsx' });
  await h.settle('summary');

  assert.deepEqual(h.steps, ['loading', 'provisionMethod', 'consent', 'manualUpload', 'summary']);
  const { state } = h.backend;
  assert.deepEqual(
    state.consents.map((c) => [c.integrationKey, c.text, c.version, c.dataTypes, c.entityId === state.connections[0]?.entityId]),
    [['supplier-spend-template', 'Share the supplier spend file with Bank', '3', ['spendAnalysis'], true]],
    'the consent is recorded once, for the entity whose file was sent',
  );
  assert.deepEqual(
    state.connections.map((c) => [c.integrationKey, c.kind]),
    [['supplier-spend-template', 'manual']],
  );
  assert.deepEqual(h.backend.recordsFor(state.connections[0]!.id, 'supplierSpend'), spend);
  assert.deepEqual(
    h.actor.getSnapshot().context.status?.entities.map((e) => [e.name, e.status]),
    [['Acme SAS', 'complete']],
  );
});

test('financials and spend analysis together: software connection only, file-upload platforms excluded', async () => {
  const h = harness({ dataTypes: ['financials', 'spendAnalysis'] });
  await h.settle('softwareSelection');
  const keys = h.actor.getSnapshot().context.integrations.map((i) => i.key);
  assert.ok(keys.includes('xero'));
  assert.ok(!keys.includes('sap-business-one'));
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-business-one' });
  assert.equal(h.step(), 'softwareSelection', 'a platform that is not offered cannot be selected');
});

test('the request the backend holds decides the journey, not the data types the page passed', async () => {
  const h = harness({ dataTypes: ['financials'] }, { request: { dataTypes: ['spendAnalysis'] } });
  await h.settle('provisionMethod');
  assert.deepEqual(h.actor.getSnapshot().context.config.dataTypes, ['spendAnalysis']);
  assert.ok(h.actor.getSnapshot().context.integrations.some((i) => i.kind === 'fileUpload'));
});

test('a sandbox backend without data types of its own lets the page configuration decide', async () => {
  const h = harness({ dataTypes: ['financials'] }, { request: { dataTypes: [] } });
  await h.settle('softwareSelection');
  assert.deepEqual(h.actor.getSnapshot().context.config.dataTypes, ['financials']);
});
