/**
 * The drop-in entry: `<script type="module" src=".../codat-link.js">` and `<codat-link>` works.
 * Built by vite into dist/cdn/codat-link.js. It carries the shell, the journey machine and the
 * English messages; each step, the French messages, the sandbox backend, the HTTP adapter and
 * the upload code are chunks loaded when needed.
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
