/**
 * Renders every Storybook story in Chromium, light in English and dark in French, and fails on a
 * console error, an uncaught exception, a failed play function or an axe violation (the a11y
 * addon's report, with `a11y.test: 'error'`). Builds Storybook first, into a folder of its own, so
 * the check always sees the current sources and never races another build of storybook-static.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { JOURNEY_STEPS } from '@codat-link/core';
import { launchChromium } from './support/browser.js';
import { serveFolder, type StaticServer } from './support/static-server.js';

interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  name: string;
}

interface StoryOutcome {
  status: 'success' | 'error' | 'warning';
  problems: string[];
}

/**
 * Two passes cover both themes and both locales: light in English, dark in French. Contrast does
 * not depend on the language, and French's longer strings meet the dark theme's colours.
 */
const PASSES = {
  'light, en': 'theme:light;locale:en',
  'dark, fr': 'theme:dark;locale:fr',
} as const;
type Pass = keyof typeof PASSES;
/** Two cores: more pages at once only slows each down. */
const CONCURRENCY = 3;
const STORY_TIMEOUT_MS = 30_000;

const root = fileURLToPath(new URL('../../', import.meta.url));
/** `STORYBOOK_STATIC=dir` checks an existing build instead (while working on stories). */
const prebuilt = process.env['STORYBOOK_STATIC'];
const outDir = prebuilt ?? mkdtempSync(join(tmpdir(), 'codat-link-storybook-'));
/** `STORIES=text` checks only the stories whose id contains it. */
const only = process.env['STORIES'];

