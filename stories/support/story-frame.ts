/**
 * The frame every story renders in: the toolbar's theme as tokens and surface colours, and its
 * locale as `lang` (steps rendered alone read it).
 */
import { LitElement, css, html } from 'lit';
import { frameTokens, type StoryTheme } from './theme.js';

export class StoryFrame extends LitElement {
  static override styles = css`
    :host {
      display: block;
      box-sizing: border-box;
      min-height: 100vh;
      padding: 1.5rem;
      background: var(--codat-link-color-surface);
      color: var(--codat-link-color-on-surface);
      font-family: var(--codat-link-font-family);
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }
    ::slotted(*) {
      max-width: 40rem;
      margin-inline: auto;
    }
  `;

  static override properties = {
    theme: { reflect: true },
  };

  declare theme: StoryTheme;

  constructor() {
    super();
    this.theme = 'light';
  }

  #applied: string[] = [];

  protected override willUpdate(): void {
    const tokens = frameTokens(this.theme);
    for (const name of this.#applied) if (!(name in tokens)) this.style.removeProperty(name);
    for (const [name, value] of Object.entries(tokens)) this.style.setProperty(name, value);
    this.#applied = Object.keys(tokens);
  }

  override render() {
    // A landmark around the story, as a host page would have one.
    return html`<main><slot></slot></main>`;
  }
}

if (!customElements.get('story-frame')) customElements.define('story-frame', StoryFrame);

declare global {
  interface HTMLElementTagNameMap {
    'story-frame': StoryFrame;
  }
}
