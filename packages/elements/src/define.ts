/**
 * Registers every tag of `@codat-link/elements`. Importing this module is the side effect;
 * a tag already defined (two copies of the package on one page) is left alone.
 */
import { CodatLinkChecklist } from './steps/checklist/checklist.js';
import { CodatLinkProvisionMethod } from './steps/provision-method/provision-method.js';
import { CodatLinkEntityCount } from './steps/entity-count/entity-count.js';
import { CodatLinkEntityName } from './steps/entity-name/entity-name.js';
import { CodatLinkSoftwareSelection } from './steps/software-selection/software-selection.js';
import { CodatLinkConsent } from './steps/consent/consent.js';
import { CodatLinkDisclaimer } from './steps/disclaimer/disclaimer.js';
import { CodatLinkConnecting } from './steps/connecting/connecting.js';
import { CodatLinkEntityComplete } from './steps/entity-complete/entity-complete.js';
import { CodatLinkSummary } from './steps/summary/summary.js';
import { CodatLinkError } from './steps/error/error.js';
import { CodatLink } from './codat-link/codat-link.js';
import { addCoreCatalog } from './i18n/localizer.js';
import { fr } from './i18n/fr.js';

// The eager registration carries every locale; the drop-in entry loads them on demand.
addCoreCatalog('fr', fr);

export const TAGS = {
  'codat-link': CodatLink,
  'codat-link-checklist': CodatLinkChecklist,
  'codat-link-provision-method': CodatLinkProvisionMethod,
  'codat-link-entity-count': CodatLinkEntityCount,
  'codat-link-entity-name': CodatLinkEntityName,
  'codat-link-software-selection': CodatLinkSoftwareSelection,
  'codat-link-consent': CodatLinkConsent,
  'codat-link-disclaimer': CodatLinkDisclaimer,
  'codat-link-connecting': CodatLinkConnecting,
  'codat-link-entity-complete': CodatLinkEntityComplete,
  'codat-link-summary': CodatLinkSummary,
  'codat-link-error': CodatLinkError,
} as const;

for (const [tag, element] of Object.entries(TAGS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'codat-link': CodatLink;
    'codat-link-checklist': CodatLinkChecklist;
    'codat-link-provision-method': CodatLinkProvisionMethod;
    'codat-link-entity-count': CodatLinkEntityCount;
    'codat-link-entity-name': CodatLinkEntityName;
    'codat-link-software-selection': CodatLinkSoftwareSelection;
    'codat-link-consent': CodatLinkConsent;
    'codat-link-disclaimer': CodatLinkDisclaimer;
    'codat-link-connecting': CodatLinkConnecting;
    'codat-link-entity-complete': CodatLinkEntityComplete;
    'codat-link-summary': CodatLinkSummary;
    'codat-link-error': CodatLinkError;
  }
}
