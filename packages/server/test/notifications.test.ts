import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { api, PARTNER_KEY, signIn, startTestServer, supplierRows, type PortalClient, type TestServer } from './helpers.js';
import { startReceiver, waitFor, type Receiver } from './receivers.js';

/** A real SMTP server on loopback (the smtp-server package): keeps every message it accepts. */
async function startSmtp(): Promise<{ port: number; messages: (ParsedMail & { envelopeTo: string[] })[]; close(): Promise<void> }> {
  const messages: (ParsedMail & { envelopeTo: string[] })[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        messages.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

const FAST = { allowLocalUrls: true, retryScheduleMs: [0, 30, 30], pollIntervalMs: 20 };

describe('monitoring rules', () => {
  let server: TestServer;
  let receiver: Receiver;
  let secret: string;
  before(async () => {
    receiver = await startReceiver();
    server = await startTestServer({ webhooks: FAST });
    const endpoint = await server.partner<{ secret: string }>('POST', '/partner/v1/webhook-endpoints', { url: receiver.url, eventTypes: ['alert.triggered'] });
    secret = endpoint.body.secret;
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });
  const alertsPosted = () =>
    receiver.received.map(
      (p) =>
        new Webhook(secret).verify(p.body, p.headers as Record<string, string>) as {
          type: string;
          data: { rule: string; subjectId: string; summary: string; requestId: string };
        },
    );

  const uploadFile = async (token: string, rowsSkipped: number, records = 20) => {
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: `Skipped ${rowsSkipped}` });
    const connection = await api<{ id: string }>(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' });
    const path = `/v1/connections/${connection.body.id}/reports/suppliers`;
    await api(server, token, 'PUT', `${path}/batches/0`, { totalBatches: 1, records: supplierRows(records) }, { 'idempotency-key': `k-${rowsSkipped}` });
    const finalized = await api(server, token, 'POST', `${path}/finalize`, { totalBatches: 1, recordCount: records, rowsSkipped, fileName: 'suppliers.csv' });
    assert.equal(finalized.status, 200);
    return connection.body.id;
  };

  test('an upload skipping more than X % of its rows alerts once per report, by webhook', async () => {
    const rule = await server.partner<{ id: string }>('POST', '/partner/v1/monitoring-rules', { kind: 'uploadSkippedRows', threshold: 10 });
    assert.equal(rule.status, 201);
    const { token } = await server.session();
    await uploadFile(token, 2); // 2 of 22: 9.1 %, under the threshold
    const over = await uploadFile(token, 5); // 5 of 25: 20 %
    const alert = await waitFor(async () => alertsPosted().find((a) => a.data.rule === 'uploadSkippedRows'), 'the alert webhook');
    assert.equal(alert.data.subjectId, `${over}/suppliers`);
    assert.match(alert.data.summary, /skipped 5 of 25 rows \(20\.0 %/);
    // The same report finalized again (a retried finalize) raises nothing more.
    await api(server, token, 'POST', `/v1/connections/${over}/reports/suppliers/finalize`, { totalBatches: 1, recordCount: 20, rowsSkipped: 5 });
    const open = await server.partner<{ alerts: { ruleId: string }[] }>('GET', '/partner/v1/alerts?open=true');
    assert.equal(open.body.alerts.filter((a) => a.ruleId === rule.body.id).length, 1);
    await server.partner('PATCH', `/partner/v1/monitoring-rules/${rule.body.id}`, { enabled: false });
  });

  test('a connection denied by the customer alerts, once', async () => {
    const rule = await server.partner<{ id: string }>('POST', '/partner/v1/monitoring-rules', { kind: 'connectionFailed' });
    const { token } = await server.session(['financials']);
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Denied Ltd' });
    const started = await api<{ id: string; authUrl: string }>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-accounting',
    });
    const state = new URL(started.body.authUrl).searchParams.get('state')!;
    const denied = await fetch(`${server.url}/sandbox/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ state, decision: 'deny' }).toString(),
    });
    await fetch(new URL(denied.headers.get('location')!, server.url));
    const alert = await waitFor(async () => alertsPosted().find((a) => a.data.rule === 'connectionFailed'), 'the alert webhook');
    assert.equal(alert.data.subjectId, started.body.id);
    assert.match(alert.data.summary, /denied by the customer/);
    const events = await server.partner<{ events: { type: string; data: { status?: string } }[] }>(
      'GET',
      `/partner/v1/events?requestId=${alert.data.requestId}`,
    );
    assert.deepEqual(events.body.events.find((e) => e.type === 'connection.failed')?.data.status, 'cancelled');
    await server.partner('PATCH', `/partner/v1/monitoring-rules/${rule.body.id}`, { enabled: false });
  });

  test('a request not finished N days after it was opened alerts once; a finished one does not', async () => {
    const rule = await server.partner<{ id: string }>('POST', '/partner/v1/monitoring-rules', { kind: 'requestStale', threshold: 3, viaWebhook: false });
    const stale = await server.session();
    const done = await server.session();
    await api(server, done.token, 'POST', '/v1/request/finish', {});
    const inFourDays = Date.now() + 4 * 86_400_000;
    assert.equal(await server.store.sweepStaleRequests(Date.now() + 2 * 86_400_000), 0);
    const raised = await server.store.sweepStaleRequests(inFourDays);
    const mine = (await server.store.listAlerts({ open: true })).filter((a) => a.ruleId === rule.body.id);
    // Requests of the tests above are stale too; of these two, only the unfinished one.
    assert.ok(mine.some((a) => a.requestId === stale.requestId));
    assert.ok(!mine.some((a) => a.requestId === done.requestId));
    assert.equal(raised, mine.length);
    assert.equal(await server.store.sweepStaleRequests(inFourDays + 86_400_000), 0, 'no second alert for the same request');
    // viaWebhook: false: no alert.triggered event for it.
    assert.ok(!alertsPosted().some((a) => a.data.rule === 'requestStale'));
    // Resolved alerts leave the open list.
    for (const alert of mine) await server.partner('POST', `/partner/v1/alerts/${alert.id}/resolve`);
    assert.equal((await server.store.listAlerts({ open: true })).filter((a) => a.ruleId === rule.body.id).length, 0);
    await server.partner('PATCH', `/partner/v1/monitoring-rules/${rule.body.id}`, { enabled: false });
  });
});

describe('e-mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: TestServer;
  before(async () => {
    smtp = await startSmtp();
    server = await startTestServer({
      webhooks: FAST,
      mail: {
        smtp: { host: '127.0.0.1', port: smtp.port },
        from: 'onboarding@bank.example',
        partner: { name: 'Banque Exemple', logoUrl: 'https://bank.example/logo.png' },
      },
    });
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  test('the request e-mail arrives in English and in French, with the Link URL and no secret', async () => {
    const endpoint = await server.partner<{ secret: string }>('POST', '/partner/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/never' });
    const { requestId, token } = await server.session(['spendAnalysis']);
    for (const locale of ['en', 'fr'] as const) {
      const queued = await server.partner<{ status: string; subject: string }>('POST', `/partner/v1/requests/${requestId}/email`, {
        to: [`owner-${locale}@customer.example`],
        locale,
      });
      assert.equal(queued.status, 201);
      assert.equal(queued.body.status, 'pending');
    }
    await waitFor(async () => smtp.messages.length === 2, 'two messages');
    const byLocale = (locale: string) => smtp.messages.find((m) => m.envelopeTo.includes(`owner-${locale}@customer.example`))!;
    const en = byLocale('en');
    const fr = byLocale('fr');
    assert.equal(en.subject, 'Banque Exemple asks you to share your financial data');
    assert.equal(fr.subject, 'Banque Exemple vous demande de partager vos données financières');
    assert.ok(en.text?.includes(`${server.url}/link/${requestId}?lang=en`), en.text);
    assert.ok(fr.text?.includes(`${server.url}/link/${requestId}?lang=fr`), fr.text);
    assert.match(en.text!, /administrator access/);
    assert.match(fr.text!, /accès administrateur/);
    assert.match(fr.text!, /Analyse des dépenses/);
    assert.ok(String(en.html).includes('https://bank.example/logo.png'));
    assert.equal(en.from?.value[0]?.address, 'onboarding@bank.example');
    for (const message of [en, fr]) {
      const whole = `${message.subject}\n${message.text}\n${String(message.html)}`;
      for (const secret of [PARTNER_KEY, endpoint.body.secret, token, 'portal-secret'])
        assert.ok(!whole.includes(secret), `no ${secret.slice(0, 6)}… in the e-mail`);
    }
    const outbox = await server.partner<{ emails: { status: string }[] }>('GET', '/partner/v1/emails');
    await waitFor(async () => (await server.store.listEmails()).every((e) => e.status === 'sent'), 'sent status');
    assert.equal(outbox.status, 200);
  });

  test('an alert e-mail goes to the rule’s addresses, in the rule’s language', async () => {
    await server.partner('POST', '/partner/v1/monitoring-rules', { kind: 'requestFinished', viaWebhook: false, emails: ['rm@bank.example'], locale: 'fr' });
    const { token } = await server.session();
    await api(server, token, 'POST', '/v1/request/finish', {});
    const alert = await waitFor(async () => smtp.messages.find((m) => m.envelopeTo.includes('rm@bank.example')), 'the alert e-mail');
    assert.equal(alert.subject, 'Alerte\u202f: Demande terminée');
    assert.match(alert.text!, /Acme SAS/);
    assert.match(alert.text!, /\/portal\/requests\/req_/);
  });

  test('a finished request takes no request e-mail (409 request_finished)', async () => {
    const { requestId, token } = await server.session();
    await api(server, token, 'POST', '/v1/request/finish', {});
    const refused = await server.partner<{ error: { code: string } }>('POST', `/partner/v1/requests/${requestId}/email`, { to: ['x@customer.example'] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'request_finished');
  });
});

describe('e-mail without SMTP', () => {
  test('messages stay in the local outbox (status stored): nothing leaves the machine', async () => {
    const server = await startTestServer({ webhooks: { pollIntervalMs: 20 } });
    try {
      const { requestId } = await server.session();
      await server.partner('POST', `/partner/v1/requests/${requestId}/email`, { to: ['owner@customer.example'] });
      await waitFor(async () => (await server.store.listEmails())[0]?.status === 'stored', 'the stored message');
      const listed = await server.partner<{ emails: { subject: string; status: string }[] }>('GET', '/partner/v1/emails');
      assert.equal(listed.body.emails[0]?.subject, 'Codat Link asks you to share your financial data');
    } finally {
      await server.close();
    }
  });
});

describe('portal pages for webhooks, rules, alerts and the outbox', () => {
  let server: TestServer;
  let strict: TestServer;
  let receiver: Receiver;
  // Each server's admin, signed in: its session cookie and CSRF token go with every call.
  const admins = new Map<TestServer, PortalClient>();
  const portal = (target: TestServer, path: string, values?: Record<string, string>, origin = target.url) =>
    values ? admins.get(target)!.post(path, values, { origin }) : admins.get(target)!.get(path);
  before(async () => {
    receiver = await startReceiver();
    server = await startTestServer({ webhooks: FAST });
    strict = await startTestServer({ webhooks: { worker: false } });
    for (const target of [server, strict]) admins.set(target, await signIn(target));
  });
  after(async () => {
    await server.close();
    await strict.close();
    await receiver.close();
  });

  test('an endpoint added in the portal shows its secret once, logs deliveries, and replays one', async () => {
    const created = await portal(server, '/portal/webhooks?lang=en', { url: receiver.url, description: 'CRM', 'event:request.created': '1' });
    assert.equal(created.status, 200);
    const page = await created.text();
    const secret = /value="(whsec_[^"]+)"/.exec(page)?.[1];
    assert.ok(secret, 'the secret is on the page once');
    const listing = await (await portal(server, '/portal/webhooks')).text();
    assert.ok(!listing.includes('whsec_'), 'the listing never shows it again');
    const endpointId = /\/portal\/webhooks\/(whe_[\w-]+)\?/.exec(listing)?.[1];
    assert.ok(endpointId);
    await server.session();
    await waitFor(async () => receiver.received.length === 1, 'the delivery');
    const log = await (await portal(server, `/portal/webhooks/${endpointId}?lang=fr`)).text();
    assert.match(log, /request\.created/);
    assert.match(log, /Reçu/);
    const deliveryId = /\/portal\/deliveries\/(dlv_[\w-]+)\/replay/.exec(log)?.[1];
    const replay = await portal(server, `/portal/deliveries/${deliveryId}/replay?lang=fr`, {});
    assert.equal(replay.status, 303);
    await waitFor(async () => receiver.received.length === 2, 'the replay');
    assert.equal(receiver.received[1]!.headers['webhook-id'], receiver.received[0]!.headers['webhook-id']);
    assert.equal(new Webhook(secret).verify(receiver.received[1]!.body, receiver.received[1]!.headers as Record<string, string>) !== undefined, true);
    // Disable, from another site: refused (403); from the portal: done.
    assert.equal((await portal(server, `/portal/webhooks/${endpointId}/disable`, {}, 'https://evil.example')).status, 403);
    assert.equal((await portal(server, `/portal/webhooks/${endpointId}/disable`, {})).status, 303);
    assert.equal((await server.store.getEndpoint(endpointId))!.enabled, false);
  });

  test('a loopback URL is refused in the portal too, in French', async () => {
    const refused = await portal(strict, '/portal/webhooks?lang=fr', { url: 'https://localhost/hooks', all: '1' });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /mène à une adresse privée, locale ou de lien local/);
    const http = await portal(strict, '/portal/webhooks?lang=en', { url: 'http://partner.example/hooks', all: '1' });
    assert.match(await http.text(), /must use https:/);
    assert.deepEqual(await strict.store.listEndpoints(), []);
  });

  test('rules are created in the portal; bad addresses are refused in the page’s language; alerts are listed and resolved', async () => {
    const bad = await portal(strict, '/portal/rules?lang=fr', { kind: 'requestFinished', emails: 'not an address' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /adresses e-mail valides/);
    const tooHigh = await portal(strict, '/portal/rules?lang=en', { kind: 'uploadSkippedRows', threshold: '150', emails: '' });
    assert.equal(tooHigh.status, 422);
    assert.equal(
      (await portal(strict, '/portal/rules?lang=en', { kind: 'requestFinished', emails: 'rm@bank.example, ops@bank.example', viaWebhook: '1' })).status,
      303,
    );
    const [rule] = await strict.store.listRules();
    assert.deepEqual(rule?.emails, ['rm@bank.example', 'ops@bank.example']);
    assert.match(await (await portal(strict, '/portal/rules?lang=en')).text(), /rm@bank\.example, ops@bank\.example/);
    const { token } = await strict.session();
    await api(strict, token, 'POST', '/v1/request/finish', {});
    const alerts = await (await portal(strict, '/portal/alerts?lang=en')).text();
    assert.match(alerts, /The customer finished the data request\./);
    const alertId = /\/portal\/alerts\/(alr_[\w-]+)\/resolve/.exec(alerts)?.[1];
    assert.equal((await portal(strict, `/portal/alerts/${alertId}/resolve?lang=en`, {})).status, 303);
    assert.match(await (await portal(strict, '/portal/alerts?lang=en')).text(), /No open alert\./);
  });

  test('the new portal pages have strict headers, no inline code, and escape what partners typed', async () => {
    const { endpoint } = await strict.store.createEndpoint({ url: 'https://partner.example/<script>', description: '<img src=x onerror=alert(1)>' });
    await strict.store.createRule({ kind: 'connectionFailed', emails: ['a"b@bank.example'] });
    for (const path of ['/portal/webhooks', `/portal/webhooks/${endpoint.id}`, '/portal/rules', '/portal/alerts', '/portal/outbox']) {
      for (const lang of ['en', 'fr']) {
        const response = await portal(strict, `${path}?lang=${lang}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.equal(response.headers.get('cache-control'), 'no-store');
        const body = await response.text();
        for (const tag of body.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=/, `${path}: ${tag}`);
        for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag, /\sstyle=|\son[a-z]+=/i, `${path}: ${tag}`);
        assert.ok(!body.includes('<img src=x') && !body.includes('/<script>'), `${path} escapes`);
        assert.match(body, new RegExp(`<html lang="${lang}">`));
      }
    }
    await strict.store.updateEndpoint(endpoint.id, { enabled: false });
  });

  test('Request by email queues the message; the Outbox shows it with its Link URL', async () => {
    const { requestId } = await strict.session();
    const page = await (await portal(strict, `/portal/requests/${requestId}?lang=fr`)).text();
    assert.match(page, /Demander par e-mail/);
    const invalid = await portal(strict, `/portal/requests/${requestId}/email?lang=fr`, { to: 'nope' });
    assert.equal(invalid.status, 422);
    const sent = await portal(strict, `/portal/requests/${requestId}/email?lang=fr`, { to: 'owner@customer.example', locale: 'fr' });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get('location'), '/portal/outbox?lang=fr');
    const outbox = await (await portal(strict, '/portal/outbox?lang=fr')).text();
    assert.match(outbox, /vous demande de partager vos données financières/);
    assert.match(outbox, /owner@customer\.example/);
    const emailId = /\/portal\/outbox\/(eml_[\w-]+)\?/.exec(outbox)?.[1];
    const message = await (await portal(strict, `/portal/outbox/${emailId}?lang=fr`)).text();
    assert.ok(message.includes(`${strict.url}/link/${requestId}?lang=fr`));
  });
});
