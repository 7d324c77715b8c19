/**
 * The global design tokens, layer one of three: `--codat-link-<name>`. Per-component tokens
 * (layer two, e.g. `--codat-link-button-radius`) fall back to these; inside each component they
 * map to private `--_x` properties (layer three) that nothing outside should touch.
 * The token list is data: the theme schema, the presets and the docs all derive from it.
 */
export const THEME_TOKENS = [
  'color-primary',
  'color-on-primary',
  'color-surface',
  'color-on-surface',
  'color-surface-raised',
  'color-muted',
  'color-border',
  'color-focus',
  'color-danger',
  'color-danger-surface',
  'color-success',
  'color-warning',
  'color-backdrop',
  'font-family',
  'font-size',
  'line-height',
  'radius',
  'spacing',
  'shadow',
  'max-width',
] as const;
export type ThemeToken = (typeof THEME_TOKENS)[number];
export type TokenValues = Record<ThemeToken, string>;

/** AA contrast on both presets: body text ≥ 7:1, muted text and borders of controls ≥ 4.5:1 / 3:1. */
export const lightPreset: TokenValues = {
  'color-primary': '#1d4ed8',
  'color-on-primary': '#ffffff',
  'color-surface': '#ffffff',
  'color-on-surface': '#111827',
  'color-surface-raised': '#f3f4f6',
  'color-muted': '#4b5563',
  'color-border': '#6b7280',
  'color-focus': '#1d4ed8',
  'color-danger': '#b91c1c',
  'color-danger-surface': '#fdecea',
  'color-success': '#15803d',
  'color-warning': '#92400e',
  'color-backdrop': 'rgb(17 24 39 / 0.6)',
  'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  'font-size': '1rem',
  'line-height': '1.5',
  radius: '0.5rem',
  spacing: '1rem',
  shadow: '0 10px 30px rgb(0 0 0 / 0.2)',
  'max-width': '36rem',
};

export const darkPreset: TokenValues = {
  ...lightPreset,
  'color-primary': '#93c5fd',
  'color-on-primary': '#0b1220',
  'color-surface': '#111827',
  'color-on-surface': '#f9fafb',
  'color-surface-raised': '#1f2937',
  'color-muted': '#d1d5db',
  'color-border': '#9ca3af',
  'color-focus': '#93c5fd',
  'color-danger': '#fca5a5',
  'color-danger-surface': '#3f1d22',
  'color-success': '#86efac',
  'color-warning': '#fcd34d',
  'color-backdrop': 'rgb(0 0 0 / 0.7)',
  shadow: '0 10px 30px rgb(0 0 0 / 0.6)',
};

export const THEME_PRESETS = { light: lightPreset, dark: darkPreset } as const;
export type ThemePreset = keyof typeof THEME_PRESETS;

/** `--codat-link-color-primary: #1d4ed8; …` for a preset (our own data, so safe to inline as CSS). */
export function declarations(values: Partial<TokenValues>): string {
  return Object.entries(values)
    .map(([name, value]) => `--codat-link-${name}: ${value};`)
    .join(' ');
}
