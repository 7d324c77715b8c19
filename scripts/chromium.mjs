// Finds the Chromium the tests drive. No test tool downloads a browser of its own:
// CHROME_PATH wins, then the usual install locations.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Flags that let Chromium run headless as root on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** @returns {string | undefined} the path of a Chromium binary, if one is installed. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there.`);
  }
  return CANDIDATES.find((path) => existsSync(path));
}

/** Like findChromium, but fails with what to do when there is none. */
export function requireChromium() {
  const path = findChromium();
  if (!path) {
    throw new Error(
      "No Chromium found. Run `npm run browser` (it installs Debian's chromium package when run as root), " +
        'or install Chromium yourself and set CHROME_PATH to its binary.',
    );
  }
  return path;
}
