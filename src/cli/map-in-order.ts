/**
 * Reading many files one after the other leaves the process waiting on each file's open, stat, read and close
 * in turn; reading several at once keeps Node's I/O threads busy instead.
 */

/**
 * `work` applied to every item, at most `limit` at a time, with the results in the items' order. Like a loop of
 * `await`s, it rejects with the error of the first item (in order) that failed; the items after it may have
 * been worked on too, and their results are dropped.
 */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const outcomes: ({ readonly value: R } | { readonly error: unknown })[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      try {
        outcomes[index] = { value: await work(items[index] as T) };
      } catch (error) {
        outcomes[index] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return outcomes.map((outcome) => {
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  });
}
