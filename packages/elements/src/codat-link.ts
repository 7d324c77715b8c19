/**
 * Defines `<codat-link>`. In the drop-in bundle this is the first chunk the drop-in script
 * (cdn-entry.ts, built to dist/cdn/codat-link.js) preloads and awaits: the shell, the journey
 * machine and the English messages; each step, the French messages, the sandbox backend, the HTTP
 * adapter and the upload code are chunks loaded when needed.
 */
import { CodatLink } from './codat-link/codat-link.js';

if (!customElements.get('codat-link')) customElements.define('codat-link', CodatLink);

export { CodatLink };
export * from './events.js';

declare global {
  interface HTMLElementTagNameMap {
    'codat-link': CodatLink;
  }
}
