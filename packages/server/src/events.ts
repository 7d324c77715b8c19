/**
 * The events the server emits from what it records. Each is stored in the same transaction as
 * the change that caused it (see Store.emit), then delivered to the partner's webhook endpoints
 * by the outbox worker (webhooks.ts). The zod schemas here are the contract: the OpenAPI
 * document's `webhooks` section is generated from them.
 */
import { z } from 'zod';
import { connectionKind, dataType, entityStatus, reportKind, type eventTypeSchema } from './schemas.js';

const id = z.string().min(1).max(64);

/** What every event says of its subject: the company and request, and the entity when there is one. */
const subject = {
  companyId: id,
  requestId: id,
};

const alertRuleKind = z.enum(['requestStale', 'connectionFailed', 'uploadSkippedRows', 'requestFinished']);
export { alertRuleKind };

/** Each event type's `data`. */
export const EVENT_DATA = {
  'request.created': z.object({ ...subject, dataTypes: z.array(dataType) }),
  'request.opened': z.object({ ...subject }),
  'entity.created': z.object({ ...subject, entityId: id, name: z.string() }),
  'consent.recorded': z.object({
    ...subject,
    entityId: id,
    integrationKey: z.string(),
    dataTypes: z.array(dataType),
    version: z.string(),
    locale: z.string(),
  }),
  'connection.connected': z.object({ ...subject, entityId: id, connectionId: id, integrationKey: z.string(), kind: connectionKind }),
  'connection.failed': z.object({
    ...subject,
    entityId: id,
    connectionId: id,
    integrationKey: z.string(),
    kind: connectionKind,
    /** `cancelled`: the customer denied access; `failed`: the platform refused. */
    status: z.enum(['failed', 'cancelled']),
  }),
  'upload.completed': z.object({
    ...subject,
    entityId: id,
    connectionId: id,
    kind: reportKind,
    /** Records received. */
    records: z.number().int(),
    /** Rows of the file the customer's browser left out (blank, or refused and skipped), when it said. */
    rowsSkipped: z.number().int().nullable(),
    fileName: z.string().nullable(),
  }),
  'request.finished': z.object({
    ...subject,
    entities: z.array(z.object({ entityId: id, name: z.string(), status: entityStatus })),
  }),
  'alert.triggered': z.object({
    ...subject,
    entityId: id.optional(),
    alertId: id,
    ruleId: id,
    rule: alertRuleKind,
    /** What the alert is about: a request, connection or report id (an alert fires once per rule and subject). */
    subjectId: z.string(),
    /** A sentence for a person, in English. */
    summary: z.string(),
  }),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export const eventType = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);
// The API schemas list the types too (schemas.ts cannot import this file): the two lists must agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVENT_TYPE_LISTS_AGREE: Same<z.infer<typeof eventTypeSchema>, EventType> = true;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_DATA)[T]>;

/** One sentence per event, for the OpenAPI document and docs/webhooks.md. */
export const EVENT_SUMMARIES: Record<EventType, string> = {
  'request.created': 'A data request was created (partner API or portal).',
  'request.opened': 'The first session of a request was minted: the customer opened the Link page, or the partner’s page started.',
  'entity.created': 'The customer added a legal entity.',
  'consent.recorded': 'The customer gave consent to share data from an integration.',
  'connection.connected': 'A connection was linked: an authorization granted, or a file upload or manual entry started.',
  'connection.failed': 'An authorization was denied or failed.',
  'upload.completed': 'A report (Suppliers, Bills or Supplier spend) was finalized: every batch received and counted.',
  'request.finished': 'The customer finished the journey; the request no longer takes changes.',
  'alert.triggered': 'A monitoring rule fired (once per rule and subject).',
};

/** The body of a webhook delivery: Standard Webhooks' `type`, `timestamp` and `data`, plus the event id. */
export function envelopeSchema<T extends EventType>(type: T) {
  return z.object({
    /** Stable across retries and replays: the same as the `webhook-id` header; deduplicate on it. */
    id,
    type: z.literal(type),
    timestamp: z.string(),
    data: EVENT_DATA[type],
  });
}

export interface StoredEvent {
  id: string;
  type: EventType;
  timestamp: string;
  data: Record<string, unknown>;
}
