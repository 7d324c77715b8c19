import { css } from 'lit';

export const uploadStepStyles = css`
  @layer codat-link.component {
    .step {
      gap: var(--codat-link-upload-step-gap, var(--_gap, 1rem));
    }
    .instructions h3 {
      font-size: 1em;
      margin: 0 0 0.25rem;
    }
    .instructions p {
      margin: 0;
      white-space: pre-line;
    }
    .templates {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      margin: 0;
    }
    .rejection {
      border-inline-start: 4px solid var(--_danger);
      padding: 0.5rem 0.75rem;
      background: var(--_raised);
    }
    .rejection p {
      margin: 0.25rem 0;
    }
    .rejection-title {
      font-weight: 600;
    }
    .policy {
      margin: 0;
      font-weight: 600;
    }
    .policy.blocked {
      color: var(--_danger);
    }
    .summary,
    .notice {
      margin: 0;
    }
  }
`;
