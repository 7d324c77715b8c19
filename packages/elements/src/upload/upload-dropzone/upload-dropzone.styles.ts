import { css } from 'lit';

export const dropzoneStyles = css`
  @layer codat-link.component {
    .zone {
      border: var(--codat-link-upload-dropzone-border, 2px dashed var(--_border));
      border-radius: var(--_radius);
      padding: 1.5rem;
      text-align: center;
      background: var(--_surface);
    }
    .zone.dragging {
      background: var(--codat-link-upload-dropzone-active-background, var(--_surface-alt));
      border-color: var(--_primary);
    }
    .label {
      font-weight: 600;
      margin: 0;
    }
    .or,
    .hint {
      color: var(--_muted);
      margin: 0.5rem 0;
    }
    input[type='file'] {
      display: none;
    }
    .refusal:empty {
      display: none;
    }
  }
`;
