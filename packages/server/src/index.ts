export { createServer, startServer, type LinkServer, type ServerOptions } from './app.js';
export { openDatabase, migrate, type Db } from './db.js';
export { Store } from './store.js';
export { API_ERROR_CODES, MESSAGES, type ApiErrorCode, type ApiErrorBody, type RecordIssue } from './errors.js';
export { DEFAULT_INTEGRATIONS, SANDBOX_INTEGRATION_KEY, SANDBOX_FILE_UPLOAD_KEY, MANUAL_INTEGRATION_KEY } from './catalog.js';
export { CONNECTION_MESSAGE_TYPE } from './routes/sandbox.js';
export { cacheControlFor } from './routes/pages.js';
export { escapeHtml, CSP } from './html.js';
export type { FaultOptions, FaultCounts } from './faults.js';
