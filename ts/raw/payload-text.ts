import { gunzipSync } from "node:zlib";

/** A whole file (or payload) cannot be read at all; the loader quarantines it and keeps the table's earlier rows. */
export class WholeFileError extends Error {
  override name = "WholeFileError";
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Default cap on a file's decompressed size (the largest shipped file is 4.3 MB): config.limits.maxFileBytes. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The payload's text: gunzipped when it starts with the gzip magic bytes, then strict UTF-8. Decompression stops
 * at `maxBytes` (zlib's maxOutputLength: a gzip bomb is never inflated past the cap), so memory stays bounded.
 */
export function decodePayload(content: Buffer, isGzipName = false, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  const looksGzipped = content[0] === GZIP_MAGIC[0] && content[1] === GZIP_MAGIC[1];
  let bytes = content;
  if (looksGzipped || isGzipName) {
    try {
      bytes = gunzipSync(content, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new WholeFileError(`decompresses to more than ${maxBytes} bytes (the limit per file): refused`);
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new WholeFileError(`not a readable gzip file (${reason}): the file is truncated or corrupt`);
    }
  }
  if (bytes.byteLength > maxBytes)
    throw new WholeFileError(`is ${bytes.byteLength} bytes, more than ${maxBytes} (the limit per file): refused`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = lineAt(bytes, offset);
    throw new WholeFileError(
      `not valid UTF-8 text: invalid byte 0x${bytes[offset]?.toString(16).padStart(2, "0")} at byte offset ${offset} (line ${line})`,
    );
  }
}

/** Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}
