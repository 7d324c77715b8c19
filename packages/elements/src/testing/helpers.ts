/**
 * Shared by the browser tests (excluded from the package build). Importing it starts recording
 * Lit's dev-mode warnings, so each test can assert there were none.
 */
import { StepIntentEvent, type StepIntent } from '../steps/intents.js';

const warnings: string[] = [];
const originalWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  // The one warning every dev build prints once; anything else from Lit is a bug of ours.
  if (!text.includes('Lit is in dev mode')) warnings.push(text);
  originalWarn(...args);
};

/** Lit (and other) warnings printed since the last call. */
export function takeWarnings(): string[] {
  return warnings.splice(0, warnings.length);
}

/**
 * A spend journey opens with the *Before you start* checklist: on the way to any later step, wait for
 * the first screen and press Start when it is the checklist (as the customer would).
 */
export async function passChecklist(link: HTMLElement & { journey: { step: string | null } }, target: string): Promise<void> {
  if (target === 'checklist') return;
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && (link.journey.step === null || link.journey.step === 'loading')) await new Promise((r) => setTimeout(r, 10));
  if (link.journey.step !== 'checklist') return;
  for (;;) {
    const start = link.shadowRoot?.querySelector('codat-link-checklist')?.shadowRoot?.querySelector<HTMLElement>('[part="start"]');
    if (start) return start.click();
    if (Date.now() > deadline) throw new Error('the checklist never rendered its Start button');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects the intents a step dispatches. */
export function recordIntents(element: HTMLElement): StepIntent[] {
  const intents: StepIntent[] = [];
  element.addEventListener(StepIntentEvent.eventName, (event) => intents.push(event.intent));
  return intents;
}

/** The shadow-root element matching `selector`, or a failure naming it. */
export function part<T extends Element = HTMLElement>(element: Element, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <${element.localName}>`);
  return found;
}

/** Visible text of the shadow root, whitespace collapsed. */
export function shadowText(element: Element): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Dispatches a keydown the way a keyboard would reach a focused control. */
export function press(target: Element, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

/**
 * Mocha's globals, typed for the test files (the workspace has no @types/mocha). Module-scoped,
 * so they cannot clash with @types/mocha if it is added later.
 */
type Body = () => void | Promise<unknown>;
interface MochaGlobals {
  describe(title: string, body: () => void): void;
  it(title: string, body: Body): void;
  before(body: Body): void;
  beforeEach(body: Body): void;
  afterEach(body: Body): void;
}
const mocha = globalThis as unknown as MochaGlobals;
export const describe: MochaGlobals['describe'] = (title, body) => mocha.describe(title, body);
export const it: MochaGlobals['it'] = (title, body) => mocha.it(title, body);
export const before: MochaGlobals['before'] = (body) => mocha.before(body);
export const beforeEach: MochaGlobals['beforeEach'] = (body) => mocha.beforeEach(body);
export const afterEach: MochaGlobals['afterEach'] = (body) => mocha.afterEach(body);
