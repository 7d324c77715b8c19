import { LocalizedElement } from '../i18n/localized-element.js';
import { helpers, type Helpers } from './upload-messages.js';

/**
 * The base of the upload sub-components: a localized element (the localizer `<codat-link>`
 * provides, or one for its own `locale` when rendered alone) with the upload message helpers.
 */
export class UploadElement extends LocalizedElement {
  protected get text(): Helpers {
    return helpers(this.i18n);
  }
}
