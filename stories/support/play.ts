/**
 * Helpers for play functions. Every step renders in its own shadow root, so queries go through
 * `shadowRoot`; selectors use `part` and data attributes, never translated text, so a play
 * function passes in English and in French.
 */
import { waitFor } from 'storybook/test';
import type { StepIntent } from '@codat-link/elements';

type Updatable = HTMLElement & { updateComplete?: Promise<unknown> };

/** The rendered element with this tag, once it is defined and has rendered. */
export async function element<T extends HTMLElement = HTMLElement>(root: ParentNode, tag: string): Promise<T> {
  await customElements.whenDefined(tag);
  const found = await waitFor(() => {
    const el = root.querySelector<T>(tag);
    if (!el) throw new Error(`no <${tag}> rendered`);
    return el;
  });
  await (found as Updatable).updateComplete;
  return found;
}

/** One node in an element's shadow root; fails the play function when it is missing. */
export function part<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

export function parts<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...(host.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

/** Waits for the element's next render after a change made by the play function. */
export async function settled(host: Element): Promise<void> {
  await (host as Updatable).updateComplete;
}

/** Types into a text field the way a person does: value changes, then an input event. */
export function typeInto(input: HTMLInputElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertText' }));
}

export function press(target: HTMLElement, key: string, init: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
}

/** The spy a story passes as `onIntent`, bound to the step's `codat-link-intent` event. */
export type IntentSpy = (intent: StepIntent) => void;
