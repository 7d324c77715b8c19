import type { Connection, ConnectionKind, ConsentRecord, DataRequest, EntityStatus, ReportKind, RequestStatus } from '../backend.js';
import type { Integration } from '../catalog.js';
import type { LinkConfig, LinkConfigInput } from '../config.js';
import type { LinkErrorInfo } from '../errors.js';
import type { Locale } from '../link-error.js';
import type { JourneyStep } from '../steps.js';

export type ProvisionMethod = 'manual' | 'software';
export type EntityCount = 'one' | 'several';
export type UploadStatus = 'sending' | 'done';

/** What the intake found in the file, as counts (rows read, rows skipped by the row-error policy…). */
export type UploadSummary = Record<string, number>;

/** A report of one entity, as far as it got. */
export interface UploadState {
  uploadId: string;
  kind: ReportKind;
  fileName?: string;
  summary?: UploadSummary;
  recordCount: number;
  totalBatches: number;
  /** Batches the backend holds (sent now or acknowledged from an earlier attempt). */
  sentBatches: number;
  sentRecords: number;
  status: UploadStatus;
}

/** One legal entity of the journey. `id` is set once the backend created it. */
export interface JourneyEntity {
  /** Order in which the entity was started (0-based, never reused): part of its idempotency keys. */
  index: number;
  name: string;
  id?: string;
  integrationKey?: string;
  connectionId?: string;
  connectionKind?: ConnectionKind;
  /** Direct integrations: where the customer authorizes (the UI opens it as a pop-up or redirects). */
  authUrl?: string;
  status: EntityStatus;
  uploads: Partial<Record<ReportKind, UploadState>>;
  /** Consents given for this entity: part of the connection's idempotency key, so choosing again starts anew. */
  connectionAttempts?: number;
}

/** An error as the UI shows it: the taxonomy's info plus the step it happened on. */
export interface JourneyError extends LinkErrorInfo {
  step: JourneyStep;
}

/**
 * The upload being sent, as counts. The records themselves never enter the context: they ride in the
 * UPLOAD_REPORT event to the upload actor, which holds them until the backend acknowledged them (see
 * `backendActors`). So persisting the journey, done on every snapshot, never walks 100k records, and
 * after a reload the customer chooses the file again.
 */
export interface PendingUpload {
  kind: ReportKind;
  fileName?: string;
  summary?: UploadSummary;
  recordCount: number;
}

export interface JourneyContext {
  config: LinkConfig;
  sessionId: string;
  locale: Locale;
  /** Where a direct integration returns in redirect mode, and the origin the pop-up posts to. */
  redirectUri?: string;
  openerOrigin?: string;
  request?: DataRequest;
  /** The platforms this customer may pick, already filtered by the configuration. */
  integrations: Integration[];
  provisionMethod?: ProvisionMethod;
  entityCount?: EntityCount;
  entities: JourneyEntity[];
  /** How many entities were ever started; the next entity's `index`. */
  entitiesStarted: number;
  /** Index into `entities` of the entity the customer is working on. */
  currentEntity?: number;
  selectedIntegrationKey?: string;
  /** The consent text and version the customer accepted, until the backend recorded it. */
  pendingConsent?: { text: string; version: string };
  pendingUpload?: PendingUpload;
  error?: JourneyError;
  /** The request's status as the backend returned it when the customer finished. */
  status?: RequestStatus;
}

export interface JourneyInput {
  /** Validated with `parseLinkConfig`; an invalid configuration throws LinkConfigError before the actor exists. */
  config: LinkConfigInput | LinkConfig;
  /** Correlates analytics events; generated when absent. */
  sessionId?: string;
  locale?: Locale;
  redirectUri?: string;
  openerOrigin?: string;
}

/** Everything a UI can send. Payloads are plain data so events can be logged and replayed. */
export type JourneyEvent =
  | { type: 'SELECT_PROVISION_METHOD'; method: ProvisionMethod }
  | { type: 'SET_ENTITY_COUNT'; count: EntityCount }
  | { type: 'SUBMIT_ENTITY_NAME'; name: string }
  | { type: 'SELECT_INTEGRATION'; integrationKey: string }
  /** "Can't find your software?": the manual template, straight from software selection. */
  | { type: 'USE_MANUAL_UPLOAD' }
  | { type: 'GIVE_CONSENT'; text: string; version?: string }
  | { type: 'CONNECTION_AUTHORIZED' }
  | { type: 'CONNECTION_CANCELLED' }
  /** The UI could not complete the authorization window; the step stays, with the error shown. */
  | { type: 'CONNECTION_ERROR'; code: 'popup_blocked' | 'origin_mismatch' }
  | { type: 'CONTINUE' }
  | { type: 'UPLOAD_REPORT'; kind: ReportKind; records: Record<string, unknown>[]; fileName?: string; summary?: UploadSummary }
  | { type: 'ADD_ENTITY' }
  | { type: 'FINISH' }
  | { type: 'BACK' }
  | { type: 'RETRY' }
  | { type: 'CLOSE' }
  | { type: 'CONFIRM_CLOSE' }
  | { type: 'CANCEL_CLOSE' }
  | { type: 'SET_LOCALE'; locale: Locale }
  /** Sent by the upload actor, not by a UI. */
  | { type: 'UPLOAD_PROGRESS'; kind: ReportKind; progress: UploadState };

/** What the machine emits for analytics (the stream adds session id, timestamp and step). */
export type JourneyEmitted =
  | { type: 'software_selected'; integrationKey: string }
  | { type: 'consent_given'; integrationKey: string; textHash: string; version: string; dataTypes: ConsentRecord['dataTypes'] }
  | { type: 'connection_started'; integrationKey: string; connectionId: string; connectionKind: ConnectionKind; entityId: string }
  | { type: 'connection_completed'; integrationKey: string; connectionId: string; entityId: string; status: Connection['status'] }
  | { type: 'upload_started'; kind: ReportKind; recordCount: number; entityId?: string; summary?: UploadSummary }
  | { type: 'upload_completed'; kind: ReportKind; recordCount: number; totalBatches: number; entityId?: string; summary?: UploadSummary }
  | { type: 'entity_added'; entityId: string; name: string }
  | { type: 'finished'; entityCount: number }
  | { type: 'closed'; completed: boolean }
  | { type: 'error'; error: JourneyError };

export interface ConnectOutput {
  connection: Connection;
  consent?: ConsentRecord;
}

export interface UploadOutput {
  progress: UploadState;
}
