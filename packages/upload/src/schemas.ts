/**
 * Record schemas per report kind, with zod/mini so they cost little in the browser's lazy chunk.
 * The reference server validates every posted batch with `validateRecords`, so a record that intake
 * accepted is accepted there and a tampered one gets the same issue codes intake would give.
 */
import * as z from 'zod/mini';
import type { ReportKind } from '@codat-link/core';
import { CURRENCY_CODES } from './currencies.js';
import { BILL_STATUSES, FIELDS, REQUIRED_ONE_OF, SUPPLIER_STATUSES, fieldLabel, type FieldType } from './fields.js';
import { issueMessage, defaultSeverity, type IssueCode } from './messages.js';
import type { IntakeIssue, Locale } from './types.js';

export { FIELDS, REQUIRED_ONE_OF } from './fields.js';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const nonEmpty = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

function valueSchema(type: FieldType): z.ZodMiniType {
  switch (type) {
    case 'date':
      return z.string().check(z.regex(ISO_DATE));
    case 'amount':
      return z.number().check(z.refine(Number.isFinite));
    case 'integer':
      return z.int().check(z.gte(0));
    case 'currency':
      return z.string().check(z.refine((v) => CURRENCY_CODES.has(v)));
    case 'email':
      return z.email();
    case 'country':
      return z.string().check(z.minLength(2), z.maxLength(100));
    case 'billStatus':
      return z.enum(BILL_STATUSES);
    case 'supplierStatus':
      return z.enum(SUPPLIER_STATUSES);
    case 'text':
      return nonEmpty();
  }
}

function buildSchema(kind: ReportKind) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const def of FIELDS[kind]) {
    const schema = valueSchema(def.type);
    shape[def.key] = def.required ? schema : z.optional(schema);
  }
  const object = z.strictObject(shape);
  const groups = REQUIRED_ONE_OF[kind];
  if (groups.length === 0) return object;
  return object.check(
    z.superRefine((record: Record<string, unknown>, ctx) => {
      for (const group of groups) {
        if (!group.some((key) => record[key] !== undefined && record[key] !== '')) {
          ctx.issues.push({ code: 'custom', message: 'one_of', path: [group[group.length - 1]!], input: record });
        }
      }
    }),
  );
}

export const recordSchemas: Record<ReportKind, z.ZodMiniType<Record<string, unknown>>> = {
  suppliers: buildSchema('suppliers'),
  bills: buildSchema('bills'),
  supplierSpend: buildSchema('supplierSpend'),
};

const emailSchema = z.email();
const BILL_STATUS_SET: ReadonlySet<unknown> = new Set(BILL_STATUSES);
const SUPPLIER_STATUS_SET: ReadonlySet<unknown> = new Set(SUPPLIER_STATUSES);

/** The same rules as `valueSchema`, as plain predicates: what it accepts, and nothing else. */
const VALUE_CHECKS: Record<FieldType, (value: unknown) => boolean> = {
  date: (v) => typeof v === 'string' && ISO_DATE.test(v),
  amount: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  currency: (v) => typeof v === 'string' && CURRENCY_CODES.has(v),
  email: (v) => emailSchema.safeParse(v).success,
  country: (v) => typeof v === 'string' && v.length >= 2 && v.length <= 100,
  billStatus: (v) => BILL_STATUS_SET.has(v),
  supplierStatus: (v) => SUPPLIER_STATUS_SET.has(v),
  text: (v) => {
    if (typeof v !== 'string') return false;
    const trimmed = v.trim();
    return trimmed.length >= 1 && trimmed.length <= 1000;
  },
};

/**
 * A record check compiled once per kind from the field definitions: true exactly when
 * `recordSchemas[kind]` accepts the record (a test holds the two together). A server validates
 * every record of every batch; a valid one, nearly all of them, costs this check and no zod parse.
 * Records it refuses go through the schema, which says why.
 */
