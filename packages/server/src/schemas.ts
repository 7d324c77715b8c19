/**
 * The API contract as zod schemas. Routes validate with these, and /openapi.json is generated
 * from them, so the documented contract and the enforced one cannot drift apart.
 */
import { z } from 'zod';

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const dataType = z.enum(['financials', 'spendAnalysis']);
export const reportKind = z.enum(['suppliers', 'bills', 'supplierSpend']);
export const connectionKind = z.enum(['direct', 'fileUpload', 'manual']);
export const connectionStatus = z.enum(['pending', 'linked', 'failed', 'cancelled']);
export const entityStatus = z.enum(['notStarted', 'inProgress', 'connected', 'uploaded', 'complete', 'failed']);

/** Ids are opaque; bounding them keeps junk out of SQL lookups and logs. */
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const isoDateTime = z.string().max(40);

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    correlationId: z.string(),
    issues: z.array(z.object({ row: z.number().int(), field: z.string().optional(), code: z.string(), message: z.string() })).optional(),
  }),
});

/** sandbox or production: set by the partner key a company was created with. */
export const environmentSchema = z.enum(['sandbox', 'production']);

export const companySchema = z.object({
  id,
  name: z.string(),
  allowedIntegrations: z.array(z.string()).nullable(),
  environment: environmentSchema,
  createdAt: isoDateTime,
});
export const createCompanyBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** Integration keys this company may use; null or absent means the whole catalog. */
  allowedIntegrations: z.array(z.string().min(1).max(100)).max(200).nullable().optional(),
});

export const dataRequestSchema = z.object({
  id,
  companyId: id,
  companyName: z.string(),
  dataTypes: z.array(dataType),
  /** A sandbox request shows a "Sandbox" badge and offers the sandbox integrations; a production one never does. */
  environment: environmentSchema,
});
/** The partner's branding, in the shape of `<codat-link>`'s theme (docs/theming.md). */
export const brandThemeSchema = z.object({
  partnerName: z.string().max(100).optional(),
  logoUrl: z.string().max(2048).optional(),
  tokens: z.object({ 'color-primary': z.string().optional(), 'color-focus': z.string().optional() }).optional(),
});
export const sessionRequestSchema = dataRequestSchema.extend({
  /** Absent until an admin sets the branding in the portal. */
  theme: brandThemeSchema.optional(),
});
export const partnerRequestSchema = dataRequestSchema.extend({
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  linkUrl: z.string(),
});
export const createRequestBody = z.object({
  dataTypes: z.array(dataType).min(1).max(2),
});

export const createSessionBody = z.object({
  companyId: id,
  requestId: id,
  /** Session lifetime; short by default because the token lives in a browser. */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .optional(),
});
export const sessionSchema = z.object({ token: z.string(), expiresAt: isoDateTime, companyId: id, requestId: id });

const localizedText = z.object({ en: z.string(), fr: z.string() });
export const integrationSchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['direct', 'fileUpload']),
  sandbox: z.boolean(),
  dataTypes: z.array(dataType),
  logoUrl: z.string().optional(),
  instructions: z.object({ suppliers: localizedText, bills: localizedText }).optional(),
});
export const integrationListSchema = z.object({ integrations: z.array(integrationSchema) });

export const entitySchema = z.object({ id, name: z.string(), createdAt: isoDateTime });
export const createEntityBody = z.object({ name: z.string().trim().min(1).max(200) });
export const entityListSchema = z.object({ entities: z.array(entitySchema) });

export const consentBody = z.object({
  entityId: id,
  integrationKey: z.string().min(1).max(100),
  dataTypes: z.array(dataType).min(1).max(2),
  text: z.string().min(1).max(20_000),
  textHash: z.string().min(1).max(200),
  version: z.string().min(1).max(50),
  locale: z.string().min(2).max(35),
  givenAt: isoDateTime,
});
export const consentReceiptSchema = z.object({ id: z.number().int(), receivedAt: isoDateTime });

/** Only http(s) URLs: a `javascript:` redirect target would be script execution. */
const httpUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const startConnectionBody = z.object({
  entityId: id,
  /** A catalog key, or `manual` for the supplier-spend template. */
  integrationKey: z.string().min(1).max(100),
  redirectUri: httpUrl.optional(),
  openerOrigin: httpUrl.optional(),
});
export const connectionSchema = z.object({
  id,
  entityId: id,
  integrationKey: z.string(),
  kind: connectionKind,
  status: connectionStatus,
  authUrl: z.string().optional(),
});
export const connectionParams = z.object({ connectionId: id });
export const awaitConnectionQuery = z.object({
  /** Long-poll: hold the response until the status leaves `pending`, at most this long. */
  waitSeconds: z.coerce.number().int().min(0).max(30).optional(),
});

