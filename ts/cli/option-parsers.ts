import { InvalidArgumentError } from "commander";

/** Commander's accumulator for a repeatable option: every occurrence is kept, in order (none silently dropped). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive integer option (e.g. --concurrency): anything else stops the command with a usage error naming it. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return n;
}
