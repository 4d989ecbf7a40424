import type { Config } from "../config/config.ts";

export const REDACTED = "[redacted]";

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

/** Replaces every occurrence of the configured secret values in free text (error messages, causes). */
export function secretRedactor(config: Pick<Config, "secrets">): (text: string) => string {
  const values = Object.values(config.secrets).filter((v): v is string => typeof v === "string" && v.length >= 4);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const v of values) {
      out = out.split(v).join(REDACTED).split(encodeURIComponent(v)).join(REDACTED);
    }
    return out;
  };
}