if (!prebuilt) {
  execFileSync('npm', ['run', '--silent', 'manifest', '-w', '@codat-link/elements'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    // Vite's chunking notes go to stderr on every build; they are shown only when the build fails.
    execFileSync('npx', ['storybook', 'build', '--quiet', '-o', outDir], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    process.stderr.write(String((error as { stderr?: Buffer }).stderr ?? ''));
    throw error;
  }
}
const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story' && (!only || entry.id.includes(only)));

/**
 * Listens on Storybook's channel from the first script of the page: the preview assigns the channel
 * to a global once, and `storyFinished` carries the play function's status and the a11y report.
 * Outcomes are kept by story id, because one page renders story after story (see `check`).
 * A string, not a function: the page must get this code as written, not as a test transform made it.
 */
const LISTEN_TO_STORYBOOK = `(() => {
  let channel;
  window.__codatOutcomes = {};
  window.__codatThrown = [];
  const record = (id, outcome) => { if (id && !window.__codatOutcomes[id]) window.__codatOutcomes[id] = outcome; };
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      const remember = (kind) => (error) => window.__codatThrown.push(kind + ': ' + (error?.message ?? error?.description ?? JSON.stringify(error)));
      value.on('playFunctionThrewException', remember('play function threw'));
      value.on('storyThrewException', remember('story threw'));
      value.on('storyErrored', (error) => record(window.__codatCurrent, { status: 'error', problems: ['story errored: ' + (error?.title ?? '') + ' ' + (error?.description ?? '')] }));
      value.on('storyMissing', () => record(window.__codatCurrent, { status: 'error', problems: ['story missing'] }));
      value.on('storyFinished', (payload) => {
        const problems = [...window.__codatThrown];
        for (const report of payload.reporters ?? []) {
          if (report.status !== 'failed') continue;
          const violations = report.result?.violations;
          if (violations?.length) {
            for (const v of violations) problems.push('axe ' + v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
          } else problems.push(report.type + ' report failed: ' + JSON.stringify(report.result?.error ?? report.result));
        }
        record(payload.storyId, { status: payload.status, problems });
      });
    },
  });
})();`;

/** Chromium asks every origin for a favicon; that 404 is the browser's, not a story's. */
function isFaviconMiss(message: ConsoleMessage): boolean {
  return message.location().url.endsWith('/favicon.ico');
}

let server: StaticServer;
let browser: Browser;
/** One context for every page, so Storybook's bundle is fetched once and then read from the cache. */
let context: BrowserContext;

before(async () => {
  server = await serveFolder(outDir, { 'cache-control': 'public, max-age=3600' });
  browser = await launchChromium();
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (!prebuilt) rmSync(outDir, { recursive: true, force: true });
});

test('Storybook has stories to check', () => {
  assert.ok(stories.length > 0, 'index.json lists no story');
});

test('the help panel has a story on every step that shows Questions? (checked below in both themes and locales)', () => {
  const all = Object.values(index.entries).filter((entry) => entry.type === 'story');
  const covered = new Set(all.filter((entry) => entry.title === 'Help/Panel on each step').map((entry) => entry.id.split('--')[1]));
  // Loading and closed show no step, so no Questions? either.
  const steps = JOURNEY_STEPS.filter((step) => step !== 'loading' && step !== 'closed');
  const kebab = (step: string) => step.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  assert.deepEqual(
    steps.filter((step) => !covered.has(kebab(step))),
    [],
    'steps without a help panel story',
  );
});

/** A page that has booted Storybook's preview in one pass's globals and renders story after story. */
interface Slot {
  page: Page;
  pass: Pass;
  busy: boolean;
  /** Console errors and exceptions since the current story started. */
  problems: string[];
}

const slots: Slot[] = [];

async function openSlot(pass: Pass): Promise<Slot> {
  const page = await context.newPage();
  const slot: Slot = { page, pass, busy: true, problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' && !isFaviconMiss(message)) slot.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => slot.problems.push(`uncaught exception: ${error.message}`));
  await page.addInitScript({ content: LISTEN_TO_STORYBOOK });
  return slot;
}

/**
 * Booting the preview costs far more than rendering a story, so each page boots once and is then
 * told to show the next story, as the Storybook manager does. A page whose story never finished is
 * closed, so nothing it left running reaches the next story.
 */
async function check(story: IndexEntry, pass: Pass): Promise<string[]> {
  let slot = slots.find((s) => !s.busy && s.pass === pass);
  if (slot) slot.busy = true;
  else slots.push((slot = await openSlot(pass)));
  slot.problems = [];
  const { page } = slot;
  let healthy = false;
  try {
    if (page.url().startsWith(server.url)) {
      await page.evaluate((storyId) => {
        const w = window as unknown as {
          __codatCurrent: string;
          __codatThrown: string[];
          __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, payload: unknown): void };
        };
        w.__codatCurrent = storyId;
        w.__codatThrown = [];
        w.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }, story.id);
    } else {
      await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=${PASSES[pass]}`);
    }
    const handle = await page.waitForFunction(
      (storyId) => (window as unknown as { __codatOutcomes: Record<string, StoryOutcome> }).__codatOutcomes[storyId],
      story.id,
      { timeout: STORY_TIMEOUT_MS },
    );
    const outcome = (await handle.jsonValue()) as StoryOutcome;
    slot.problems.push(...outcome.problems);
    if (outcome.status === 'error' && outcome.problems.length === 0) slot.problems.push('the story finished with an error');
    healthy = true;
  } catch (error) {
    slot.problems.push(`never finished: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    if (healthy) slot.busy = false;
    else {
      slots.splice(slots.indexOf(slot), 1);
      await page.close();
    }
  }
  // Testing Library appends the whole DOM to a failed query's message: the first lines say enough.
  return slot.problems.map((problem) => (problem.length > 800 ? `${problem.slice(0, 800)}…` : problem));
}

describe('every story renders clean', { concurrency: CONCURRENCY }, () => {
  for (const story of stories) {
    for (const pass of Object.keys(PASSES) as Pass[]) {
      test(`${story.title} / ${story.name} (${pass})`, async () => {
        const problems = await check(story, pass);
        assert.deepEqual(problems, [], `${story.id} (${pass}) has problems`);
      });
    }
  }
});
