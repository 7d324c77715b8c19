import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CONSENT_TEXT, harness, suppliers, bills } from './helpers.js';

test('the analytics stream: every event has the session id, a timestamp and the step it happened on', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], consentVersion: '2026-03' }, {}, { sessionId: 'sess_42' });
  await h.settle('provisionMethod');
  h.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  h.actor.send({ type: 'SET_ENTITY_COUNT', count: 'one' });
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'oracle-fusion' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('disclaimer');
  h.actor.send({ type: 'CONTINUE' });
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(2) });
  await h.settle('uploadBills');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'bills', records: bills(2) });
  await h.settle('entityComplete');
  h.actor.send({ type: 'FINISH' });
  await h.settle('summary');
  h.actor.send({ type: 'CLOSE' });

  const summary = h.analytics.map((e) => (e.type === 'step_viewed' ? `view:${e.step}` : `${e.type}@${e.step}`));
  assert.deepEqual(summary, [
    'view:loading',
    'view:provisionMethod',
    'view:entityCount',
    'view:softwareSelection',
    'software_selected@softwareSelection',
    'view:consent',
    'entity_added@consent',
    'consent_given@consent',
    'connection_started@consent',
    'view:disclaimer',
    'view:uploadSuppliers',
    'upload_started@uploadSuppliers',
    'upload_completed@uploadSuppliers',
    'view:uploadBills',
    'upload_started@uploadBills',
    'upload_completed@uploadBills',
    'view:entityComplete',
    'view:summary',
    'finished@summary',
    'closed@summary',
    'view:closed',
  ]);
  assert.ok(h.analytics.every((e) => e.sessionId === 'sess_42'));
  const times = h.analytics.map((e) => Date.parse(e.timestamp));
  assert.ok(
    times.every((t, i) => i === 0 || t > times[i - 1]!),
    'timestamps are ISO and increasing',
  );

  const consent = h.analytics.find((e) => e.type === 'consent_given');
  assert.ok(consent && consent.type === 'consent_given');
  assert.equal(consent.textHash, createHash('sha256').update(CONSENT_TEXT).digest('hex'));
  assert.equal(consent.version, '2026-03');
  assert.equal(consent.integrationKey, 'oracle-fusion');
  const closed = h.analytics.find((e) => e.type === 'closed');
  assert.ok(closed && closed.type === 'closed' && closed.completed);
});