export const reportParams = z.object({ connectionId: id, kind: reportKind });
/** A batch's index, in the path (PUT) or in the body (POST): below totalBatches, whose bound is 100,001. */
const MAX_BATCH_INDEX = 100_000;
export const batchParams = reportParams.extend({ batchIndex: z.coerce.number().int().min(0).max(MAX_BATCH_INDEX) });
/**
 * An Idempotency-Key: 1 to 1000 characters of visible ASCII, or a Structured Field string (`"…"`,
 * as draft-ietf-httpapi-idempotency-key-header writes it), whose key is the text inside the quotes.
 */
const idempotencyKey = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^(?:[\x21-\x7e]+|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])+")$/)
  .transform((key) => (key.length > 2 && key.startsWith('"') && key.endsWith('"') ? key.slice(1, -1).replace(/\\(["\\])/g, '$1') : key));
export const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const batchBody = z.object({
  /**
   * The upload this batch belongs to: resume asks for one upload's batches only, and a batch of a
   * new upload supersedes the report's current upload (whose later batches answer 409 upload_superseded).
   */
  uploadId: z.string().min(1).max(200).optional(),
  totalBatches: z.number().int().min(1).max(100_001),
  /**
   * Each record is only checked to be an object here: the route validates it field by field
   * (checkRecords), with the row and field of each problem. A zod record schema copied every key of
   * every record again, the largest single cost of storing a batch.
   */
  records: z
    .array(
      z.custom<Record<string, unknown>>(isJsonObject, { message: 'Each record must be a JSON object.' }).meta({ type: 'object', additionalProperties: {} }),
    )
    .max(10_000),
});
/** POST …/batches: the batch's index travels in the body, so every batch of a report goes to one URL. */
export const indexedBatchBody = batchBody.extend({ batchIndex: z.number().int().min(0).max(MAX_BATCH_INDEX) });
export const batchReceiptSchema = z.object({
  batchIndex: z.number().int(),
  accepted: z.number().int(),
  duplicate: z.boolean(),
});
export const acknowledgedSchema = z.object({
  batches: z.array(z.object({ batchIndex: z.number().int(), idempotencyKey: z.string(), recordCount: z.number().int() })),
});
export const acknowledgedQuery = z.object({ uploadId: z.string().min(1).max(200).optional() });
export const optionalIdempotencyHeaders = z.object({ 'idempotency-key': idempotencyKey.optional() });
export const finalizeBody = z.object({
  /** The upload being finalized: refused (409 upload_superseded) unless every stored batch is this upload's. */
  uploadId: z.string().min(1).max(200).optional(),
  totalBatches: z.number().int().min(0).max(100_001),
  recordCount: z.number().int().min(0),
  /** Rows of the file left out of the upload (blank or skipped): reported in upload.completed and watched by monitoring rules. */
  rowsSkipped: z.number().int().min(0).optional(),
  /** The name of the file the records came from, for upload.completed. */
  fileName: z.string().trim().min(1).max(255).optional(),
});
export const reportSchema = z.object({
  connectionId: id,
  kind: reportKind,
  totalBatches: z.number().int(),
  recordCount: z.number().int(),
  finalizedAt: isoDateTime,
});

export const entityStatusSchema = z.object({
  entityId: id,
  name: z.string(),
  status: entityStatus,
  integrationKey: z.string().optional(),
  connectionKind: connectionKind.optional(),
  counts: z.object({
    suppliers: z.number().int().optional(),
    bills: z.number().int().optional(),
    supplierSpend: z.number().int().optional(),
  }),
});
export const requestStatusSchema = z.object({
  requestId: id,
  finished: z.boolean(),
  entities: z.array(entityStatusSchema),
});

export const companyParams = z.object({ companyId: id });
export const requestParams = z.object({ requestId: id });
export const companyListSchema = z.object({ companies: z.array(companySchema) });
export const requestListSchema = z.object({ requests: z.array(partnerRequestSchema) });

// ---- Webhooks, monitoring rules, alerts and e-mail (partner API) ----

export const eventTypeSchema = z.enum([
  'request.created',
  'request.opened',
  'entity.created',
  'consent.recorded',
  'connection.connected',
  'connection.failed',
  'upload.completed',
  'request.finished',
  'alert.triggered',
]);
export const webhookEndpointSchema = z.object({
  id,
  url: z.string(),
  description: z.string(),
  /** null: every event type, including types added later. */
  eventTypes: z.array(eventTypeSchema).nullable(),
  enabled: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({
  /** The signing secret (`whsec_…`): shown here once, never again. Verify deliveries with it. */
  secret: z.string(),
});
const endpointUrl = z.string().max(2000);
export const createWebhookEndpointBody = z.object({
  url: endpointUrl,
  description: z.string().max(200).optional(),
  eventTypes: z.array(eventTypeSchema).min(1).max(20).nullable().optional(),
  enabled: z.boolean().optional(),
});
export const updateWebhookEndpointBody = createWebhookEndpointBody.partial();
export const webhookEndpointListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) });
export const endpointParams = z.object({ endpointId: id });
export const rotatedSecretSchema = z.object({
  secret: z.string(),
  /** Until then deliveries carry a second signature made with the previous secret. */
  previousSecretValidUntil: isoDateTime,
});
const deliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export const deliverySchema = z.object({
  id,
  endpointId: id,
  /** The event id: the `webhook-id` header, the same on every attempt and replay. */
  eventId: id,
  eventType: eventTypeSchema,
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime.nullable(),
  lastStatusCode: z.number().int().nullable(),
  /** `timeout`, `address_refused`, `network:<code>`, or null when the receiver answered. */
  lastError: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const deliveryDetailSchema = deliverySchema.extend({
  attemptLog: z.array(
    z.object({
      attempt: z.number().int(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      latencyMs: z.number().int(),
      at: isoDateTime,
    }),
  ),
});
export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema) });
export const deliveryListQuery = z.object({
  status: deliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const deliveryParams = z.object({ deliveryId: id });
export const eventSchema = z.object({ id, type: eventTypeSchema, timestamp: isoDateTime, data: z.record(z.string(), z.unknown()) });
export const eventListSchema = z.object({ events: z.array(eventSchema) });
export const eventListQuery = z.object({
  /** An event id: the events stored after it. */
  after: id.optional(),
  requestId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const ruleKind = z.enum(['requestStale', 'connectionFailed', 'uploadSkippedRows', 'requestFinished']);
const locale = z.enum(['en', 'fr']);
const emailList = z.array(z.email().max(254)).max(10);
const ruleFields = {
  /** requestStale: days after the request was opened (default 7); uploadSkippedRows: percent of rows skipped (default 0). */
  threshold: z.number().min(0).max(3650).nullable().optional(),
  viaWebhook: z.boolean().optional(),
  emails: emailList.optional(),
  /** The language of the alert e-mails. */
  locale: locale.optional(),
  enabled: z.boolean().optional(),
};
const thresholdFits = (rule: { kind?: string; threshold?: number | null | undefined }) =>
  rule.kind !== 'uploadSkippedRows' || rule.threshold === undefined || rule.threshold === null || rule.threshold <= 100;
export const createRuleBody = z
  .object({ kind: ruleKind, ...ruleFields })
  .refine(thresholdFits, { message: 'For uploadSkippedRows, threshold is a percentage (0 to 100).', path: ['threshold'] });
export const updateRuleBody = z.object(ruleFields);
export const ruleSchema = z.object({
  id,
  kind: ruleKind,
  threshold: z.number().nullable(),
  viaWebhook: z.boolean(),
  emails: z.array(z.string()),
  locale,
  enabled: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const ruleListSchema = z.object({ rules: z.array(ruleSchema) });
export const ruleParams = z.object({ ruleId: id });
export const alertSchema = z.object({
  id,
  ruleId: id,
  rule: ruleKind,
  subjectId: z.string(),
  companyId: id,
  requestId: id.nullable(),
  entityId: id.nullable(),
  summary: z.string(),
  createdAt: isoDateTime,
  resolvedAt: isoDateTime.nullable(),
});
export const alertListSchema = z.object({ alerts: z.array(alertSchema) });
export const alertListQuery = z.object({ open: z.enum(['true', 'false']).optional() });
export const alertParams = z.object({ alertId: id });

export const sendRequestEmailBody = z.object({
  to: z.array(z.email().max(254)).min(1).max(10),
  locale: locale.optional(),
  /** `reminder` says the partner is still waiting. */
  template: z.enum(['request', 'reminder']).optional(),
});
export const emailSchema = z.object({
  id,
  template: z.enum(['request', 'alert', 'reminder']),
  locale,
  recipients: z.array(z.string()),
  requestId: id.nullable(),
  /** `stored`: kept in the local outbox (no SMTP configured); nothing was sent. */
  status: z.enum(['pending', 'sent', 'failed', 'stored']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  subject: z.string(),
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
});
export const emailListSchema = z.object({ emails: z.array(emailSchema) });
