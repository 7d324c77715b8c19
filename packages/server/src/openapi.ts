/** Builds the OpenAPI 3.1 document from the route table: the schemas routes validate with. */
import { z } from 'zod';
import { API_ERROR_CODES } from './errors.js';
import type { ApiRoute } from './routes/define.js';
import { errorBodySchema } from './schemas.js';
import { envelopeSchema, EVENT_SUMMARIES, EVENT_TYPES } from './events.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/v1/connections/:connectionId` → `/v1/connections/{connectionId}` */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON (`malformed_json`), a request outside the contract (`invalid_request`), or a sandbox integration asked for in production (`sandbox_only`).',
  401: 'Missing, unknown or expired token (`unauthorized`).',
  404: 'Not found, or not this session’s (`not_found`): the two are indistinguishable on purpose.',
  409: 'A report that does not add up, a write to a finished request, or an upload another one replaced (`conflict`, `request_finished`, `upload_superseded`).',
  413: 'Body over the limit (`payload_too_large`).',
  422: 'Records or a consent refused by validation (`validation_failed`, with issues), or an Idempotency-Key reused with another body (`idempotency_conflict`, as draft-ietf-httpapi-idempotency-key-header says). Keys of entities, connections and consents are kept 24 hours. A webhook URL that is not https: on a public address answers `webhook_url_refused`.',
  415: 'A body that is not `application/json` (`unsupported_media_type`).',
  429: "Rate limit reached (`rate_limited`): this session token's, or this address's for calls without a live token; wait for `Retry-After` seconds.",
  503: 'The server is shedding load (`service_unavailable`); retry after `Retry-After` seconds, with jitter.',
};

export function buildOpenApi(routes: readonly ApiRoute[]): JsonSchema {
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const statuses = [...new Set([400, 401, 404, 429, 503, ...(route.body ? [415] : []), ...(route.errors ?? [])])].sort();
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: route.produces
        ? {
            description: 'The file, as an attachment (Content-Disposition).',
            content: Object.fromEntries(
              route.produces.map((type) => [
                type,
                {
                  schema: type.startsWith('text/') ? { type: 'string' } : { type: 'string', contentMediaType: type, contentEncoding: 'binary' },
                },
              ]),
            ),
          }
        : {
            description: 'OK',
            content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
          },
    };
    for (const status of statuses) responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error', ...error };
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security: [{ [route.auth === 'partner' ? 'partnerApiKey' : 'sessionToken']: [] }],
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...parameters(route.headers, 'header').map((p) => ({ ...p, name: String(p['name']).replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()) })),
      ],
      responses,
    };
    if (route.body) operation['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = operation;
  }
  // Standard Webhooks: what the server posts to the partner's endpoints.
  const signatureHeaders = [
    {
      name: 'webhook-id',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'The event id; the same on every retry and replay. Deduplicate on it.',
    },
    {
      name: 'webhook-timestamp',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'Seconds since the epoch when this attempt was signed; refuse ones far from your clock.',
    },
    {
      name: 'webhook-signature',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description:
        '`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` with the endpoint secret; two, space-separated, while a rotated-out secret is still valid.',
    },
  ];
  const webhooks: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    webhooks[type] = {
      post: {
        operationId: `on_${type.replace('.', '_')}`,
        summary: EVENT_SUMMARIES[type],
        tags: ['webhooks'],
        parameters: signatureHeaders,
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(envelopeSchema(type), 'output') } } },
        responses: {
          '2XX': {
            description: 'Received. Any other answer, or none within 10 s, is retried: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then failed.',
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '<codat-link> reference backend',
      version: '1',
      description: 'Session API (browser, session token) and partner API (server-to-server, partner API key). Every answer carries X-Correlation-Id.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    webhooks,
    components: {
      schemas: {
        Error: { ...jsonSchema(errorBodySchema, 'output'), description: `code is one of: ${API_ERROR_CODES.join(', ')}` },
      },
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', description: 'Short-lived token scoped to one company and one data request.' },
        partnerApiKey: { type: 'http', scheme: 'bearer', description: 'The partner’s secret; server to server only.' },
      },
    },
  };
}
