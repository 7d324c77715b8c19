import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import compress from '@fastify/compress';
import { constants as zlibConstants } from 'node:zlib';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Integration } from '@codat-link/core';
import { DEFAULT_INTEGRATIONS, MANUAL_INTEGRATION_KEY } from './catalog.js';
import { openSqlDatabase, type Db } from './db.js';
import { ApiError, errorBody, statusOf, type ApiErrorCode } from './errors.js';
import {
  BODY_LIMIT_BYTES,
  CONNECTION_TIMEOUT_MS,
  CONNECTIONS_CHECK_INTERVAL_MS,
  HEADERS_TIMEOUT_MS,
  MAX_EVENT_LOOP_DELAY_MS,
  OVERLOAD_RETRY_AFTER_SECONDS,
  PARTNER_RATE_MULTIPLIER,
  RATE_LIMIT_MAX,
  RATE_LIMIT_WINDOW_MS,
  REQUEST_TIMEOUT_MS,
} from './limits.js';
import { installFaults, type FaultCounts, type FaultOptions } from './faults.js';
import { installJsonParser } from './json-body.js';
import { buildOpenApi } from './openapi.js';
import { registerRoutes, type ApiRoute, type Auth } from './routes/define.js';
import { registerPages } from './routes/pages.js';
import { secretEquals } from './secrets.js';
import { partnerApiRoutes } from './routes/partner-api.js';
import { dataApiRoutes } from './routes/data-api.js';
import { sessionApiRoutes } from './routes/session-api.js';
import { SqliteDatabase, type SqlDatabase } from './sql.js';
import { notificationsApiRoutes } from './routes/notifications-api.js';
import { Store, type Environment, type SessionScope } from './store.js';
import { Mailer, type MailOptions } from './mail.js';
import { hashPassword, PASSWORD_MIN_LENGTH } from './passwords.js';
import { OutboxWorker, type WebhookOptions } from './webhooks.js';

export interface ServerOptions {
  /**
   * Where data lives: a SQLite file path, `:memory:` (the default), a `postgres://` URL (several
   * instances may share it), an open better-sqlite3 database, or an open SqlDatabase. A handle
   * given here stays open when the server closes: its owner closes it.
   */
  db?: string | Db | SqlDatabase;
  /**
   * The partner's server-to-server key for its sandbox; kept for servers configured before
   * environments (`partnerApiKeys.sandbox` wins when both are given). Without any key, the
   * partner API refuses every call.
   */
  partnerApiKey?: string;
  /**
   * One key per environment. A call's key decides which companies, requests, sessions and
   * records it sees: a production key gets 404 for sandbox data and the reverse. The two must differ.
   */
  partnerApiKeys?: { sandbox?: string; production?: string };
  /**
   * The portal's first admin: created (or given this role and password again) when the server
   * starts. Admins invite the other users from the portal's Users page.
   */
  portalAdmin?: { email: string; password: string };
  /** Exact origins of the partner's pages: CORS, pop-up messages and redirects are limited to them. */
  allowedOrigins?: string[];
  /** The URL customers reach this server at; defaults to the address it listens on. */
  publicUrl?: string;
  sessionTtlSeconds?: number;
  bodyLimitBytes?: number;
  /**
   * Requests per live session token in each window; calls without a token, or with one that is not
   * a live session, count against their client address instead. `false` turns limiting off.
   */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /**
   * Whether to take the client address from `X-Forwarded-For` (Fastify's `trustProxy`): `true`
   * trusts every hop; a string or list names the proxies' addresses or CIDRs (`'10.0.0.0/8'`).
   * Off by default. Behind a reverse proxy, set it to the proxy's address, or every customer shares
   * the proxy's address (one rate bucket, one portal lock-out); never set it without a proxy that
   * overwrites the header, or clients choose their own address.
   */
  trustProxy?: boolean | string | string[];
  /**
   * Load shedding with @fastify/under-pressure: while the event loop's mean delay (sampled every
   * `sampleIntervalMs`) is over `maxEventLoopDelayMs`, calls answer 503 `service_unavailable` with
   * `Retry-After: retryAfterSeconds` instead of queueing until clients time out. `false` turns it off.
   */
  overload?: { maxEventLoopDelayMs?: number; sampleIntervalMs?: number; retryAfterSeconds?: number } | false;
  /**
   * Socket timeouts, so slow or stalled senders cannot hold sockets: the whole request (408 after
   * it), its headers, an idle connection, and how often Node checks. Defaults in limits.ts.
   */
  timeouts?: { requestMs?: number; headersMs?: number; connectionMs?: number; checkIntervalMs?: number };
  integrations?: readonly Integration[];
  /** Where the elements' drop-in bundle is (packages/elements/dist/cdn by default). */
  elementsCdnDir?: string;
  faults?: FaultOptions;
  /** Webhook delivery: the outbox worker's schedule, and the development option for local URLs. */
  webhooks?: WebhookOptions;
  /** E-mail: SMTP settings (without them, a local outbox shown in the portal), sender and partner branding. */
  mail?: MailOptions;
  /** Check every API answer against its schema (tests). */
  validateResponses?: boolean;
  logger?: boolean;
}

