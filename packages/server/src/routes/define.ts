/**
 * One table of API routes: each entry carries the zod schemas it validates with, and the
 * OpenAPI document is generated from the same table (see ../openapi.ts).
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError, type RecordIssue } from '../errors.js';
import type { SessionScope } from '../storage.js';

export type Auth = 'session' | 'partner';

export interface RouteContext<P, Q, B, H> {
  params: P;
  query: Q;
  body: B;
  headers: H;
  /** Present on `session` routes: the company and request the token is scoped to. */
  session: SessionScope;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, H = unknown, R = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  auth: Auth;
  operationId: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  headers?: z.ZodType<H>;
  response: z.ZodType<R>;
  status?: 200 | 201;
  /** Error codes this route can answer with, beyond the ones every route can. */
  errors?: number[];
  /**
   * A download instead of JSON: the media types it may answer with. The handler returns a
   * FileAnswer (its body may be a stream), sent as an attachment; `response` is not checked.
   */
  produces?: readonly string[];
  handler(context: RouteContext<P, Q, B, H>): R | Promise<R>;
}

/** What a download route's handler returns. */
export interface FileAnswer {
  contentType: string;
  /** The attachment's file name (ASCII: ids, kinds and an extension). */
  fileName: string;
  body: string | Buffer | Readable;
}

// Inference helper: the handler's context types follow from the schemas given.
export function route<P = undefined, Q = undefined, B = undefined, H = undefined, R = unknown>(spec: ApiRoute<P, Q, B, H, R>): ApiRoute {
  return spec;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: RecordIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    row: -1,
    field: [where, ...issue.path.map(String)].join('.'),
    code: issue.code,
    message: issue.message,
  }));
  throw new ApiError('invalid_request', issues);
}

export interface RegisterOptions {
  authenticate(request: FastifyRequest, auth: Auth): Promise<SessionScope>;
  /** Tests turn this on: every response is checked against its schema before it leaves. */
  validateResponses: boolean;
}

export function registerRoutes(app: FastifyInstance, routes: readonly ApiRoute[], options: RegisterOptions): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const session = await options.authenticate(request, spec.auth);
        // The API takes JSON only: a body any other parser accepted (text/plain) is refused.
        if (request.body !== undefined && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
          throw new ApiError('unsupported_media_type');
        }
        const context: RouteContext<unknown, unknown, unknown, unknown> = {
          params: parse(spec.params, request.params, 'params'),
          query: parse(spec.query, request.query, 'query'),
          headers: parse(spec.headers, request.headers, 'headers'),
          body: parse(spec.body, request.body, 'body'),
          session,
          request,
          reply,
        };
        const result = await spec.handler(context);
        if (spec.produces) {
          const file = result as FileAnswer;
          return reply
            .code(200)
            .type(file.contentType)
            .header('cache-control', 'no-store')
            .header('content-disposition', `attachment; filename="${file.fileName}"`)
            .send(file.body);
        }
        if (options.validateResponses) {
          const checked = spec.response.safeParse(result);
          if (!checked.success) throw new Error(`${spec.operationId} answered outside its contract: ${checked.error.message}`);
        }
        reply.code(spec.status ?? 200).header('cache-control', 'no-store');
        return result;
      },
    });
  }
}
