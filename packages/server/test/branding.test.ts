/**
 * The partner's branding: the admin's page, the checks of the logo (its real kind and size) and of
 * the colour's contrast, how the logo is served, and where the brand shows: the hosted Link page,
 * `GET /v1/request` (the element's theme), the sandbox platform's page and the e-mails.
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { checkLogo, contrastRatio, LogoError } from '../src/branding.js';
import { addPortalUser, api, signIn, startTestServer, type PortalClient, type TestServer } from './helpers.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
/** A real, decodable PNG of one colour; `padding` adds a private chunk to make the file larger. */
export function png(width: number, height: number, padding = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(padding > 0 ? [chunk('prVt', Buffer.alloc(padding))] : []),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** The first bytes of a baseline JPEG up to its SOF0 segment (enough for the size check). */
function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

let server: TestServer;
let admin: PortalClient;
let viewer: PortalClient;
before(async () => {
  server = await startTestServer({ webhooks: { worker: false } });
  admin = await signIn(server);
  viewer = await addPortalUser(server, admin, 'viewer@partner.example', 'viewer');
});
after(() => server.close());

/** The Branding form as the browser posts it: multipart, with the session's CSRF token. */
async function saveBranding(client: PortalClient, fields: Record<string, string>, logo?: { bytes: Buffer; name: string; type: string }): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', client.csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (logo) form.set('logo', new Blob([new Uint8Array(logo.bytes)], { type: logo.type }), logo.name);
  return fetch(`${server.url}/portal/branding`, { method: 'POST', redirect: 'manual', headers: { cookie: client.cookie, origin: server.url }, body: form });
}

describe('the logo check', () => {
  test('reads the size from PNG IHDR, JPEG SOF and SVG width/height or viewBox', () => {
    assert.deepEqual(checkLogo(png(200, 60)), { type: 'image/png', width: 200, height: 60 });
    assert.deepEqual(checkLogo(jpeg(640, 480)), { type: 'image/jpeg', width: 640, height: 480 });
    assert.deepEqual(checkLogo(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40"></svg>')), {
      type: 'image/svg+xml',
      width: 120,
      height: 40,
    });
    assert.deepEqual(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"/>')), {
      type: 'image/svg+xml',
      width: 300,
      height: 100,
    });
    assert.deepEqual(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" height="50" viewBox="0 0 300 100"/>')), {
      type: 'image/svg+xml',
      width: 150,
      height: 50,
    });
  });

  test('refuses a wrong signature, an unreadable size and silly dimensions, with the reason', () => {
    const reason = (bytes: Buffer) => {
      try {
        checkLogo(bytes);
        return 'accepted';
      } catch (error) {
        assert.ok(error instanceof LogoError);
        return error.reason;
      }
    };
    assert.equal(reason(Buffer.from('GIF89a…')), 'notImage');
    assert.equal(reason(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)])), 'notImage', 'an executable named logo.png');
    assert.equal(reason(Buffer.from('<svg width="100%" height="100%"></svg>')), 'unreadable');
    assert.equal(reason(Buffer.from('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg width="100" height="100">&a;</svg>')), 'unreadable');
    assert.equal(reason(png(8, 8)), 'tooSmall');
    assert.equal(reason(png(5000, 20)), 'tooBig');
    assert.equal(reason(png(1100, 100)), 'aspect');
    assert.equal(reason(Buffer.concat([png(100, 100), Buffer.alloc(1024 * 1024)])), 'tooLarge');
  });

  test('contrast ratios as WCAG computes them', () => {
    assert.equal(contrastRatio('#ffffff', '#000000').toFixed(2), '21.00');
    assert.equal(contrastRatio('#1d4ed8', '#ffffff').toFixed(2), '6.70');
    assert.equal(contrastRatio('#777777', '#ffffff').toFixed(2), '4.48');
  });
});

