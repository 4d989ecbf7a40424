/**
 * Retry waits: exponential backoff with jitter, each wait capped (config.http.backoffCapMs, 60 s default).
 * Retry k (1-based) waits  min(cap, e/2 + random()·e/2)  with e = baseDelayMs·2^(k−1)   ("equal jitter":
 * never less than half the exponential step, so waits grow; with random = 1 the wait is exactly e).
 * A `Retry-After` header (seconds or an HTTP date) replaces the computed wait, still capped.
 */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffPolicy {
  baseDelayMs: number;
  capMs: number;
}

export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.min(policy.capMs, jittered));
}

/** Milliseconds asked for by a Retry-After header, or undefined if absent/unparseable. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

export function retryWait(
  retry: number,
  retryAfter: string | null,
  policy: BackoffPolicy,
  random?: () => number,
  now?: Date,
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(policy.capMs, asked);
  return backoffDelay(retry, policy, random);
}
