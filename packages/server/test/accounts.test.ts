/**
 * The portal's accounts: sign-in, the session cookie, sign-out, the lock-out per account, roles
 * (a viewer reads only, a manager never reaches admin pages), CSRF, and the invite flow through
 * the outbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PORTAL_FAILURE_LIMIT } from '../src/limits.js';
import { hashPassword, verifyPassword } from '../src/passwords.js';
import { addPortalUser, csrfOf, PORTAL_ADMIN, signIn, signInResponse, startTestServer, type PortalClient, type TestServer } from './helpers.js';

let server: TestServer;
let admin: PortalClient;
let manager: PortalClient;
let viewer: PortalClient;
before(async () => {
  server = await startTestServer({ webhooks: { worker: false } });
  admin = await signIn(server);
  manager = await addPortalUser(server, admin, 'rm@partner.example', 'manager');
  viewer = await addPortalUser(server, admin, 'viewer@partner.example', 'viewer');
});
after(() => server.close());

describe('signing in', () => {
  test('the right password gives a session cookie: HttpOnly, SameSite=Strict, Path=/portal', async () => {
    const response = await signInResponse(server, PORTAL_ADMIN.email, PORTAL_ADMIN.password);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/portal?lang=en');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('codat_portal='))!;
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\/portal;/);
    assert.doesNotMatch(cookie, /Secure/, 'over plain http the cookie could not come back');
    const home = await fetch(`${server.url}/portal`, { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<bdi>admin@partner\.example<\/bdi> · Administrator/);
  });

  test('behind https the cookie is Secure', async () => {
    const https = await startTestServer({ publicUrl: 'https://link.partner.example' });
    try {
      // The Origin check compares with the public URL, as the browser would send it.
      const response = await signInResponse({ url: https.url }, PORTAL_ADMIN.email, PORTAL_ADMIN.password, { origin: 'https://link.partner.example' });
      assert.equal(response.status, 303);
      assert.match(
        response.headers.getSetCookie().find((c) => c.startsWith('codat_portal='))!,
        /; Secure/,
      );
    } finally {
      await https.close();
    }
  });

  test('a wrong password or an unknown address: 401 and the form again, the same message', async () => {
    const wrong = await signInResponse(server, PORTAL_ADMIN.email, 'not-the-password');
    assert.equal(wrong.status, 401);
    const unknown = await signInResponse(server, 'nobody@partner.example', 'not-the-password');
    assert.equal(unknown.status, 401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    assert.match(a, /Wrong e-mail or password\./);
    assert.match(b, /Wrong e-mail or password\./);
    assert.equal(
      wrong.headers.getSetCookie().some((c) => c.startsWith('codat_portal=')),
      false,
    );
    const french = await signInResponse({ url: `${server.url}` }, PORTAL_ADMIN.email, 'nope', { 'accept-language': 'fr' });
    assert.match(await french.text(), /E-mail ou mot de passe incorrect\./);
  });

  test('the password is stored as a salted scrypt hash with its parameters', async () => {
    const row = await server.store.sql.get<{ hash: string }>('SELECT password_hash AS hash FROM portal_users WHERE email = ?', [PORTAL_ADMIN.email]);
    assert.match(row!.hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    assert.equal(await verifyPassword(PORTAL_ADMIN.password, row!.hash), true);
    assert.equal(await verifyPassword(`${PORTAL_ADMIN.password}x`, row!.hash), false);
  });

  test('sign-out ends the session on the server, not only in the browser', async () => {
    const session = await signIn(server);
    assert.equal((await session.get('/portal')).status, 200);
    const out = await session.post('/portal/sign-out');
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie()[0]!, /^codat_portal=; .*Max-Age=0/);
    const replayed = await session.get('/portal');
    assert.equal(replayed.status, 303, 'the old cookie leads to the sign-in form');
    assert.match(replayed.headers.get('location')!, /^\/portal\/sign-in/);
  });

  test(`after ${PORTAL_FAILURE_LIMIT} wrong passwords the account is locked out from every address; another account is not`, async () => {
    const guarded = await startTestServer({ trustProxy: true, webhooks: { worker: false } });
    try {
      const from = (address: string, email: string, password: string) => signInResponse(guarded, email, password, { 'x-forwarded-for': address });
      // Guesses spread over many addresses still add up: the count is the account's.
      for (let i = 0; i < PORTAL_FAILURE_LIMIT; i++) assert.equal((await from(`203.0.113.${i + 1}`, PORTAL_ADMIN.email, 'guess')).status, 401);
      const locked = await from('198.51.100.7', PORTAL_ADMIN.email, PORTAL_ADMIN.password);
      assert.equal(locked.status, 429, 'the right password, from a new address, waits too');
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      assert.match(await locked.text(), /Too many wrong passwords for this account/);
      // Another account at the guesser's own address is untouched.
      await guarded.store.upsertPortalUser('other@partner.example', 'manager', await hashPassword('other-long-password'));
      assert.equal((await from('203.0.113.1', 'other@partner.example', 'other-long-password')).status, 303);
    } finally {
      await guarded.close();
    }
  });

  test("a success resets the account's count", async () => {
    const guarded = await startTestServer({ webhooks: { worker: false } });
    try {
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < PORTAL_FAILURE_LIMIT - 1; i++) assert.equal((await signInResponse(guarded, PORTAL_ADMIN.email, 'typo')).status, 401);
        assert.equal((await signInResponse(guarded, PORTAL_ADMIN.email, PORTAL_ADMIN.password)).status, 303);
      }
    } finally {
      await guarded.close();
    }
  });

  test('the sign-in form sends nobody off-site after signing in', async () => {
    const form = await fetch(`${server.url}/portal/sign-in?next=${encodeURIComponent('https://evil.example/')}`);
    assert.match(await form.text(), /name="next" value="\/portal\?lang=en"/);
  });
});

describe('roles', () => {
  test('a viewer reads every page but sees no form, and every write answers 403', async () => {
    const home = await viewer.get('/portal');
    assert.equal(home.status, 200);
    const page = await home.text();
    assert.doesNotMatch(page, /action="\/portal\/companies/, 'no New company form');
    assert.doesNotMatch(page, /href="\/portal\/(webhooks|rules|users|branding)/, 'no admin links');
    assert.match(page, /action="\/portal\/sign-out/, 'only signing out');
    const before = (await server.store.listCompanies()).length;
    const created = await viewer.post('/portal/companies', { name: 'By a viewer' });
    assert.equal(created.status, 403);
    assert.match(await created.text(), /Your role does not allow this/);
    assert.equal((await server.store.listCompanies()).length, before);
    const company = await server.store.createCompany('Viewed SAS', null);
    assert.equal((await viewer.post(`/portal/companies/${company.id}/requests`, { spendAnalysis: '1' })).status, 403);
    const companyPage = await (await viewer.get(`/portal/companies/${company.id}`)).text();
    assert.doesNotMatch(companyPage, /New data request/);
  });

  test('a manager writes companies and requests but gets 403 on admin pages, reading or writing', async () => {
    const created = await manager.post('/portal/companies', { name: 'By a manager' });
    assert.equal(created.status, 303);
    for (const path of ['/portal/webhooks', '/portal/rules', '/portal/users', '/portal/branding']) {
      assert.equal((await manager.get(path)).status, 403, path);
      assert.equal((await manager.post(path, { url: 'https://example.com/hook', email: 'x@example.com', role: 'admin' })).status, 403, path);
    }
    // Spelled another way, the path still routes to the admin page, and is still refused.
    for (const path of ['/portal/%77ebhooks', '/portal/Users', '/portal/branding/', '/portal//rules']) {
      const response = await manager.get(path);
      assert.ok([403, 404].includes(response.status), `${path}: ${response.status}`);
    }
    const home = await (await manager.get('/portal')).text();
    assert.doesNotMatch(home, /href="\/portal\/(webhooks|rules|users|branding)/);
    assert.match(home, /action="\/portal\/companies/);
  });

  test("a viewer cannot read an invite's link in the outbox; an admin can", async () => {
    const emails = await server.store.listEmails(10);
    const invite = emails.find((e) => e.template === 'invite')!;
    const seenByViewer = await (await viewer.get(`/portal/outbox/${invite.id}`)).text();
    assert.doesNotMatch(seenByViewer, /\/portal\/invite\//);
    assert.match(seenByViewer, /only administrators see it/);
    assert.match(await (await admin.get(`/portal/outbox/${invite.id}`)).text(), /\/portal\/invite\//);
  });
});

describe('cross-site form posts', () => {
  test("a relationship manager's session cookie is refused by a cross-site form post: another Origin, or a missing or wrong CSRF token", async () => {
    const count = async () => (await server.store.listCompanies()).filter((c) => c.name === 'Forged').length;
    // The attacker's page posts with the manager's cookie: another site's Origin…
    const otherSite = await manager.post('/portal/companies', { name: 'Forged' }, { origin: 'https://evil.example' });
    assert.equal(otherSite.status, 403);
    // …no Origin at all (an old browser, a redirect)…
    const noOrigin = await fetch(`${server.url}/portal/companies`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: manager.cookie },
      body: new URLSearchParams({ name: 'Forged', _csrf: manager.csrf }).toString(),
    });
    assert.equal(noOrigin.status, 403);
    // …or the right Origin (a same-site subdomain could forge it) without the session's token.
    const missing = await manager.post('/portal/companies', { name: 'Forged', _csrf: '' });
    assert.equal(missing.status, 403);
    assert.match(await missing.text(), /This form has expired or was not sent from the portal/);
    const wrong = await manager.post('/portal/companies', { name: 'Forged', _csrf: viewer.csrf });
    assert.equal(wrong.status, 403, "another session's token does not do");
    assert.equal(await count(), 0, 'nothing was created');
    // The same post from the portal's own page goes through.
    assert.equal((await manager.post('/portal/companies', { name: 'Forged' })).status, 303);
    assert.equal(await count(), 1);
  });

  test("every form of a portal page carries the session's CSRF token", async () => {
    const company = await server.store.createCompany('Forms SAS', null);
    const request = await server.store.createRequest(company.id, ['spendAnalysis']);
    for (const path of [
      '/portal',
      `/portal/companies/${company.id}`,
      `/portal/requests/${request.id}`,
      '/portal/webhooks',
      '/portal/rules',
      '/portal/users',
      '/portal/branding',
    ]) {
      const page = await (await admin.get(path)).text();
      const forms = page.match(/<form method="post"[^>]*>/g) ?? [];
      const tokens = page.match(new RegExp(`<form method="post"[^>]*><input type="hidden" name="_csrf" value="${admin.csrf}">`, 'g')) ?? [];
      assert.ok(forms.length > 0, path);
      assert.equal(tokens.length, forms.length, path);
    }
  });

  test('the sign-in form needs its own token too (login CSRF)', async () => {
    const response = await fetch(`${server.url}/portal/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ email: PORTAL_ADMIN.email, password: PORTAL_ADMIN.password }).toString(),
    });
    assert.equal(response.status, 403);
  });
});

describe('invites', () => {
  test('an invite is e-mailed through the outbox with a one-time link, shown once to the admin; the invitee sets a password on it', async () => {
    const invited = await admin.post('/portal/users', { email: 'New.Person@partner.example', role: 'viewer', locale: 'fr' });
    assert.equal(invited.status, 201);
    const page = await invited.text();
    const link = /id="invite" value="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    assert.match(link, new RegExp(`^${server.url}/portal/invite/[A-Za-z0-9_-]{43}\\?lang=fr$`));
    const token = new URL(link).pathname.split('/').pop()!;
    // Only the hash is stored.
    const stored = await server.store.sql.all<{ token_hash: string }>('SELECT token_hash FROM portal_invites');
    assert.ok(stored.every((row) => row.token_hash !== token && /^[0-9a-f]{64}$/.test(row.token_hash)));

    // The e-mail, as the outbox holds and renders it, in the language chosen.
    const email = (await server.store.listEmails(5)).find((e) => e.template === 'invite' && e.recipients.includes('new.person@partner.example'))!;
    assert.ok(email, 'queued for the invitee');
    const rendered = await server.mailer.render(email);
    assert.match(rendered.subject, /Vous êtes invité\(e\) sur le portail/);
    assert.ok(rendered.text.includes(link), 'the e-mail carries the link');
    assert.match(rendered.text, /en tant que lecteur \(lecture seule\)/);

    const users = await (await admin.get('/portal/users')).text();
    assert.match(users, /new\.person@partner\.example<\/bdi><\/td><td>Viewer<\/td><td><span class="status status-inProgress">Invited/);

    // Not yet usable: the invited account has no password.
    assert.equal((await signInResponse(server, 'new.person@partner.example', '')).status, 401);

    const form = await fetch(link);
    assert.equal(form.status, 200);
    const formPage = await form.text();
    assert.match(formPage, /Choisissez votre mot de passe/);
    const pre = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const take = (password: string, confirm = password) =>
      fetch(link, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: pre },
        body: new URLSearchParams({ _csrf: csrfOf(formPage), password, confirm }).toString(),
      });
    assert.equal((await take('short')).status, 422);
    assert.equal((await take('a-long-password-1', 'a-long-password-2')).status, 422);
    const taken = await take('the-new-persons-password');
    assert.equal(taken.status, 303);
    assert.ok(
      taken.headers.getSetCookie().some((c) => c.startsWith('codat_portal=') && !c.startsWith('codat_portal=;')),
      'signed in at once',
    );

    // Once only.
    assert.equal((await fetch(link)).status, 404);
    assert.equal((await take('another-long-password')).status, 404);
    const person = await signIn(server, { email: 'new.person@partner.example', password: 'the-new-persons-password' });
    assert.equal((await person.post('/portal/companies', { name: 'x' })).status, 403, "with the invite's role");
  });

  test('an expired invite link is refused', async () => {
    const { token } = await server.store.createPortalInvite('late@partner.example', 'manager', null, 1000, Date.now() - 5000);
    const page = await fetch(`${server.url}/portal/invite/${token}`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /not valid any more/);
  });

  test('an invite needs one valid address and a role; an active user is not invited again', async () => {
    assert.equal((await admin.post('/portal/users', { email: 'not an address', role: 'viewer' })).status, 422);
    assert.equal((await admin.post('/portal/users', { email: 'ok@partner.example', role: 'owner' })).status, 422);
    assert.equal((await admin.post('/portal/users', { email: 'RM@partner.example', role: 'viewer' })).status, 409);
  });
});
