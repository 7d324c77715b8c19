/**
 * Launches the Chromium that scripts/chromium.mjs finds, through playwright-core (which never
 * downloads a browser). Each test file launches one browser and closes it when done.
 */
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error -- a plain ES module without type declarations
import { CHROMIUM_ARGS, requireChromium } from '../../../scripts/chromium.mjs';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: (requireChromium as () => string)(),
    headless: true,
    args: CHROMIUM_ARGS as string[],
  });
}
