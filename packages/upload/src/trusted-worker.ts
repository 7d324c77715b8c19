/**
 * Starting a Worker is a Trusted Types sink: on a page whose CSP says
 * `require-trusted-types-for 'script'`, `new Worker(url)` with a plain URL throws. The intake hands
 * its worker's script URL over through a policy of its own, named {@link TRUSTED_TYPES_POLICY}, that
 * vouches only for scripts from the page's own origin (the only ones a browser starts as workers).
 */

/** The policy name to list in a `trusted-types` CSP directive, beside Lit's `lit-html`. */
export const TRUSTED_TYPES_POLICY = 'codat-link';

interface ScriptUrlPolicy {
  createScriptURL(input: string): unknown;
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): ScriptUrlPolicy;
}

/** The policy's one rule: a script URL from this page's origin (blob: URLs carry their creator's). */
function sameOriginScript(input: string): string {
  const url = new URL(input, globalThis.location.href);
  if (url.origin !== globalThis.location.origin) {
    throw new TypeError(`codat-link starts workers from this page's origin only, not ${url.origin}`);
  }
  return url.href;
}

// undefined: not asked yet; null: the page has no Trusted Types; an Error: the page refused the policy.
let policy: ScriptUrlPolicy | Error | null | undefined;

function scriptUrlPolicy(): ScriptUrlPolicy | null {
  if (policy === undefined) {
    const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
    try {
      policy = factory ? factory.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: sameOriginScript }) : null;
    } catch (error) {
      // A `trusted-types` directive that does not list the name (or a second copy of the package on
      // the page): keep the refusal, so the page's report is made once, not at every file.
      policy = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (policy instanceof Error) throw policy;
  return policy;
}

let trustedWorker: typeof Worker | undefined;

/**
 * `Worker`, with its script URL passed through the policy when the page has Trusted Types. Call
 * sites bind it to a local named `Worker`, so bundlers that look for the text
 * `new Worker(new URL('…', import.meta.url))` (Vite) still find and bundle the worker script.
 * Built on first use: Node has no `Worker` global to extend.
 */
export function trustedWorkerClass(): typeof Worker {
  trustedWorker ??= class extends globalThis.Worker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const trusted = scriptUrlPolicy()?.createScriptURL(String(url));
      // A TrustedScriptURL is what the constructor takes under Trusted Types; the DOM types predate them.
      super((trusted ?? url) as string | URL, options);
    }
  };
  return trustedWorker;
}
