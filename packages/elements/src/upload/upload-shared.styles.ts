import { css } from 'lit';

/**
 * What every upload component shares: the global `--codat-link-*` tokens, with fallbacks so the
 * components also look right when rendered alone (tests, Storybook), mapped to private `--_x`.
 */
export const sharedStyles = css`
  @layer codat-link.tokens, codat-link.base, codat-link.component;
  @layer codat-link.base {
    :host {
      --_primary: var(--codat-link-button-color, var(--codat-link-color-primary, #1d4ed8));
      --_on-primary: var(--codat-link-button-text-color, var(--codat-link-color-on-primary, #fff));
      --_text: var(--codat-link-color-on-surface, #111827);
      --_muted: var(--codat-link-color-muted, #4b5563);
      --_surface: var(--codat-link-color-surface, #fff);
      --_surface-alt: var(--codat-link-color-surface-raised, #f3f4f6);
      --_border: var(--codat-link-color-border, #6b7280);
      --_error: var(--codat-link-color-danger, #b91c1c);
      --_warning: var(--codat-link-color-warning, #92400e);
      --_info: var(--codat-link-color-primary, #1d4ed8);
      --_radius: var(--codat-link-radius, 0.5rem);
      --_font: var(--codat-link-font-family, system-ui, sans-serif);
      --_focus: var(--codat-link-color-focus, #1d4ed8);
      display: block;
      font-family: var(--_font);
      color: var(--_text);
    }
    [hidden] {
      display: none !important;
    }
    button {
      font: inherit;
      border-radius: var(--_radius);
      padding: 0.5rem 1rem;
      border: 1px solid var(--_primary);
      background: var(--_surface);
      color: var(--_primary);
      cursor: pointer;
    }
    button.primary {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    button:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    :focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .error {
      color: var(--_error);
    }
    .warning {
      color: var(--_warning);
    }
  }
`;
