import type { ReportKind } from '@codat-link/core';
import type { IssueCode } from './messages.js';

export type { ReportKind };
export type Locale = 'en' | 'fr';
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about the file. `row` is the 1-based row of the source file as the customer sees it
 * in their spreadsheet (null for file-level findings); `column` is the source header.
 */
export interface IntakeIssue {
  row: number | null;
  column: string | null;
  field: string | null;
  code: IssueCode;
  severity: Severity;
  message: string;
  value: string | null;
}

export type FileFormat = 'csv' | 'tsv' | 'semicolon' | 'pipe' | 'xlsx' | 'xls' | 'ods';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'binary';

export interface Detected {
  format: FileFormat;
  encoding: TextEncoding;
  bom: boolean;
  delimiter: string | null;
  /** 1-based row of the header in the source file. */
  headerRow: number;
  /** The header cells as found, in source order. */
  headers: string[];
  /** XLSX only: the sheet read. */
  sheet?: string;
  /** Workbooks only: the other sheets, not read. */
  otherSheets?: string[];
  /**
   * The export profile that read the file (platforms.ts): the software the caller named, or the one
   * whose signature headers the file holds (`evidence`, empty when the caller said).
   */
  platform?: { key: string; name: string; evidence: string[] };
  /** Per header, up to three values from the first rows, for the mapping review. */
  samples?: string[][];
}

/**
 * Where a mapping came from: the customer (`override`), the platform's own export headers, a synonym,
 * a partial header match (`fuzzy`), the column's values alone (`values`: a guess to review), the
 * report's layout (`layout`: names on group rows carried down to the rows below), or none.
 */
export type MappingSource = 'override' | 'platform' | 'synonym' | 'fuzzy' | 'values' | 'layout' | 'none';

/** Why a column was chosen: how well its header names the field and how well its values fit, 0..1. */
export interface MappingEvidence {
  header: number;
  /** Null when the sample had too few filled cells to tell. */
  values: number | null;
}

export interface MappingEntry {
  header: string | null;
  /** 0..1: 1 for an exact synonym or an override, lower for partial matches. */
  confidence: number;
  source: MappingSource;
  /** Auto-mapped fields only. */
  evidence?: MappingEvidence;
}

/** Canonical field → source header. Store it and pass it back as `options.mapping` next time. */
export type Mapping = Record<string, MappingEntry>;
/** What a caller may pass back: a stored Mapping, or plain header names (null = leave unmapped). */
export type MappingOverrides = Record<string, string | null | { header: string | null; source?: MappingSource }>;

export type IntakeRecord = Record<string, string | number>;

export interface IntakeStats {
  bytes: number;
  rowsRead: number;
  records: number;
  rowsRejected: number;
  totalRowsExcluded: number;
  errors: number;
  warnings: number;
  infos: number;
  durationMs: number;
}

export interface IntakeResult {
  kind: ReportKind;
  detected: Detected | null;
  mapping: Mapping;
  records: IntakeRecord[];
  issues: IntakeIssue[];
  stats: IntakeStats;
  /** True when a file-level error rejected the whole file (then `records` is empty). */
  rejected: boolean;
  /**
   * True when a required field was not named by any header: the mapping is a best guess from the
   * values (or the field is missing), and the customer should review it before the records are sent.
   */
  needsReview: boolean;
}

export interface IntakeProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface IntakeOptions {
  kind: ReportKind;
  /** Catalog key of the customer's software, for platform-specific header synonyms. */
  software?: string;
  locale?: Locale;
  mapping?: MappingOverrides;
  /** Records accepted at the Suppliers step of the same entity, for Bills cross-checks. */
  suppliers?: readonly Record<string, unknown>[];
  /**
   * How to read dates no cell of the file settles (03/04/2024): the customer's answer to a
   * `date_order_ambiguous` warning. Without it, day-first, and the warning is raised.
   */
  dateOrder?: 'dmy' | 'mdy';
  maxBytes?: number;
  maxRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IntakeProgress) => void;
  /** Text is read in slices of this many bytes (default 1 MiB). */
  chunkBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 500_000;