export function compileRecordCheck(kind: ReportKind): (record: unknown) => boolean {
  const fields = FIELDS[kind].map((def) => ({ key: def.key, required: def.required, check: VALUE_CHECKS[def.type] }));
  const known = new Set(fields.map((f) => f.key));
  const groups = REQUIRED_ONE_OF[kind];
  return (record) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
    const values = record as Record<string, unknown>;
    for (const key of Object.keys(values)) if (!known.has(key)) return false;
    for (const { key, required, check } of fields) {
      const value = values[key];
      if (value === undefined ? required : !check(value)) return false;
    }
    return groups.every((group) => group.some((key) => values[key] !== undefined && values[key] !== ''));
  };
}

const recordChecks: Record<ReportKind, (record: unknown) => boolean> = {
  suppliers: compileRecordCheck('suppliers'),
  bills: compileRecordCheck('bills'),
  supplierSpend: compileRecordCheck('supplierSpend'),
};

const CODE_BY_TYPE: Record<FieldType, IssueCode> = {
  date: 'invalid_date',
  amount: 'invalid_amount',
  integer: 'invalid_number',
  currency: 'invalid_currency',
  email: 'invalid_email',
  country: 'invalid_value',
  billStatus: 'invalid_status',
  supplierStatus: 'invalid_status',
  text: 'invalid_value',
};

export interface ValidateOptions {
  locale?: Locale;
  /** Row number of records[0] in the issues (default 1). */
  firstRow?: number;
}

/**
 * Validates canonical records of one kind and returns issues with intake's codes. A record with
 * any error-severity issue must be refused; warnings (an invalid email, an unknown status) are not.
 */
export function validateRecords(kind: ReportKind, records: readonly unknown[], options: ValidateOptions = {}): IntakeIssue[] {
  const locale = options.locale ?? 'en';
  const firstRow = options.firstRow ?? 1;
  const schema = recordSchemas[kind];
  const valid = recordChecks[kind];
  const types = new Map(FIELDS[kind].map((d) => [d.key, d.type]));
  const issues: IntakeIssue[] = [];
  records.forEach((record, index) => {
    const row = firstRow + index;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      issues.push(issue('invalid_value', row, null, locale, kind, null));
      return;
    }
    if (valid(record)) return;
    const parsed = schema.safeParse(record);
    if (parsed.success) return;
    // zod skips refinements once a field fails, so the one-of rule is checked here as well.
    let oneOfReported = false;
    for (const group of REQUIRED_ONE_OF[kind]) {
      const values = record as Record<string, unknown>;
      if (!group.some((key) => values[key] !== undefined && values[key] !== '')) {
        issues.push(issue('required_value_missing', row, group[group.length - 1]!, locale, kind, null));
        oneOfReported = true;
      }
    }
    for (const zIssue of parsed.error.issues) {
      if (zIssue.message === 'one_of' && oneOfReported) continue;
      const key = zIssue.path[0];
      const field = typeof key === 'string' ? key : null;
      const input = field === null ? undefined : (record as Record<string, unknown>)[field];
      let code: IssueCode;
      if (zIssue.code === 'unrecognized_keys') {
        for (const extra of zIssue.keys) issues.push(issue('invalid_value', row, extra, locale, kind, null));
        continue;
      } else if (zIssue.message === 'one_of' || input === undefined || input === null || input === '') {
        code = 'required_value_missing';
      } else {
        code = CODE_BY_TYPE[(field && types.get(field)) || 'text'];
      }
      issues.push(issue(code, row, field, locale, kind, input === undefined ? null : String(input)));
    }
  });
  return issues;
}

function issue(code: IssueCode, row: number, field: string | null, locale: Locale, kind: ReportKind, value: string | null): IntakeIssue {
  const label = field ? fieldLabel(kind, field, locale) : '';
  return {
    row,
    column: null,
    field,
    code,
    severity: defaultSeverity(code),
    message: issueMessage(code, locale, { field: label, value: value ?? '' }),
    value,
  };
}
