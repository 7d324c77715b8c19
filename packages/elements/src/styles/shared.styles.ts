import { css, unsafeCSS } from 'lit';
import { darkPreset, declarations, lightPreset } from '../theme/tokens.js';

/**
 * Cascade layers, lowest first. Everything we ship sits in a layer, so a partner's unlayered
 * `::part()` rules and token overrides win without `!important`.
 */
export const layerOrder = css`@layer codat-link.tokens, codat-link.base, codat-link.component;`;

/**
 * Token defaults on the `<codat-link>` host. Presets are our own data, so inlining them with
 * unsafeCSS is safe; partner values never go through here (they are validated and set through
 * the CSSOM, see theme.ts).
 */
export const tokenStyles = css`
  ${layerOrder}
  @layer codat-link.tokens {
    :host {
      ${unsafeCSS(declarations(lightPreset))}
      color-scheme: light;
    }
    :host([data-preset='dark']) {
      ${unsafeCSS(declarations(darkPreset))}
      color-scheme: dark;
    }
    @media (prefers-color-scheme: dark) {
      :host([data-preset='auto']) {
        ${unsafeCSS(declarations(darkPreset))}
        color-scheme: dark;
      }
    }
  }
`;

/**
 * What every step shares: typography, headings, the choice card, buttons, fields, focus ring.
 * Steps add their own rules in `@layer codat-link.component`.
 */
export const stepStyles = css`
  ${layerOrder}
  @layer codat-link.base {
    :host {
      --_radius: var(--codat-link-step-radius, var(--codat-link-radius, 0.5rem));
      --_gap: var(--codat-link-spacing, 1rem);
      --_primary: var(--codat-link-button-color, var(--codat-link-color-primary, #1d4ed8));
      --_on-primary: var(--codat-link-button-text-color, var(--codat-link-color-on-primary, #fff));
      --_surface: var(--codat-link-color-surface, #fff);
      --_on-surface: var(--codat-link-color-on-surface, #111827);
      --_raised: var(--codat-link-color-surface-raised, #f3f4f6);
      --_muted: var(--codat-link-color-muted, #4b5563);
      --_border: var(--codat-link-color-border, #6b7280);
      --_focus: var(--codat-link-color-focus, #1d4ed8);
      --_danger: var(--codat-link-color-danger, #b91c1c);
      --_success: var(--codat-link-color-success, #15803d);
      display: block;
      color: var(--_on-surface);
      font-family: var(--codat-link-font-family, system-ui, sans-serif);
      font-size: var(--codat-link-font-size, 1rem);
      line-height: var(--codat-link-line-height, 1.5);
    }
    [hidden] {
      display: none !important;
    }
    * {
      box-sizing: border-box;
    }
    .step {
      display: grid;
      gap: var(--_gap);
    }
    .heading {
      margin: 0;
      font-size: 1.375em;
      line-height: 1.25;
      font-weight: 650;
    }
    .heading:focus {
      outline: none;
    }
    .heading:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 4px;
    }
    .intro,
    .hint {
      margin: 0;
      color: var(--_muted);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_gap) / 2);
      justify-content: flex-end;
    }
    button,
    input {
      font: inherit;
      color: inherit;
    }
    .button {
      min-height: 2.75rem;
      padding: 0.5rem 1.25rem;
      border-radius: var(--_radius);
      border: 1px solid var(--_primary);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
      cursor: pointer;
    }
    .button.secondary {
      background: transparent;
      color: var(--_on-surface);
      border-color: var(--_border);
    }
    .button.link {
      background: none;
      border: none;
      padding: 0.25rem 0;
      min-height: 0;
      color: var(--_primary);
      text-decoration: underline;
    }
    .button:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    :focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    .choices {
      display: grid;
      gap: calc(var(--_gap) * 0.75);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .choice {
      display: grid;
      gap: 0.25rem;
      width: 100%;
      text-align: start;
      padding: var(--_gap);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      cursor: pointer;
    }
    .choice:hover {
      border-color: var(--_primary);
      background: var(--_raised);
    }
    .choice-title {
      font-weight: 600;
    }
    .choice-body {
      color: var(--_muted);
    }
    .field {
      display: grid;
      gap: 0.25rem;
    }
    .field label {
      font-weight: 600;
    }
    .input {
      min-height: 2.75rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .input[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .error-text {
      margin: 0;
      color: var(--_danger);
      font-weight: 600;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
      border: 0;
    }
    /* Bidirectional text from partners or customers stays isolated from the sentence around it. */
    .user-text {
      unicode-bidi: isolate;
    }
  }
`;
