/**
 * A sandbox accounting platform for direct connections, shaped like an OAuth provider:
 * authorize page → callback with a code → the connection is linked, then the customer goes back
 * by postMessage to the exact partner origin (pop-up) or by redirect (mobile).
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { bdi, html, page, sendPage } from '../html.js';
import { secretEquals } from '../secrets.js';
import type { PagesDeps } from './pages.js';
import { acceptForms } from './forms.js';
import { pickLang, t } from './text.js';

/** postMessage payload type the element listens for. */
export const CONNECTION_MESSAGE_TYPE = 'codat-link:connection';

export function registerSandbox(app: FastifyInstance, deps: PagesDeps): void {
  // The code is bound to the state by a key every instance on the database shares: the
  // authorize form may post to one instance and the callback land on another.
  let key: Promise<Buffer> | undefined;
  const keyOf = () =>
    (key ??= deps.store.secret('sandbox-oauth-code').catch((error: unknown) => {
      key = undefined;
      throw error;
    }));
  const codeFor = async (state: string) =>
    createHmac('sha256', await keyOf())
      .update(state)
      .digest('base64url');
  const selfOrigin = () => new URL(deps.publicUrl()).origin;

  // Forms are parsed only here and in the portal: the JSON API takes JSON only.
  acceptForms(app);

  const expired = (reply: FastifyReply, lang: 'en' | 'fr') =>
    sendPage(
      reply,
      page(
        { title: t(lang, 'sandboxTitle'), lang },
        html`<main class="narrow"><h1>${t(lang, 'sandboxTitle')}</h1><p role="alert">${t(lang, 'sandboxExpired')}</p></main>`,
      ),
      { status: 404, keepOpener: true },
    );

  app.get<{ Querystring: { state?: string } }>('/sandbox/authorize', async (request, reply) => {
    const lang = pickLang(request);
    const state = request.query.state ?? '';
    const connection = state ? await deps.store.connectionByState(state) : undefined;
    if (!connection || connection.status !== 'pending') return expired(reply, lang);
    // The books read are the entity's: with several entities, that is not the company's own name.
    const entity = await deps.store.requireEntity(connection.requestId, connection.entityId).catch(() => undefined);
    const companyName = entity?.name ?? (await deps.store.getRequest(connection.requestId))?.companyName ?? '';
    const body = page(
      { title: t(lang, 'sandboxTitle'), lang },
      html`<main class="narrow sandbox">
<h1>${t(lang, 'sandboxTitle')}</h1>
<p>${t(lang, 'sandboxIntro')}</p>
<form method="post" action="/sandbox/authorize?lang=${lang}">
<input type="hidden" name="state" value="${state}">
<label>${t(lang, 'sandboxUser')} <input name="username" autocomplete="username" required value="demo"></label>
<label>${t(lang, 'sandboxPassword')} <input name="password" type="password" autocomplete="current-password"></label>
<p><strong>${bdi((await deps.store.getBranding()).partnerName ?? deps.mailer.partnerName)}</strong> ${t(lang, 'sandboxAsks')} <strong>${bdi(companyName)}</strong>.</p>
<div class="actions"><button name="decision" value="allow">${t(lang, 'allow')}</button> <button name="decision" value="deny" class="secondary">${t(lang, 'deny')}</button></div>
</form>
</main>`,
    );
    // The form posts here, then the callback may redirect to the partner: form-action must allow both.
    // The pop-up must keep its cross-origin opener from the first page on: no COOP isolation.
    return sendPage(reply, body, { formAction: deps.allowedOrigins(), keepOpener: true });
  });

  app.post<{ Body: { state?: string; decision?: string } }>('/sandbox/authorize', async (request, reply) => {
    const lang = pickLang(request);
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== selfOrigin()) return expired(reply, lang);
    const state = String(request.body?.state ?? '');
    const connection = state ? await deps.store.connectionByState(state) : undefined;
    if (!connection || connection.status !== 'pending') return expired(reply, lang);
    const query = new URLSearchParams({ state, lang });
    if (request.body?.decision === 'allow') query.set('code', await codeFor(state));
    else query.set('error', 'access_denied');
    return reply.redirect(`/sandbox/callback?${query}`, 303);
  });

  app.get<{ Querystring: { state?: string; code?: string; error?: string } }>('/sandbox/callback', async (request, reply) => {
    const lang = pickLang(request);
    const state = request.query.state ?? '';
    const connection = state ? await deps.store.connectionByState(state) : undefined;
    if (!connection || connection.status !== 'pending') return expired(reply, lang);
    const code = request.query.code;
    const status = code !== undefined && secretEquals(code, await codeFor(state)) ? 'linked' : 'cancelled';
    // Wakes the long-poll waiting for it, on whichever instance it waits.
    await deps.store.settleConnection(connection.id, status);

    let back: string | undefined;
    if (connection.redirectUri) {
      const url = new URL(connection.redirectUri);
      url.searchParams.set('codatLinkConnectionId', connection.id);
      url.searchParams.set('codatLinkStatus', status);
      back = url.toString();
    }
    // Redirect only: no script needed. With an opener origin too, only the browser knows whether
    // this is a pop-up (it has an opener) or a full-page redirect, so the page's script decides.
    if (back && !connection.openerOrigin) return reply.header('referrer-policy', 'no-referrer').redirect(back, 303);
    const message = t(lang, status === 'linked' ? 'sandboxDoneLinked' : 'sandboxDoneCancelled');
    const body = page(
      {
        title: t(lang, 'sandboxTitle'),
        lang,
        scripts: ['/static/sandbox-callback.js'],
        // The target origin was checked against the partner's allowed origins when the connection started.
        data: {
          targetOrigin: connection.openerOrigin ?? selfOrigin(),
          message: { type: CONNECTION_MESSAGE_TYPE, connectionId: connection.id, status },
          ...(back ? { redirectUrl: back } : {}),
        },
      },
      html`<main class="narrow"><h1>${t(lang, 'sandboxTitle')}</h1><p role="status">${message}</p>${back ? html`<p><a href="${back}">${t(lang, 'back')}</a></p>` : ''}</main>`,
    );
    return sendPage(reply, body, { keepOpener: true });
  });
}
