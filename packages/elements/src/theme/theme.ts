import * as z from 'zod/mini';
import { THEME_TOKENS, type ThemeToken } from './tokens.js';

/**
 * A partner theme is data, not code: a preset, token values, a logo and the partner's name.
 * Validated before use, so a theme from a CMS cannot smuggle CSS (no `;`, braces, `url(`,
 * `@import`, comments or escapes) or a script URL into the page.
 */
const UNSAFE_CSS_VALUE = /[;{}<>\\]|\/\*|url\s*\(|expression\s*\(|@import|javascript:/i;

const tokenValue = z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.refine((value) => !UNSAFE_CSS_VALUE.test(value), { message: 'Not a plain CSS value' }),
);

function isSafeImageUrl(value: string): boolean {
  try {
    const url = new URL(value, 'https://relative.invalid/');
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const themeSchema = z.strictObject({
  /** `auto` follows the customer's system setting. */
  preset: z.optional(z.enum(['light', 'dark', 'auto'])),
  tokens: z.optional(z.partialRecord(z.enum(THEME_TOKENS), tokenValue)),
  /** The partner's name, shown in the consent text and the logo's alternative text. */
  partnerName: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** An http(s) or relative URL; `javascript:` and `data:` are refused. */
  logoUrl: z.optional(z.string().check(z.maxLength(2048), z.refine(isSafeImageUrl, { message: 'Logo must be an http(s) URL' }))),
});
export type ThemeInput = z.input<typeof themeSchema>;

/** A validated theme with its defaults, as `<codat-link>` applies it. */
export interface ResolvedTheme {
  preset: 'light' | 'dark' | 'auto';
  tokens: Partial<Record<ThemeToken, string>>;
  /** Absent: the text says "your provider" in the customer's language. */
  partnerName?: string;
  logoUrl?: string;
}

export type ThemeResult = { ok: true; theme: ResolvedTheme } | { ok: false; theme: ResolvedTheme; problems: { path: string; message: string }[] };

/** Validates a theme. An invalid one yields the default theme and the problems, never a throw. */
export function parseTheme(input: unknown, fallbackPreset: ResolvedTheme['preset'] = 'light'): ThemeResult {
  const fallback: ResolvedTheme = { preset: fallbackPreset, tokens: {} };
  if (input === undefined || input === null) return { ok: true, theme: fallback };
  const result = z.safeParse(themeSchema, input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { ok: false, theme: fallback, problems };
  }
  const { preset, tokens, partnerName, logoUrl } = result.data;
  return {
    ok: true,
    theme: {
      preset: preset ?? fallbackPreset,
      tokens: tokens ?? {},
      ...(partnerName ? { partnerName } : {}),
      ...(logoUrl ? { logoUrl } : {}),
    },
  };
}

/**
 * Writes token values as custom properties on the host through the CSSOM. CSSOM writes are not
 * inline `style` attributes, so this works under `style-src 'self'` with no `unsafe-inline`.
 */
export function applyTokens(host: HTMLElement, previous: ResolvedTheme | undefined, next: ResolvedTheme): void {
  for (const name of Object.keys(previous?.tokens ?? {})) {
    if (!(name in next.tokens)) host.style.removeProperty(`--codat-link-${name}`);
  }
  for (const [name, value] of Object.entries(next.tokens)) {
    host.style.setProperty(`--codat-link-${name}`, value);
  }
}
