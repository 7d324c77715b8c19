import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createServer, CONNECTION_TIMEOUT_MS, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../src/index.js';
import { api, PARTNER_ORIGIN, startTestServer, supplierRows, type TestServer } from './helpers.js';

type ErrorBody = { error: { code: string; message: string; correlationId: string } };

let server: TestServer;
before(async () => {
  server = await startTestServer({ bodyLimitBytes: 64 * 1024, rateLimit: { max: 40, timeWindowMs: 60_000 } });
});
after(() => server.close());

describe('refusals', () => {
  test('401 for a missing, unknown or expired session token, and for a session token on the partner API', async () => {
    const { token, companyId, requestId } = await server.session();
    const missing = await fetch(`${server.url}/v1/request`);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as ErrorBody).error.code, 'unauthorized');
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await api(server, 'cls_not-a-real-token', 'GET', '/v1/request')).status, 401);
    const expired = await server.store.createSession(companyId, requestId, -1);
    assert.equal((await api(server, expired.token, 'GET', '/v1/request')).status, 401);
    assert.equal((await api(server, token, 'GET', '/partner/v1/companies')).status, 401, 'a session token is not a partner key');
    assert.equal((await api(server, 'pk_wrong', 'POST', '/partner/v1/sessions', { companyId, requestId })).status, 401);
  });

  test('400 malformed_json for a body that is not JSON, invalid_request for one outside the contract', async () => {
    const { token } = await server.session();
    const malformed = await api<ErrorBody>(server, token, 'POST', '/v1/entities', '{"name": "Acme"');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'malformed_json');
    const wrong = await api<ErrorBody & { error: { issues: { field: string }[] } }>(server, token, 'POST', '/v1/entities', { name: 42 });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'invalid_request');
    assert.equal(wrong.body.error.issues[0]?.field, 'body.name');
  });

  test('JSON routes take JSON only: forms and plain text 415; invalid UTF-8, NUL and unpaired surrogates 400', async () => {
    const { token } = await server.session();
    const send = async (contentType: string, body: string | Blob) => {
      const response = await fetch(`${server.url}/v1/entities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        body,
      });
      return [response.status, ((await response.json()) as ErrorBody).error?.code];
    };
    assert.deepEqual(await send('application/x-www-form-urlencoded', 'name=Form+Ltd'), [415, 'unsupported_media_type']);
    assert.deepEqual(await send('text/plain', '{"name":"Text Ltd"}'), [415, 'unsupported_media_type']);
    const invalidUtf8 = Buffer.concat([Buffer.from('{"name":"Bad '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    assert.deepEqual(await send('application/json', new Blob([invalidUtf8])), [400, 'malformed_json']);
    assert.deepEqual(await send('application/json', '{"name":"Nul\\u0000 Ltd"}'), [400, 'invalid_request']);
    assert.deepEqual(await send('application/json', '{"name":"Half \\ud800 Ltd"}'), [400, 'invalid_request']);
    assert.deepEqual(await send('application/json', '{"name":"Low \\uDC00 half"}'), [400, 'invalid_request']);
    assert.deepEqual(await send('application/json; charset=utf-8', '{"name":"Emoji 😀 Ltd"}'), [201, undefined]);
    // An escaped pair is one character, and an escaped backslash before "u0000" is text.
    assert.deepEqual(await send('application/json', '{"name":"Pair \\ud83d\\ude00 Ltd"}'), [201, undefined]);
    assert.deepEqual(await send('application/json', '{"name":"Path \\\\u0000 Ltd"}'), [201, undefined]);
    const names = (await api<{ entities: { name: string }[] }>(server, token, 'GET', '/v1/entities')).body.entities.map((e) => e.name);
    assert.deepEqual(names.sort(), ['Emoji 😀 Ltd', 'Pair 😀 Ltd', 'Path \\u0000 Ltd'], 'nothing else was stored');
  });

  test('every answer says nosniff: JSON, errors, the contract, health', async () => {
    const { token } = await server.session();
    for (const [path, auth] of [
      ['/v1/request', token],
      ['/v1/request', 'cls_nope'],
      ['/v1/nowhere', token],
      ['/openapi.json', ''],
      ['/healthz', ''],
    ] as const) {
      const response = await fetch(server.url + path, auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
      await response.arrayBuffer();
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${path} (${response.status})`);
    }
  });

  test('413 payload_too_large over the body limit, before anything is stored', async () => {
    const { token } = await server.session();
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Big' });
    const connection = await api<{ id: string }>(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' });
    const big = await api<ErrorBody>(
      server,
      token,
      'PUT',
      `/v1/connections/${connection.body.id}/reports/suppliers/batches/0`,
      { totalBatches: 1, records: supplierRows(2000) },
      { 'idempotency-key': 'big:suppliers:0' },
    );
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'payload_too_large');
    const stored = await api<{ batches: unknown[] }>(server, token, 'GET', `/v1/connections/${connection.body.id}/reports/suppliers/batches`);
    assert.deepEqual(stored.body.batches, []);
  });

  test('429 with Retry-After per token: another token is not slowed down', async () => {
    const limited = await startTestServer({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      // Sessions straight from the store: the partner's own calls would use up its own bucket.
      const company = await limited.store.createCompany('Rate Ltd', null);
      const request = await limited.store.createRequest(company.id, ['spendAnalysis']);
      const a = await limited.store.createSession(company.id, request.id, 600);
      const b = await limited.store.createSession(company.id, request.id, 600);
      for (let i = 0; i < 3; i++) assert.equal((await api(limited, a.token, 'GET', '/v1/request')).status, 200);
      const refused = await api<ErrorBody>(limited, a.token, 'GET', '/v1/request');
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      assert.equal((await api(limited, b.token, 'GET', '/v1/request')).status, 200, 'the limit is per token');
      for (let i = 0; i < 12; i++)
        assert.equal((await limited.partner('GET', '/partner/v1/companies')).status, 200, 'the partner key has ten times the budget');
    } finally {
      await limited.close();
    }
  });

  test("invented tokens share their address's bucket: 429 after the limit, a real token is not slowed", async () => {
    const limited = await startTestServer({ rateLimit: { max: 5, timeWindowMs: 60_000 }, trustProxy: true });
    try {
      const company = await limited.store.createCompany('Rate Ltd', null);
      const request = await limited.store.createRequest(company.id, ['spendAnalysis']);
      const real = await limited.store.createSession(company.id, request.id, 600);
      const from = (address: string, token: string) => api<ErrorBody>(limited, token, 'GET', '/v1/request', undefined, { 'x-forwarded-for': address });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await from('203.0.113.5', `cls_invented_${i}`)).status);
      assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
      assert.equal((await from('203.0.113.5', '')).status, 429, 'no token at all: the same bucket');
      assert.equal((await from('198.51.100.1', 'cls_invented_x')).status, 401, 'another address has its own bucket');
      assert.equal((await from('203.0.113.5', real.token)).status, 200, 'a real token has its own bucket');
    } finally {
      await limited.close();
    }
  });

  test('every answer carries a correlation id; a well-formed one from the client is echoed', async () => {
    const { token } = await server.session();
    const echoed = await api(server, token, 'GET', '/v1/request', undefined, { 'x-correlation-id': 'client-abc-123' });
    assert.equal(echoed.headers.get('x-correlation-id'), 'client-abc-123');
    const junk = await api<ErrorBody>(server, 'nope', 'GET', '/v1/request', undefined, { 'x-correlation-id': '<script>' });
    assert.notEqual(junk.headers.get('x-correlation-id'), '<script>');
    assert.equal(junk.body.error.correlationId, junk.headers.get('x-correlation-id'));
  });
});

