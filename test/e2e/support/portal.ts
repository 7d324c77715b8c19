/** The relationship-manager portal, as a relationship manager signed in with the portal credential. */
import type { Browser } from 'playwright-core';
import type { Demo } from './demo.js';
import { COMPANY, tableRows } from './journey.js';

/**
 * Opens the demo company's newest request whose link text matches `request` and returns its
 * entity table, one object per entity keyed by column heading (as shown, in the portal's language),
 * so a column the portal adds does not shift what the tests read.
 */
export async function portalEntities(browser: Browser, demo: Demo, request: string | RegExp, options: { company?: string; lang?: 'en' | 'fr'; screenshot?: string } = {}): Promise<Record<string, string>[]> {
  const [username, password] = demo.portalCredential.split(':') as [string, string];
  const context = await browser.newContext({ httpCredentials: { username, password } });
  try {
    const page = await context.newPage();
    await page.goto(`${demo.portalUrl}?lang=${options.lang ?? 'en'}`);
    await page.getByRole('link', { name: options.company ?? COMPANY }).click();
    await page.getByRole('link', { name: request }).first().click();
    await page.locator('table').waitFor();
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
    const table = page.locator('table');
    const headings = await table.locator('thead th').evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').trim()));
    return (await tableRows(table)).map((row) => Object.fromEntries(headings.map((heading, i) => [heading, row[i] ?? ''])));
  } finally {
    await context.close();
  }
}
