import { css } from 'lit';

export const softwareSelectionStyles = css`
  @layer codat-link.component {
    :host {
      --_list-height: var(--codat-link-software-list-max-height, 22rem);
      --_option-active: var(--codat-link-software-option-active-background, var(--_raised));
    }
    .list {
      max-height: var(--_list-height);
      overflow-y: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.25rem;
    }
    .group-label {
      padding: 0.5rem 0.75rem 0.25rem;
      font-size: 0.875em;
      font-weight: 700;
      color: var(--_muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .option {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.5rem 0.75rem;
      border-radius: calc(var(--_radius) / 2);
      cursor: pointer;
    }
    .option[data-active] {
      background: var(--_option-active);
      outline: 2px solid var(--_focus);
      outline-offset: -2px;
    }
    .option[aria-selected='true'] {
      font-weight: 700;
    }
    .logo {
      inline-size: 1.75rem;
      block-size: 1.75rem;
      border-radius: 0.25rem;
      object-fit: contain;
      flex: none;
    }
    .initial {
      display: grid;
      place-items: center;
      background: var(--_raised);
      color: var(--_on-surface);
      font-weight: 700;
    }
    .name {
      flex: 1;
    }
    .kind {
      font-size: 0.8125em;
      color: var(--_muted);
    }
    .empty {
      padding: 0.75rem;
      margin: 0;
      color: var(--_muted);
    }
    .cant-find {
      display: grid;
      gap: 0.25rem;
      justify-items: start;
    }
  }
`;
