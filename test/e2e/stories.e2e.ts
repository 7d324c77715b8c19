/**
 * Renders every Storybook story in Chromium, in the light and in the dark theme, and fails on a
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
import type { Browser, BrowserContext, ConsoleMessage } from 'playwright-core';
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

const THEMES = ['light', 'dark'] as const;
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
 * A string, not a function: the page must get this code as written, not as a test transform made it.
 */
const LISTEN_TO_STORYBOOK = `(() => {
  let channel;
  const record = (outcome) => { window.__codatStoryOutcome ??= outcome; };
  const thrown = [];
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      const remember = (kind) => (error) => thrown.push(kind + ': ' + (error?.message ?? error?.description ?? JSON.stringify(error)));
      value.on('playFunctionThrewException', remember('play function threw'));
      value.on('storyThrewException', remember('story threw'));
      value.on('storyErrored', (error) => record({ status: 'error', problems: ['story errored: ' + (error?.title ?? '') + ' ' + (error?.description ?? '')] }));
      value.on('storyMissing', () => record({ status: 'error', problems: ['story missing'] }));
      value.on('storyFinished', (payload) => {
        const problems = [...thrown];
        for (const report of payload.reporters ?? []) {
          if (report.status !== 'failed') continue;
          const violations = report.result?.violations;
          if (violations?.length) {
            for (const v of violations) problems.push('axe ' + v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
          } else problems.push(report.type + ' report failed: ' + JSON.stringify(report.result?.error ?? report.result));
        }
        record({ status: payload.status, problems });
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

async function check(story: IndexEntry, theme: (typeof THEMES)[number]): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !isFaviconMiss(message)) problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  await page.addInitScript({ content: LISTEN_TO_STORYBOOK });
  try {
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=theme:${theme}`);
    const handle = await page.waitForFunction(() => (window as unknown as { __codatStoryOutcome?: StoryOutcome }).__codatStoryOutcome, null, {
      timeout: STORY_TIMEOUT_MS,
    });
    const outcome = (await handle.jsonValue()) as StoryOutcome;
    problems.push(...outcome.problems);
    if (outcome.status === 'error' && outcome.problems.length === 0) problems.push('the story finished with an error');
  } catch (error) {
    problems.push(`never finished: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
  return problems;
}

describe('every story renders clean', { concurrency: CONCURRENCY }, () => {
  for (const story of stories) {
    for (const theme of THEMES) {
      test(`${story.title} / ${story.name} (${theme})`, async () => {
        const problems = await check(story, theme);
        assert.deepEqual(problems, [], `${story.id} in the ${theme} theme has problems`);
      });
    }
  }
});
