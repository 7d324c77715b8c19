/**
 * What `<codat-link>` provides to its tree. Keys are `Symbol.for(...)` so two copies of this
 * package on one page (a partner bundle and the CDN build) still find each other's providers.
 */
import { createContext } from '@lit/context';
import type { Localizer } from './i18n/localizer.js';
import type { HelpSettings } from './help/help-settings.js';

/** The localizer every step reads its texts through (LocalizedElement consumes it). */
export const localizerContext = createContext<Localizer>(Symbol.for('codat-link.localizer'));

/** The partner's help settings (`help`, policy links), read by `<codat-link-help>` in the panel and in steps. */
export const helpContext = createContext<HelpSettings>(Symbol.for('codat-link.help'));
