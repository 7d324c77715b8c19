/**
 * Who may use the portal, and how: accounts with a role (admin, manager, viewer), the sign-in
 * form, the session cookie (its session in the database, so every instance knows it), the CSRF
 * token every form of a session carries, sign-out, the lock-out per account, and the pages an
 * invited user sets a password on. Registered inside the portal's plugin scope, before its pages.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Html, html, page, sendPage } from '../html.js';
import { PORTAL_FAILURE_WINDOW_MS, PORTAL_SESSION_TTL_MS } from '../limits.js';
import { dummyHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../passwords.js';
import { secretEquals } from '../secrets.js';
import type { PortalRole, PortalSessionRow } from '../store-accounts.js';
import type { PagesDeps } from './pages.js';
import { pickLang, t, type Lang } from './text.js';

export const PORTAL_COOKIE = 'codat_portal';
/** Before sign-in: the sign-in form's own CSRF token, as a cookie the form must echo. */
const SIGN_IN_COOKIE = 'codat_portal_signin';

/** Pages anyone may open: signing in and taking an invite. */
const PUBLIC = /^\/portal\/(sign-in|invite\/:token)$/;
/** Only admins reach these (reading and writing): settings of the partner as a whole. */
const ADMIN_ONLY = /^\/portal\/(webhooks|rules|users|branding)(\/|$)/;

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** What a role may do, in one place: the hooks refuse by it and the pages hide controls by it. */
export function allows(role: PortalRole, what: 'read' | 'write' | 'admin'): boolean {
  if (what === 'admin') return role === 'admin';
  if (what === 'write') return role === 'admin' || role === 'manager';
  return true;
}

export interface PortalAuth {
  /** The signed-in session of a portal request (every page past the hooks has one). */
  session(request: FastifyRequest): PortalSessionRow;
  can(request: FastifyRequest, what: 'read' | 'write' | 'admin'): boolean;
  /** Adds the session's CSRF token to every POST form of a page. */
  withCsrf(request: FastifyRequest, content: Html): Html;
}

