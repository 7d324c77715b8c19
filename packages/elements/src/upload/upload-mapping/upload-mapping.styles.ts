import { css } from 'lit';

export const mappingStyles = css`
  @layer codat-link.component {
    :host {
      display: block;
      container-type: inline-size;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    /* The column of selects takes the room left; a select's width is a share of it, never the width
       of its longest option, so a long header cannot push the table past a phone's screen. */
    thead th:nth-child(2) {
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
      width: 100%;
      max-width: 100%;
    }
    select[aria-invalid='true'] {
      outline: 2px solid var(--_error);
    }
    .samples,
    .reason {
      margin: 0.25rem 0 0;
      font-size: 0.8125rem;
      color: var(--_muted);
      overflow-wrap: anywhere;
    }
    .sample {
      font-weight: 600;
      unicode-bidi: isolate;
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
    /* A phone: tighter cells, and the match badge may wrap. */
    @container (max-width: 26rem) {
      th,
      td {
        padding-inline: 0.25rem;
      }
      .badge {
        white-space: normal;
      }
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: flex-end;
      margin-top: 0.75rem;
    }
    p[role='alert']:empty {
      display: none;
    }
  }
`;
