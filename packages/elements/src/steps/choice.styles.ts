import { css } from 'lit';

/** The option cards shared by the provision-method and entity-count steps. */
export const choiceStyles = css`
  @layer codat-link.component {
    .choice {
      --_choice-border: var(--codat-link-choice-border-color, var(--_border));
    }
    .choice {
      border-color: var(--_choice-border);
      border-radius: var(--codat-link-choice-radius, var(--_radius));
    }
  }
`;
