/**
 * What `<codat-link>` provides to its tree. Keys are `Symbol.for(...)` so two copies of this
 * package on one page (a partner bundle and the CDN build) still find each other's providers.
 */
import { createContext } from '@lit/context';
import type { LinkBackend } from '@codat-link/core';
import type { Localizer } from './i18n/localizer.js';
import type { ResolvedTheme } from './theme/theme.js';

export const backendContext = createContext<LinkBackend | undefined>(Symbol.for('codat-link.backend'));
export const localizerContext = createContext<Localizer>(Symbol.for('codat-link.localizer'));
export const themeContext = createContext<ResolvedTheme>(Symbol.for('codat-link.theme'));
