/**
 * The API the browser calls with its session token. Every lookup goes through the token's
 * request id, so ids from another company answer 404 exactly like ids that do not exist.
 */
import { brandTheme } from './branding.js';
import { createHash } from 'node:crypto';
import type { Integration, ReportKind } from '@codat-link/core';
import { validateRecords } from '@codat-link/upload';
import { integrationsFor } from '../catalog.js';
import { recordsText } from '../record-text.js';
import { ApiError, type RecordIssue } from '../errors.js';
import * as s from '../schemas.js';
import { CONSENT_CLOCK_SKEW_MS, CONSENT_LOCALES } from '../limits.js';
import type { ConnectionRow, ConsentInput, Storage } from '../storage.js';
import { route, type ApiRoute } from './define.js';

export interface SessionApiDeps {
  store: Storage;
  integrations: readonly Integration[];
  manualIntegrationKey: string;
  publicUrl(): string;
  isAllowedOrigin(origin: string): boolean;
}

const connectionView = (row: ConnectionRow, publicUrl: string) => ({
  id: row.id,
  entityId: row.entityId,
  integrationKey: row.integrationKey,
  kind: row.kind,
  status: row.status,
  ...(row.kind === 'direct' && row.status === 'pending' && row.oauthState
    ? { authUrl: `${publicUrl}/sandbox/authorize?state=${encodeURIComponent(row.oauthState)}` }
    : {}),
});

/** Row-level refusals carry @codat-link/upload's issue codes, so the browser shows the same messages. */
function checkRecords(kind: ReportKind, records: Record<string, unknown>[]): void {
  const issues = validateRecords(kind, records).filter((issue) => issue.severity === 'error');
  if (issues.length === 0) return;
  const reported: RecordIssue[] = issues.slice(0, 100).map((issue) => ({
    row: issue.row ?? -1,
    ...(issue.field ? { field: issue.field } : {}),
    code: issue.code,
    message: issue.message,
  }));
  throw new ApiError('validation_failed', reported);
}

/** A locale the elements ship, or a regional tag of one (`fr-CA`); `xx` or `en_GB` are not. */
function consentLocale(tag: string): boolean {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical !== undefined && CONSENT_LOCALES.includes(canonical.split('-')[0]!);
  } catch {
    return false;
  }
}

/** Which reports a connection takes: file upload → Suppliers and Bills; manual → the spend template. */
function uploadable(connection: ConnectionRow, kind: ReportKind): ConnectionRow {
  if (connection.status !== 'linked' || connection.kind === 'direct') throw new ApiError('conflict');
  const accepted = connection.kind === 'manual' ? kind === 'supplierSpend' : kind !== 'supplierSpend';
  if (!accepted) throw new ApiError('invalid_request', undefined, `A ${connection.kind} connection does not take ${kind} reports.`);
  return connection;
}

