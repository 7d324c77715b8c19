#!/usr/bin/env node
// `npm run browser`: make sure a Chromium is there for the browser and end-to-end tests.
// Installs Debian's chromium package when none is found and we run as root on Debian;
// otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

let path = findChromium();
if (!path) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    console.log("No Chromium found; installing Debian's chromium package…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    path = findChromium();
  }
}
if (!path) {
  console.error(
    [
      'No Chromium browser was found, and it could not be installed automatically.',
      'Install one, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install chromium   (or chromium-browser)',
      '  macOS:          brew install --cask chromium',
      'or point CHROME_PATH at an existing Chromium or Chrome binary.',
    ].join('\n'),
  );
  process.exit(1);
}
const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
console.log(`Chromium: ${path} (${version})`);
