import { css } from 'lit';

export const progressStyles = css`
  @layer codat-link.component {
    .label {
      font-weight: 600;
      margin: 0 0 0.5rem;
    }
    progress {
      appearance: none;
      width: 100%;
      height: 0.75rem;
      border: none;
      border-radius: var(--_radius);
      background: var(--codat-link-upload-progress-track, var(--_surface-alt));
      overflow: hidden;
    }
    progress::-webkit-progress-bar {
      background: var(--codat-link-upload-progress-track, var(--_surface-alt));
    }
    progress::-webkit-progress-value {
      background: var(--codat-link-upload-progress-color, var(--_primary));
    }
    progress::-moz-progress-bar {
      background: var(--codat-link-upload-progress-color, var(--_primary));
    }
    .detail {
      color: var(--_muted);
      margin: 0.5rem 0;
      font-variant-numeric: tabular-nums;
    }
  }
`;
