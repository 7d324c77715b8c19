/** The partner's portal, as a user signed in through its sign-in form. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Demo } from './demo.js';
import { COMPANY, tableRows } from './journey.js';

/**
 * Opens the demo company's newest request whose link text matches `request` and returns its
 * entity table, one object per entity keyed by column heading (as shown, in the portal's language),
 * so a column the portal adds does not shift what the tests read.
 */
export async function portalEntities(
  browser: Browser,
  demo: Demo,
  request: string | RegExp,
  options: { company?: string; lang?: 'en' | 'fr'; screenshot?: string } = {},
): Promise<Record<string, string>[]> {
  const { context, page } = await signInToPortal(browser, demo, demo.portalAdmin, options.lang);
  try {
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

/**
 * A new browser context signed in to the portal as `user` (the demo's admin unless told), through
 * the sign-in form as a person would; the page is left on the portal's home page.
 */
export async function signInToPortal(
  browser: Browser,
  demo: Demo,
  user: { email: string; password: string } = demo.portalAdmin,
  lang: 'en' | 'fr' = 'en',
  options: { screenshot?: string; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${demo.portalUrl}?lang=${lang}`);
  await page.getByLabel(lang === 'fr' ? 'E-mail' : 'E-mail').fill(user.email);
  await page.getByLabel(lang === 'fr' ? 'Mot de passe' : 'Password').fill(user.password);
  if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
  await page.getByRole('button', { name: lang === 'fr' ? 'Se connecter' : 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return { context, page };
}
