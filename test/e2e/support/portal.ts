/** The relationship-manager portal, as a relationship manager signed in with the portal credential. */
import type { Browser } from 'playwright-core';
import type { Demo } from './demo.js';
import { COMPANY, tableRows } from './journey.js';

/**
 * Opens the demo company's newest request whose link text matches `request` and returns its
 * entity table: [name, status, software, suppliers, bills, supplier spend] per row.
 */
export async function portalEntities(browser: Browser, demo: Demo, request: string | RegExp, options: { company?: string; lang?: 'en' | 'fr'; screenshot?: string } = {}): Promise<string[][]> {
  const [username, password] = demo.portalCredential.split(':') as [string, string];
  const context = await browser.newContext({ httpCredentials: { username, password } });
  try {
    const page = await context.newPage();
    await page.goto(`${demo.portalUrl}?lang=${options.lang ?? 'en'}`);
    await page.getByRole('link', { name: options.company ?? COMPANY }).click();
    await page.getByRole('link', { name: request }).first().click();
    await page.locator('table').waitFor();
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
    return await tableRows(page.locator('table'));
  } finally {
    await context.close();
  }
}
