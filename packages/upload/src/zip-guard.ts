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

export type ZipVerdict =
  | { ok: true; entries: string[]; uncompressed: number }
  | { ok: false; reason: string; bomb: boolean };

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
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      return { ok: false, reason: 'damaged zip directory', bomb: false };
    }
    const flags = view.getUint16(at + 8, true);
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
    at += 46 + nameLength + extra + comment;
  }
  return { ok: true, entries, uncompressed: total };
}
