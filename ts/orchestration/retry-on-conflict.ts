/**
 * DuckDB runs concurrent transactions optimistically: two writers of the same row (or key) make one of them fail
 * at write or commit time with a conflict. Such a transaction changed nothing, so it is simply run again.
 */
const CONFLICT = /conflict|PRIMARY KEY or UNIQUE constraint|duplicate key/i;

export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !CONFLICT.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, attempt) * Math.random()));
    }
  }
}
