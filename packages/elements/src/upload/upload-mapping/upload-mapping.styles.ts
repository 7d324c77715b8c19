import { css } from 'lit';

export const mappingStyles = css`
  @layer codat-link.component {
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--_surface-alt);
      font-weight: normal;
    }
    thead th {
      font-weight: 600;
    }
    .required {
      color: var(--_muted);
      margin-inline-start: 0.25rem;
    }
    select {
      font: inherit;
      max-width: 100%;
    }
    select[aria-invalid='true'] {
      outline: 2px solid var(--_error);
    }
    .badge {
      white-space: nowrap;
    }
    .badge.medium {
      color: var(--_warning);
    }
    .badge.low {
      color: var(--codat-link-upload-mapping-low-color, var(--_error));
    }
    p[role='alert']:empty {
      display: none;
    }
  }
`;
