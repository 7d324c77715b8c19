import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  availableIntegrations,
  createJourneyActor,
  MemoryBackend,
  INTEGRATION_CATALOG,
  LINK_ERROR_CODES,
  LINK_ERRORS,
  LinkConfigError,
  LinkError,
  localizeErrorInfo,
  parseCatalog,
  parseLinkConfig,
  toLinkError,
} from '@codat-link/core';

test('a minimal configuration gets every default', () => {
  const config = parseLinkConfig({ dataTypes: ['spendAnalysis'] });
  assert.deepEqual(config, {
    dataTypes: ['spendAnalysis'],
    integrations: { sandbox: false },
    manualUpload: true,
    multiEntity: true,
    uploadSteps: ['suppliers', 'bills'],
    fileLimits: { maxBytes: 20 * 1024 * 1024, maxRows: 100_000 },
    rowErrorPolicy: 'reject',
    batchSize: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 500 },
    consentVersion: '1',
    locale: 'en',
  });
});

test('a bad configuration lists each problem by path under config_invalid', () => {
  let thrown: unknown;
  try {
    parseLinkConfig({
      dataTypes: [],
      integrations: { allow: [''], sandbox: 'yes' },
      mutliEntity: true,
      fileLimits: { maxBytes: -1 },
      rowErrorPolicy: 'ignore',
    });
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof LinkConfigError);
  assert.equal(thrown.code, 'config_invalid');
  assert.equal(thrown.userRecoverable, false);
  const paths = thrown.problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['', 'dataTypes', 'fileLimits.maxBytes', 'integrations.allow.0', 'integrations.sandbox', 'rowErrorPolicy']);
  assert.match(thrown.problems.find((p) => p.path === '')!.message, /mutliEntity/);
  assert.match(thrown.detail ?? '', /fileLimits\.maxBytes/);
});

test('the shipped catalog: 14 direct and 21 file-upload platforms, plus sandbox ones, valid by its schema', () => {
  const catalog = parseCatalog(INTEGRATION_CATALOG);
  const real = catalog.filter((i) => !i.sandbox);
  assert.equal(real.filter((i) => i.kind === 'direct').length, 14);
  assert.equal(real.filter((i) => i.kind === 'fileUpload').length, 21);
  assert.ok(catalog.some((i) => i.sandbox && i.kind === 'direct' && i.key === 'sandbox-accounting'));
  const byName = (name: string) =>
    catalog
      .filter((i) => i.name === name)
      .map((i) => `${i.key}:${i.kind}`)
      .sort();
  assert.deepEqual(byName('Workday'), ['workday-file:fileUpload', 'workday:direct']);
  assert.deepEqual(byName('Dynamics 365 Business Central'), ['dynamics-365-business-central-file:fileUpload', 'dynamics-365-business-central:direct']);
  for (const integration of catalog.filter((i) => i.kind === 'fileUpload')) {
    const { suppliers, bills } = integration.instructions!;
    for (const text of [suppliers.en, suppliers.fr, bills.en, bills.fr]) assert.ok(text.length > 20, integration.key);
    assert.notEqual(suppliers.en, suppliers.fr, `${integration.key}: French differs from English`);
    assert.notEqual(suppliers.en, bills.en, `${integration.key}: each report has its own instructions`);
  }
});

test('a catalog without instructions for a file-upload platform, or with a duplicate key, is refused', () => {
  const xero = INTEGRATION_CATALOG.find((i) => i.key === 'xero')!;
  assert.throws(
    () => parseCatalog([{ key: 'epicor', name: 'Epicor', kind: 'fileUpload', sandbox: false, dataTypes: ['spendAnalysis'] }]),
    (error: LinkConfigError) => error.problems.some((p) => p.path === '0.instructions'),
  );
  assert.throws(() => parseCatalog([xero, xero]), LinkConfigError);
});

test('the integrations offered follow the data types, the allow list and the sandbox switch', () => {
  const keys = (config: Parameters<typeof availableIntegrations>[1]) => availableIntegrations(INTEGRATION_CATALOG, config).map((i) => i.key);
  const spend = keys({ dataTypes: ['spendAnalysis'], integrations: { sandbox: false } });
  assert.equal(spend.length, 35);
  assert.ok(!spend.includes('sandbox-accounting'));
  assert.ok(keys({ dataTypes: ['spendAnalysis'], integrations: { sandbox: true } }).includes('sandbox-accounting'));
  assert.equal(keys({ dataTypes: ['financials'], integrations: { sandbox: false } }).length, 14);
  assert.deepEqual(keys({ dataTypes: ['spendAnalysis'], integrations: { sandbox: false, allow: ['xero', 'epicor'] } }), ['xero', 'epicor']);
});

test('every error code has an English and a French message', () => {
  assert.deepEqual(Object.keys(LINK_ERRORS).sort(), [...LINK_ERROR_CODES].sort());
  const english = new Set<string>();
  for (const code of LINK_ERROR_CODES) {
    const { en, fr } = LINK_ERRORS[code].message;
    assert.ok(en.length > 10 && fr.length > 10, code);
    assert.notEqual(en, fr, code);
    english.add(en);
    assert.equal(new LinkError(code, { locale: 'fr' }).message, fr);
  }
  assert.equal(english.size, LINK_ERROR_CODES.length, 'no two codes share a message');
});

test('anything thrown becomes a LinkError with a stable code', () => {
  assert.equal(toLinkError(new TypeError('fetch failed')).code, 'unknown');
  assert.equal(toLinkError(new DOMException('stop', 'AbortError')).code, 'aborted');
  const fromInfo = toLinkError({ code: 'rate_limited', message: 'x', userRecoverable: true, correlationId: 'c-1' });
  assert.deepEqual(fromInfo.toInfo(), {
    code: 'rate_limited',
    message: 'Too many attempts in a short time. Please wait a moment and try again.',
    userRecoverable: true,
    correlationId: 'c-1',
  });
  assert.match(localizeErrorInfo(fromInfo.toInfo(), 'fr').message, /Trop de tentatives/);
});

test('createJourneyActor refuses a bad configuration before any backend call', () => {
  const backend = new MemoryBackend();
  assert.throws(
    () => createJourneyActor({ backend, config: { dataTypes: ['payroll'] } as never }),
    (error: LinkConfigError) => error.code === 'config_invalid' && error.problems[0]?.path === 'dataTypes.0',
  );
  assert.equal(backend.state.calls.length, 0);
});
