/**
 * Keeps Tab and Shift+Tab inside the modal dialog. `showModal()` makes the page inert, but Tab
 * past the last control still leaves the document for the browser's own UI; wrapping here keeps
 * a keyboard user inside the journey. Shadow roots (each step has one) are walked in order.
 */
const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]';

function focusables(root: ParentNode, out: HTMLElement[] = []): HTMLElement[] {
  for (const element of root.querySelectorAll<HTMLElement>('*')) {
    if (element.matches(FOCUSABLE) && element.tabIndex >= 0 && !element.matches(':disabled') && element.closest('[inert]') === null) {
      if (element.getClientRects().length > 0) out.push(element);
    }
    if (element.shadowRoot) focusables(element.shadowRoot, out);
  }
  return out;
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export function trapTab(event: KeyboardEvent, container: ParentNode): void {
  if (event.key !== 'Tab') return;
  const items = focusables(container);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = deepActiveElement();
  const inside = items.includes(active as HTMLElement);
  if (event.shiftKey && (active === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}
