/** Keyboard-only driving: Tab until the focus is on the wanted control, then press a key. */
import type { Page } from 'playwright-core';

export interface Focused {
  tag: string;
  part: string | null;
  text: string;
  attrs: Record<string, string>;
}

/** The focused element, following focus into shadow roots. */
export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    const attrs: Record<string, string> = {};
    for (const attr of active.attributes) attrs[attr.name] = attr.value;
    return { tag: active.localName, part: active.getAttribute('part'), text: (active.textContent ?? '').replace(/\s+/g, ' ').trim(), attrs };
  });
}

/** Presses Tab (at most `max` times) until `matches` accepts the focused element. */
export async function tabTo(page: Page, what: string, matches: (f: Focused) => boolean, max = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const now = await focused(page);
    if (now && matches(now)) return now;
    if (now) seen.push(`${now.tag}${now.part ? `[part=${now.part}]` : ''} "${now.text.slice(0, 30)}"`);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${seen.join(' → ')}`);
}

export const byPart = (part: string) => (f: Focused) => f.part === part;
export const byText = (text: string | RegExp) => (f: Focused) => (typeof text === 'string' ? f.text === text : text.test(f.text));
export const byAttr = (name: string, value: string) => (f: Focused) => f.attrs[name] === value;