export interface LinkServer {
  app: FastifyInstance;
  store: Store;
  /** Set once listening. */
  url: string;
  faults?: FaultCounts;
  /** The worker that delivers webhooks and e-mail (absent with `webhooks.worker: false`). */
  outbox?: OutboxWorker;
  mailer: Mailer;
  /** Every route registered, for contract tests. */
  routes: { method: string; url: string }[];
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

const PARTNER_BUCKET = 'partner';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  // @fastify/under-pressure shedding load; it has set Retry-After already.
  FST_UNDER_PRESSURE: 'service_unavailable',
};

export async function createServer(options: ServerOptions = {}): Promise<LinkServer> {
  const given = options.db;
  const sql: SqlDatabase =
    typeof given === 'object' ? ('dialect' in given ? given : new SqliteDatabase(given, false)) : await openSqlDatabase(given ?? ':memory:');
  const store = new Store(sql);
  const partnerKeys: [Environment, string][] = [];
  const sandboxKey = options.partnerApiKeys?.sandbox ?? options.partnerApiKey;
  if (sandboxKey) partnerKeys.push(['sandbox', sandboxKey]);
  if (options.partnerApiKeys?.production) partnerKeys.push(['production', options.partnerApiKeys.production]);
  if (partnerKeys.length === 2 && partnerKeys[0]![1] === partnerKeys[1]![1]) {
    throw new Error('The sandbox and production partner API keys must differ.');
  }
  /** The environment a partner key opens, or undefined for any other token. */
  const environmentOfKey = (token: string): Environment | undefined => partnerKeys.find(([, key]) => secretEquals(token, key))?.[0];
  if (options.portalAdmin) {
    const { email, password } = options.portalAdmin;
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || password.length < PASSWORD_MIN_LENGTH) {
      throw new TypeError(`portalAdmin needs an e-mail address and a password of at least ${PASSWORD_MIN_LENGTH} characters.`);
    }
    await store.upsertPortalUser(email, 'admin', await hashPassword(password));
  }
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => new URL(o).origin));
  let publicUrl = options.publicUrl?.replace(/\/$/, '') ?? '';

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? BODY_LIMIT_BYTES,
    requestIdHeader: false,
    trustProxy: options.trustProxy ?? false,
    // Slow or stalled senders are cut instead of holding sockets for ever (Node's defaults are off).
    requestTimeout: options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS,
    connectionTimeout: options.timeouts?.connectionMs ?? CONNECTION_TIMEOUT_MS,
    http: {
      headersTimeout: options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: options.timeouts?.checkIntervalMs ?? CONNECTIONS_CHECK_INTERVAL_MS,
    },
    // Close drops open sockets: a client that went away mid-answer must not hold shutdown for the
    // keep-alive timeout (72 s). Requests still in a handler are cut; their writes are transactions.
    forceCloseConnections: true,
    // The caller's correlation id is kept when it is well-formed, so both sides log the same id.
    genReqId: (raw) => {
      const given = raw.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
  });

  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method: String(method), url: route.url });
  });

  installJsonParser(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
    // No answer of this server is to be content-sniffed: JSON, errors, CSV, pages and files alike.
    reply.header('x-content-type-options', 'nosniff');
    // Behind HTTPS, browsers are told to never come back over plain HTTP.
    if (publicUrl.startsWith('https:')) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.code === 'unauthorized') reply.header('www-authenticate', 'Bearer');
      return reply.code(error.status).send(errorBody(error.code, request.id, error.issues, error.message));
    }
    const mapped = (error.code && FASTIFY_CODES[error.code]) || (error instanceof SyntaxError ? 'malformed_json' : undefined);
    if (mapped) return reply.code(statusOf(mapped)).send(errorBody(mapped, request.id));
    if (error.statusCode === 429) return reply.code(429).send(errorBody('rate_limited', request.id));
    request.log.error(error);
    return reply.code(500).send(errorBody('server_error', request.id));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', request.id)));

  // Only the session API is for browsers; the partner API and the portal answer no CORS at all.
  const corsOptions = {
    origin: [...allowedOrigins],
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
    exposedHeaders: ['X-Correlation-Id', 'Retry-After'],
    maxAge: 600,
  };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, request.url.startsWith('/v1/') ? corsOptions : { origin: false }),
  });

  // Brotli or gzip, as the client accepts, for the element's bundle, the pages and larger answers
  // (179 KB of JavaScript was 58 KB on the wire this way). Brotli at quality 5: compressing on the
  // fly at the default 11 would cost more server time than the bytes it saves on a fast link.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
  });

  // The session a request's token resolved to, when the rate limiter already looked it up.
  const resolved = new WeakMap<FastifyRequest, SessionScope>();
  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? { max: RATE_LIMIT_MAX, timeWindowMs: RATE_LIMIT_WINDOW_MS };
    await app.register(rateLimit, {
      // The partner's server speaks for all its customers at once: it gets ten customers' worth.
      max: (_request, key) => (key.startsWith(`${PARTNER_BUCKET}:`) ? limit.max * PARTNER_RATE_MULTIPLIER : limit.max),
      timeWindow: limit.timeWindowMs,
      // Per live session: one busy customer cannot starve the others behind the same address. A
      // token that is no live session counts against its address, so invented tokens share a bucket.
      keyGenerator: async (request) => {
        const token = bearer(request);
        if (!token) return `ip:${request.ip}`;
        const environment = environmentOfKey(token);
        if (environment) return `${PARTNER_BUCKET}:${environment}`;
        const session = await store.resolveSession(token);
        if (!session) return `ip:${request.ip}`;
        resolved.set(request, session);
        return `t:${session.tokenHash}`;
      },
      errorResponseBuilder: (_request, context) => Object.assign(new ApiError('rate_limited'), { statusCode: context.statusCode }),
    });
  }

  if (options.overload !== false) {
    const overload = options.overload ?? {};
    await app.register(underPressure, {
      maxEventLoopDelay: overload.maxEventLoopDelayMs ?? MAX_EVENT_LOOP_DELAY_MS,
      ...(overload.sampleIntervalMs !== undefined ? { sampleInterval: overload.sampleIntervalMs } : {}),
      retryAfter: overload.retryAfterSeconds ?? OVERLOAD_RETRY_AFTER_SECONDS,
    });
  }

  const faults = options.faults ? installFaults(app, options.faults) : undefined;
  const integrations = options.integrations ?? DEFAULT_INTEGRATIONS;
  const getPublicUrl = () => publicUrl;
  const mailer = new Mailer(store, options.mail ?? {}, getPublicUrl);
  const outbox = options.webhooks?.worker === false ? undefined : new OutboxWorker(store, mailer, options.webhooks);
  store.onEvent = () => outbox?.wake();
  const allowLocalUrls = options.webhooks?.allowLocalUrls ?? false;
  const isAllowedOrigin = (origin: string) => allowedOrigins.has(origin) || (publicUrl !== '' && origin === new URL(publicUrl).origin);

  const authenticate = async (request: FastifyRequest, auth: Auth): Promise<SessionScope> => {
    const token = bearer(request);
    if (auth === 'partner') {
      const environment = token ? environmentOfKey(token) : undefined;
      if (!environment) throw new ApiError('unauthorized');
      return { companyId: '', requestId: '', tokenHash: '', environment };
    }
    const session = resolved.get(request) ?? (token ? await store.resolveSession(token) : undefined);
    if (!session) throw new ApiError('unauthorized');
    return session;
  };

  const routes: ApiRoute[] = [
    ...sessionApiRoutes({ store, integrations, manualIntegrationKey: MANUAL_INTEGRATION_KEY, publicUrl: getPublicUrl, isAllowedOrigin }),
    ...partnerApiRoutes({ store, sessionTtlSeconds: options.sessionTtlSeconds ?? 1800, publicUrl: getPublicUrl }),
    ...notificationsApiRoutes({ store, mailer, allowLocalUrls }),
    ...dataApiRoutes({ store }),
  ];
  registerRoutes(app, routes, { authenticate, validateResponses: options.validateResponses ?? false });
  const openApi = buildOpenApi(routes);
  app.get('/openapi.json', async (_request, reply) => reply.header('cache-control', 'no-cache').send(openApi));
  app.get('/healthz', async () => ({ ok: true }));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).header('cache-control', 'max-age=86400').send());

  registerPages(app, {
    store,
    integrations,
    publicUrl: getPublicUrl,
    isAllowedOrigin,
    allowedOrigins: () => [...allowedOrigins],
    sessionTtlSeconds: options.sessionTtlSeconds ?? 1800,
    elementsCdnDir: options.elementsCdnDir,
    mailer,
    allowLocalUrls,
  });

  // Expiry sweeps: every instance ticks, one at a time runs (the job row is claimed in the database).
  const stopSweeps = store.startSweeps(undefined, (error) => app.log.error(error));
  // A database handle given in the options stays open: its owner closes it.
  app.addHook('onClose', async () => {
    stopSweeps();
    await outbox?.stop();
    mailer.close();
    if (typeof given !== 'object' || !('dialect' in given)) await store.close();
  });

  const server: LinkServer = {
    app,
    store,
    url: publicUrl,
    routes: registered,
    mailer,
    ...(outbox ? { outbox } : {}),
    ...(faults ? { faults } : {}),
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      if (!publicUrl) publicUrl = url;
      server.url = publicUrl;
      outbox?.start();
      return url;
    },
    close: () => app.close(),
  };
  return server;
}

/** Creates the server and listens (127.0.0.1 and a free port unless told otherwise). */
export async function startServer(options: ServerOptions & { port?: number; host?: string } = {}): Promise<LinkServer> {
  const { port, host, ...rest } = options;
  const server = await createServer(rest);
  await server.listen({ ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) });
  return server;
}
