/** Working on items a few at a time while keeping the results, and the error reported, in the items' order. */
import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../src/cli/map-in-order.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapInOrder', () => {
  it('returns results in the items’ order whatever order they finish in, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapInOrder([30, 5, 20, 1, 10, 0, 15], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await pause(ms);
      running--;
      return `${ms}ms`;
    });
    expect(results).toEqual(['30ms', '5ms', '20ms', '1ms', '10ms', '0ms', '15ms']);
    expect(most).toBe(3);
  });

  it('rejects with the error of the first failing item in order, even when a later one failed first', async () => {
    const work = async (item: { ms: number; fails: boolean; name: string }): Promise<string> => {
      await pause(item.ms);
      if (item.fails) throw new Error(item.name);
      return item.name;
    };
    const items = [
      { ms: 1, fails: false, name: 'a' },
      { ms: 25, fails: true, name: 'b' },
      { ms: 0, fails: true, name: 'c' },
    ];
    await expect(mapInOrder(items, 4, work)).rejects.toThrow(/^b$/);
  });

  it('handles no items and a limit below one', async () => {
    await expect(mapInOrder([], 8, async (x: number) => x)).resolves.toEqual([]);
    await expect(mapInOrder([1, 2], 0, async (x) => x * 2)).resolves.toEqual([2, 4]);
  });
});
