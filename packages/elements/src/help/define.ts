/**
 * Registers `<codat-link-help>` (once). `<codat-link>` imports this module when *Questions?* is first
 * pressed, and the consent and disclaimer steps with their chunks: the answers never weigh on the
 * first screen.
 */
import { CodatLinkHelp } from './help-panel.js';

if (!customElements.get('codat-link-help')) customElements.define('codat-link-help', CodatLinkHelp);

export { CodatLinkHelp };

declare global {
  interface HTMLElementTagNameMap {
    'codat-link-help': CodatLinkHelp;
  }
}
