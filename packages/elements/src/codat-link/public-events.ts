import type { JourneyEmitted, JourneySnapshot, JourneyStep } from '@codat-link/core';
import {
  CodatLinkConnectionEvent,
  CodatLinkConsentEvent,
  CodatLinkErrorEvent,
  CodatLinkFinishEvent,
  CodatLinkReadyEvent,
  CodatLinkStepChangeEvent,
  CodatLinkUploadEvent,
} from '../events.js';
import type { StepIntent } from '../steps/intents.js';
import { errorMessage } from '../i18n/errors.js';
import type { Localizer } from '../i18n/localizer.js';
import { currentEntity } from './journey-view.js';

type Consent = Extract<StepIntent, { type: 'giveConsent' }>;

interface Host extends HTMLElement {
  readonly i18n: Localizer;
  readonly journey: { readonly snapshot: JourneySnapshot | undefined; readonly resumed: boolean };
}

/**
 * Turns what the machine emits into the public DOM events. Machine events are emitted during a
 * transition, before the new snapshot is published, so anything read from the snapshot waits a
 * microtask.
 */
export class PublicEvents {
  readonly #host: Host;
  #ready = false;
  #consent: Consent | undefined;

  constructor(host: Host) {
    this.#host = host;
  }

  stepChanged(step: JourneyStep, previous: JourneyStep | null): void {
    if (step === 'loading' || step === 'closed') return;
    if (!this.#ready) {
      this.#ready = true;
      this.#host.dispatchEvent(new CodatLinkReadyEvent({ step, resumed: this.#host.journey.resumed }));
    }
    this.#host.dispatchEvent(new CodatLinkStepChangeEvent({ step, previousStep: previous === 'loading' ? null : previous }));
  }

  /** Remembers the exact text the consent step emitted, to publish once the backend recorded it. */
  consentShown(consent: Consent): void {
    this.#consent = consent;
  }

  fromMachine(event: JourneyEmitted): void {
    const host = this.#host;
    const later = (dispatch: (snapshot: JourneySnapshot | undefined) => void) => queueMicrotask(() => dispatch(host.journey.snapshot));
    switch (event.type) {
      case 'consent_given': {
        const consent = this.#consent;
        if (!consent) return;
        later((snapshot) =>
          host.dispatchEvent(
            new CodatLinkConsentEvent({
              text: consent.text,
              textHash: event.textHash,
              version: event.version,
              locale: consent.locale,
              dataTypes: event.dataTypes,
              integrationKey: event.integrationKey,
              ...(snapshot && currentEntity(snapshot.context)?.id ? { entityId: currentEntity(snapshot.context)!.id! } : {}),
              givenAt: new Date().toISOString(),
            }),
          ),
        );
        return;
      }
      case 'connection_started':
        if (event.connectionKind === 'direct') return;
        host.dispatchEvent(
          new CodatLinkConnectionEvent({
            entityId: event.entityId,
            integrationKey: event.integrationKey,
            connectionId: event.connectionId,
            kind: event.connectionKind,
            status: 'pending',
          }),
        );
        return;
      case 'connection_completed':
        host.dispatchEvent(
          new CodatLinkConnectionEvent({
            entityId: event.entityId,
            integrationKey: event.integrationKey,
            connectionId: event.connectionId,
            kind: 'direct',
            status: event.status,
          }),
        );
        return;
      case 'upload_completed':
        later((snapshot) => {
          const entity = snapshot ? currentEntity(snapshot.context) : undefined;
          host.dispatchEvent(
            new CodatLinkUploadEvent({
              ...(event.entityId ? { entityId: event.entityId } : {}),
              connectionId: entity?.connectionId ?? '',
              kind: event.kind,
              recordCount: event.recordCount,
              skippedCount: event.summary?.skipped ?? 0,
            }),
          );
        });
        return;
      case 'finished':
        later((snapshot) => host.dispatchEvent(new CodatLinkFinishEvent({ status: snapshot?.context.status ?? null })));
        return;
      case 'error': {
        const { code, userRecoverable, correlationId } = event.error;
        host.dispatchEvent(
          new CodatLinkErrorEvent({
            code,
            message: errorMessage(host.i18n, code),
            userRecoverable,
            ...(correlationId ? { correlationId } : {}),
          }),
        );
        return;
      }
      default:
        return;
    }
  }
}
