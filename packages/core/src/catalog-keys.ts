/** The key of the sandbox platform whose OAuth the reference server simulates. */
export const SANDBOX_DIRECT_KEY = 'sandbox-accounting';
/** The key of the sandbox file-upload platform, for stories and tests of the upload path. */
export const SANDBOX_FILE_UPLOAD_KEY = 'sandbox-file-upload';
/**
 * The integration key a manual supplier-spend template upload is recorded under: it is no platform,
 * so it is not in the catalog, but `startConnection` needs one.
 */
export const MANUAL_UPLOAD_INTEGRATION_KEY = 'supplier-spend-template';
