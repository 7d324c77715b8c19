/**
 * How every journey story renders `<codat-link>`: a fresh sandbox MemoryBackend from the loader (so a
 * play function can check what reached it), a session of its own, and the toolbar's theme and locale.
 */
import { html } from 'lit';
import { MemoryBackend, type DataType, type LinkBackend, type LinkConfigInput, type MemoryBackendOptions } from '@codat-link/core';
import { linkTheme, storyLocale, storyTheme } from '../support/theme.js';

export interface JourneyArgs {
  request: string;
  options: Partial<LinkConfigInput>;
  /** `modal` opens it at once, in a dialog. */
  mode?: 'inline' | 'modal';
}

export interface JourneyLoaded {
  backend: MemoryBackend;
  sessionToken: string;
}

/** Latency a person notices (the busy bar shows) without slowing the story check. */
const SANDBOX_LATENCY_MS = 60;

/** `parameters.sandbox` adds MemoryBackend options to a story (injected failures, say). */
export const sandboxLoader = ({ args, parameters }: { args: Partial<JourneyArgs>; parameters: Record<string, unknown> }): JourneyLoaded => {
  const dataTypes = (args.request ?? 'spendAnalysis').split(/\s+/).filter(Boolean) as DataType[];
  return {
    backend: new MemoryBackend({
      latencyMs: SANDBOX_LATENCY_MS,
      request: { dataTypes, companyName: 'Acme Group' },
      ...(parameters['sandbox'] as MemoryBackendOptions | undefined),
    }),
    sessionToken: `story-${Math.random().toString(36).slice(2)}`,
  };
};

export function renderJourney(args: JourneyArgs, context: { loaded: Record<string, unknown>; globals: Record<string, unknown> }) {
  const { backend, sessionToken } = context.loaded as unknown as JourneyLoaded;
  return html`<codat-link
    session-token=${sessionToken}
    request=${args.request}
    mode=${args.mode ?? 'inline'}
    ?open=${args.mode === 'modal'}
    locale=${storyLocale(context.globals['locale'])}
    .theme=${linkTheme(storyTheme(context.globals['theme']))}
    .backend=${backend}
    .options=${args.options}
  ></codat-link>`;
}

export const backendOf = (loaded: Record<string, unknown>) => (loaded as unknown as JourneyLoaded).backend;

/**
 * The same MemoryBackend seen as a partner's own backend (no failure injection): the element then
 * trusts only what the backend says of the request, such as its environment.
 */
export function asPartnerBackend(memory: MemoryBackend): LinkBackend {
  const backend: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(MemoryBackend.prototype)) {
    const method: unknown = (memory as unknown as Record<string, unknown>)[name];
    if (name !== 'constructor' && name !== 'injectFailure' && typeof method === 'function')
      backend[name] = (method as (...args: unknown[]) => unknown).bind(memory);
  }
  return backend as unknown as LinkBackend;
}
