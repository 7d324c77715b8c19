/**
 * What the page needs while the intake runs in its worker: the fields, the templates, the problems
 * CSV and the worker client. The intake itself (papaparse, the mapping, the XLSX reader) is not here:
 * the worker has it, and the page loads `@codat-link/upload` only when no worker can run.
 */
export type * from './types.js';
export { FIELDS, REQUIRED_ONE_OF, REPORT_NAMES, type FieldDef, type FieldType } from './fields.js';
export { template, templateRows, type TemplateFile, type TemplateOptions } from './template.js';
export { issuesToCsv, recordsToCsv, toCsv, csvCell, type CsvOptions } from './csv.js';
export { intakeInWorker, prepareIntakeWorker, type WorkerIntake, type WorkerIntakeOptions } from './client.js';
export type { KeptRows } from './intake.js';
