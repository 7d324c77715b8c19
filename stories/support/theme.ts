/**
 * The themes and locales of the Storybook toolbar. A step rendered alone inherits the global
 * `--codat-link-*` tokens from the story frame; `<codat-link>` gets the same theme as its `theme`
 * property, so both paths go through the SDK's own validation (parseTheme).
 */
import { THEME_PRESETS, parseTheme, type ThemeInput } from '@codat-link/elements';

export const STORY_THEMES = ['light', 'dark', 'partner'] as const;
export type StoryTheme = (typeof STORY_THEMES)[number];

export const STORY_LOCALES = ['en', 'fr'] as const;
export type StoryLocale = (typeof STORY_LOCALES)[number];

/**
 * A fictional card issuer's white label: its brand green, squarer corners, a serif face and a logo
 * served from .storybook/public. The colours keep AA contrast on the light surfaces.
 */
export const partnerTheme: ThemeInput = {
  preset: 'light',
  partnerName: 'Northwind Bank',
  logoUrl: 'northwind-logo.svg',
  tokens: {
    'color-primary': '#0b6b4f',
    'color-focus': '#0b6b4f',
    'color-surface-raised': '#eef6f2',
    radius: '0.125rem',
    'font-family': 'Georgia, "Times New Roman", serif',
  },
};

export function storyTheme(value: unknown): StoryTheme {
  return STORY_THEMES.find((t) => t === value) ?? 'light';
}

export function storyLocale(value: unknown): StoryLocale {
  return STORY_LOCALES.find((l) => l === value) ?? 'en';
}

/** What `<codat-link>` receives as `theme`. */
export function linkTheme(theme: StoryTheme): ThemeInput {
  return theme === 'partner' ? partnerTheme : { preset: theme };
}

/** The custom properties a standalone step inherits from the frame: the preset, then the partner's tokens. */
export function frameTokens(theme: StoryTheme): Record<string, string> {
  const resolved = parseTheme(linkTheme(theme));
  if (!resolved.ok) throw new Error(`story theme ${theme} is invalid: ${JSON.stringify(resolved.problems)}`);
  const preset = resolved.theme.preset === 'dark' ? THEME_PRESETS.dark : THEME_PRESETS.light;
  const values = { ...preset, ...resolved.theme.tokens };
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [`--codat-link-${name}`, value]));
}
