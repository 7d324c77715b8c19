/**
 * Sending 100k bills from the page against the adapter alone. The page is the real demo (partner
 * site, reference server, the drop-in bundle) in Chromium: the journey is walked to the Bills step,
 * a 100k-row export (thousands separators, dd/mm dates) is read, then *Send* is timed until the
 * entity is complete, with a trace of the page's main thread. The baseline, in the same run and
 * against the same server, is HttpBackend sending the same records from Node with as many batches
 * in flight as the journey keeps (`BATCHES_IN_FLIGHT`) and the same batch size.
 */
import { writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { HttpBackend } from '@codat-link/adapter-http';
import { BATCHES_IN_FLIGHT } from '@codat-link/core';
import { intake } from '@codat-link/upload';
import { openDemoPage, startTestDemo } from '../e2e/support/demo.js';
import { launchChromium } from '../e2e/support/browser.js';
import { atStep, startSharing } from '../e2e/support/journey.js';
import { billsCsv, suppliersCsv } from './intake-data.js';
import { TRACE_CATEGORIES, mainThreadTasks, median } from './trace.js';

const ROWS = 100_000;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** The journey's default batch size (core config). */
const BATCH = 1_000;

const bills = billsCsv(ROWS);
const suppliers = suppliersCsv();
const file = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });

const demo = await startTestDemo({ server: { rateLimit: false } });
const browser = await launchChromium();

/** Walks a fresh page to the Bills step with the suppliers sent, and the bills file read. */
async function pageAtSend(run: number) {
  const opened = await openDemoPage(browser);
  const { page } = opened;
  // A company of its own per run: the demo resumes a company's open request.
  await startSharing(page, demo.siteUrl, { request: 'spendAnalysis', company: `Bench page ${run}` });
  await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
  await (await atStep(page, 'entityCount')).locator('[data-count="several"]').click();
  const name = await atStep(page, 'entityName');
  await name.getByRole('textbox').fill('Bench Ltd');
  await name.locator('[part="submit"]').click();
  const software = await atStep(page, 'softwareSelection');
  await software.getByRole('combobox').fill('Epicor');
  await software.locator('[data-key="epicor"]').click();
  await (await atStep(page, 'consent')).locator('[part="accept"]').click();
  await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
  for (const [step, upload] of [
    ['uploadSuppliers', file('suppliers.csv', suppliers)],
    ['uploadBills', file('bills.csv', bills)],
  ] as const) {
    const at = await atStep(page, step, 30_000);
    await at.locator('input[type="file"]').setInputFiles(upload);
    const send = at.locator('[part="send"]');
    const apply = at.locator('[part="apply"]');
    await send.or(apply).first().waitFor({ timeout: 60_000 });
    if (await apply.isVisible()) await apply.click();
    await send.waitFor({ timeout: 60_000 });
    if (step === 'uploadBills') return { ...opened, send };
    await send.click();
  }
  throw new Error('unreachable');
}

/** Every 50 ms, the value the sending progress bar shows: proof that progress is on screen. */
const WATCH_PROGRESS = `(() => {
  const seen = new Set();
  const find = (root, selector) => {
    if (!root) return null;
    const here = root.querySelector(selector);
    if (here) return here;
    for (const el of root.querySelectorAll('*')) {
      const inner = el.shadowRoot ? find(el.shadowRoot, selector) : null;
      if (inner) return inner;
    }
    return null;
  };
  const timer = setInterval(() => {
    const bar = find(document, 'codat-link-upload-progress');
    if (bar && typeof bar.value === 'number') seen.add(bar.value);
  }, 50);
  window.progressSeen = () => {
    clearInterval(timer);
    return seen.size;
  };
})()`;

async function fromPage(run: number): Promise<{ ms: number; tasks: ReturnType<typeof mainThreadTasks>; progress: number }> {
  const { page, send, close, errors } = await pageAtSend(run);
  try {
    await page.evaluate(WATCH_PROGRESS);
    // BENCH_PROFILE=file.cpuprofile: a CPU profile of the page during the send, for DevTools.
    const profiler = process.env['BENCH_PROFILE'] ? await page.context().newCDPSession(page) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const started = Date.now();
    await send.click();
    await atStep(page, 'entityComplete', 300_000);
    const ms = Date.now() - started;
    const trace = await browser.stopTracing();
    // BENCH_TRACE=file.json: the whole trace, for DevTools' Performance panel.
    if (process.env['BENCH_TRACE']) writeFileSync(process.env['BENCH_TRACE'], trace);
    const tasks = mainThreadTasks(trace);
    if (profiler) writeFileSync(process.env['BENCH_PROFILE']!, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: () => number }).progressSeen());
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { ms, tasks, progress };
  } finally {
    await close();
  }
}

/** A company of its own with a session, an entity and a file connection, as the journey makes them. */
async function connectionFor(company: string) {
  const store = demo.server.store;
  const created = await store.createCompany(company, null);
  const request = await store.createRequest(created.id, ['spendAnalysis']);
  const { token } = await store.createSession(created.id, request.id, 3600);
  const backend = new HttpBackend({ baseUrl: demo.serverUrl, sessionToken: token });
  const signal = new AbortController().signal;
  const entity = await backend.createEntity({ name: 'Bench Ltd' }, { signal });
  const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal });
  return { token, backend, signal, connection };
}

