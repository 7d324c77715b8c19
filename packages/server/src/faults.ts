/**
 * Fault injection for resilience tests: fails, drops and delays a share of API requests.
 * A dropped request is processed and committed, then the connection is cut before the answer:
 * the case where only idempotency keys stop a retry from storing rows twice.
 */
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

export interface FaultOptions {
  /** Share of requests refused before they are processed (503, 500, or 429 with Retry-After). */
  failRate?: number;
  /** Share of requests processed whose answer is then lost (socket destroyed). */
  dropRate?: number;
  /** Share of answers held back by `delayMs` after processing. */
  delayRate?: number;
  delayMs?: number;
  /** Seed of the generator, so a failing run can be replayed. */
  seed?: number;
  /** Only URLs starting with this are touched (default `/v1/`). */
  prefix?: string;
}

export interface FaultCounts {
  failed: number;
  dropped: number;
  delayed: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function installFaults(app: FastifyInstance, options: FaultOptions): FaultCounts {
  const random = seededRandom(options.seed ?? 1);
  const prefix = options.prefix ?? '/v1/';
  const counts: FaultCounts = { failed: 0, dropped: 0, delayed: 0 };
  const targeted = (url: string) => url.startsWith(prefix);

  app.addHook('onRequest', async (request, reply) => {
    if (!targeted(request.url) || request.method === 'OPTIONS') return;
    if (random() >= (options.failRate ?? 0)) return;
    counts.failed += 1;
    const pick = random();
    if (pick < 0.25) {
      reply.header('retry-after', '1');
      return reply.code(429).send(errorBody('rate_limited', request.id));
    }
    const code = pick < 0.75 ? 'service_unavailable' : 'server_error';
    return reply.code(code === 'service_unavailable' ? 503 : 500).send(errorBody(code, request.id));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!targeted(request.url) || request.method === 'OPTIONS' || reply.statusCode >= 400) return payload;
    if (random() < (options.delayRate ?? 0)) {
      counts.delayed += 1;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 200));
    }
    if (random() < (options.dropRate ?? 0)) {
      counts.dropped += 1;
      request.raw.socket.destroy();
    }
    return payload;
  });
  return counts;
}
