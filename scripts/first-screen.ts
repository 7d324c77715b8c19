/**
 * What a real page load fetches before the first step is on screen: the reference server's hosted
 * Link page (the built drop-in bundle, `base-url` + `session-token`, so the HTTP adapter and
 * `GET /v1/request`) opened in Chromium with an empty cache. Prints one JSON object per request
 * kind (spend opens on the checklist, financials on the software list; spend in French too): the bundle's scripts
 * fetched before the first step's heading was visible, each min+gzip as built, and the longest
 * chain of requests that waited on one another (the entry's static imports and preloads, the
 * chunks and calls it starts, what those start...), counted from the entry.
 *
 * Run by scripts/size.mjs: `node --import tsx --conditions=source scripts/first-screen.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startDemo } from '../packages/demo/src/demo.js';
import { PartnerApi, type DataType } from '../packages/demo/src/partner-api.js';
import { launchChromium } from '../test/e2e/support/browser.js';

const CDN = fileURLToPath(new URL('../packages/elements/dist/cdn/', import.meta.url));

/** Watches, from before any script, for the first step's heading; records when it is visible. */
const WATCH_FIRST_STEP = `
  (() => {
    const look = () => {
      const body = document.querySelector('codat-link')?.shadowRoot?.querySelector('.body[aria-busy="false"]');
      const heading = body?.firstElementChild?.shadowRoot?.querySelector('[part="heading"]');
      if (heading && heading.checkVisibility() && heading.textContent.trim() === window.__expectedHeading) {
        window.__firstStep = { at: performance.now(), step: body.dataset.currentStep };
        return;
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  })();
`;

export interface FirstScreen {
  request: string;
  step: string;
  /** ms from navigation start to the heading. */
  at: number;
  scripts: { file: string; bytes: number; hop: number }[];
  bytes: number;
  /** The longest chain of requests, the entry first, that ran before the heading. */
  chain: string[];
  hops: number;
}

interface Scenario {
  dataTypes: DataType[];
  /** The hosted page's `?lang=`. */
  lang: 'en' | 'fr';
  /** The first step's heading in that language: seen in English, a French screen is not there yet. */
  heading: string;
}

async function measure({ dataTypes, lang, heading }: Scenario): Promise<FirstScreen> {
  const partnerApiKey = `pk_size_${Math.random().toString(36).slice(2)}`;
  const demo = await startDemo({ sitePort: 0, serverPort: 0, db: ':memory:', partnerApiKey });
  const browser = await launchChromium();
  try {
    const { linkUrl } = await new PartnerApi(demo.serverUrl, partnerApiKey).startLink('First Screen Ltd', dataTypes);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ content: `window.__expectedHeading = ${JSON.stringify(heading)};${WATCH_FIRST_STEP}` });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const cdp = await context.newCDPSession(page);
    const initiators = new Map<string, string | undefined>();
    cdp.on('Network.requestWillBeSent', (event) => {
      const { initiator, request } = event;
      const url = request.url.split('#')[0]!;
      if (initiators.has(url)) return;
      const from = initiator.url ?? initiator.stack?.callFrames[0]?.url ?? initiator.stack?.parent?.callFrames[0]?.url;
      // Chromium names no initiator for a `<link rel="modulepreload">` a script inserted: only the
      // entry inserts them (cdn-entry.ts), so it is theirs.
      const entry = new URL('/cdn/codat-link.js', url).href;
      if (from === 'about:client' && url !== entry) initiators.set(url, entry);
      else initiators.set(url, initiator.type === 'parser' && !from?.includes('/cdn/') ? undefined : from);
    });
    await cdp.send('Network.enable');
    await page.goto(`${linkUrl}?lang=${lang}`);
    await page
      .waitForFunction(() => (window as { __firstStep?: unknown }).__firstStep, undefined, { timeout: 20_000 })
      .catch((error: Error) => {
        throw new Error(`no first step on ${linkUrl}: ${error.message}\n${errors.join('\n')}`);
      });
    const { at, step } = await page.evaluate(() => (window as unknown as { __firstStep: { at: number; step: string } }).__firstStep);
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime })));
    const before = resources.filter((r) => r.start < at).map((r) => r.name.split('#')[0]!);
    const depth = new Map<string, number>();
    const parentOf = (url: string) => initiators.get(url);
    const hopOf = (url: string, seen = new Set<string>()): number => {
      if (depth.has(url)) return depth.get(url)!;
      const parent = parentOf(url);
      const hop = parent && !seen.has(url) && before.includes(parent) ? hopOf(parent, seen.add(url)) + 1 : 1;
      depth.set(url, hop);
      return hop;
    };
    const cdnPath = (url: string) => new URL(url).pathname.replace(/^\/cdn\//, '');
    const isBundle = (url: string) => new URL(url).pathname.startsWith('/cdn/') && url.endsWith('.js');
    const scripts = before.filter(isBundle).map((url) => ({
      file: cdnPath(url),
      bytes: gzipSync(readFileSync(join(CDN, cdnPath(url))), { level: 9 }).length,
      hop: hopOf(url),
    }));
    const counted = before.filter((url) => isBundle(url) || new URL(url).pathname.startsWith('/v1/'));
    const deepest = counted.reduce((a, b) => (hopOf(b) > hopOf(a) ? b : a), counted[0]!);
    if (process.env.FIRST_SCREEN_DEBUG) for (const url of counted) console.error(hopOf(url), url, '<-', parentOf(url));
    const chain: string[] = [];
    for (let url: string | undefined = deepest; url && before.includes(url); url = parentOf(url)) {
      chain.unshift(isBundle(url) ? cdnPath(url) : new URL(url).pathname);
      if (chain.length > 20) break;
    }
    await context.close();
    return {
      request: `${dataTypes.join(' ')} (${lang})`,
      step,
      at: Math.round(at),
      scripts,
      bytes: scripts.reduce((total, s) => total + s.bytes, 0),
      chain,
      hops: chain.length,
    };
  } finally {
    await browser.close();
    await demo.close();
  }
}

const SCENARIOS: Scenario[] = [
  { dataTypes: ['spendAnalysis'], lang: 'en', heading: 'Before you start' },
  { dataTypes: ['financials'], lang: 'en', heading: 'Select your accounting software' },
  { dataTypes: ['spendAnalysis'], lang: 'fr', heading: 'Avant de commencer' },
];
for (const scenario of SCENARIOS) console.log(JSON.stringify(await measure(scenario)));
