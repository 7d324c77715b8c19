import type { LinkBackend } from '@codat-link/core';
import type { EarlyResponse } from '@codat-link/adapter-http';

/** Turns `base-url` + `session-token` into a backend (see `CodatLink.loadHttpBackend`). */
export type HttpBackendLoader = (options: { baseUrl: string; sessionToken: string; companyId?: string }) => Promise<LinkBackend>;

export interface ResolvedBackend {
  backend: LinkBackend;
  /** An in-memory sandbox: the shell says so, and direct connections are simulated. */
  sandbox: boolean;
}

/** The in-memory sandbox (MemoryBackend) can be told to fail; no real backend can. */
function isSandbox(backend: LinkBackend): boolean {
  return typeof (backend as { injectFailure?: unknown }).injectFailure === 'function';
}

/**
 * The one way to the network: the `backend` property if set; else the HTTP adapter for
 * `base-url` + `session-token`; else the sandbox. The last two are lazy chunks.
 */
export async function resolveBackend(
  from: { backend?: LinkBackend | undefined; baseUrl?: string | undefined; sessionToken?: string | undefined; companyId?: string | undefined },
  loadHttpBackend: HttpBackendLoader,
): Promise<ResolvedBackend> {
  if (from.backend) return { backend: from.backend, sandbox: isSandbox(from.backend) };
  if (from.baseUrl && from.sessionToken) {
    const backend = await loadHttpBackend({
      baseUrl: from.baseUrl,
      sessionToken: from.sessionToken,
      ...(from.companyId ? { companyId: from.companyId } : {}),
    });
    return { backend, sandbox: false };
  }
  const { MemoryBackend } = await import('./sandbox.js');
  return { backend: new MemoryBackend({ latencyMs: 120 }), sandbox: true };
}

/** What the drop-in script (cdn-entry.ts) leaves for the element: the GETs it sent for a `base-url` + `session-token`. */
export interface EarlyRequests {
  /** Those sent for this pair (sending them now if they were not), handed over once. */
  take(baseUrl: string, sessionToken: string): Map<string, EarlyResponse>;
}

/** The first GETs for the HTTP adapter, when the drop-in script runs the page; else none. */
export function takeEarlyRequests(baseUrl: string, sessionToken: string): Map<string, EarlyResponse> | undefined {
  const requests = (globalThis as Record<symbol, EarlyRequests | undefined>)[Symbol.for('@codat-link/elements:early-requests')];
  return requests?.take(baseUrl, sessionToken);
}
