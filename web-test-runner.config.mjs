// Browser tests: real Chromium (Debian's, never a downloaded one), TypeScript through esbuild,
// workspace packages resolved to their sources through the "source" export condition, and Lit's
// development build so its dev-mode warnings (collected in globalThis.litIssuedWarnings) can be asserted on.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { CHROMIUM_ARGS, requireChromium } from './scripts/chromium.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

const commonjs = fromRollup(rollupCommonjs);
/** The blank page `send-to-back` opened in front of a test's page, by session. */
const frontPages = new Map();

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/*/test/**/*.browser.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['source', 'browser', 'development'] },
  rootDir: '.',
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
  // The intake starts its worker from `new URL('./intake.worker.js', import.meta.url)`, as Vite and
  // the built package serve it; here that URL is answered with the worker's TypeScript source, so
  // the upload step's tests read in a real worker as the journey does.
  middleware: [
    (context, next) => {
      if (context.path === '/packages/upload/src/intake.worker.js') context.path = '/packages/upload/src/intake.worker.ts';
      return next();
    },
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' }),
    // `executeServerCommand('bring-to-front')`: the test's page becomes the visible tab. With two
    // pages at once one is in the background, where no animation frame runs.
    // `executeServerCommand('send-to-back')`: a blank page is opened in front of the test's page,
    // which becomes a background tab (visibilitychange → hidden) until `bring-to-front` closes it.
    {
      name: 'bring-to-front',
      async executeCommand({ command, session }) {
        if (command === 'send-to-back') {
          const page = session.browser.getPage(session.id);
          const other = await page.browserContext().newPage();
          frontPages.set(session.id, other);
          await other.bringToFront();
          return true;
        }
        if (command !== 'bring-to-front') return undefined;
        await frontPages.get(session.id)?.close();
        frontPages.delete(session.id);
        await session.browser.getPage(session.id).bringToFront();
        return true;
      },
    },
    commonjs({ include: [/node_modules\/papaparse/] }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS },
      // Each test page in a browser context (a window) of its own: two pages sharing one window
      // make one of them a background tab, with no animation frames and no resize observations,
      // and a test in it waits for a layout that never comes. `send-to-back` covers a page with
      // another tab of its own window when a test wants exactly that.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  reporters: [
    defaultReporter(),
    summaryReporter({ flatten: false }),
    countReporter({ outputFile: process.env.WTR_COUNT_FILE ?? '.test-results/browser.json' }),
  ],
};