export function registerPortalAuth(portal: FastifyInstance, deps: PagesDeps): PortalAuth {
  const { store } = deps;
  const sessions = new WeakMap<FastifyRequest, PortalSessionRow>();
  const secure = () => (deps.publicUrl().startsWith('https:') ? '; Secure' : '');
  const cookie = (name: string, value: string, maxAgeSeconds: number) =>
    `${name}=${value}; Path=/portal; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure()}`;

  // Cookies ride along on cross-site posts unless SameSite stops them; the Origin check and the
  // CSRF token each refuse such a post on their own.
  const sameOrigin = (request: FastifyRequest): boolean => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && origin === new URL(deps.publicUrl()).origin;
  };

  const bare = (lang: Lang, title: string, content: Html) =>
    page(
      { title: `${title} · ${t(lang, 'portalTitle')}`, lang },
      html`<header class="bar"><a href="/portal?lang=${lang}">${t(lang, 'portalTitle')}</a></header><main class="narrow">${content}</main>`,
    );
  const refuse = (reply: FastifyReply, lang: Lang, status: number, message: string) =>
    sendPage(reply, bare(lang, String(status), html`<h1>${status}</h1><p role="alert">${message}</p>`), { status });

  const auth: PortalAuth = {
    session(request) {
      const session = sessions.get(request);
      if (!session) throw new Error('portal page reached without a session');
      return session;
    },
    can(request, what) {
      const session = sessions.get(request);
      return session !== undefined && allows(session.user.role, what);
    },
    withCsrf(request, content) {
      const session = sessions.get(request);
      if (!session) return content;
      const field = html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`.value;
      return new Html(content.value.replace(/<form method="post"[^>]*>/g, (tag) => tag + field));
    },
  };

  portal.addHook('onRequest', async (request, reply) => {
    // The matched route's pattern, not the raw URL: `/portal/%77ebhooks` routes to the Webhooks page
    // and must be checked as it.
    const path = request.routeOptions.url ?? request.url.split('?')[0]!;
    if (PUBLIC.test(path)) return;
    const lang = pickLang(request);
    const token = readCookie(request.headers.cookie, PORTAL_COOKIE);
    const session = token ? await store.resolvePortalSession(token) : undefined;
    if (!session) {
      if (request.method === 'GET') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`/portal/sign-in?lang=${lang}&next=${next}`, 303);
      }
      return refuse(reply, lang, 401, t(lang, 'signInNeeded'));
    }
    sessions.set(request, session);
    const needed = ADMIN_ONLY.test(path) ? 'admin' : request.method === 'GET' || path === '/portal/sign-out' ? 'read' : 'write';
    if (!allows(session.user.role, needed)) return refuse(reply, lang, 403, t(lang, 'roleForbidden'));
  });

  portal.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const lang = pickLang(request);
    if (!sameOrigin(request)) return refuse(reply, lang, 403, t(lang, 'forbidden'));
    // A urlencoded form gives the value; a multipart one (the logo upload) a field object holding it.
    const raw = (request.body as Record<string, unknown> | undefined)?.['_csrf'];
    const given = String((typeof raw === 'object' && raw !== null ? (raw as { value?: unknown }).value : raw) ?? '');
    const session = sessions.get(request);
    // Signed in: the session's own token. Not yet (sign-in, invite): the one the form's cookie holds.
    const expected = session ? session.csrfToken : readCookie(request.headers.cookie, SIGN_IN_COOKIE);
    if (!expected || !given || !secretEquals(given, expected)) return refuse(reply, lang, 403, t(lang, 'csrfInvalid'));
  });

  /** A fresh pre-session token for a public form, set as its cookie. */
  const formToken = (reply: FastifyReply) => {
    const token = randomBytes(24).toString('base64url');
    reply.header('set-cookie', cookie(SIGN_IN_COOKIE, token, 3600));
    return token;
  };
  /** Only a path of the portal itself: `next` cannot send anyone off-site. */
  const safeNext = (next: unknown, lang: Lang) =>
    typeof next === 'string' && /^\/portal(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : `/portal?lang=${lang}`;

  const signInPage = (request: FastifyRequest, reply: FastifyReply, options: { problem?: string; status?: number; email?: string } = {}) => {
    const lang = pickLang(request);
    const next = safeNext((request.query as { next?: unknown }).next ?? (request.body as { next?: unknown } | undefined)?.next, lang);
    const csrf = formToken(reply);
    return sendPage(
      reply,
      bare(
        lang,
        t(lang, 'signIn'),
        html`
<h1>${t(lang, 'signIn')}</h1>
${options.problem ? html`<p class="notice" role="alert">${options.problem}</p>` : ''}
<form method="post" action="/portal/sign-in?lang=${lang}" class="stacked">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<label>${t(lang, 'email')} <input name="email" type="email" required maxlength="254" autocomplete="username" value="${options.email ?? ''}"></label>
<label>${t(lang, 'password')} <input name="password" type="password" required maxlength="${PASSWORD_MAX_LENGTH}" autocomplete="current-password"></label>
<button>${t(lang, 'signIn')}</button>
</form>`,
      ),
      { status: options.status ?? 200 },
    );
  };

  portal.get('/portal/sign-in', async (request, reply) => signInPage(request, reply));

  portal.post<{ Body: Record<string, string> }>('/portal/sign-in', async (request, reply) => {
    const lang = pickLang(request);
    const email = String(request.body?.['email'] ?? '')
      .trim()
      .slice(0, 254);
    const password = String(request.body?.['password'] ?? '').slice(0, PASSWORD_MAX_LENGTH);
    // Guessing: after PORTAL_FAILURE_LIMIT wrong passwords for one account, from anywhere, that
    // account waits out the window, right password or not. The count lives in the database.
    const key = `account\n${email.toLowerCase()}`;
    if (await store.portalLockedOut(key)) {
      reply.header('retry-after', String(Math.ceil(PORTAL_FAILURE_WINDOW_MS / 1000)));
      return signInPage(request, reply, { problem: t(lang, 'lockedOut'), status: 429, email });
    }
    const found = email ? await store.portalCredentialOf(email) : undefined;
    // An unknown address costs the same scrypt run as a known one: timing does not tell them apart.
    const valid = (await verifyPassword(password, found?.passwordHash ?? (await dummyHash()))) && found?.passwordHash != null;
    if (!found || !valid) {
      await store.recordPortalFailure(key);
      return signInPage(request, reply, { problem: t(lang, 'wrongCredentials'), status: 401, email });
    }
    await store.clearPortalFailures(key);
    const session = await store.createPortalSession(found.user.id, PORTAL_SESSION_TTL_MS);
    reply.header('set-cookie', [cookie(PORTAL_COOKIE, session.token, Math.floor(PORTAL_SESSION_TTL_MS / 1000)), cookie(SIGN_IN_COOKIE, '', 0)]);
    return reply.redirect(safeNext(request.body?.['next'], lang), 303);
  });

  portal.post('/portal/sign-out', async (request, reply) => {
    const lang = pickLang(request);
    const token = readCookie(request.headers.cookie, PORTAL_COOKIE);
    if (token) await store.deletePortalSession(token);
    reply.header('set-cookie', cookie(PORTAL_COOKIE, '', 0));
    return reply.redirect(`/portal/sign-in?lang=${lang}`, 303);
  });

  // ---- Taking an invite: the one-time link of the e-mail ----
  const invitePage = async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, problem?: string, status = 200) => {
    const lang = pickLang(request);
    const invite = await store.peekPortalInvite(request.params.token);
    if (!invite) return refuse(reply, lang, 404, t(lang, 'inviteInvalid'));
    const csrf = formToken(reply);
    return sendPage(
      reply,
      bare(
        lang,
        t(lang, 'setPassword'),
        html`
<h1>${t(lang, 'setPassword')}</h1>
<p>${t(lang, 'inviteFor')} <strong>${invite.email}</strong> (${t(lang, `role_${invite.role}`)}).</p>
${problem ? html`<p class="notice" role="alert">${problem}</p>` : ''}
<form method="post" action="/portal/invite/${request.params.token}?lang=${lang}" class="stacked">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="text" name="username" value="${invite.email}" autocomplete="username" hidden>
<label>${t(lang, 'newPassword')} <input name="password" type="password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="${PASSWORD_MAX_LENGTH}" autocomplete="new-password" aria-describedby="password-help"></label>
<p id="password-help"><small>${t(lang, 'passwordRule')}</small></p>
<label>${t(lang, 'confirmPassword')} <input name="confirm" type="password" required maxlength="${PASSWORD_MAX_LENGTH}" autocomplete="new-password"></label>
<button>${t(lang, 'setPassword')}</button>
</form>`,
      ),
      { status },
    );
  };

  portal.get<{ Params: { token: string } }>('/portal/invite/:token', async (request, reply) => invitePage(request, reply));

  portal.post<{ Params: { token: string }; Body: Record<string, string> }>('/portal/invite/:token', async (request, reply) => {
    const lang = pickLang(request);
    const password = String(request.body?.['password'] ?? '');
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return invitePage(request, reply, t(lang, 'passwordRule'), 422);
    if (password !== String(request.body?.['confirm'] ?? '')) return invitePage(request, reply, t(lang, 'passwordMismatch'), 422);
    const user = await store.acceptPortalInvite(request.params.token, await hashPassword(password));
    if (!user) return refuse(reply, lang, 404, t(lang, 'inviteInvalid'));
    const session = await store.createPortalSession(user.id, PORTAL_SESSION_TTL_MS);
    reply.header('set-cookie', [cookie(PORTAL_COOKIE, session.token, Math.floor(PORTAL_SESSION_TTL_MS / 1000)), cookie(SIGN_IN_COOKIE, '', 0)]);
    return reply.redirect(`/portal?lang=${lang}`, 303);
  });

  return auth;
}
