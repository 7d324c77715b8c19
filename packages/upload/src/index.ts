export type * from './types.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS } from './types.js';
export { ISSUE_CODES, ISSUE_MESSAGES, issueMessage, type IssueCode } from './messages.js';
export { FIELDS, REQUIRED_ONE_OF, REPORT_NAMES, BILL_STATUSES, SUPPLIER_STATUSES, type FieldDef, type FieldType } from './fields.js';
export { recordSchemas, validateRecords, type ValidateOptions } from './schemas.js';
export { CURRENCY_CODES, parseCurrency } from './currencies.js';
