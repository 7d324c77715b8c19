/**
 * Mocha's globals, typed, for the upload tests: the workspace has no @types/mocha, and a module-scoped
 * binding cannot clash with it if it is added later. Only test files import this module.
 */
type Done = (error?: unknown) => void;
type Body = (this: { timeout(ms: number): void; skip(): never }, done: Done) => void | Promise<unknown>;
interface MochaGlobals {
  describe(title: string, body: () => void): void;
  it(title: string, body: Body): void;
  beforeEach(body: Body): void;
  afterEach(body: Body): void;
}

const globals = globalThis as unknown as MochaGlobals;
export const describe: MochaGlobals['describe'] = (title, body) => globals.describe(title, body);
export const it: MochaGlobals['it'] = (title, body) => globals.it(title, body);
export const beforeEach: MochaGlobals['beforeEach'] = (body) => globals.beforeEach(body);
export const afterEach: MochaGlobals['afterEach'] = (body) => globals.afterEach(body);

/**
 * Fails when Lit's development build warned about anything but being in development mode (a change
 * scheduled during an update, a missing attribute value, two Lit versions loaded…).
 */
export function expectNoLitWarnings(): void {
  const issued = (globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ?? new Set<string>();
  const warnings = [...issued].filter((w) => w !== 'dev-mode' && !w.startsWith('Lit is in dev mode'));
  if (warnings.length > 0) throw new Error(`Lit warned: ${warnings.join(' | ')}`);
}

/**
 * Makes the test's page the visible tab (the runner runs two pages at once, one in the background,
 * where no animation frame runs) and waits until the page says so. False when it stays hidden.
 */
export async function bringToFront(): Promise<boolean> {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  await executeServerCommand('bring-to-front').catch(() => undefined);
  for (let i = 0; i < 50 && document.visibilityState !== 'visible'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  return document.visibilityState === 'visible';
}

/**
 * Puts a blank page in front of the test's page, which becomes a background tab, and waits until
 * the page says so. False when it stays visible. `bringToFront()` closes the blank page again.
 */
export async function sendToBack(): Promise<boolean> {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  await executeServerCommand('send-to-back').catch(() => undefined);
  for (let i = 0; i < 50 && document.visibilityState !== 'hidden'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  return document.visibilityState === 'hidden';
}
