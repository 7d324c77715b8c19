/**
 * The adapter interface between the journey and a partner backend. Every call takes an
 * AbortSignal: the journey aborts what it no longer needs (a step left, an element removed).
 * Implementations: MemoryBackend (sandbox, in this package) and HttpBackend (@codat-link/adapter-http).
 */
import type { Integration } from './catalog.js';

/** What a data request asks the customer to share. */
export type DataType = 'financials' | 'spendAnalysis';
/** The reports a customer can upload. */
export type ReportKind = 'suppliers' | 'bills' | 'supplierSpend';
/** How a platform connects: an OAuth-style direct integration, or intelligent file upload. */
export type IntegrationKind = 'direct' | 'fileUpload';
/** How a connection was made; `manual` is the supplier-spend template path. */
export type ConnectionKind = IntegrationKind | 'manual';

export interface CallOptions {
  signal: AbortSignal;
}

/** The data request this session belongs to, as the backend knows it. */
export interface DataRequest {
  id: string;
  companyId: string;
  companyName: string;
  dataTypes: DataType[];
  /**
   * The partner's environment the request lives in, when the backend has environments (the
   * reference server does): a `sandbox` request shows a "Sandbox" banner.
   */
  environment?: 'sandbox' | 'production';
  /**
   * The partner's branding as the server keeps it, in the shape of `<codat-link>`'s theme: an
   * element that sets no theme of its own uses it (validated there like any theme).
   */
  theme?: { partnerName?: string; logoUrl?: string; tokens?: Record<string, string> };
}

export interface Entity {
  id: string;
  name: string;
  createdAt: string;
}

export interface Connection {
  id: string;
  entityId: string;
  integrationKey: string;
  kind: ConnectionKind;
  status: 'pending' | 'linked' | 'failed' | 'cancelled';
  /** For direct integrations: where the customer authorizes access (pop-up or redirect). */
  authUrl?: string;
}

export interface StartConnectionInput {
  entityId: string;
  integrationKey: string;
  /** Direct integrations: where the platform sends the customer back in redirect mode. */
  redirectUri?: string;
  /** Direct integrations: the origin that receives the pop-up's postMessage. */
  openerOrigin?: string;
  /** Same key on a retry: the backend returns the connection it already started instead of a second one. */
  idempotencyKey?: string;
}

export interface CreateEntityInput {
  name: string;
  /** Same key on a retry: the backend returns the entity it already created instead of a second one. */
  idempotencyKey?: string;
}

export interface AcknowledgedBatchesInput {
  connectionId: string;
  kind: ReportKind;
  /** When given, only batches of this upload count: a different file for the same report starts over. */
  uploadId?: string;
}

/** One batch of records of one report, sent with an idempotency key so a retry never duplicates. */
export interface ReportBatch {
  connectionId: string;
  kind: ReportKind;
  /** 0-based position of the batch in the upload. */
  batchIndex: number;
  totalBatches: number;
  /** Derived from the upload id and batch index, so a resumed upload reuses the same keys. */
  idempotencyKey: string;
  /** The upload this batch belongs to (the idempotency key is derived from it). */
  uploadId?: string;
  records: Record<string, unknown>[];
}

export interface BatchReceipt {
  batchIndex: number;
  accepted: number;
  /** True when the backend had already stored this batch (same idempotency key). */
  duplicate: boolean;
}

export interface FinalizeReportInput {
  connectionId: string;
  kind: ReportKind;
  /** The upload being finalized: a backend refuses (`upload_superseded`) when the report holds another upload's batches. */
  uploadId?: string;
  totalBatches: number;
  recordCount: number;
  /** Rows of the file left out of the upload (refused and skipped): the backend reports them to the partner (upload.completed). */
  rowsSkipped?: number;
  /** The name of the file the records came from. */
  fileName?: string;
}

/** The consent the customer gave: the exact text shown, its version and when. */
export interface ConsentRecord {
  entityId: string;
  integrationKey: string;
  dataTypes: DataType[];
  text: string;
  textHash: string;
  version: string;
  locale: string;
  givenAt: string;
}

export type EntityStatus = 'notStarted' | 'inProgress' | 'connected' | 'uploaded' | 'complete' | 'failed';

export interface EntityStatusInfo {
  entityId: string;
  name: string;
  status: EntityStatus;
  integrationKey?: string;
  connectionKind?: ConnectionKind;
  counts: Partial<Record<ReportKind, number>>;
}

export interface RequestStatus {
  requestId: string;
  finished: boolean;
  entities: EntityStatusInfo[];
}

export interface LinkBackend {
  /**
   * True when the adapter retries transient failures itself, with its own backoff (HttpBackend does,
   * honouring Retry-After). The journey then makes one attempt per call instead of `retry.maxAttempts`,
   * so the two retry loops do not multiply; it still offers the customer RETRY when a call fails.
   */
  readonly retriesTransientFailures?: boolean;
  getRequest(options: CallOptions): Promise<DataRequest>;
  /** The integrations this request may use (already restricted by the partner's server). */
  listIntegrations(options: CallOptions): Promise<Integration[]>;
  createEntity(input: CreateEntityInput, options: CallOptions): Promise<Entity>;
  recordConsent(consent: ConsentRecord, options: CallOptions): Promise<void>;
  startConnection(input: StartConnectionInput, options: CallOptions): Promise<Connection>;
  /** Resolves when a direct connection is linked, failed or cancelled (long-poll or poll). */
  awaitConnection(input: { connectionId: string }, options: CallOptions): Promise<Connection>;
  submitBatch(batch: ReportBatch, options: CallOptions): Promise<BatchReceipt>;
  /** Batch indexes the backend already stored, so an interrupted upload resumes with the rest. */
  acknowledgedBatches(input: AcknowledgedBatchesInput, options: CallOptions): Promise<number[]>;
  finalizeReport(input: FinalizeReportInput, options: CallOptions): Promise<void>;
  /** The customer finished the journey. */
  finishRequest(options: CallOptions): Promise<RequestStatus>;
  getStatus(options: CallOptions): Promise<RequestStatus>;
}