/** The same records the page sends (the same intake, in Node), sent by HttpBackend as the journey sends them. */
async function fromNode(records: Record<string, unknown>[], run: number): Promise<number> {
  const { backend, signal, connection } = await connectionFor(`Bench node ${run}`);
  const started = performance.now();
  await backend.uploadReport(
    { connectionId: connection.id, kind: 'bills', records, uploadId: `node-${run}`, batchSize: BATCH },
    { signal, concurrency: BATCHES_IN_FLIGHT },
  );
  return performance.now() - started;
}

/**
 * The floor the page cannot go under: the same batches POSTed by `fetch` alone from a page of the
 * demo's origin (the same CORS path), as many at once as the journey, with no journey around them.
 */
async function fetchAlone(records: Record<string, unknown>[], run: number): Promise<number> {
  const { token, connection } = await connectionFor(`Bench fetch ${run}`);
  const { page, close } = await openDemoPage(browser);
  try {
    await page.goto(demo.siteUrl);
    const url = `${demo.serverUrl}/v1/connections/${connection.id}/reports/bills/batches`;
    return await page.evaluate(
      async ({ url, token, records, batch, inFlight, run }) => {
        const total = Math.ceil(records.length / batch);
        let next = 0;
        const started = performance.now();
        // Anonymous on purpose: tsx names named functions with a helper the page does not have.
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            for (let index = next++; index < total; index = next++) {
              const body = JSON.stringify({
                batchIndex: index,
                totalBatches: total,
                uploadId: `fetch-${run}`,
                records: records.slice(index * batch, (index + 1) * batch),
              });
              const response = await fetch(url, {
                method: 'POST',
                headers: {
                  Accept: 'application/json',
                  'Content-Type': 'application/json',
                  Authorization: `Bearer ${token}`,
                  'Idempotency-Key': `fetch-${run}:${index}`,
                },
                credentials: 'omit',
                body,
              });
              if (!response.ok) throw new Error(`batch ${index}: HTTP ${response.status}`);
              await response.text();
            }
          }),
        );
        return performance.now() - started;
      },
      { url, token, records, batch: BATCH, inFlight: BATCHES_IN_FLIGHT, run },
    );
  } finally {
    await close();
  }
}

try {
  const read = await intake(new Blob([bills]), { kind: 'bills' });
  if (read.records.length !== ROWS) throw new Error(`the bench file should read as ${ROWS} records, not ${read.records.length}`);
  const runs: { page: number; node: number; fetch: number; cpu: number; over50: number; progress: number }[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const node = await fromNode(read.records, run);
    const fetch = await fetchAlone(read.records, run);
    const page = await fromPage(run);
    runs.push({ page: page.ms, node, fetch, cpu: page.tasks.longestCpuMs, over50: page.tasks.over50Cpu, progress: page.progress });
    console.log(
      `run ${run}: page ${page.ms.toFixed(0)} ms, adapter alone in Node ${node.toFixed(0)} ms (ratio ${(page.ms / node).toFixed(2)}), ` +
        `fetch alone in the page ${fetch.toFixed(0)} ms; ` +
        `main thread: longest task ${page.tasks.longestCpuMs.toFixed(1)} ms CPU / ${page.tasks.longestWallMs.toFixed(1)} ms wall, ` +
        `${page.tasks.over50Cpu} over 50 ms CPU, ${(page.tasks.totalCpuMs / 1000).toFixed(1)} s CPU in all [${page.tasks.inside}]; ` +
        `${page.progress} progress values seen`,
    );
  }
  const med = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick));
  console.log(`send ${ROWS.toLocaleString('en')} bills, batches of ${BATCH}, ${BATCHES_IN_FLIGHT} in flight, median of ${RUNS} runs:`);
  console.log(
    `  from the page: ${med((r) => r.page).toFixed(0)} ms; adapter alone in Node: ${med((r) => r.node).toFixed(0)} ms; ratio ${med((r) => r.page / r.node).toFixed(2)} (goal ≤ 1.3)`,
  );
  console.log(
    `  fetch alone in the page (the same batches, no journey): ${med((r) => r.fetch).toFixed(0)} ms, ${med((r) => r.fetch / r.node).toFixed(2)} of Node; ` +
      `the journey's own cost: ${med((r) => r.page / r.fetch).toFixed(2)} of fetch alone`,
  );
  const cpu = med((r) => r.cpu);
  console.log(
    `  longest main-thread task during the send: ${cpu.toFixed(1)} ms CPU (goal ≤ 50 ms ${cpu <= 50 ? 'met' : 'NOT met'}), tasks over 50 ms: ${med((r) => r.over50)}`,
  );
  console.log(`  progress values seen on screen: ${med((r) => r.progress)}`);
  console.log(
    `(load average: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores)`,
  );
} finally {
  await browser.close();
  await demo.close();
}
