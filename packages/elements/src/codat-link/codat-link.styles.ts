import { css } from 'lit';

export const codatLinkStyles = css`
  @layer codat-link.component {
    :host {
      --_panel-background: var(--codat-link-panel-background, var(--codat-link-color-surface));
      --_panel-radius: var(--codat-link-panel-radius, calc(var(--codat-link-radius) * 2));
      --_panel-padding: var(--codat-link-panel-padding, calc(var(--codat-link-spacing) * 1.5));
      --_panel-max-width: var(--codat-link-max-width);
      display: block;
      color: var(--codat-link-color-on-surface);
      font-family: var(--codat-link-font-family);
      font-size: var(--codat-link-font-size);
      line-height: var(--codat-link-line-height);
    }
    :host([mode='modal']:not([open])) {
      display: none;
    }
    * {
      box-sizing: border-box;
    }
    dialog {
      padding: 0;
      border: none;
      background: transparent;
      max-width: min(var(--_panel-max-width), calc(100vw - 2rem));
      width: 100%;
      max-height: calc(100dvh - 2rem);
      color: inherit;
    }
    dialog::backdrop {
      background: var(--codat-link-dialog-backdrop, var(--codat-link-color-backdrop));
    }
    .panel {
      display: grid;
      gap: var(--codat-link-spacing);
      padding: var(--_panel-padding);
      background: var(--_panel-background);
      border-radius: var(--_panel-radius);
      max-width: var(--_panel-max-width);
      margin-inline: auto;
      position: relative;
    }
    :host([mode='modal']) .panel {
      box-shadow: var(--codat-link-shadow);
      max-height: calc(100dvh - 2rem);
      overflow: auto;
    }
    :host([mode='inline']) .panel,
    :host(:not([mode])) .panel {
      border: 1px solid var(--codat-link-color-border);
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      min-height: 2.75rem;
    }
    .logo {
      max-height: var(--codat-link-logo-height, 2rem);
      max-width: 10rem;
      object-fit: contain;
    }
    .title {
      flex: 1 1 8rem;
      font-weight: 600;
      color: var(--codat-link-color-muted);
    }
    .close {
      inline-size: 2.75rem;
      block-size: 2.75rem;
      border-radius: 50%;
      border: 1px solid transparent;
      background: transparent;
      color: inherit;
      font: inherit;
      font-size: 1.5rem;
      line-height: 1;
      cursor: pointer;
    }
    .help-button {
      min-height: 2.75rem;
      padding: 0.25rem 0.875rem;
      border-radius: 999px;
      border: 1px solid var(--codat-link-color-border);
      background: transparent;
      color: inherit;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
      margin-inline-start: auto;
    }
    .help-button[aria-expanded='true'] {
      background: var(--codat-link-color-surface-raised);
    }
    :host(:not([mode='modal'])) .help {
      padding: calc(var(--codat-link-spacing) * 0.75);
      border-radius: var(--codat-link-radius);
      border: 1px solid var(--codat-link-color-border);
    }
    .help-button:hover,
    .close:hover {
      background: var(--codat-link-color-surface-raised);
    }
    :focus-visible {
      outline: 2px solid var(--codat-link-color-focus);
      outline-offset: 2px;
    }
    .banner {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: var(--codat-link-radius);
      background: var(--codat-link-color-surface-raised);
      font-size: 0.875em;
    }
    .banner.error {
      border-inline-start: 4px solid var(--codat-link-color-danger);
    }
    .progress {
      height: 0.25rem;
      border-radius: 999px;
      background: var(--codat-link-color-surface-raised);
      overflow: hidden;
    }
    .progress > span {
      display: block;
      height: 100%;
      width: 40%;
      background: var(--codat-link-color-primary);
      animation: slide 1.2s ease-in-out infinite;
    }
    @keyframes slide {
      from {
        transform: translateX(-100%);
      }
      to {
        transform: translateX(250%);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .progress > span {
        animation-duration: 4s;
      }
    }
    .body[inert] {
      opacity: 0.7;
    }
    .confirm {
      display: grid;
      gap: var(--codat-link-spacing);
    }
    .confirm h2 {
      margin: 0;
      font-size: 1.375em;
    }
    .confirm h2:focus {
      outline: none;
    }
    .confirm p {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: flex-end;
    }
    .button {
      min-height: 2.75rem;
      padding: 0.5rem 1.25rem;
      border-radius: var(--codat-link-radius);
      border: 1px solid var(--codat-link-color-primary);
      background: var(--codat-link-color-primary);
      color: var(--codat-link-color-on-primary);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button.secondary {
      background: transparent;
      color: inherit;
      border-color: var(--codat-link-color-border);
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
  }
`;
