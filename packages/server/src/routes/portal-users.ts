/**
 * The admin's Users page: who may use the portal, with which role, and the invite form. An
 * invite makes a one-time link (only its hash is stored), sends it by e-mail through the
 * Mailer, and shows it once to the admin, for when e-mail does not reach the invitee.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bdi, html, sendPage, type Html } from '../html.js';
import { PORTAL_INVITE_TTL_MS } from '../limits.js';
import { normalEmail, PORTAL_ROLES, type PortalRole } from '../store-accounts.js';
import type { PagesDeps } from './pages.js';
import type { PortalAuth } from './portal-auth.js';
import { parseAddresses, type PortalKit } from './portal-notifications.js';
import { pickLang, t } from './text.js';

export function registerPortalUsers(portal: FastifyInstance, deps: PagesDeps, kit: PortalKit, auth: PortalAuth): void {
  const { store } = deps;
  const { shell } = kit;

  const usersPage = async (request: FastifyRequest, reply: FastifyReply, notice: Html | '' = '', status = 200) => {
    const lang = pickLang(request);
    const users = await store.listPortalUsers();
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'users'),
        html`
<h1>${t(lang, 'users')}</h1>
${notice}
<table><thead><tr><th>${t(lang, 'email')}</th><th>${t(lang, 'role')}</th><th>${t(lang, 'status')}</th></tr></thead><tbody>
${users.map((u) => html`<tr><td>${bdi(u.email)}</td><td>${t(lang, `role_${u.role}`)}</td><td><span class="status status-${u.active ? 'complete' : 'inProgress'}">${t(lang, u.active ? 'userActive' : 'userInvited')}</span></td></tr>`)}
</tbody></table>
<form method="post" action="/portal/users?lang=${lang}" class="inline">
<h2>${t(lang, 'inviteUser')}</h2>
<label>${t(lang, 'email')} <input name="email" type="email" required maxlength="254" autocomplete="off"></label>
<label>${t(lang, 'role')} <select name="role">${PORTAL_ROLES.map((r) => html`<option value="${r}"${r === 'manager' ? ' selected' : ''}>${t(lang, `role_${r}`)}</option>`)}</select></label>
<label>${t(lang, 'language')} <select name="locale"><option value="en"${lang === 'en' ? ' selected' : ''}>English</option><option value="fr"${lang === 'fr' ? ' selected' : ''}>Français</option></select></label>
<button>${t(lang, 'sendInvite')}</button>
</form>
<p><small>${t(lang, 'rolesHelp')}</small></p>`,
      ),
      { status },
    );
  };

  portal.get('/portal/users', async (request, reply) => usersPage(request, reply));

  portal.post<{ Body: Record<string, string> }>('/portal/users', async (request, reply) => {
    const lang = pickLang(request);
    const addresses = parseAddresses(String(request.body?.['email'] ?? ''));
    const role: PortalRole | undefined = PORTAL_ROLES.find((r) => r === request.body?.['role']);
    if (!addresses || addresses.length !== 1) return usersPage(request, reply, html`<p class="notice" role="alert">${t(lang, 'invalidEmail')}</p>`, 422);
    if (!role) return usersPage(request, reply, html`<p class="notice" role="alert">${t(lang, 'invalidRole')}</p>`, 422);
    const email = addresses[0]!;
    const existing = await store.portalCredentialOf(email);
    if (existing?.user.active) return usersPage(request, reply, html`<p class="notice" role="alert">${t(lang, 'userExists')}</p>`, 409);
    const locale = request.body?.['locale'] === 'fr' ? 'fr' : request.body?.['locale'] === 'en' ? 'en' : lang;
    const { token, expiresAt } = await store.createPortalInvite(email, role, auth.session(request).user.id, PORTAL_INVITE_TTL_MS);
    const url = `${deps.publicUrl()}/portal/invite/${token}?lang=${locale}`;
    await store.enqueueEmail(
      'invite',
      locale,
      [normalEmail(email)],
      { url, role, invitedBy: auth.session(request).user.email, expiresAt: new Date(expiresAt).toISOString() },
      null,
    );
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'users'),
        html`
<h1>${t(lang, 'inviteSent')}</h1>
<p>${t(lang, 'inviteOnce')}</p>
<p><input readonly class="link-url" id="invite" value="${url}" aria-label="${t(lang, 'inviteLink')}"> <button type="button" class="copy" data-copy="invite">${t(lang, 'copy')}</button></p>
<p><a href="/portal/users?lang=${lang}">← ${t(lang, 'users')}</a> · <a href="/portal/outbox?lang=${lang}">${t(lang, 'outbox')}</a></p>`,
      ),
      { status: 201 },
    );
  });
}
