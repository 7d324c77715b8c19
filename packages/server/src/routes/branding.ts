/**
 * The admin's Branding page (partner name, logo, primary colour, default locale), the logo as
 * the server serves it, and the theme the hosted page and `GET /v1/request` derive from it.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  checkLogo,
  contrastRatio,
  DARK_SURFACE,
  LIGHT_SURFACE,
  LOGO_MAX_ASPECT,
  LOGO_MAX_BYTES,
  LOGO_MAX_SIDE,
  LOGO_MIN_SIDE,
  LogoError,
  MIN_CONTRAST,
  normalColor,
  type LogoRefusal,
} from '../branding.js';
import { html, sendPage, type Html } from '../html.js';
import type { Storage } from '../storage.js';
import type { BrandingPatch, BrandingRow } from '../store-accounts.js';
import type { PagesDeps } from './pages.js';
import type { PortalKit } from './portal-notifications.js';
import { pickLang, t, type Lang, type TextKey } from './text.js';

/** The theme `<codat-link>` takes (packages/elements theme schema), from the stored branding. */
export interface BrandTheme {
  partnerName?: string;
  logoUrl?: string;
  tokens?: { 'color-primary'?: string; 'color-focus'?: string };
}

export const logoUrl = (publicUrl: string, branding: BrandingRow): string | undefined =>
  branding.logo ? `${publicUrl}/branding/logo?v=${branding.logo.hash}` : undefined;

export function brandTheme(publicUrl: string, branding: BrandingRow): BrandTheme {
  const logo = logoUrl(publicUrl, branding);
  return {
    ...(branding.partnerName ? { partnerName: branding.partnerName } : {}),
    ...(logo ? { logoUrl: logo } : {}),
    ...(branding.primaryColor ? { tokens: { 'color-primary': branding.primaryColor, 'color-focus': branding.primaryColor } } : {}),
  };
}

const REFUSAL_TEXT: Record<LogoRefusal, TextKey> = {
  tooLarge: 'logoTooLarge',
  notImage: 'logoNotImage',
  unreadable: 'logoUnreadable',
  tooSmall: 'logoTooSmall',
  tooBig: 'logoTooBig',
  aspect: 'logoAspect',
};
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? ''));
const ratioText = (ratio: number, lang: Lang) => ratio.toFixed(2).replace('.', lang === 'fr' ? ',' : '.');

