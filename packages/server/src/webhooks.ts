/**
 * Webhook delivery: the outbox worker claims due deliveries, signs each with the endpoint's secret
 * (Standard Webhooks, through the `standardwebhooks` package), posts it, and records the attempt.
 * A failed attempt is retried on RETRY_SCHEDULE_MS; the schedule lives in the database
 * (next_attempt_at), so it survives a restart. The same worker sends queued e-mail (mail.ts) and
 * runs the time-based monitoring rule.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import { ApiError } from './errors.js';
import type { Mailer } from './mail.js';
import type { Storage } from './storage.js';
import type { AttemptOutcome, ClaimedDelivery, EmailRow } from './store.js';

/**
 * When the attempts of a delivery are due, counted from the previous one: immediately, 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. After the last, the delivery is `failed` (Replay sends it again).
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
/** An attempt that has not answered in this long counts as failed (`timeout`). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_ROTATION_GRACE_MS = 24 * 3_600_000;
/** How often the worker looks for due rows when nothing woke it. */
export const OUTBOX_POLL_INTERVAL_MS = 1_000;
/** How often the "request not finished after N days" rule is checked. */
export const STALE_SWEEP_INTERVAL_MS = 60_000;

export interface WebhookOptions {
  /**
   * Development only: allow `http:` URLs and hosts on private, loopback or link-local addresses
   * (a receiver on this machine). Off by default: an endpoint must be `https:` on a public address.
   */
  allowLocalUrls?: boolean;
  retryScheduleMs?: readonly number[];
  timeoutMs?: number;
  pollIntervalMs?: number;
  staleSweepIntervalMs?: number;
  /** Deliveries (and e-mails) sent at once by one worker. */
  concurrency?: number;
  /** `false`: no worker in this process (another process runs it on the same database). */
  worker?: boolean;
}

/** Only plain public unicast: no private, loopback, link-local, CGNAT, multicast or reserved range. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Why a webhook URL is refused, in the two languages the portal speaks. The API answers the English text. */
export const WEBHOOK_URL_REFUSALS = {
  invalid: { en: 'The webhook URL is not a valid URL.', fr: "L'URL du webhook n'est pas une URL valide." },
  https: { en: 'The webhook URL must use https:.', fr: "L'URL du webhook doit être en https:." },
  credentials: {
    en: 'The webhook URL must not carry credentials; verify the signature instead.',
    fr: "L'URL du webhook ne doit pas contenir d'identifiants ; vérifiez plutôt la signature.",
  },
  unresolvable: { en: 'The webhook URL’s host does not resolve.', fr: "Le nom d'hôte de l'URL du webhook ne se résout pas." },
  private: {
    en: 'The webhook URL resolves to a private, loopback or link-local address.',
    fr: "L'URL du webhook mène à une adresse privée, locale ou de lien local.",
  },
} as const;
export type WebhookUrlRefusal = keyof typeof WEBHOOK_URL_REFUSALS;

export class WebhookUrlError extends ApiError {
  constructor(readonly reason: WebhookUrlRefusal) {
    super('webhook_url_refused', undefined, WEBHOOK_URL_REFUSALS[reason].en);
  }
}
const refuse = (reason: WebhookUrlRefusal) => new WebhookUrlError(reason);

/**
 * Checks an endpoint URL when it is registered: `https:`, and every address its host resolves to
 * is public (unless `allowLocal`). Delivery checks the address again when it connects (see
 * guardedLookup), so a name that later resolves elsewhere (DNS rebinding) is refused then too.
 */
export async function checkWebhookUrl(value: string, allowLocal: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('invalid');
  }
  if (url.protocol !== 'https:' && !(allowLocal && url.protocol === 'http:')) throw refuse('https');
  if (url.username || url.password) throw refuse('credentials');
  if (allowLocal) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dnsLookupAsync(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse('unresolvable');
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw refuse('private');
  }
}

/** A DNS lookup for outgoing deliveries that fails when the host resolves to any non-public address. */
export function guardedLookup(allowLocal: boolean): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      if (!allowLocal && (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address)))) {
        return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EADDRREFUSED' }));
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** The body posted: Standard Webhooks' type, timestamp and data, with the event id. */
export function webhookBody(event: ClaimedDelivery['event']): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.timestamp, data: event.data });
}

/** The three Standard Webhooks headers; one `v1,` signature per live secret (two during a rotation). */
export function signedHeaders(eventId: string, body: string, secrets: readonly string[], at = new Date()): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(' '),
  };
}

