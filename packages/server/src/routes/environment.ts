/** The environment badge and switch, shared by the hosted Link page and the portal. */
import { html, type Html } from '../html.js';
import { ENVIRONMENTS, type Environment } from '../storage.js';
import { t, type Lang } from './text.js';

/** `?env=` of a portal page: the sandbox unless production is asked for. */
export function pickEnvironment(query: unknown): Environment {
  return (query as { env?: unknown } | undefined)?.env === 'production' ? 'production' : 'sandbox';
}

/** A visible badge naming the environment ("Sandbox" / "Production"). */
export function environmentBadge(lang: Lang, environment: Environment): Html {
  return html`<span class="env-badge env-${environment}">${t(lang, environment === 'sandbox' ? 'envSandbox' : 'envProduction')}</span>`;
}

/** Two links, the current one marked: the portal pages that list by environment (companies, funnel). */
export function environmentSwitch(lang: Lang, current: Environment, path: string): Html {
  return html`<nav class="env-switch" aria-label="${t(lang, 'environment')}">${ENVIRONMENTS.map((env) => html`<a href="${path}?env=${env}&amp;lang=${lang}"${env === current ? html` aria-current="page"` : ''}>${t(lang, env === 'sandbox' ? 'envSandbox' : 'envProduction')}</a>`)}</nav>`;
}
