import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, PARTNER_ORIGIN, signIn, startTestServer, supplierRows, type PortalClient, type TestServer } from './helpers.js';

const cdnDir = mkdtempSync(join(tmpdir(), 'codat-link-cdn-'));
writeFileSync(join(cdnDir, 'codat-link.js'), 'export const built = true;\n');
// A chunk as the bundler names it (content hash in the name), big enough to be worth compressing.
const CHUNK = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(', ')}];\n`;
mkdirSync(join(cdnDir, 'chunks'));
writeFileSync(join(cdnDir, 'chunks', 'connecting-CSWavy2t.js'), CHUNK);
writeFileSync(join(cdnDir, 'big-entry.js'), CHUNK);

/** A GET with the given Accept-Encoding, the body as sent on the wire (fetch would decode it). */
function rawGet(
  url: string,
  acceptEncoding: string,
  headers: Record<string, string> = {},
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { ...headers, 'accept-encoding': acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}
let server: TestServer;
let admin: PortalClient;
before(async () => {
  server = await startTestServer({ elementsCdnDir: cdnDir, mail: { partner: { name: 'Northwind Card' } } });
  admin = await signIn(server);
});
after(async () => {
  await server.close();
  rmSync(cdnDir, { recursive: true, force: true });
});

/** As the signed-in admin's browser: its session cookie, and (in `form`) the session's CSRF token. */
const portal = (path: string, init: RequestInit = {}) =>
  fetch(server.url + path, { redirect: 'manual', ...init, headers: { cookie: admin.cookie, ...(init.headers as Record<string, string>) } });
const form = (values: Record<string, string>, origin = server.url) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  body: new URLSearchParams({ _csrf: admin.csrf, ...values }).toString(),
});

function assertStrictHtmlHeaders(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  // not no-referrer: that makes browsers send `Origin: null` on the form posts the server checks
  assert.equal(response.headers.get('referrer-policy'), 'same-origin');
}

/** No inline script or style: every <script> has a src or is inert JSON; no style attribute or element. */
function assertNoInlineCode(body: string): void {
  for (const tag of body.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=|type="application\/json"/, tag);
  assert.doesNotMatch(body, /<style\b/i);
  for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag, /\sstyle=|\son[a-z]+=/i, tag);
}

describe('hosted Link page', () => {
  test('renders <codat-link> with a fresh session, escaped company name, and strict headers', async () => {
    const company = await server.partner<{ id: string }>('POST', '/partner/v1/companies', { name: '<img src=x onerror=alert(1)> & Co' });
    const request = await server.partner<{ id: string; linkUrl: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, {
      dataTypes: ['spendAnalysis', 'financials'],
    });
    assert.equal(request.body.linkUrl, `${server.url}/link/${request.body.id}`);
    const response = await fetch(request.body.linkUrl, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    assert.equal(response.status, 200);
    assertStrictHtmlHeaders(response);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.text();
    assertNoInlineCode(body);
    assert.match(body, /<html lang="fr">/);
    assert.ok(!body.includes('<img src=x'), 'the company name is escaped');
    assert.ok(body.includes('&lt;img src=x onerror=alert(1)&gt; &amp; Co'));
    const token = /session-token="([^"]+)"/.exec(body)?.[1];
    assert.ok(token);
    assert.match(body, /request="spendAnalysis financials"/);
    assert.match(body, /<script type="module" src="\/cdn\/codat-link.js">/);
    assert.match(body, new RegExp(`base-url="${server.url}"`));
    const session = await api<{ id: string }>(server, token, 'GET', '/v1/request');
    assert.equal(session.body.id, request.body.id, 'the page session is scoped to its request');
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^codat_link_session=${token}; Path=/link/${request.body.id}; .*HttpOnly; SameSite=Lax`));
    const reloaded = await (await fetch(request.body.linkUrl, { headers: { cookie: cookie.split(';')[0]! } })).text();
    assert.equal(/session-token="([^"]+)"/.exec(reloaded)?.[1], token, 'a reload keeps the session, so the saved journey resumes');
    const other = await server.partner<{ id: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['financials'] });
    const elsewhere = await (await fetch(`${server.url}/link/${other.body.id}`, { headers: { cookie: cookie.split(';')[0]! } })).text();
    assert.notEqual(/session-token="([^"]+)"/.exec(elsewhere)?.[1], token, 'a session never crosses to another request');
    const bundle = await fetch(`${server.url}/cdn/codat-link.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /text\/javascript/);
  });

  test('without the built bundle the page says how to build it; unknown requests are 404', async () => {
    const bare = await startTestServer({ elementsCdnDir: join(cdnDir, 'missing') });
    try {
      const { requestId } = await bare.session();
      const body = await (await fetch(`${bare.url}/link/${requestId}`)).text();
      assert.match(body, /npm run build/);
      assert.doesNotMatch(body, /codat-link\.js/);
      const unknown = await fetch(`${bare.url}/link/req_nope`);
      assert.equal(unknown.status, 404);
      assertStrictHtmlHeaders(unknown);
    } finally {
      await bare.close();
    }
  });

  test('the page of a finished request mints no session, says it is finished and shows what was received, in English and French', async () => {
    const { requestId, token } = await server.session();
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme \u202Egnp.exe\u202C Ltd' });
    const connection = await api<{ id: string }>(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' });
    await api(
      server,
      token,
      'PUT',
      `/v1/connections/${connection.body.id}/reports/suppliers/batches/0`,
      {
        uploadId: 'u',
        totalBatches: 1,
        records: [
          { supplierId: 's1', supplierName: 'One' },
          { supplierId: 's2', supplierName: 'Two' },
        ],
      },
      { 'idempotency-key': 'u:0' },
    );
    await api(server, token, 'POST', '/v1/request/finish', {});
    const response = await fetch(`${server.url}/link/${requestId}`);
    assert.equal(response.status, 200);
    assertStrictHtmlHeaders(response);
    assert.equal(response.headers.get('set-cookie'), null, 'no session cookie');
    const body = await response.text();
    assertNoInlineCode(body);
    assert.doesNotMatch(body, /session-token=|cls_/, 'no session token');
    assert.doesNotMatch(body, /<codat-link\b/, 'no working element');
    assert.match(body, /already been sent/);
    assert.match(body, /What was received/);
    assert.match(
      body,
      /<td><bdi>Acme \u202Egnp\.exe\u202C Ltd<\/bdi><\/td><td>[^<]+<\/td><td>In progress<\/td><td class="num">2<\/td>/,
      'the entity, isolated, with its method and count',
    );
    const kept = await (await fetch(`${server.url}/link/${requestId}`, { headers: { cookie: `codat_link_session=${token}` } })).text();
    assert.doesNotMatch(kept, /session-token=/, 'a kept cookie is not handed back either');
    const french = await (await fetch(`${server.url}/link/${requestId}?lang=fr`)).text();
    assert.match(french, /<html lang="fr">/);
    assert.match(french, /déjà été envoyées/);
  });

  test('static and bundle paths cannot climb out of their folder', async () => {
    for (const path of ['/cdn/..%2f..%2fpackage.json', '/cdn/../server/package.json', '/static/..%2fsrc%2fapp.ts', '/static/.env']) {
      assert.equal((await fetch(server.url + path)).status, 404, path);
    }
  });
});

describe('sandbox platform', () => {
  async function directConnection(extra: Record<string, string>) {
    const { token } = await server.session(['financials']);
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Direct' });
    const connection = await api<{ id: string; authUrl: string }>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-accounting',
      ...extra,
    });
    return { token, connection: connection.body, state: new URL(connection.body.authUrl).searchParams.get('state')! };
  }
  const decide = (state: string, decision: string) => fetch(`${server.url}/sandbox/authorize`, { redirect: 'manual', ...form({ state, decision }) });

  test('pop-up mode: approve, then the callback posts to the exact partner origin', async () => {
    const { token, connection, state } = await directConnection({ openerOrigin: `${PARTNER_ORIGIN}/some/page` });
    const authorize = await fetch(connection.authUrl);
    assertStrictHtmlHeaders(authorize);
    const page = await authorize.clone().text();
    // The platform names who asks (the partner), for which company: not the customer as the asker.
    assert.match(page, /<strong><bdi>Northwind Card<\/bdi><\/strong> is asking to read the accounting data of <strong><bdi>[^<]+<\/bdi><\/strong>\./);
    assert.match(authorize.headers.get('content-security-policy') ?? '', new RegExp(`form-action 'self' ${PARTNER_ORIGIN}`));
    assertNoInlineCode(await authorize.text());
    assert.equal(authorize.headers.get('cross-origin-opener-policy'), 'unsafe-none', 'the pop-up keeps its opener from the first page');
    const decided = await decide(state, 'allow');
    assert.equal(decided.status, 303);
    const callback = await fetch(new URL(decided.headers.get('location')!, server.url));
    assertStrictHtmlHeaders(callback);
    assert.equal(callback.headers.get('cross-origin-opener-policy'), 'unsafe-none', 'the pop-up keeps its opener');
    const body = await callback.text();
    assertNoInlineCode(body);
    const data = JSON.parse(/<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(body)![1]!);
    assert.deepEqual(data, { targetOrigin: PARTNER_ORIGIN, message: { type: 'codat-link:connection', connectionId: connection.id, status: 'linked' } });
    assert.match(body, /sandbox-callback\.js/);
    const now = await api<{ status: string }>(server, token, 'GET', `/v1/connections/${connection.id}`);
    assert.equal(now.body.status, 'linked');
    const replay = await fetch(new URL(decided.headers.get('location')!, server.url));
    assert.equal(replay.status, 404, 'a callback is good once');
  });

  test('redirect mode: deny sends the customer back with the outcome; forged codes do not link', async () => {
    const { token, connection, state } = await directConnection({ redirectUri: `${PARTNER_ORIGIN}/onboarding?step=3` });
    const forged = await fetch(`${server.url}/sandbox/callback?state=${state}&code=forged`, { redirect: 'manual' });
    assert.equal(forged.status, 303);
    const back = new URL(forged.headers.get('location')!);
    assert.equal(back.origin, PARTNER_ORIGIN);
    assert.equal(back.searchParams.get('step'), '3');
    assert.equal(back.searchParams.get('codatLinkStatus'), 'cancelled');
    assert.equal((await api<{ status: string }>(server, token, 'GET', `/v1/connections/${connection.id}`)).body.status, 'cancelled');
  });

  test('pop-up and redirect both possible (what the element sends): the page carries both, the script picks', async () => {
    const { state } = await directConnection({ openerOrigin: PARTNER_ORIGIN, redirectUri: `${PARTNER_ORIGIN}/journey` });
    const decided = await decide(state, 'allow');
    const callback = await fetch(new URL(decided.headers.get('location')!, server.url));
    assert.equal(callback.status, 200);
    const body = await callback.text();
    const data = JSON.parse(/<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(body)![1]!);
    assert.equal(data.targetOrigin, PARTNER_ORIGIN);
    assert.match(data.redirectUrl, /^https:\/\/partner\.example\/journey\?codatLinkConnectionId=con_[\w-]+&codatLinkStatus=linked$/);
    assert.ok(body.includes(`href="${data.redirectUrl.replace(/&/g, '&amp;')}"`), 'a plain link back works without script');
  });

  test('finishing the request cancels a pending authorization: its pages and callback answer expired', async () => {
    const { token, connection, state } = await directConnection({ openerOrigin: PARTNER_ORIGIN });
    const decided = await decide(state, 'allow');
    await api(server, token, 'POST', '/v1/request/finish', {});
    assert.equal((await fetch(connection.authUrl)).status, 404);
    assert.equal((await decide(state, 'allow')).status, 404);
    assert.equal((await fetch(new URL(decided.headers.get('location')!, server.url))).status, 404, 'a callback after finish links nothing');
    const now = await api<{ status: string }>(server, token, 'GET', `/v1/connections/${connection.id}`);
    assert.equal(now.body.status, 'cancelled');
  });

  test('a cross-site form post cannot approve', async () => {
    const { state } = await directConnection({ openerOrigin: PARTNER_ORIGIN });
    const response = await fetch(`${server.url}/sandbox/authorize`, { redirect: 'manual', ...form({ state, decision: 'allow' }, 'https://evil.example') });
    assert.equal(response.status, 404);
  });
});

describe('relationship-manager portal', () => {
  test('without a session, a page sends the browser to the sign-in form and a post is refused', async () => {
    const page = await fetch(`${server.url}/portal/companies/x?lang=fr`, { redirect: 'manual' });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), `/portal/sign-in?lang=fr&next=${encodeURIComponent('/portal/companies/x?lang=fr')}`);
    const post = await fetch(`${server.url}/portal/companies`, {
      redirect: 'manual',
      ...form({ name: 'Nobody' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    });
    assert.equal(post.status, 401);
  });

  test('companies, a new request with its Link URL, entities with status and counts, escaped', async () => {
    const created = await portal('/portal/companies', form({ name: '<b>Bold</b> "Corp"' }));
    assert.equal(created.status, 303);
    const companyPath = created.headers.get('location')!;
    const list = await portal('/portal');
    assertStrictHtmlHeaders(list);
    const listBody = await list.text();
    assertNoInlineCode(listBody);
    assert.ok(listBody.includes('&lt;b&gt;Bold&lt;/b&gt; &quot;Corp&quot;'));
    assert.ok(!listBody.includes('<b>Bold'));

    const companyId = /\/portal\/companies\/([^?]+)/.exec(companyPath)![1]!;
    const newRequest = await portal(`/portal/companies/${companyId}/requests`, form({ spendAnalysis: '1' }));
    assert.equal(newRequest.status, 303);
    const companyPage = await (await portal(`/portal/companies/${companyId}`)).text();
    const linkUrl = /class="link-url" id="link-[^"]+" value="([^"]+)"/.exec(companyPage)?.[1];
    assert.ok(linkUrl?.startsWith(`${server.url}/link/req_`), companyPage);
    assert.match(companyPage, /data-copy="link-req_/);
    const requestId = linkUrl!.split('/link/')[1]!;

    const minted = await server.store.createSession(companyId, requestId, 600);
    const entity = await api<{ id: string }>(server, minted.token, 'POST', '/v1/entities', { name: '<script>alert(1)</script>' });
    const connection = await api<{ id: string }>(server, minted.token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-file-upload',
    });
    const rows = [
      { supplierId: 'S1', supplierName: '=HYPERLINK("http://evil.example","click")', country: 'FR' },
      { supplierId: 'S2', supplierName: 'Plain, "quoted"', country: 'FR' },
      ...supplierRows(2),
    ];
    const stored = await api(
      server,
      minted.token,
      'PUT',
      `/v1/connections/${connection.body.id}/reports/suppliers/batches/0`,
      { totalBatches: 1, records: rows },
      { 'idempotency-key': 'rm:suppliers:0' },
    );
    assert.equal(stored.status, 200, JSON.stringify(stored.body));

    const givenAt = new Date().toISOString();
    await api(server, minted.token, 'POST', '/v1/consents', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-file-upload',
      dataTypes: ['spendAnalysis'],
      text: 'J’accepte',
      textHash: createHash('sha256').update('J’accepte').digest('hex'),
      version: '2026-<b>1</b>',
      locale: 'fr',
      givenAt,
    });
    const requestPage = await portal(`/portal/requests/${requestId}?lang=fr`);
    const requestBody = await requestPage.text();
    assertNoInlineCode(requestBody);
    assert.ok(
      /<td><a href="\/portal\/requests\/[\w-]+\/entities\/[\w-]+\?lang=fr"><bdi>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/bdi><\/a><\/td>/.test(requestBody),
      'escaped, and isolated for bidi',
    );
    const spoof = await api<{ id: string }>(server, minted.token, 'POST', '/v1/entities', { name: 'Invoice \u202Egnp.exe' });
    assert.equal(spoof.status, 201);
    const spoofed = await (await portal(`/portal/requests/${requestId}`)).text();
    assert.ok(spoofed.includes('"><bdi>Invoice \u202Egnp.exe</bdi></a></td>'), 'an unterminated override stays inside its name');
    assert.ok(spoofed.includes(`<h1><bdi>&lt;b&gt;Bold&lt;/b&gt; &quot;Corp&quot;</bdi>: `), 'company names too');
    assert.match(requestBody, /status-inProgress">En cours</);
    assert.match(requestBody, /<td class="num">4<\/td>/);
    assert.ok(
      requestBody.includes(
        `<time datetime="${givenAt}">${givenAt.slice(0, 16).replace('T', ' ')}</time><br><small>v<bdi>2026-&lt;b&gt;1&lt;/b&gt;</bdi> · fr</small>`,
      ),
      'the consent, escaped',
    );

    const csv = await portal(`/portal/requests/${requestId}/export/suppliers.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment;/);
    const text = await csv.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0]!, /^entity,supplierId,supplierName,/);
    assert.equal(lines.length, 5);
    assert.ok(lines[1]!.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), lines[1]);
    assert.ok(lines[2]!.includes('"Plain, ""quoted"""'));
    assert.ok(lines[1]!.startsWith('<script>alert(1)</script>,S1,'), 'CSV is data, not HTML: the name is kept as is');
    const french = await (await portal(`/portal/requests/${requestId}/export/suppliers.csv?lang=fr`)).text();
    assert.match(french, /^\ufeff?entity;supplierId;supplierName;/, 'French spreadsheets expect ";"');
  });

  test('a write without the portal origin is refused, even with the session cookie and its CSRF token', async () => {
    const response = await portal('/portal/companies', form({ name: 'Sneaky' }, 'https://evil.example'));
    assert.equal(response.status, 403);
    assert.ok(!(await server.store.listCompanies()).some((c) => c.name === 'Sneaky'));
  });
});

describe('the element bundle on the wire', () => {
  test('hashed chunks are compressed (brotli, else gzip) and cached for a year as immutable', async () => {
    const br = await rawGet(`${server.url}/cdn/chunks/connecting-CSWavy2t.js`, 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(brotliDecompressSync(br.body).toString(), CHUNK);
    assert.ok(br.body.length < CHUNK.length / 3, `${br.body.length} bytes on the wire for ${CHUNK.length}`);
    const gzip = await rawGet(`${server.url}/cdn/chunks/connecting-CSWavy2t.js`, 'gzip');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.body).toString(), CHUNK);
    const plain = await rawGet(`${server.url}/cdn/chunks/connecting-CSWavy2t.js`, 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), CHUNK);
  });

  test('a file without a hash in its name (the entry) is compressed but revalidated', async () => {
    const entry = await rawGet(`${server.url}/cdn/big-entry.js`, 'br');
    assert.equal(entry.headers['content-encoding'], 'br');
    assert.equal(entry.headers['cache-control'], 'no-cache');
  });

  test('pages are compressed too', async () => {
    const page = await rawGet(`${server.url}/portal`, 'gzip', { cookie: admin.cookie });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(page.body).toString(), /<html/);
  });
});
