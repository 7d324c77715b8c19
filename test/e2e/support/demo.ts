/**
 * The real demo (partner site + reference server) in this process, on free ports of 127.0.0.1,
 * and a browser page on it that records every CSP violation and page error.
 */
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo, type Demo, type DemoOptions } from '../../../packages/demo/src/demo.js';
import { launchChromium } from './browser.js';
import { ensureBundle } from './bundle.js';

export type { Demo };

export async function startTestDemo(options: DemoOptions = {}): Promise<Demo> {
  ensureBundle();
  return startDemo({ sitePort: 0, serverPort: 0, db: ':memory:', ...options });
}

export interface RunningDemo {
  demo: Demo;
  browser: Browser;
}

/**
 * One demo and one Chromium for the whole test file: started before its first test, closed after its
 * last. Read `demo` and `browser` inside the tests, once they have started.
 */
export function useDemo(options: DemoOptions = {}): RunningDemo {
  const running = {} as RunningDemo;
  before(async () => {
    [running.demo, running.browser] = await Promise.all([startTestDemo(options), launchChromium()]);
  });
  after(async () => {
    await running.browser?.close();
    await running.demo?.close();
  });
  return running;
}

export interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface DemoPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations seen on any page of the context (the listener is installed before any script). */
  violations: Violation[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  close(): Promise<void>;
}

const RECORD_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations = window.__violations || [];
    window.__violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample });
    console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sample);
  });
`;

/** A phone: touch, coarse pointer, so `<codat-link>` connects by redirect rather than pop-up. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

export async function openDemoPage(
  browser: Browser,
  options: { locale?: string; viewport?: { width: number; height: number }; isMobile?: boolean; hasTouch?: boolean; deviceScaleFactor?: number } = {},
): Promise<DemoPage> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.isMobile ? { isMobile: true } : {}),
    ...(options.hasTouch ? { hasTouch: true } : {}),
    ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
  });
  await context.addInitScript({ content: RECORD_VIOLATIONS });
  const violations: Violation[] = [];
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const csp = /^CSP violation: (\S+) (\S*) ?(.*)$/.exec(text);
      if (csp) violations.push({ directive: csp[1] ?? '', blockedURI: csp[2] ?? '', sample: csp[3] ?? '' });
      else errors.push(`${page.url()}: ${text}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, violations, errors, close: () => context.close() };
}
