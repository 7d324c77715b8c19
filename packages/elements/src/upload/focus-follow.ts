import type { LitElement, ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves focus when what a step shows changes (file chooser → reading → preview → sending), so a
 * keyboard or screen-reader user is never left on a control that disappeared. It only acts when
 * focus was in the step, or went with a removed control: focus elsewhere in the page is left alone.
 */
export class FocusFollowController implements ReactiveController {
  #shown = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** What is shown now, and the element that should receive focus when that changes. */
    private readonly current: () => { shown: string; target: () => HTMLElement | null },
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { shown, target } = this.current();
    const previous = this.#shown;
    this.#shown = shown;
    if (previous === '' || previous === shown || !this.#focusIsOurs()) return;
    const element = target();
    // A child element renders after its parent: focus it once it has something to focus.
    void Promise.resolve((element as Partial<LitElement> | null)?.updateComplete).then(() => element?.focus());
  }

  #focusIsOurs(): boolean {
    let active = document.activeElement;
    if (!active || active === document.body) return true;
    while (active.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (this.host.shadowRoot?.contains(active)) return true;
    // The deepest focused element is this host or a host above it: the focused control was removed.
    for (let node: Node | null = this.host; node;) {
      if (node === active) return true;
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
    return false;
  }
}
