/**
 * Registers the upload elements. `<codat-link>` imports this module lazily when the journey reaches
 * an upload step, so none of it (nor the intake it loads) weighs on the first step.
 */
import { UploadDropzone } from './upload-dropzone/upload-dropzone.js';
import { UploadMapping } from './upload-mapping/upload-mapping.js';
import { UploadPreview } from './upload-preview/upload-preview.js';
import { UploadProgress } from './upload-progress/upload-progress.js';
import { CodatLinkUploadStep } from '../steps/upload/upload-step.js';

const TAGS = {
  'codat-link-upload-dropzone': UploadDropzone,
  'codat-link-upload-mapping': UploadMapping,
  'codat-link-upload-preview': UploadPreview,
  'codat-link-upload-progress': UploadProgress,
  'codat-link-upload-step': CodatLinkUploadStep,
} as const;

for (const [tag, element] of Object.entries(TAGS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'codat-link-upload-dropzone': UploadDropzone;
    'codat-link-upload-mapping': UploadMapping;
    'codat-link-upload-preview': UploadPreview;
    'codat-link-upload-progress': UploadProgress;
    'codat-link-upload-step': CodatLinkUploadStep;
  }
}
