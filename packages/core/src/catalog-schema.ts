import * as z from 'zod/mini';
import type { Integration } from './catalog.js';
import type { LinkConfig } from './config.js';
import { LinkConfigError } from './config.js';
import { toProblems } from './schema-issues.js';

const LocalizedTextSchema = z.strictObject({
  en: z.string().check(z.minLength(1)),
  fr: z.string().check(z.minLength(1)),
});

export const IntegrationSchema = z
  .strictObject({
    key: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Keys are lower-case words joined by hyphens' })),
    name: z.string().check(z.minLength(1)),
    kind: z.enum(['direct', 'fileUpload']),
    sandbox: z.boolean(),
    dataTypes: z.array(z.enum(['financials', 'spendAnalysis'])).check(z.minLength(1)),
    logoUrl: z.optional(z.string().check(z.url())),
    instructions: z.optional(z.strictObject({ suppliers: LocalizedTextSchema, bills: LocalizedTextSchema })),
  })
  .check(
    z.refine((integration) => integration.kind !== 'fileUpload' || integration.instructions !== undefined, {
      message: 'A file-upload platform needs instructions for both reports',
      path: ['instructions'],
    }),
  );

export const CatalogSchema = z
  .array(IntegrationSchema)
  .check(z.refine((list) => new Set(list.map((i) => i.key)).size === list.length, { message: 'Integration keys must be unique' }));

/** Validates a catalog (the shipped one, or one a backend returned). Throws LinkConfigError by path. */
export function parseCatalog(input: unknown): Integration[] {
  const result = z.safeParse(CatalogSchema, input);
  if (result.success) return result.data;
  throw new LinkConfigError(toProblems(result.error.issues));
}

/**
 * The platforms this customer may pick: those serving a requested data type, allowed by the partner,
 * sandbox ones only when asked for. Financials come only through a direct integration, so any request
 * that includes them offers direct integrations only.
 */
export function availableIntegrations(catalog: readonly Integration[], config: Pick<LinkConfig, 'dataTypes' | 'integrations'>): Integration[] {
  const allow = config.integrations.allow ? new Set(config.integrations.allow) : undefined;
  const needsFinancials = config.dataTypes.includes('financials');
  return catalog.filter((integration) => {
    if (integration.sandbox && !config.integrations.sandbox) return false;
    if (allow && !allow.has(integration.key)) return false;
    if (needsFinancials) return integration.dataTypes.includes('financials');
    return config.dataTypes.some((type) => integration.dataTypes.includes(type));
  });
}
