/**
 * The public events of `<codat-link>`. Each is an `Event` subclass with a typed `detail`,
 * `bubbles` and `composed` (it crosses the shadow boundary to the partner's page), and is
 * declared in `GlobalEventHandlersEventMap` so `addEventListener('codat-link-finish', e => e.detail)`
 * is typed for the host app.
 */
import type { ConnectionKind, DataType, LinkErrorInfo, ReportKind, RequestStatus } from '@codat-link/core';
import type { JourneyStepName } from './steps/step-names.js';

const PUBLIC: EventInit = { bubbles: true, composed: true };

/** The element has its configuration and backend, and shows its first step. */
export class CodatLinkReadyEvent extends Event {
  static readonly eventName = 'codat-link-ready';
  readonly detail: { step: JourneyStepName; resumed: boolean };
  constructor(detail: CodatLinkReadyEvent['detail']) {
    super(CodatLinkReadyEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

/** The journey moved to another step (also after a resume). */
export class CodatLinkStepChangeEvent extends Event {
  static readonly eventName = 'codat-link-step-change';
  readonly detail: { step: JourneyStepName; previousStep: JourneyStepName | null };
  constructor(detail: CodatLinkStepChangeEvent['detail']) {
    super(CodatLinkStepChangeEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

export interface ConsentDetail {
  /** The exact text the customer saw, in the order shown, as one string. */
  text: string;
  /** SHA-256 of `text`, hex. */
  textHash: string;
  version: string;
  locale: string;
  dataTypes: DataType[];
  integrationKey: string;
  entityId?: string;
  /** ISO 8601 time the customer gave consent. */
  givenAt: string;
}

/** The customer gave consent; `detail.text` is exactly what was on screen. */
export class CodatLinkConsentEvent extends Event {
  static readonly eventName = 'codat-link-consent';
  readonly detail: ConsentDetail;
  constructor(detail: ConsentDetail) {
    super(CodatLinkConsentEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

export interface ConnectionDetail {
  entityId: string;
  integrationKey: string;
  connectionId: string;
  kind: ConnectionKind;
  status: 'pending' | 'linked' | 'failed' | 'cancelled';
}

/** A connection was linked (direct) or created (file upload, manual). */
export class CodatLinkConnectionEvent extends Event {
  static readonly eventName = 'codat-link-connection';
  readonly detail: ConnectionDetail;
  constructor(detail: ConnectionDetail) {
    super(CodatLinkConnectionEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

export interface UploadDetail {
  entityId?: string;
  connectionId: string;
  kind: ReportKind;
  /** Records accepted by the backend. */
  recordCount: number;
  /** Rows left out by the row-error policy. */
  skippedCount: number;
}

/** A report finished uploading. Dispatched by the upload steps. */
export class CodatLinkUploadEvent extends Event {
  static readonly eventName = 'codat-link-upload';
  readonly detail: UploadDetail;
  constructor(detail: UploadDetail) {
    super(CodatLinkUploadEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

/** The customer finished the journey; `detail.status` has a status per entity. */
export class CodatLinkFinishEvent extends Event {
  static readonly eventName = 'codat-link-finish';
  readonly detail: { status: RequestStatus | null };
  constructor(detail: CodatLinkFinishEvent['detail']) {
    super(CodatLinkFinishEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

export type CloseReason = 'escape' | 'closeButton' | 'finished';

/**
 * The customer is about to leave. Cancelable: `preventDefault()` keeps the journey open (for
 * a partner's own exit confirmation). Fired after the built-in confirmation was accepted, or
 * straight away when the journey is finished.
 */
export class CodatLinkCloseEvent extends Event {
  static readonly eventName = 'codat-link-close';
  readonly detail: { reason: CloseReason; step: JourneyStepName | null };
  constructor(detail: CodatLinkCloseEvent['detail']) {
    super(CodatLinkCloseEvent.eventName, { ...PUBLIC, cancelable: true });
    this.detail = detail;
  }
}

/** Something failed. `detail.code` is stable; `detail.message` is in the current locale. */
export class CodatLinkErrorEvent extends Event {
  static readonly eventName = 'codat-link-error';
  readonly detail: LinkErrorInfo;
  constructor(detail: LinkErrorInfo) {
    super(CodatLinkErrorEvent.eventName, PUBLIC);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'codat-link-ready': CodatLinkReadyEvent;
    'codat-link-step-change': CodatLinkStepChangeEvent;
    'codat-link-consent': CodatLinkConsentEvent;
    'codat-link-connection': CodatLinkConnectionEvent;
    'codat-link-upload': CodatLinkUploadEvent;
    'codat-link-finish': CodatLinkFinishEvent;
    'codat-link-close': CodatLinkCloseEvent;
    'codat-link-error': CodatLinkErrorEvent;
  }
}
