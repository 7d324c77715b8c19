// zod/mini, not classic zod: this module ships in the browser drop-in bundle (4.8 KB vs 92 KB).
import * as z from 'zod/mini';
import { LinkError } from './link-error.js';
import type { Locale } from './link-error.js';
import { toProblems } from './schema-issues.js';

const DATA_TYPES = ['financials', 'spendAnalysis'] as const;
const UPLOAD_STEPS = ['suppliers', 'bills'] as const;

/** What to do with rows the upload package flags as invalid. */
export const ROW_ERROR_POLICIES = ['reject', 'skipInvalid'] as const;

const positiveInt = () => z.number().check(z.int(), z.positive());
const nonNegativeInt = () => z.number().check(z.int(), z.gte(0));

function uniqueItems<T>(items: T[]): boolean {
  return new Set(items).size === items.length;
}

/**
 * The journey's configuration. Strict objects: a misspelt option (`mutliEntity`) is an error the
 * partner sees at once, not a silently ignored setting.
 */
export const LinkConfigSchema = z.strictObject({
  /** What the data request asks for; decides whether the multi-entity steps appear. */
  dataTypes: z.array(z.enum(DATA_TYPES)).check(z.minLength(1), z.refine(uniqueItems, { message: 'Each data type may appear once' })),
  integrations: z._default(
    z.strictObject({
      /** Integration keys the partner allows; absent means every catalog entry of the request's data types. */
      allow: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
      /** Show sandbox platforms (for testing, never in production). */
      sandbox: z._default(z.boolean(), false),
    }),
    { sandbox: false },
  ),
  /** Offer the supplier-spend template as an alternative to connecting software (spend analysis only). */
  manualUpload: z._default(z.boolean(), true),
  /**
   * Show the *Before you start* checklist (what the customer needs) before the first choice.
   * Absent: shown when the request asks for spend analysis, not for financials alone (`showsChecklist`).
   */
  checklist: z.optional(z.boolean()),
  /** Let the customer add several legal entities (spend analysis only). */
  multiEntity: z._default(z.boolean(), true),
  /** Which reports the file-upload path asks for, in order. */
  uploadSteps: z._default(z.array(z.enum(UPLOAD_STEPS)).check(z.minLength(1), z.refine(uniqueItems, { message: 'Each upload step may appear once' })), [
    'suppliers',
    'bills',
  ]),
  fileLimits: z._default(
    z.strictObject({
      maxBytes: z._default(positiveInt(), 20 * 1024 * 1024),
      maxRows: z._default(positiveInt(), 100_000),
    }),
    { maxBytes: 20 * 1024 * 1024, maxRows: 100_000 },
  ),
  rowErrorPolicy: z._default(z.enum(ROW_ERROR_POLICIES), 'reject'),
  /** Records per `submitBatch` call. */
  batchSize: z._default(positiveInt().check(z.maximum(10_000)), 1_000),
  /** Automatic retries of transient backend failures before the customer is asked. */
  retry: z._default(
    z.strictObject({
      maxAttempts: z._default(positiveInt().check(z.maximum(10)), 3),
      baseDelayMs: z._default(nonNegativeInt(), 500),
    }),
    { maxAttempts: 3, baseDelayMs: 500 },
  ),
  /** Version of the consent text shown, recorded with each consent. */
  consentVersion: z._default(z.string().check(z.minLength(1)), '1'),
  locale: z._default(z.enum(['en', 'fr']), 'en'),
});

/** What a partner passes (defaults may be left out). */
export type LinkConfigInput = z.input<typeof LinkConfigSchema>;
/** The configuration after validation, every default filled in. */
export type LinkConfig = z.output<typeof LinkConfigSchema>;
export type RowErrorPolicy = (typeof ROW_ERROR_POLICIES)[number];

export interface ConfigProblem {
  /** Dotted path of the option, e.g. `integrations.allow.0`; empty for the whole object. */
  path: string;
  message: string;
}

/** A configuration the journey cannot run with. `problems` names each bad option by its path. */
export class LinkConfigError extends LinkError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], locale: Locale = 'en') {
    const detail = problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
    super('config_invalid', { locale, detail });
    this.name = 'LinkConfigError';
    this.problems = problems;
  }
}

/** Validates a partner's configuration and fills in defaults; throws LinkConfigError otherwise. */
export function parseLinkConfig(input: unknown): LinkConfig {
  const result = z.safeParse(LinkConfigSchema, input);
  if (result.success) return result.data;
  throw new LinkConfigError(toProblems(result.error.issues));
}

/** Whether the journey opens with the checklist: the `checklist` option, else on for a spend request. */
export function showsChecklist(config: Pick<LinkConfig, 'dataTypes' | 'checklist'>): boolean {
  return config.checklist ?? config.dataTypes.includes('spendAnalysis');
}

/** Spend-only requests get the multi-entity journey; financials (alone or with spend) do not. */
export function isSpendOnly(config: Pick<LinkConfig, 'dataTypes'>): boolean {
  return config.dataTypes.length === 1 && config.dataTypes[0] === 'spendAnalysis';
}
