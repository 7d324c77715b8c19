/**
 * The customers' side of the ingest benchmarks, in a worker thread: each session's Suppliers and
 * Bills go through HttpBackend as a page would send them. Like any load generator (wrk, pgbench),
 * it runs beside the server, not on its event loop: serializing 250k records for the request bodies
 * is the browsers' work, not the server's. The worker builds its rows before it says it is ready,
 * so the timed part is the sending alone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HttpBackend } from '@codat-link/adapter-http';
import { bills, sendSession, suppliers } from './ingest-data.js';

export interface ClientsInput {
  url: string;
  tokens: string[];
  batchSize: number;
}
export interface SessionResult {
  entities: { status: string; counts: { suppliers?: number; bills?: number } }[];
}

const { url, tokens, batchSize } = workerData as ClientsInput;
const data = tokens.map((_, n) => ({ suppliers: suppliers(n), bills: bills(n) }));

parentPort!.once('message', async () => {
  const results: SessionResult[] = await Promise.all(
    tokens.map(async (token, n) => {
      const status = await sendSession(new HttpBackend({ baseUrl: url, sessionToken: token }), n, data[n]!, batchSize);
      return { entities: status.entities.map((e) => ({ status: e.status, counts: e.counts })) };
    }),
  );
  parentPort!.postMessage(results);
});
parentPort!.postMessage('ready');