describe('the Branding page', () => {
  test('an admin sets name, colour, locale and a PNG logo; the logo is served as image/png', async () => {
    const saved = await saveBranding(
      admin,
      { partnerName: 'Northwind <Card>', primaryColor: '#0B5FFF', defaultLocale: 'fr' },
      { bytes: png(240, 80), name: 'logo.png', type: 'image/png' },
    );
    assert.equal(saved.status, 303);
    const branding = await server.store.getBranding();
    assert.equal(branding.partnerName, 'Northwind <Card>');
    assert.equal(branding.primaryColor, '#0b5fff');
    assert.equal(branding.defaultLocale, 'fr');
    assert.deepEqual({ ...branding.logo, hash: '' }, { type: 'image/png', width: 240, height: 80, hash: '' });
    const logo = await fetch(`${server.url}/branding/logo?v=${branding.logo!.hash}`);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.equal(logo.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), png(240, 80));
    const page = await (await admin.get('/portal/branding?saved=1')).text();
    assert.match(page, /Branding saved\./);
    assert.match(page, /value="Northwind &lt;Card&gt;"/);
    assert.match(page, /<img class="logo-preview" src="[^"]+\/branding\/logo\?v=[0-9a-f]{16}" alt="Current logo" width="240" height="80">/);
  });

  test('a PNG over 1 MB, or a file whose bytes are no image, is refused with the reason and nothing changes', async () => {
    const before = await server.store.getBranding();
    const large = await saveBranding(admin, {}, { bytes: png(100, 100, 1024 * 1024 + 10), name: 'big.png', type: 'image/png' });
    assert.equal(large.status, 422);
    assert.match(await large.text(), /The logo is larger than 1 MB\./);
    const fake = await saveBranding(admin, {}, { bytes: Buffer.from('<html><script>alert(1)</script>'), name: 'logo.png', type: 'image/png' });
    assert.equal(fake.status, 422);
    assert.match(await fake.text(), /The logo is not a PNG, JPEG or SVG image \(checked from its content, not its name\)\./);
    const tiny = await saveBranding(admin, {}, { bytes: png(10, 10), name: 'tiny.png', type: 'image/png' });
    assert.match(await tiny.text(), /The logo is 10 × 10 pixels: each side needs at least 16\./);
    assert.deepEqual(await server.store.getBranding(), before);
  });

  test('a colour below 4.5:1 against white is refused with the measured ratio', async () => {
    const response = await saveBranding(admin, { primaryColor: '#ffcc00' });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /The colour #ffcc00 is refused: its contrast against white \(#ffffff\) is 1\.51:1, below the 4\.5:1/);
    const french = await fetch(`${server.url}/portal/branding?lang=fr`, {
      method: 'POST',
      headers: { cookie: admin.cookie, origin: server.url },
      body: (() => {
        const form = new FormData();
        form.set('_csrf', admin.csrf);
        form.set('primaryColor', '#777777');
        return form;
      })(),
    });
    assert.match(await french.text(), /La couleur #777777 est refusée : son contraste sur le blanc \(#ffffff\) est de 4,48:1/);
    assert.equal((await server.store.getBranding()).primaryColor, '#0b5fff', 'unchanged');
  });

  test('an SVG with a script is stored, and served with a CSP that runs none of it', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><script>alert(document.domain)</script><rect width="120" height="40" fill="#0b5fff"/></svg>',
    );
    assert.equal((await saveBranding(admin, {}, { bytes: svg, name: 'logo.svg', type: 'image/svg+xml' })).status, 303);
    const logo = await fetch(`${server.url}/branding/logo`);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.equal(logo.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'");
    assert.equal(logo.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a viewer and a manager get 403 on the page and on the post; the viewer sees no Branding link', async () => {
    const manager = await addPortalUser(server, admin, 'rm@partner.example', 'manager');
    const before = await server.store.getBranding();
    for (const client of [viewer, manager]) {
      assert.equal((await client.get('/portal/branding')).status, 403);
      assert.equal((await saveBranding(client, { partnerName: 'Hijacked' })).status, 403);
    }
    assert.deepEqual(await server.store.getBranding(), before);
    assert.doesNotMatch(await (await viewer.get('/portal')).text(), /\/portal\/branding/);
  });
});

describe('where the brand shows', () => {
  test('GET /v1/request returns it as the theme, the hosted page shows name and logo and loads the colour', async () => {
    await saveBranding(
      admin,
      { partnerName: 'Northwind Card', primaryColor: '#0b5fff', defaultLocale: 'fr' },
      { bytes: png(240, 80), name: 'logo.png', type: 'image/png' },
    );
    const { hash } = (await server.store.getBranding()).logo!;
    const { requestId, token } = await server.session();
    const request = await api<{ theme: unknown }>(server, token, 'GET', '/v1/request');
    assert.deepEqual(request.body.theme, {
      partnerName: 'Northwind Card',
      logoUrl: `${server.url}/branding/logo?v=${hash}`,
      tokens: { 'color-primary': '#0b5fff', 'color-focus': '#0b5fff' },
    });
    // The partner's default locale: a browser asking for neither English nor French gets French.
    const page = await (await fetch(`${server.url}/link/${requestId}`, { headers: { 'accept-language': 'de' } })).text();
    assert.match(page, /<html lang="fr">/);
    assert.ok(
      page.includes(
        `<header class="brand"><img src="${server.url}/branding/logo?v=${hash}" alt="Northwind Card" height="40"><span class="brand-name"><bdi>Northwind Card</bdi></span></header>`,
      ),
    );
    assert.match(page, /<link rel="stylesheet" href="\/branding\/theme\.css\?v=0b5fff">/);
    assert.match(page, /Vous pouvez fermer cette fenêtre\./, 'the completion screen, hidden until the journey ends');
    const css = await fetch(`${server.url}/branding/theme.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(await css.text(), ':root { --brand-primary: #0b5fff; }\n');
    const english = await (await fetch(`${server.url}/link/${requestId}?lang=en`)).text();
    assert.match(english, /You can close this window\./);
  });

  test("a finished request's page shows its summary read-only: entities, methods, counts", async () => {
    const { requestId, token } = await server.session();
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme Ltd' });
    await api(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' });
    await server.store.finishRequest(requestId);
    const page = await (await fetch(`${server.url}/link/${requestId}?lang=en`)).text();
    assert.match(page, /Request finished/);
    assert.match(page, /Shared with <strong><bdi>Northwind Card<\/bdi><\/strong>: Spend analysis\./);
    assert.match(page, /<th>How<\/th>/);
    assert.match(page, /<td><bdi>Acme Ltd<\/bdi><\/td><td>[^<]+<\/td><td>/);
    assert.doesNotMatch(page, /<codat-link/, 'no element, no session');
  });

  test('the sandbox platform and the e-mails name the partner', async () => {
    const { token } = await server.session(['financials']);
    const request = await api<{ id: string }>(server, token, 'GET', '/v1/request');
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Sandboxed' });
    const connection = await api<{ authUrl: string }>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-accounting',
      redirectUri: 'https://partner.example/back',
    });
    const sandbox = await (await fetch(connection.body.authUrl)).text();
    assert.match(sandbox, /<strong><bdi>Northwind Card<\/bdi><\/strong>/);
    const email = await server.store.enqueueEmail('request', 'en', ['c@example.com'], {}, request.body.id);
    const rendered = await server.mailer.render(email);
    assert.match(rendered.subject, /^Northwind Card asks you/);
    assert.match(rendered.html, /\/branding\/logo\?v=/);
  });
});