/** One POST; never throws: the outcome says what happened. Redirects are not followed (a 3xx fails). */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowLocal: boolean },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ ok: false, statusCode: null, error: 'invalid_url', latencyMs: 0 });
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const secure = target.protocol === 'https:';
    if ((!secure && !options.allowLocal) || (isIP(host) && !options.allowLocal && !isPublicAddress(host))) {
      resolve({ ok: false, statusCode: null, error: 'address_refused', latencyMs: 0 });
      return;
    }
    const send = secure ? https.request : http.request;
    const request = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'codat-link-webhooks/1', ...headers },
      lookup: guardedLookup(options.allowLocal),
      timeout: options.timeoutMs,
      agent: false,
    });
    let settled = false;
    const done = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      // The body is not read: only the status counts. Draining frees the socket.
      response.resume();
      done({ ok: statusCode >= 200 && statusCode < 300, statusCode, error: null, latencyMs: latency() });
    });
    request.on('timeout', () => {
      done({ ok: false, statusCode: null, error: 'timeout', latencyMs: latency() });
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      done({
        ok: false,
        statusCode: null,
        error: error.code === 'EADDRREFUSED' ? 'address_refused' : `network:${error.code ?? 'error'}`,
        latencyMs: latency(),
      });
    });
    request.end(body);
  });
}

/**
 * The outbox worker: claims due webhook deliveries and e-mails up to `concurrency` in flight, sends
 * each on its own (a slow receiver holds one slot, not the others), and records the outcome; woken
 * at once when an event is stored or a send ends, else polling.
 */
export class OutboxWorker {
  private readonly schedule: readonly number[];
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly sweepMs: number;
  private readonly concurrency: number;
  private readonly allowLocal: boolean;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastSweep = 0;

  constructor(
    private readonly store: Storage,
    private readonly mailer: Mailer | undefined,
    options: WebhookOptions = {},
  ) {
    this.schedule = options.retryScheduleMs ?? RETRY_SCHEDULE_MS;
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.pollMs = options.pollIntervalMs ?? OUTBOX_POLL_INTERVAL_MS;
    this.sweepMs = options.staleSweepIntervalMs ?? STALE_SWEEP_INTERVAL_MS;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.allowLocal = options.allowLocalUrls ?? false;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Looks for due rows soon (now, rather than at the next poll). */
  wake(): void {
    this.schedule_(0);
  }

  /** Stops claiming, and waits for the sends in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.filling;
    await Promise.all([...this.inFlight]);
  }

  private schedule_(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    // One fill at a time: a wake-up during a fill runs another right after it.
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = this.fill()
      .catch(() => false)
      .then((full) => {
        this.filling = undefined;
        if (this.again) {
          this.again = false;
          this.schedule_(0);
          // Every free slot was filled: more may be due as soon as one frees (its end wakes us).
          // The database busy or closing: try again at the next poll.
        } else if (!full) this.schedule_(this.pollMs);
      });
  }

  private filling: Promise<void> | undefined;
  private again = false;

  /** Claims what fits in the free slots and starts sending it; true when every slot is taken. */
  async fill(at = Date.now()): Promise<boolean> {
    if (at - this.lastSweep >= this.sweepMs) {
      this.lastSweep = at;
      await this.store.sweepStaleRequests(at);
    }
    const lease = this.timeoutMs + 30_000;
    let free = this.concurrency - this.inFlight.size;
    if (free <= 0) return true;
    const deliveries = await this.store.claimDeliveries(at, lease, free);
    free -= deliveries.length;
    const emails = this.mailer && free > 0 ? await this.store.claimEmails(at, lease, free) : [];
    free -= emails.length;
    for (const claim of deliveries) this.track(this.deliver(claim));
    for (const claim of emails) this.track(this.sendEmail(claim));
    return free <= 0;
  }

  private track(task: Promise<void>): void {
    const tracked: Promise<void> = task
      .catch(() => {})
      .finally(() => {
        this.inFlight.delete(tracked);
        this.wake();
      });
    this.inFlight.add(tracked);
  }

  private async deliver(claim: ClaimedDelivery): Promise<void> {
    const body = webhookBody(claim.event);
    const outcome = await postWebhook(claim.url, body, signedHeaders(claim.event.id, body, claim.secrets), {
      timeoutMs: this.timeoutMs,
      allowLocal: this.allowLocal,
    });
    const next = this.schedule[claim.step + 1];
    await this.store.completeDelivery(claim, outcome, outcome.ok || next === undefined ? null : next);
  }

  private async sendEmail(claim: EmailRow & { lease: number }): Promise<void> {
    const result = await this.mailer!.send(claim);
    if (result.ok) await this.store.completeEmail(claim, result.stored ? 'stored' : 'sent', null);
    else {
      const next = this.schedule[claim.attempts + 1];
      await this.store.completeEmail(claim, next === undefined ? 'failed' : 'pending', result.error, next ?? 0);
    }
  }
}
