/**
 * Wilson score interval for a proportion (wins out of n), at 95% by default: unlike the normal approximation it
 * stays inside [0, 1] and behaves for small n. Returns null for n = 0.
 */
export function wilsonInterval(wins: number, n: number, z = 1.959963984540054): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = wins / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
