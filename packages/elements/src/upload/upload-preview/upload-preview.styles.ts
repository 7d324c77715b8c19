import { css } from 'lit';

export const previewStyles = css`
  @layer codat-link.component {
    /* The container of the wide layout: the rows count and the table. A container's width does not
       come from its content, so the toolbar stays outside it and still sizes a preview that is
       sized to fit (a dialog of its own). */
    .frame {
      container: codat-link-upload-preview / inline-size;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1.5rem;
      align-items: center;
    }
    /* The counts on the left; the filter and the download on the right when the line has room. */
    .counts {
      font-weight: 600;
      margin: 0;
      margin-inline-end: auto;
    }
    .shown {
      color: var(--_muted);
      margin: 0.5rem 0;
    }
    .table {
      height: var(--codat-link-upload-preview-height, 24rem);
      overflow: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      contain: strict;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 1;
      background: var(--_surface-alt);
      font-weight: 600;
    }
    /* Columns as wide as their content (within bounds): a wide report scrolls sideways, its row
       numbers staying in view. */
    .head,
    .body {
      width: var(--_row-width, 100%);
      min-width: 100%;
    }
    .row {
      display: grid;
      grid-template-columns: var(--_columns);
      column-gap: 1rem;
      width: var(--_row-width, 100%);
      min-width: 100%;
      border-bottom: 1px solid var(--_surface-alt);
    }
    .cell.num {
      position: sticky;
      inset-inline-start: 0;
      background: var(--_surface);
    }
    .head .cell.num {
      background: var(--_surface-alt);
    }
    .row.error .cell.num {
      background: var(--codat-link-upload-preview-problem-background, var(--codat-link-color-danger-surface, #fdecea));
    }
    .row.error {
      background: var(--codat-link-upload-preview-problem-background, var(--codat-link-color-danger-surface, #fdecea));
    }
    .cell {
      padding: 0.25rem 0.5rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      min-height: 1.5rem;
    }
    .num {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .issues {
      grid-column: 1 / -1;
      padding: 0 0.5rem 0.375rem 3rem;
    }
    .issues ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .issue.error .severity {
      color: var(--_error);
      font-weight: 600;
    }
    .issue.warning .severity {
      color: var(--_warning);
      font-weight: 600;
    }
    .issue.info .severity {
      color: var(--_info);
    }
    .file-issues ul {
      padding-inline-start: 1.25rem;
    }
    .empty {
      padding: 1rem;
    }
    /* The wide layout: the element is wider than 640 px. The table takes the width (its columns
       share it out, longer values whole) and more of the height. */
    @container codat-link-upload-preview (min-width: 640px) {
      .table {
        height: var(--codat-link-upload-preview-height, clamp(24rem, 60dvh, 36rem));
      }
      .head,
      .body,
      .row {
        width: var(--_row-width-wide, 100%);
      }
      .row {
        grid-template-columns: var(--_columns-wide, var(--_columns));
      }
    }
  }
`;
