/**
 * The shapes the upload components share. They describe what the step shows, independent of how
 * @codat-link/upload lays out its result (intake-adapter.ts maps one to the other), so the
 * presentational components can be rendered and tested alone.
 */
import type { ReportKind } from '@codat-link/core';

export type Severity = 'error' | 'warning' | 'info';

/** One problem in the file; `row` is the 1-based data row in the file, absent for file-level issues. */
export interface RowIssue {
  row?: number;
  column?: string;
  field?: string;
  code: string;
  severity: Severity;
  message: string;
  value?: string;
}

/** How one canonical field is filled from the file. */
export interface FieldMapping {
  field: string;
  required: boolean;
  /** The header of the source column, or null when the file has none for this field. */
  source: string | null;
  /** 0..1; 1 for a choice the customer made or remembered from a previous entity. */
  confidence: number;
  /** True when the customer chose this column (here or for a previous entity). */
  manual: boolean;
  /**
   * Why the column was matched: its header, its values alone (a guess to check), or the report's
   * layout (a name on group rows carried down). Absent for a choice of the customer's or no column.
   */
  reason?: 'header' | 'values' | 'layout';
}

/** One record ready to preview and send, with its position in the file and its problems. */
export interface PreviewRow {
  /** 1-based data row number in the file, the one issues refer to. */
  row: number;
  values: Record<string, unknown>;
  issues: RowIssue[];
  worst: Severity | null;
}

export interface IntakeView {
  kind: ReportKind;
  fileName: string;
  headers: string[];
  mapping: FieldMapping[];
  /** Per header, a few values from the first rows: the mapping review shows them as evidence. */
  samples: Record<string, string[]>;
  rows: PreviewRow[];
  /** Issues that concern the whole file (no row), e.g. a missing required column. */
  fileIssues: RowIssue[];
  counts: Record<Severity, number>;
  /** Set when the file looks like another report than the one this step asks for. */
  looksLike: ReportKind | 'other' | null;
  /** The records that may be sent: every record without an error. */
  sendable: Record<string, unknown>[];
  /** File rows refused for errors, in order: named to the customer when the policy skips them. */
  refusedRows: number[];
  /** The raw result, for issuesToCsv. */
  raw: unknown;
}

/** core's RowErrorPolicy: refuse a file with row errors, or send its valid rows. */
export type ErrorPolicy = 'reject' | 'skipInvalid';

/** HIGH_CONFIDENCE and above, on every required field, skips the mapping review. */
export const HIGH_CONFIDENCE = 0.9;

/** An upload as the journey machine reports it (core's UploadState). */
export interface JourneyUpload {
  kind: ReportKind;
  fileName?: string;
  recordCount: number;
  sentRecords: number;
  totalBatches: number;
  sentBatches: number;
  status: 'sending' | 'done';
}

/** The machine's side of an upload step: waiting for a file, sending its batches, or failed to. */
export type UploadStatus = 'idle' | 'sending' | 'failed';

/** core's FileLimits: the largest file, and the most rows, the journey accepts. */
export interface FileLimits {
  maxBytes: number;
  maxRows: number;
}
