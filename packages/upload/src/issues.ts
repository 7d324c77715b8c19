/**
 * Collects issues with localized messages. Row-level issues are capped so a file with a systematic
 * problem (a wrong date format on 500,000 rows) does not build 500,000 messages; counts stay exact.
 */
import { fieldLabel } from './fields.js';
import { KEPT_ROW_NOTE, defaultSeverity, issueMessage, type IssueCode, type MessageParams } from './messages.js';
import type { IntakeIssue, Locale, ReportKind } from './types.js';

export interface IssueAt {
  row?: number | null;
  column?: string | null;
  field?: string | null;
  value?: string | null;
}

export const MAX_ISSUES_PER_CODE = 1000;

export class IssueSink {
  readonly issues: IntakeIssue[] = [];
  readonly counts: Partial<Record<IssueCode, number>> = {};
  errors = 0;
  warnings = 0;
  infos = 0;
  /** Errors that reject the whole file (row null). */
  fileErrors = 0;

  constructor(
    private readonly kind: ReportKind,
    private readonly locale: Locale,
  ) {}

  /**
   * Records an issue; returns 1 for an error so callers can count a row's errors. `keptRow` turns a
   * cell error into a warning that says the cell was left empty and the row kept.
   */
  add(code: IssueCode, at: IssueAt, params: MessageParams = {}, keptRow = false): 0 | 1 {
    const base = defaultSeverity(code);
    const severity = keptRow && base === 'error' ? 'warning' : base;
    const count = (this.counts[code] ?? 0) + 1;
    this.counts[code] = count;
    if (severity === 'error') this.errors += 1;
    else if (severity === 'warning') this.warnings += 1;
    else this.infos += 1;
    const row = at.row ?? null;
    if (severity === 'error' && row === null) this.fileErrors += 1;
    if (row === null || count <= MAX_ISSUES_PER_CODE) {
      const field = at.field ?? null;
      const value = at.value ?? null;
      let message = issueMessage(code, this.locale, {
        field: field ? fieldLabel(this.kind, field, this.locale) : '',
        column: at.column ?? '',
        value: value ?? '',
        row: row ?? '',
        ...params,
      });
      if (severity !== base) message += KEPT_ROW_NOTE[this.locale];
      this.issues.push({ row, column: at.column ?? null, field, code, severity, message, value });
    }
    return severity === 'error' ? 1 : 0;
  }

  /** Issues in source order, file-level ones first. */
  sorted(): IntakeIssue[] {
    return this.issues
      .map((issue, i) => ({ issue, i }))
      .sort((a, b) => (a.issue.row ?? -1) - (b.issue.row ?? -1) || a.i - b.i)
      .map((x) => x.issue);
  }
}
