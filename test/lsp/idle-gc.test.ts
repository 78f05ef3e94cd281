import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { idleCollector } from '../../src/lsp/idle-gc.js';

/** Young-generation collections seen while `during` runs (and one more turn of the event loop). */
async function minorCollections(during: () => Promise<void>): Promise<number> {
  const seen: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  await during();
  await new Promise((resolve) => setTimeout(resolve, 50)); // entries are delivered asynchronously
  observer.disconnect();
  return seen.filter((entry) => (entry as PerformanceEntry & { readonly detail?: { readonly kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR).length;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('idle garbage collection', () => {
  it('collects the young generation on the turn after work, once however often it is asked', async () => {
    const collector = idleCollector(() => false);
    const count = await minorCollections(async () => {
      collector.afterWork();
      collector.afterWork();
      await nextTurn();
      await nextTurn();
    });
    expect(count).toBeGreaterThanOrEqual(1);
  });
});
