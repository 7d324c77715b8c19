import type { JourneyStep } from '@codat-link/core';
import { STEP_TAGS } from './tags.js';

type Loaded = Promise<unknown>;

function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

/**
 * Each step's code is its own chunk, loaded when the journey reaches it: the drop-in script
 * carries the shell and the machine, not ten screens. With `define.js` imported (npm use), the
 * tags exist already and these imports resolve from the module cache.
 */
const LOADERS: Record<keyof typeof STEP_TAGS, () => Loaded> = {
  checklist: () => import('./checklist/checklist.js').then((m) => define(STEP_TAGS.checklist, m.CodatLinkChecklist)),
  provisionMethod: () => import('./provision-method/provision-method.js').then((m) => define(STEP_TAGS.provisionMethod, m.CodatLinkProvisionMethod)),
  entityCount: () => import('./entity-count/entity-count.js').then((m) => define(STEP_TAGS.entityCount, m.CodatLinkEntityCount)),
  entityName: () => import('./entity-name/entity-name.js').then((m) => define(STEP_TAGS.entityName, m.CodatLinkEntityName)),
  softwareSelection: () => import('./software-selection/software-selection.js').then((m) => define(STEP_TAGS.softwareSelection, m.CodatLinkSoftwareSelection)),
  consent: () => import('./consent/consent.js').then((m) => define(STEP_TAGS.consent, m.CodatLinkConsent)),
  connecting: () => import('./connecting/connecting.js').then((m) => define(STEP_TAGS.connecting, m.CodatLinkConnecting)),
  disclaimer: () => import('./disclaimer/disclaimer.js').then((m) => define(STEP_TAGS.disclaimer, m.CodatLinkDisclaimer)),
  // The upload steps (issue 7) register their own tags.
  uploadSuppliers: () => import('../upload/define.js'),
  uploadBills: () => import('../upload/define.js'),
  manualUpload: () => import('../upload/define.js'),
  entityComplete: () => import('./entity-complete/entity-complete.js').then((m) => define(STEP_TAGS.entityComplete, m.CodatLinkEntityComplete)),
  summary: () => import('./summary/summary.js').then((m) => define(STEP_TAGS.summary, m.CodatLinkSummary)),
  error: () => import('./error/error.js').then((m) => define(STEP_TAGS.error, m.CodatLinkError)),
};

const loading = new Map<string, Loaded>();

/** Loads (once) the component of a step; resolves when its tag is defined. */
export function loadStep(step: JourneyStep): Loaded {
  if (!(step in LOADERS)) return Promise.resolve();
  const key = step as keyof typeof STEP_TAGS;
  let pending = loading.get(key);
  if (!pending) {
    pending = LOADERS[key]().then(() => customElements.whenDefined(STEP_TAGS[key]));
    loading.set(key, pending);
  }
  return pending;
}
