/**
 * For a job that may be asked again while it runs, whose answers can arrive out of order (a
 * file search that took longer the first time): each call runs the job, but only the answer
 * of the latest call is applied; an overtaken answer is dropped.
 */
export function latestOnly<T>(job: () => Promise<T>, apply: (value: T) => void): () => Promise<void> {
  let generation = 0;
  return async () => {
    const mine = ++generation;
    const value = await job();
    if (mine === generation) apply(value);
  };
}
