/**
 * Zip-bomb guard for XLSX, run on the central directory before any byte is inflated: the declared
 * uncompressed sizes must stay under a total and each entry under a compression ratio. ZIP64 and
 * encrypted entries are refused; an XLSX never needs them at the sizes we accept.
 */
export interface ZipLimits {
  maxUncompressedBytes: number;
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 500 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

export type ZipVerdict = { ok: true; entries: string[]; uncompressed: number; list: ZipEntry[] } | { ok: false; reason: string; bomb: boolean };

export function inspectZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'no zip directory', bomb: false };
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: 'ZIP64', bomb: true };
  if (count > limits.maxEntries) return { ok: false, reason: `${count} entries`, bomb: true };
  let at = dirOffset;
  let total = 0;
  const entries: string[] = [];
  const list: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      return { ok: false, reason: 'damaged zip directory', bomb: false };
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const localOffset = view.getUint32(at + 42, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) return { ok: false, reason: 'encrypted', bomb: false };
    if (size === 0xffffffff || compressed === 0xffffffff) return { ok: false, reason: 'ZIP64', bomb: true };
    total += size;
    if (total > limits.maxUncompressedBytes) {
      return { ok: false, reason: `more than ${Math.round(limits.maxUncompressedBytes / 1048576)} MB uncompressed`, bomb: true };
    }
    if (size > 1_000_000 && size / Math.max(compressed, 1) > limits.maxRatio) {
      return { ok: false, reason: `${name} compressed ${Math.round(size / Math.max(compressed, 1))}:1`, bomb: true };
    }
    entries.push(name);
    list.push({ name, method, compressed, size, localOffset });
    at += 46 + nameLength + extra + comment;
  }
  return { ok: true, entries, uncompressed: total, list };
}

/**
 * The directory's sizes are only claims: inflate each entry, counting, and stop as soon as one
 * yields more than it declared. SheetJS then inflates only what was proven to be that size.
 */
export async function verifyInflatedSizes(bytes: Uint8Array, list: readonly ZipEntry[]): Promise<string | null> {
  if (typeof DecompressionStream !== 'function') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of list) {
    if (entry.method !== 8) {
      if (entry.method !== 0) return `${entry.name}: compression method ${entry.method}`;
      continue;
    }
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return `${entry.name}: damaged entry`;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressed);
    const reader = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    let produced = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        produced += value.byteLength;
        if (produced > entry.size) {
          await reader.cancel();
          return `${entry.name} inflates past its declared ${entry.size} bytes`;
        }
      }
    } catch {
      return `${entry.name}: damaged data`;
    }
  }
  return null;
}
