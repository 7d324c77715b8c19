/**
 * HTML for the sandbox, the hosted Link page and the portal. Every value from a user goes
 * through `escapeHtml`; pages load their styles and scripts from files, so the CSP needs no
 * 'unsafe-inline'.
 */
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

/** Tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/**
 * Text someone typed (entity and company names, a consent version), isolated for bidi: a
 * right-to-left override inside it (`\u202Egnp.exe`) cannot reorder the text around it.
 */
export function bdi(text: unknown): Html {
  return html`<bdi>${text}</bdi>`;
}

export interface PageOptions {
  title: string;
  lang?: 'en' | 'fr';
  styles?: string[];
  scripts?: string[];
  /** Data for the page's script: inert JSON that no browser executes. */
  data?: unknown;
  /** The pop-up callback must keep its opener, so it cannot isolate itself with COOP. */
  keepOpener?: boolean;
}

/** JSON inside <script type="application/json">: `<` is escaped so the data cannot close the tag. */
const inertJson = (data: unknown): string => JSON.stringify(data).replace(/</g, '\\u003c');

export function page(options: PageOptions, body: Html): string {
  const styles = (options.styles ?? ['/static/portal.css']).map((href) => html`<link rel="stylesheet" href="${href}">`);
  const scripts = (options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`);
  const data = options.data === undefined ? '' : `<script type="application/json" id="page-data">${inertJson(options.data)}</script>`;
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${styles.join('\n')}
${data}
${scripts.join('\n')}
</head>
<body>
${body.value}
</body>
</html>
`;
}

const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
];
export const CSP = CSP_DIRECTIVES.join('; ');

/** `formAction`: origins a form may end up at after redirects (the sandbox sends the customer back). */
export function cspFor(formAction: readonly string[] = []): string {
  if (formAction.length === 0) return CSP;
  return CSP_DIRECTIVES.map((d) => (d.startsWith('form-action') ? `${d} ${formAction.join(' ')}` : d)).join('; ');
}

/**
 * Referrer-Policy is `same-origin`, not `no-referrer`: under `no-referrer` browsers send
 * `Origin: null` on form posts, and the sandbox and portal check the Origin of every post.
 * Nothing leaves for another origin either way.
 */
export const REFERRER_POLICY = 'same-origin';

export function sendPage(
  reply: FastifyReply,
  body: string,
  options: { keepOpener?: boolean; status?: number; formAction?: readonly string[] } = {},
): FastifyReply {
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', cspFor(options.formAction))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', REFERRER_POLICY)
    .header('x-frame-options', 'DENY')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    .header('cross-origin-opener-policy', options.keepOpener ? 'unsafe-none' : 'same-origin-allow-popups')
    .header('cache-control', 'no-store')
    .send(body);
}
