/**
 * Text that changes encoding part-way. An export appended to by two programs, or a UTF-8 file one
 * row of which was pasted from a Windows-1252 one, is valid UTF-8 except on some lines. Decoding the
 * whole file as Windows-1252 would turn every earlier "Société" into "SociÃ©tÃ©"; so each line is
 * decoded on its own: as UTF-8 when it is valid UTF-8, else as Windows-1252.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const cp1252 = new TextDecoder('windows-1252');

export interface Decoded {
  text: string;
  /** 0-based index of the first line read as Windows-1252, or -1. */
  fallbackLine: number;
}

/** Decodes whole lines (the bytes should end at a line break, or at the end of the file). */
export function decodeLines(bytes: Uint8Array): Decoded {
  try {
    return { text: utf8.decode(bytes), fallbackLine: -1 };
  } catch {
    // Some line is not UTF-8: decode line by line.
  }
  const parts: string[] = [];
  let fallbackLine = -1;
  let start = 0;
  let line = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const slice = bytes.subarray(start, end);
    try {
      parts.push(utf8.decode(slice));
    } catch {
      if (fallbackLine < 0) fallbackLine = line;
      parts.push(cp1252.decode(slice));
    }
    start = end + 1;
    line += 1;
  }
  return { text: parts.join('\n'), fallbackLine };
}

/** Length of `bytes` up to and including its last line break (0 when it has none). */
export function wholeLines(bytes: Uint8Array): number {
  return bytes.lastIndexOf(0x0a) + 1;
}

/**
 * True when the bytes hold UTF-8 multi-byte characters: then bytes that are not UTF-8 elsewhere are
 * a change of encoding, not a Windows-1252 file.
 */
export function hasUtf8Characters(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0xc2 || b > 0xf4) continue;
    const width = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let ok = i + width <= bytes.length;
    for (let k = 1; ok && k < width; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}
