/** Binary search over rising numbers (turns, positions), shared by the tables that answer "up to here". */

/** How many of the rising `values` are at most `limit`: the index of the first one above it. */
export function countAtMost(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
