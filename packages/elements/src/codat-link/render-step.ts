import { html, nothing, type TemplateResult } from 'lit';
import type { JourneySnapshot, JourneyStep, LinkErrorInfo, ReportKind } from '@codat-link/core';
import { MANUAL_UPLOAD_INTEGRATION_KEY } from '@codat-link/core';
import {
  collectedDataTypes,
  currentEntity,
  entityDisplayName,
  entityStatuses,
  errorOn,
  manualFallbackOffered,
  selectedIntegration,
  uploadOf,
  uploadStatus,
} from './journey-view.js';

export interface StepView {
  step: JourneyStep;
  snapshot: JourneySnapshot;
  partnerName: string;
  sandbox: boolean;
  /** The suppliers sent for the current connection (the journey controller keeps them), for the Bills cross-check. */
  suppliers?: readonly Record<string, unknown>[] | undefined;
  /** The origin of the page that posts the authorization result (the backend's); defaults to the auth URL's. */
  callbackOrigin?: string | undefined;
}

/**
 * Parts of the steps re-exported through `<codat-link>`, so a partner stylesheet can write
 * `codat-link::part(heading)`. One step is on screen at a time, so the names need no prefix.
 */
const STEP_PARTS = [
  'step',
  'heading',
  'intro',
  'actions',
  'back',
  'continue',
  'choices',
  'choice',
  'choice-title',
  'choice-body',
  'form',
  'label',
  'input',
  'hint',
  'error',
  'existing',
  'submit',
  'search-label',
  'search',
  'results',
  'list',
  'group',
  'group-label',
  'option',
  'option-logo',
  'option-name',
  'option-kind',
  'empty',
  'cant-find',
  'cant-find-button',
  'table-wrap',
  'data-label',
  'data-list',
  'data-item',
  'purpose-label',
  'purpose',
  'terms',
  'accept',
  'steps',
  'note',
  'status',
  'spinner',
  'open',
  'redirect',
  'cancel',
  'add-another',
  'finish',
  'table',
  'row',
  'done',
  'message',
  'code',
  'reference',
  'retry',
  'close',
  'item',
  'start',
  'help-list',
].join(', ');

/** The upload step's own parts (its JSDoc lists them), re-exported like every other step's. */
const UPLOAD_STEP_PARTS = ['step', 'heading', 'intro', 'instructions', 'template', 'rejection', 'policy', 'send', 'retry'].join(', ');

const UNKNOWN_ERROR: LinkErrorInfo = { code: 'unknown', message: '', userRecoverable: false };

const UPLOAD_KIND: Partial<Record<JourneyStep, ReportKind>> = {
  uploadSuppliers: 'suppliers',
  uploadBills: 'bills',
  manualUpload: 'supplierSpend',
};

export function isUploadStep(step: JourneyStep): boolean {
  return step in UPLOAD_KIND;
}

/** The template of one step, from the snapshot. Loading and closed render no step. */
export function renderStep({ step, snapshot, partnerName, sandbox, suppliers, callbackOrigin }: StepView): TemplateResult | typeof nothing {
  const { context } = snapshot;
  const integration = selectedIntegration(context);
  const entity = currentEntity(context);
  const softwareName = integration?.name ?? '';
  switch (step) {
    case 'checklist':
      return html`<codat-link-checklist exportparts=${STEP_PARTS} .partnerName=${partnerName}></codat-link-checklist>`;
    case 'provisionMethod':
      return html`<codat-link-provision-method exportparts=${STEP_PARTS} ?can-go-back=${snapshot.can({ type: 'BACK' })}></codat-link-provision-method>`;
    case 'entityCount':
      return html`<codat-link-entity-count exportparts=${STEP_PARTS} ?can-go-back=${snapshot.can({ type: 'BACK' })}></codat-link-entity-count>`;
    case 'entityName':
      return html`<codat-link-entity-name exportparts=${STEP_PARTS}
        .existingNames=${context.entities.filter((e) => e.id !== undefined).map((e) => e.name)}
        ?can-go-back=${snapshot.can({ type: 'BACK' })}
      ></codat-link-entity-name>`;
    case 'softwareSelection':
      return html`<codat-link-software-selection exportparts=${STEP_PARTS}
        .integrations=${context.integrations}
        ?show-sandbox=${context.config.integrations.sandbox}
        ?manual-upload-enabled=${manualFallbackOffered(context)}
        .selectedKey=${context.selectedIntegrationKey}
        ?can-go-back=${snapshot.can({ type: 'BACK' })}
      ></codat-link-software-selection>`;
    case 'consent':
      return html`<codat-link-consent exportparts=${STEP_PARTS}
        .dataTypes=${collectedDataTypes(context)}
        .method=${context.selectedIntegrationKey === MANUAL_UPLOAD_INTEGRATION_KEY ? 'manual' : (integration?.kind ?? 'direct')}
        .softwareName=${softwareName}
        .companyName=${entity?.name || context.request?.companyName || ''}
        .partnerName=${partnerName}
        .version=${context.config.consentVersion}
        ?can-go-back=${snapshot.can({ type: 'BACK' })}
      ></codat-link-consent>`;
    case 'connecting':
      return html`<codat-link-connecting exportparts=${STEP_PARTS}
        .softwareName=${softwareName}
        .authUrl=${entity?.authUrl}
        .connectionId=${entity?.connectionId}
        .expectedOrigin=${callbackOrigin}
        ?sandbox=${sandbox}
      ></codat-link-connecting>`;
    case 'disclaimer':
      return html`<codat-link-disclaimer exportparts=${STEP_PARTS} .softwareName=${softwareName} ?can-go-back=${snapshot.can({ type: 'BACK' })}></codat-link-disclaimer>`;
    case 'uploadSuppliers':
    case 'uploadBills':
    case 'manualUpload': {
      const kind = UPLOAD_KIND[step]!;
      return html`<codat-link-upload-step exportparts=${UPLOAD_STEP_PARTS}
        .kind=${kind}
        .integration=${integration}
        .status=${uploadStatus(snapshot, step)}
        .upload=${uploadOf(context, kind)}
        .error=${errorOn(context, step)}
        .rowErrorPolicy=${context.config.rowErrorPolicy}
        .fileLimits=${context.config.fileLimits}
        .suppliers=${kind === 'bills' ? suppliers : undefined}
      ></codat-link-upload-step>`;
    }
    case 'entityComplete':
      return html`<codat-link-entity-complete exportparts=${STEP_PARTS}
        .entityName=${entityDisplayName(context)}
        .softwareName=${softwareName}
        .connectionKind=${entity?.connectionKind ?? 'direct'}
        ?can-add-another=${snapshot.can({ type: 'ADD_ENTITY' })}
      ></codat-link-entity-complete>`;
    case 'summary':
      return html`<codat-link-summary exportparts=${STEP_PARTS} .entities=${entityStatuses(context)} .integrations=${context.integrations} .partnerName=${partnerName}></codat-link-summary>`;
    case 'error':
      return html`<codat-link-error exportparts=${STEP_PARTS} .error=${context.error ?? UNKNOWN_ERROR}></codat-link-error>`;
    case 'loading':
    case 'closed':
      return nothing;
  }
}
