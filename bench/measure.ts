/** Timing and memory of one bench step, and the figures the bench reports (median of runs, with min and max). */

export interface Sample {
  ms: number;
  /** Highest resident set size seen while the step ran (sampled every 20 ms), in MB. */
  peakRssMb: number;
}

export interface Figure {
  group: string;
  name: string;
  runs: Sample[];
  note: string;
  extra?: Record<string, number | string | boolean>;
}

/** Runs fn once, timing it and sampling the process's RSS (DuckDB's memory is in-process, so it counts). */
export async function measure<T>(fn: () => Promise<T>): Promise<Sample & { value: T }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms, peakRssMb: Math.round(peak / 2 ** 20), value };
  } finally {
    clearInterval(timer);
  }
}

/** fn repeated `runs` times; the value of the last run is returned with every sample. */
export async function repeat<T>(runs: number, fn: (i: number) => Promise<T>): Promise<{ samples: Sample[]; value: T }> {
  const samples: Sample[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const r = await measure(() => fn(i));
    samples.push({ ms: r.ms, peakRssMb: r.peakRssMb });
    value = r.value;
  }
  return { samples, value };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const medianMs = (samples: Sample[]): number => median(samples.map((s) => s.ms));

export const ratio = (a: number, b: number, digits = 1): number => Number((a / b).toFixed(digits));

export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
