/**
 * What a customer does on the demo page, step by step, through the real `<codat-link>` (Playwright's
 * CSS and role locators reach into open shadow roots). Each helper waits for the step to settle.
 */
import type { Locator, Page } from 'playwright-core';

/** The demo customer's business; with one legal entity it is also the entity's name. */
export const COMPANY = 'Contoso Trading Ltd';

export type RequestChoice = 'spendAnalysis' | 'financials' | 'both';
const REQUEST_VALUES: Record<RequestChoice, string> = { spendAnalysis: 'spendAnalysis', financials: 'financials', both: 'financials spendAnalysis' };

/**
 * From the demo's form into the journey. A request with spend opens with the *Before you start*
 * checklist: the customer presses Start, unless `stayOnChecklist`.
 */
export async function startSharing(
  page: Page,
  siteUrl: string,
  options: { request: RequestChoice; locale?: 'en' | 'fr'; company?: string; stayOnChecklist?: boolean },
): Promise<void> {
  await page.goto(`${siteUrl}/`);
  await page.locator(`input[name="request"][value="${REQUEST_VALUES[options.request]}"]`).check();
  await page.locator('input[name="company"]').fill(options.company ?? COMPANY);
  await page.locator('select[name="locale"]').selectOption(options.locale ?? 'en');
  // The page's own words follow the language chosen: in French the button reads "Commencer le partage".
  await page.locator('#start-form button[type="submit"]').click();
  if (options.request !== 'financials' && !options.stayOnChecklist) await startPastChecklist(page);
}

/**
 * Presses Start when the journey opens on the checklist; a journey resumed past it (the same
 * request again) is left where it is.
 */
export async function startPastChecklist(page: Page): Promise<void> {
  const settled = link(page).locator('.body[data-current-step][aria-busy="false"]');
  await settled.waitFor({ timeout: 15_000 });
  if ((await settled.getAttribute('data-current-step')) === 'checklist') await (await atStep(page, 'checklist')).locator('[part="start"]').click();
}

export function link(page: Page): Locator {
  return page.locator('codat-link');
}

/** The step's element, once `<codat-link>` shows it and is no longer busy. */
export async function atStep(page: Page, step: string, timeout = 15_000): Promise<Locator> {
  const body = link(page).locator(`.body[data-current-step="${step}"][aria-busy="false"]`);
  // The error step ends the wait at once: nothing will move the journey on from it.
  const failed = link(page).locator('.body[data-current-step="error"]');
  const reached = await body
    .or(failed)
    .first()
    .waitFor({ timeout })
    .then(
      () => body.isVisible(),
      () => false,
    );
  if (!reached) {
    const current = await link(page)
      .locator('.body')
      .getAttribute('data-current-step', { timeout: 1000 })
      .catch(() => 'none');
    const alert = await link(page)
      .locator('[part="alert"]')
      .textContent({ timeout: 500 })
      .catch(() => null);
    const shown = await link(page)
      .locator('.body > *')
      .first()
      .evaluate((el) => el.shadowRoot?.textContent ?? el.textContent ?? '', undefined, { timeout: 500 })
      .catch(() => '');
    throw new Error(
      `never reached step "${step}" (at "${current}"${alert ? `, alert: ${alert}` : ''}; it shows: ${shown.replace(/\s+/g, ' ').trim().slice(0, 300)})`,
    );
  }
  return body.locator('> *').first();
}

export async function chooseSoftware(page: Page, search: string, key: string): Promise<void> {
  const step = await atStep(page, 'softwareSelection');
  await step.getByRole('combobox').fill(search);
  await step.locator(`[data-key="${key}"]`).click();
}

/** An upload step: choose the file, accept the matched columns if asked, send, wait until sent. */
export async function uploadReport(
  page: Page,
  step: 'uploadSuppliers' | 'uploadBills' | 'manualUpload',
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<Locator> {
  const upload = await atStep(page, step);
  await upload.locator('input[type="file"]').setInputFiles(file);
  const send = upload.locator('[part="send"]');
  const apply = upload.locator('[part="apply"]');
  await send.or(apply).first().waitFor({ timeout: 15_000 });
  if (await apply.isVisible()) await apply.click();
  await send.click();
  return upload;
}

export function csvFile(name: string, text: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/** Text of the summary table rows, whitespace collapsed, keyed by entity name (first cell). */
export async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())));
}

/** The sandbox callback posts to its opener and closes; when it cannot, say why. */
export async function closedPopup(popup: Page, timeout = 10_000): Promise<void> {
  try {
    await popup.waitForEvent('close', { timeout });
  } catch (error) {
    const state = await popup.evaluate(() => ({ url: location.href, hasOpener: window.opener !== null, text: document.body.innerText })).catch(() => undefined);
    throw new Error(`the authorization pop-up did not close: ${JSON.stringify(state)}`, { cause: error });
  }
}
