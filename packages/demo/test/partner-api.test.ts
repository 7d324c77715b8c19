import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PartnerApi } from '../src/partner-api.js';

/** A partner API on loopback that answers each request with the next of `answers`. */
async function partnerServer(answers: Array<(req: IncomingMessage, res: ServerResponse) => void>) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    const answer = answers.shift();
    if (answer) answer(req, res);
    else res.writeHead(500).end('no answer left');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

test('a server shedding load (503) or rate-limiting (429) at start-up is asked again after its Retry-After', async () => {
  const busy = json(503, { error: { code: 'overloaded' } }, { 'retry-after': '0' });
  const limited = json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '0' });
  const server = await partnerServer([busy, limited, json(200, { endpoints: [] }), busy, json(201, { secret: 'whsec_demo' })]);
  try {
    const secret = await new PartnerApi(server.url, 'pk_test').registerWebhooks('http://127.0.0.1:8000/webhooks');
    assert.equal(secret, 'whsec_demo');
    assert.deepEqual(server.seen, [
      'GET /partner/v1/webhook-endpoints',
      'GET /partner/v1/webhook-endpoints',
      'GET /partner/v1/webhook-endpoints',
      'POST /partner/v1/webhook-endpoints',
      'POST /partner/v1/webhook-endpoints',
    ]);
  } finally {
    await server.close();
  }
});

test('any other failure is not sent again, and says what answered', async () => {
  const server = await partnerServer([json(500, { error: { code: 'internal' } })]);
  try {
    await assert.rejects(
      new PartnerApi(server.url, 'pk_test').registerWebhooks('http://127.0.0.1:8000/webhooks'),
      /GET \/partner\/v1\/webhook-endpoints answered 500/,
    );
    assert.equal(server.seen.length, 1);
  } finally {
    await server.close();
  }
});
