/**
 * Checks of the partner's branding before it is stored: the logo's real kind (its first bytes,
 * not the name or the type the browser claims) and its dimensions (PNG IHDR, JPEG SOF, SVG
 * width/height/viewBox), and the primary colour's WCAG contrast.
 */
import type { LogoType } from './store-accounts.js';

/** Largest logo accepted. */
export const LOGO_MAX_BYTES = 1024 * 1024;
/** Smallest and largest side, in pixels (SVG: user units), and the widest aspect ratio. */
export const LOGO_MIN_SIDE = 16;
export const LOGO_MAX_SIDE = 4096;
export const LOGO_MAX_ASPECT = 10;
/** WCAG 2 AA for normal text. */
export const MIN_CONTRAST = 4.5;
/** The surfaces the colour is measured against: white, and the dark preset's surface (packages/elements theme tokens). */
export const LIGHT_SURFACE = '#ffffff';
export const DARK_SURFACE = '#111827';

export type LogoRefusal = 'tooLarge' | 'notImage' | 'unreadable' | 'tooSmall' | 'tooBig' | 'aspect';
export class LogoError extends Error {
  constructor(
    readonly reason: LogoRefusal,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

export interface CheckedLogo {
  type: LogoType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(bytes: Buffer): { width: number; height: number } {
  // The first chunk must be IHDR: length 13, then width and height as big-endian 32-bit integers.
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new LogoError('unreadable');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic…), which carry the size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new LogoError('unreadable');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Markers without a length: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) throw new LogoError('unreadable');
    if (SOF.has(marker)) {
      if (at + 9 > bytes.length) break;
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  throw new LogoError('unreadable');
}

/** A length of the root <svg>: a number, optionally in px; other units (%, em) tell no pixel size. */
function svgLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function svgSize(text: string): { width: number; height: number } {
  // Entities could expand without end in the viewer's parser: refused outright.
  if (/<!ENTITY/i.test(text)) throw new LogoError('unreadable');
  const root = /<svg\b([^>]*)>/i.exec(text);
  if (!root) throw new LogoError('notImage');
  const attributes = new Map<string, string>();
  for (const match of root[1]!.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) attributes.set(match[1]!, match[3] ?? match[4] ?? '');
  let width = svgLength(attributes.get('width'));
  let height = svgLength(attributes.get('height'));
  const viewBox = attributes
    .get('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite)) {
    const [, , w, h] = viewBox as [number, number, number, number];
    if (width === undefined && height === undefined) {
      width = w;
      height = h;
    } else if (width === undefined && height !== undefined && h > 0) width = (height * w) / h;
    else if (height === undefined && width !== undefined && w > 0) height = (width * h) / w;
  }
  if (width === undefined || height === undefined) throw new LogoError('unreadable');
  return { width: Math.round(width), height: Math.round(height) };
}

/** The logo's kind and size from its bytes, or a LogoError saying why it is refused. */
export function checkLogo(bytes: Buffer): CheckedLogo {
  if (bytes.length > LOGO_MAX_BYTES) throw new LogoError('tooLarge', { bytes: bytes.length, max: LOGO_MAX_BYTES });
  let checked: CheckedLogo;
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) checked = { type: 'image/png', ...pngSize(bytes) };
  else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) checked = { type: 'image/jpeg', ...jpegSize(bytes) };
  else {
    const text = bytes.toString('utf8');
    // An SVG is text starting (after a BOM, an XML declaration, comments) with markup; binary is no SVG.
    if (!/^\uFEFF?\s*</.test(text) || text.includes('\u0000')) throw new LogoError('notImage');
    checked = { type: 'image/svg+xml', ...svgSize(text) };
  }
  const { width, height } = checked;
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE) throw new LogoError('tooSmall', { width, height, min: LOGO_MIN_SIDE });
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) throw new LogoError('tooBig', { width, height, max: LOGO_MAX_SIDE });
  if (Math.max(width / height, height / width) > LOGO_MAX_ASPECT) throw new LogoError('aspect', { width, height, max: LOGO_MAX_ASPECT });
  return checked;
}

/** `#rgb` or `#rrggbb` as lower-case `#rrggbb`, or undefined. */
export function normalColor(value: string): string | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return undefined;
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function luminance(color: string): number {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}
