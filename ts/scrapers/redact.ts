import type { Config } from "../config/config.ts";
import { createRedactor, REDACTED, type Redactor } from "../config/redact.ts";

export { REDACTED };

/** The URL with the values of `secretParams` replaced by "[redacted]" (safe to log and to store). */
export function redactUrl(url: string, secretParams: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const secrets = new Set(secretParams.map((p) => p.toLowerCase()));
  for (const name of [...parsed.searchParams.keys()]) {
    if (secrets.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** The redactor of every configured secret (ts/config/redact.ts): every encoding of each value. */
export function secretRedactor(config: Pick<Config, "secrets">): Redactor {
  return createRedactor(Object.values(config.secrets));
}