export function sessionApiRoutes(deps: SessionApiDeps): ApiRoute[] {
  const { store } = deps;
  const requestOf = async (requestId: string) => {
    const request = await store.getRequest(requestId);
    if (!request) throw new ApiError('not_found');
    return request;
  };
  // Finishing revokes every session of the request for writing; reads still answer, so the
  // element can show a summary. This early check answers first; the store checks again inside
  // each write's transaction, so a finish that lands in between still wins.
  const writable = async (requestId: string): Promise<string> => {
    if ((await requestOf(requestId)).finishedAt !== null) throw new ApiError('request_finished');
    return requestId;
  };
  /** One batch, whichever route it came by (its index in the path or in the body). */
  const storeBatch = async (
    requestId: string,
    connectionId: string,
    kind: ReportKind,
    batchIndex: number,
    key: string,
    body: { totalBatches: number; uploadId?: string | undefined; records: Record<string, unknown>[] },
    /** The records' JSON text as the body brought it (see record-text.ts), when the parser kept it. */
    text: string | undefined,
  ) => {
    const connection = uploadable(await store.getConnection(await writable(requestId), connectionId), kind);
    if (batchIndex >= body.totalBatches) throw new ApiError('invalid_request', undefined, 'batchIndex must be below totalBatches.');
    checkRecords(kind, body.records);
    return store.submitBatch(connection, kind, batchIndex, key, body.uploadId ?? null, body.records, text);
  };
  const integrationsOf = async (requestId: string): Promise<Integration[]> => {
    const request = await requestOf(requestId);
    const company = await store.getCompany(request.companyId);
    const listed = integrationsFor(deps.integrations, company?.allowedIntegrations ?? null, request.dataTypes);
    // The sandbox platforms exist only in the sandbox: a production request never offers them.
    return request.environment === 'production' ? listed.filter((integration) => !integration.sandbox) : listed;
  };
  // Consent is evidence: what the server can check itself, it does, instead of storing what the browser says.
  // What it checks against is read first: the check itself runs inside the store's transaction.
  const consentChecker = async (requestId: string): Promise<(consent: ConsentInput) => void> => {
    const integrations = await integrationsOf(requestId);
    const requested = (await requestOf(requestId)).dataTypes;
    return (consent) => checkConsent(integrations, requested, consent);
  };
  const checkConsent = (integrations: Integration[], requested: readonly string[], consent: ConsentInput): void => {
    const issues: RecordIssue[] = [];
    const refuse = (field: string, code: string, message: string) => issues.push({ row: -1, field, code, message });
    if (createHash('sha256').update(consent.text, 'utf8').digest('hex') !== consent.textHash.toLowerCase()) {
      refuse('textHash', 'consent_hash_mismatch', 'textHash is not the SHA-256 (hex) of text.');
    }
    const allowed = consent.integrationKey === deps.manualIntegrationKey || integrations.some((i) => i.key === consent.integrationKey);
    if (!allowed) refuse('integrationKey', 'consent_integration_unknown', 'This integration is not available for this request.');
    if (consent.dataTypes.some((type) => !requested.includes(type))) {
      refuse('dataTypes', 'consent_data_type_not_requested', 'The request does not ask for every data type consented to.');
    }
    if (!consentLocale(consent.locale)) refuse('locale', 'consent_locale_unsupported', `locale must be one of ${CONSENT_LOCALES.join(', ')}.`);
    const skew = Math.abs(Date.parse(consent.givenAt) - Date.now());
    if (!(skew <= CONSENT_CLOCK_SKEW_MS)) {
      refuse('givenAt', 'consent_time_out_of_range', `givenAt must be within ${CONSENT_CLOCK_SKEW_MS / 60_000} minutes of the server's clock.`);
    }
    if (issues.length > 0) throw new ApiError('validation_failed', issues, 'The consent record does not match what the server can check.');
  };
  const status = async (requestId: string) => ({
    requestId,
    finished: (await requestOf(requestId)).finishedAt !== null,
    entities: await store.entityStatuses(requestId),
  });
  const tag = 'session';

  return [
    route({
      method: 'GET',
      url: '/v1/request',
      auth: 'session',
      tag,
      operationId: 'getRequest',
      summary:
        "The data request this session belongs to, with the partner's branding as a theme (name, logo, primary colour) for an element that sets none of its own.",
      response: s.sessionRequestSchema,
      handler: async ({ session }) => {
        const { id, companyId, companyName, dataTypes, environment } = await requestOf(session.requestId);
        const theme = brandTheme(deps.publicUrl(), await store.getBranding());
        return { id, companyId, companyName, dataTypes, environment, ...(Object.keys(theme).length > 0 ? { theme } : {}) };
      },
    }),
    route({
      method: 'GET',
      url: '/v1/integrations',
      auth: 'session',
      tag,
      operationId: 'listIntegrations',
      summary: 'The integrations this request may use.',
      response: s.integrationListSchema,
      handler: async ({ session }) => ({ integrations: await integrationsOf(session.requestId) }),
    }),
    route({
      method: 'GET',
      url: '/v1/entities',
      auth: 'session',
      tag,
      operationId: 'listEntities',
      summary: 'The legal entities added to this request.',
      response: s.entityListSchema,
      handler: async ({ session }) => ({ entities: await store.listEntities(session.requestId) }),
    }),
    route({
      method: 'POST',
      url: '/v1/entities',
      auth: 'session',
      tag,
      operationId: 'createEntity',
      status: 201,
      summary:
        'Adds a legal entity. With an Idempotency-Key, a retry returns the entity already created; the same key with another body answers 422 idempotency_conflict.',
      body: s.createEntityBody,
      headers: s.optionalIdempotencyHeaders,
      response: s.entitySchema,
      errors: [409, 422],
      handler: async ({ session, body, headers }) => store.createEntity(await writable(session.requestId), body.name, headers['idempotency-key']),
    }),
    route({
      method: 'POST',
      url: '/v1/consents',
      auth: 'session',
      tag,
      operationId: 'recordConsent',
      status: 201,
      summary:
        'Records the consent the customer gave: the exact text shown, its version and time. The server recomputes the text hash and checks the integration, data types, locale and time (422 validation_failed otherwise).',
      body: s.consentBody,
      headers: s.optionalIdempotencyHeaders,
      response: s.consentReceiptSchema,
      errors: [409, 422],
      handler: async ({ session, body, headers }) =>
        store.recordConsent(await writable(session.requestId), body, await consentChecker(session.requestId), headers['idempotency-key']),
    }),
    route({
      method: 'POST',
      url: '/v1/connections',
      auth: 'session',
      tag,
      operationId: 'startConnection',
      status: 201,
      summary:
        'Starts a connection: direct (returns an authUrl), file upload, or manual (supplier-spend template). A sandbox integration in a production request answers 400 sandbox_only. With an Idempotency-Key, a retry returns the same connection; the same key with another body answers 422.',
      body: s.startConnectionBody,
      headers: s.optionalIdempotencyHeaders,
      response: s.connectionSchema,
      errors: [400, 409, 422],
      handler: async ({ session, body, headers }) => {
        await writable(session.requestId);
        let kind: 'direct' | 'fileUpload' | 'manual';
        if (body.integrationKey === deps.manualIntegrationKey) kind = 'manual';
        else {
          const integration = (await integrationsOf(session.requestId)).find((i) => i.key === body.integrationKey);
          if (!integration && deps.integrations.some((i) => i.key === body.integrationKey && i.sandbox)) throw new ApiError('sandbox_only');
          if (!integration) throw new ApiError('invalid_request', undefined, 'This integration is not available for this request.');
          kind = integration.kind;
        }
        // The pop-up answers only to an origin the partner configured, never to one the browser names.
        for (const url of [body.redirectUri, body.openerOrigin]) {
          if (url !== undefined && !deps.isAllowedOrigin(new URL(url).origin)) {
            throw new ApiError('invalid_request', undefined, 'redirectUri and openerOrigin must be on an allowed origin.');
          }
        }
        const row = await store.createConnection(session.requestId, {
          entityId: body.entityId,
          integrationKey: body.integrationKey,
          kind,
          ...(body.redirectUri ? { redirectUri: body.redirectUri } : {}),
          ...(body.openerOrigin ? { openerOrigin: new URL(body.openerOrigin).origin } : {}),
          ...(headers['idempotency-key'] ? { idempotencyKey: headers['idempotency-key'] } : {}),
        });
        return connectionView(row, deps.publicUrl());
      },
    }),
    route({
      method: 'GET',
      url: '/v1/connections/:connectionId',
      auth: 'session',
      tag,
      operationId: 'getConnection',
      summary: 'A connection; with waitSeconds, held until it leaves `pending` (long-poll).',
      params: s.connectionParams,
      query: s.awaitConnectionQuery,
      response: s.connectionSchema,
      handler: async ({ session, params, query, reply }) => {
        const wait = query.waitSeconds ?? 0;
        const gone = new AbortController();
        // Listening starts before the read: a settle on any instance between the two still wakes it.
        const changed = wait > 0 ? store.connectionChanged(params.connectionId, gone.signal) : undefined;
        changed?.catch(() => undefined);
        try {
          let row = await store.getConnection(session.requestId, params.connectionId);
          if (row.status === 'pending' && changed) {
            // The response's close: the client hung up (or the answer went out).
            reply.raw.once('close', () => gone.abort());
            const timer = setTimeout(() => gone.abort(), wait * 1000);
            try {
              await changed;
            } catch {
              // timed out or the client left: answer with the current state
            } finally {
              clearTimeout(timer);
            }
            row = await store.getConnection(session.requestId, params.connectionId);
          }
          return connectionView(row, deps.publicUrl());
        } finally {
          gone.abort();
        }
      },
    }),
    route({
      method: 'POST',
      url: '/v1/connections/:connectionId/reports/:kind/batches',
      auth: 'session',
      tag,
      operationId: 'postBatch',
      summary:
        'Stores one batch of records, its index in the body: the same as PUT …/batches/{batchIndex}, at one URL per report, so a browser on another origin asks the CORS preflight once per report instead of once per batch. The same Idempotency-Key again answers duplicate: true and stores nothing; with another body, 422 idempotency_conflict.',
      params: s.reportParams,
      headers: s.idempotencyHeaders,
      body: s.indexedBatchBody,
      response: s.batchReceiptSchema,
      errors: [409, 413, 422],
      handler: async ({ session, params, headers, body, request }) =>
        storeBatch(session.requestId, params.connectionId, params.kind, body.batchIndex, headers['idempotency-key'], body, recordsText(request.body)),
    }),
    route({
      method: 'PUT',
      url: '/v1/connections/:connectionId/reports/:kind/batches/:batchIndex',
      auth: 'session',
      tag,
      operationId: 'submitBatch',
      summary:
        "Stores one batch of records. The same Idempotency-Key again answers duplicate: true and stores nothing; with another body, 422 idempotency_conflict. A batch of a new uploadId supersedes the report's current upload; a superseded upload answers 409 upload_superseded while the newer one is live. From a browser on another origin, prefer POST …/batches: each URL here costs a CORS preflight.",
      params: s.batchParams,
      headers: s.idempotencyHeaders,
      body: s.batchBody,
      response: s.batchReceiptSchema,
      errors: [409, 413, 422],
      handler: async ({ session, params, headers, body, request }) =>
        storeBatch(session.requestId, params.connectionId, params.kind, params.batchIndex, headers['idempotency-key'], body, recordsText(request.body)),
    }),
    route({
      method: 'GET',
      url: '/v1/connections/:connectionId/reports/:kind/batches',
      auth: 'session',
      tag,
      operationId: 'acknowledgedBatches',
      summary: 'The batches already stored, so an interrupted upload sends only the rest.',
      params: s.reportParams,
      query: s.acknowledgedQuery,
      response: s.acknowledgedSchema,
      handler: async ({ session, params, query }) => {
        await store.getConnection(session.requestId, params.connectionId);
        return { batches: await store.acknowledged(params.connectionId, params.kind, query.uploadId) };
      },
    }),
    route({
      method: 'POST',
      url: '/v1/connections/:connectionId/reports/:kind/finalize',
      auth: 'session',
      tag,
      operationId: 'finalizeReport',
      summary:
        'Closes a report once every batch is stored; refuses a missing batch, a wrong count (409 conflict), or batches of another upload (409 upload_superseded).',
      params: s.reportParams,
      body: s.finalizeBody,
      response: s.reportSchema,
      errors: [409],
      handler: async ({ session, params, body }) => {
        const connection = uploadable(await store.getConnection(await writable(session.requestId), params.connectionId), params.kind);
        const { totalBatches, recordCount, uploadId, rowsSkipped, fileName } = body;
        const finalizedAt = await store.finalizeReport(connection, params.kind, totalBatches, recordCount, uploadId, {
          ...(rowsSkipped !== undefined ? { rowsSkipped } : {}),
          ...(fileName !== undefined ? { fileName } : {}),
        });
        return { connectionId: params.connectionId, kind: params.kind, totalBatches, recordCount, finalizedAt };
      },
    }),
    route({
      method: 'POST',
      url: '/v1/request/finish',
      auth: 'session',
      tag,
      operationId: 'finishRequest',
      summary: 'The customer finished the journey; from then on every write of the request answers 409 request_finished. Idempotent.',
      response: s.requestStatusSchema,
      handler: async ({ session }) => {
        // Pending authorizations it cancels wake their long-polls (on every instance) on commit.
        await store.finishRequest(session.requestId);
        return status(session.requestId);
      },
    }),
    route({
      method: 'GET',
      url: '/v1/request/status',
      auth: 'session',
      tag,
      operationId: 'getStatus',
      summary: 'Status and record counts per entity.',
      response: s.requestStatusSchema,
      handler: ({ session }) => status(session.requestId),
    }),
  ];
}