/** The logo, public (the hosted page and the partner's own page show it), with the headers its kind needs. */
export function registerLogo(app: FastifyInstance, store: Storage): void {
  app.get('/branding/logo', async (_request, reply) => {
    const logo = await store.brandingLogo();
    if (!logo) {
      reply.callNotFound();
      return reply;
    }
    reply.type(logo.type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=300').header('etag', `"${logo.hash}"`);
    // Opened on its own, an SVG is a document: no script, no fetch, only its own inline styles.
    if (logo.type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return reply.send(logo.bytes);
  });
  // The hosted page's brand colour, as a stylesheet: its CSP allows styles from files only.
  app.get('/branding/theme.css', async (_request, reply) => {
    const { primaryColor } = await store.getBranding();
    const color = primaryColor && normalColor(primaryColor);
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(color ? `:root { --brand-primary: ${color}; }\n` : '');
  });
}

interface Field {
  value?: unknown;
}
interface UploadedFile {
  toBuffer?: () => Promise<Buffer>;
  _buf?: Buffer;
  truncated?: boolean;
  filename?: string;
}

export function registerBrandingPages(portal: FastifyInstance, deps: PagesDeps, kit: PortalKit): void {
  const { store } = deps;
  const { shell } = kit;
  // Multipart for the logo, in the portal's scope only. A file past the limit is cut and flagged,
  // so the page can say why instead of a bare 413.
  void portal.register(multipart, { attachFieldsToBody: true, throwFileSizeLimit: false, limits: { fileSize: LOGO_MAX_BYTES + 1, files: 1, fields: 10 } });

  const brandingPage = async (request: FastifyRequest, reply: FastifyReply, problems: Html[] = [], status = 200, saved = false) => {
    const lang = pickLang(request);
    const branding = await store.getBranding();
    const logo = logoUrl(deps.publicUrl(), branding);
    const color = branding.primaryColor ?? '#1d4ed8';
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'branding'),
        html`
<h1>${t(lang, 'branding')}</h1>
${saved ? html`<p class="notice ok" role="status">${t(lang, 'brandingSaved')}</p>` : ''}
${problems.map((p) => html`<p class="notice" role="alert">${p}</p>`)}
<form method="post" action="/portal/branding?lang=${lang}" enctype="multipart/form-data" class="stacked">
<label>${t(lang, 'partnerName')} <input name="partnerName" maxlength="100" value="${branding.partnerName ?? ''}"></label>
<fieldset><legend>${t(lang, 'logo')}</legend>
${
  logo
    ? html`<p><img class="logo-preview" src="${logo}" alt="${t(lang, 'currentLogo')}" width="${branding.logo!.width}" height="${branding.logo!.height}"></p>
<label class="check"><input type="checkbox" name="removeLogo" value="1"> ${t(lang, 'removeLogo')}</label>`
    : html`<p>${t(lang, 'noLogo')}</p>`
}
<label>${t(lang, 'uploadLogo')} <input name="logo" type="file" accept="image/png,image/jpeg,image/svg+xml" aria-describedby="logo-help"></label>
<p id="logo-help"><small>${fill(t(lang, 'logoHelp'), { max: LOGO_MAX_BYTES / 1024 / 1024, min: LOGO_MIN_SIDE, maxSide: LOGO_MAX_SIDE, aspect: LOGO_MAX_ASPECT })}</small></p>
</fieldset>
<label>${t(lang, 'primaryColor')} <input name="primaryColor" type="color" value="${color}" aria-describedby="color-help"></label>
<p id="color-help"><small>${fill(t(lang, 'colorHelp'), { min: MIN_CONTRAST, light: ratioText(contrastRatio(color, LIGHT_SURFACE), lang), dark: ratioText(contrastRatio(color, DARK_SURFACE), lang) })}</small></p>
<label>${t(lang, 'defaultLocale')} <select name="defaultLocale"><option value="en"${branding.defaultLocale === 'en' ? ' selected' : ''}>English</option><option value="fr"${branding.defaultLocale === 'fr' ? ' selected' : ''}>Français</option></select></label>
<button>${t(lang, 'save')}</button>
</form>`,
      ),
      { status },
    );
  };

  portal.get('/portal/branding', async (request, reply) => brandingPage(request, reply, [], 200, (request.query as { saved?: string }).saved === '1'));

  portal.post<{ Body: Record<string, Field | UploadedFile | undefined> }>('/portal/branding', async (request, reply) => {
    const lang = pickLang(request);
    const body = request.body ?? {};
    const text = (name: string) => {
      const field = body[name] as Field | undefined;
      return typeof field?.value === 'string' ? field.value : undefined;
    };
    const problems: Html[] = [];
    const patch: BrandingPatch = {};

    const name = text('partnerName');
    if (name !== undefined) {
      const trimmed = name.trim();
      if (trimmed.length > 100) problems.push(html`${t(lang, 'partnerNameTooLong')}`);
      else patch.partnerName = trimmed === '' ? null : trimmed;
    }

    const colorText = text('primaryColor');
    if (colorText !== undefined) {
      const color = normalColor(colorText);
      if (!color) problems.push(html`${t(lang, 'colorInvalid')}`);
      else {
        // The colour fills buttons under white text and colours links on white: 4.5:1 there, or refused.
        const light = contrastRatio(color, LIGHT_SURFACE);
        if (light < MIN_CONTRAST)
          problems.push(html`${fill(t(lang, 'colorLowContrast'), { color, ratio: ratioText(light, lang), min: MIN_CONTRAST, surface: LIGHT_SURFACE })}`);
        else patch.primaryColor = color;
      }
    }

    const locale = text('defaultLocale');
    if (locale === 'en' || locale === 'fr') patch.defaultLocale = locale;

    const file = body['logo'] as UploadedFile | undefined;
    const bytes = file && typeof file.toBuffer === 'function' ? await file.toBuffer() : undefined;
    if (file?.truncated || (file as { file?: { truncated?: boolean } } | undefined)?.file?.truncated || (bytes && bytes.length > LOGO_MAX_BYTES))
      problems.push(html`${fill(t(lang, 'logoTooLarge'), { max: LOGO_MAX_BYTES / 1024 / 1024 })}`);
    else if (bytes && bytes.length > 0) {
      try {
        const checked = checkLogo(bytes);
        patch.logo = { ...checked, bytes };
      } catch (error) {
        if (!(error instanceof LogoError)) throw error;
        problems.push(
          html`${fill(t(lang, REFUSAL_TEXT[error.reason]), { max: LOGO_MAX_BYTES / 1024 / 1024, min: LOGO_MIN_SIDE, maxSide: LOGO_MAX_SIDE, aspect: LOGO_MAX_ASPECT, ...error.detail })}`,
        );
      }
    } else if (text('removeLogo') === '1') patch.logo = null;

    // All or nothing: a refused field keeps the page as it was, with every reason.
    if (problems.length > 0) return brandingPage(request, reply, problems, 422);
    await store.saveBranding(patch);
    return reply.redirect(`/portal/branding?lang=${lang}&saved=1`, 303);
  });
}
