/**
 * The API contract as zod schemas. Routes validate with these, and /openapi.json is generated
 * from them, so the documented contract and the enforced one cannot drift apart.
 */
import { z } from 'zod';

export const dataType = z.enum(['financials', 'spendAnalysis']);
export const reportKind = z.enum(['suppliers', 'bills', 'supplierSpend']);
export const connectionKind = z.enum(['direct', 'fileUpload', 'manual']);
export const connectionStatus = z.enum(['pending', 'linked', 'failed', 'cancelled']);
export const entityStatus = z.enum(['notStarted', 'inProgress', 'connected', 'uploaded', 'complete', 'failed']);

/** Ids are opaque; bounding them keeps junk out of SQL lookups and logs. */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const isoDateTime = z.string().max(40);

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    correlationId: z.string(),
    issues: z
      .array(z.object({ row: z.number().int(), field: z.string().optional(), code: z.string(), message: z.string() }))
      .optional(),
  }),
});

export const companySchema = z.object({
  id,
  name: z.string(),
  allowedIntegrations: z.array(z.string()).nullable(),
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
  ttlSeconds: z.number().int().min(60).max(24 * 3600).optional(),
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
export const batchParams = reportParams.extend({ batchIndex: z.coerce.number().int().min(0).max(100_000) });
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
  records: z.array(z.record(z.string(), z.unknown())).max(10_000),
});
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
