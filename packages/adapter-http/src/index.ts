export { HttpBackend, headerSafe, type EarlyResponse, type HttpBackendOptions, type BatchProgress, type RetryEvent } from './http-backend.js';
export { HttpBackendError, codeForAnswer, codeForStatus, type ServerIssue } from './errors.js';
export { backoffDelay, isRetryableStatus, parseRetryAfter, retryDelay, type BackoffOptions } from './retry.js';
export { batchKey, type UploadReportInput, type UploadReportOptions, type UploadProgress, type UploadSummary } from './upload.js';