test('behind HTTPS every answer carries HSTS; over plain HTTP none does', async () => {
  const https = await startTestServer({ publicUrl: 'https://link.partner.example' });
  try {
    assert.match((await fetch(`${https.url}/healthz`)).headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  } finally {
    await https.close();
  }
  assert.equal((await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security'), null);
});

describe('isolation between companies', () => {
  test("a token of company A can neither read nor write company B's resources, and learns nothing", async () => {
    const a = await server.session();
    const b = await server.session();
    const entityB = await api<{ id: string }>(server, b.token, 'POST', '/v1/entities', { name: 'Secret B Ltd' });
    const connB = await api<{ id: string }>(server, b.token, 'POST', '/v1/connections', { entityId: entityB.body.id, integrationKey: 'sandbox-file-upload' });
    await api(
      server,
      b.token,
      'PUT',
      `/v1/connections/${connB.body.id}/reports/suppliers/batches/0`,
      { totalBatches: 1, records: supplierRows(2) },
      { 'idempotency-key': 'b-upload:0:x' },
    );

    const attempts: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', `/v1/connections/${connB.body.id}`],
      ['GET', `/v1/connections/${connB.body.id}/reports/suppliers/batches`],
      [
        'PUT',
        `/v1/connections/${connB.body.id}/reports/suppliers/batches/0`,
        { totalBatches: 1, records: supplierRows(1) },
        { 'idempotency-key': 'a-steals:0:x' },
      ],
      ['POST', `/v1/connections/${connB.body.id}/reports/suppliers/finalize`, { totalBatches: 1, recordCount: 2 }],
      ['POST', '/v1/connections', { entityId: entityB.body.id, integrationKey: 'sandbox-file-upload' }],
      [
        'POST',
        '/v1/consents',
        { entityId: entityB.body.id, integrationKey: 'x', dataTypes: ['spendAnalysis'], text: 't', textHash: 'h', version: '1', locale: 'en', givenAt: 'now' },
      ],
    ];
    const nonexistent = await api<ErrorBody>(server, a.token, 'GET', '/v1/connections/con_doesnotexist');
    for (const [method, path, body, headers] of attempts) {
      const answer = await api<ErrorBody>(server, a.token, method, path, body, headers);
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.deepEqual(
        { ...answer.body.error, correlationId: '' },
        { ...nonexistent.body.error, correlationId: '' },
        'same answer as an id that does not exist',
      );
      assert.doesNotMatch(JSON.stringify(answer.body), /Secret B/);
    }
    const listA = await api<{ entities: unknown[] }>(server, a.token, 'GET', '/v1/entities');
    assert.deepEqual(listA.body.entities, []);
    const statusB = await api<{ entities: { counts: Record<string, number> }[] }>(server, b.token, 'GET', '/v1/request/status');
    assert.equal(statusB.body.entities[0]?.counts['suppliers'], 2, "B's data is untouched");
    assert.equal(statusB.body.entities.length, 1, 'A created nothing in B');
  });

  test('a partner cannot mint a session for a request of another company', async () => {
    const a = await server.session();
    const b = await server.session();
    const minted = await server.partner<ErrorBody>('POST', '/partner/v1/sessions', { companyId: a.companyId, requestId: b.requestId });
    assert.equal(minted.status, 404);
  });
});

describe('browser boundaries', () => {
  test('CORS answers only the configured partner origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/request`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(PARTNER_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-origin'), PARTNER_ORIGIN);
    const other = await preflight('https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const { token } = await server.session();
    const get = await api(server, token, 'GET', '/v1/request', undefined, { origin: 'https://evil.example' });
    assert.equal(get.headers.get('access-control-allow-origin'), null);
    const partnerApi = await fetch(`${server.url}/partner/v1/sessions`, {
      method: 'OPTIONS',
      headers: { origin: PARTNER_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(partnerApi.headers.get('access-control-allow-origin'), null, 'the partner API is never for browsers');
  });

  test('pop-up and redirect targets must be on an allowed origin', async () => {
    const { token } = await server.session(['financials']);
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'E' });
    for (const field of ['openerOrigin', 'redirectUri']) {
      const refused = await api<ErrorBody>(server, token, 'POST', '/v1/connections', {
        entityId: entity.body.id,
        integrationKey: 'sandbox-accounting',
        [field]: 'https://evil.example/back',
      });
      assert.equal(refused.status, 400, field);
    }
    const script = await api<ErrorBody>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-accounting',
      redirectUri: 'javascript:alert(1)',
    });
    assert.equal(script.status, 400);
  });
});

