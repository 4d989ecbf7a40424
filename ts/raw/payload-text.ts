import { gunzipSync } from "node:zlib";

/** A whole file (or payload) cannot be read at all; the loader quarantines it and keeps the table's earlier rows. */
export class WholeFileError extends Error {
  override name = "WholeFileError";
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The payload's text: gunzipped when it starts with the gzip magic bytes, then strict UTF-8. */
export function decodePayload(content: Buffer, isGzipName = false): string {
  const looksGzipped = content[0] === GZIP_MAGIC[0] && content[1] === GZIP_MAGIC[1];
  let bytes = content;
  if (looksGzipped || isGzipName) {
    try {
      bytes = gunzipSync(content);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WholeFileError(`not a readable gzip file (${reason}): the file is truncated or corrupt`);
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new WholeFileError("not valid UTF-8 text");
  }
}