describe('overload', () => {
  test('the server cuts slow senders: request, headers and idle-socket timeouts are set', async () => {
    const node = server.app.server;
    assert.equal(node.requestTimeout, REQUEST_TIMEOUT_MS);
    assert.equal(node.headersTimeout, HEADERS_TIMEOUT_MS);
    assert.equal(node.timeout, CONNECTION_TIMEOUT_MS);
    assert.ok(REQUEST_TIMEOUT_MS > 0 && HEADERS_TIMEOUT_MS <= REQUEST_TIMEOUT_MS && CONNECTION_TIMEOUT_MS > 30_000, 'above the longest long-poll');
  });

  test('a body that stalls is cut by the request timeout, the socket closed', async () => {
    const quick = await createServer({ db: ':memory:', overload: false, timeouts: { requestMs: 300, headersMs: 300, checkIntervalMs: 100 } });
    try {
      const url = new URL(await quick.listen());
      const socket = connect(Number(url.port), url.hostname);
      await once(socket, 'connect');
      socket.write('POST /v1/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      const started = Date.now();
      await once(socket, 'close');
      assert.ok(Date.now() - started < 3_000, 'closed by the server, not held open');
      assert.match(Buffer.concat(chunks).toString(), /^HTTP\/1\.1 408/);
    } finally {
      await quick.close();
    }
  });

  test('while the event loop lags, calls are shed with 503 service_unavailable and Retry-After', async () => {
    const loaded = await startTestServer({ overload: { maxEventLoopDelayMs: 50, sampleIntervalMs: 100, retryAfterSeconds: 3 } });
    try {
      let shed: Response | undefined;
      for (let attempt = 0; attempt < 20 && !shed; attempt++) {
        const until = Date.now() + 300;
        while (Date.now() < until) {
          // the event loop is blocked, as by a burst of work
        }
        // Sent at once: the sampler runs (timers first) before the server reads the request.
        const response = await fetch(`${loaded.url}/healthz`);
        if (response.status === 503) shed = response;
        else await response.arrayBuffer();
      }
      assert.ok(shed, 'a lagging event loop sheds load');
      assert.equal(shed.headers.get('retry-after'), '3');
      const body = (await shed.json()) as ErrorBody;
      assert.equal(body.error.code, 'service_unavailable');
      let recovered = false;
      for (let wait = 0; wait < 20 && !recovered; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        recovered = (await fetch(`${loaded.url}/healthz`)).status === 200;
      }
      assert.ok(recovered, 'and recovers once it does not');
    } finally {
      await loaded.close();
    }
  });
});
