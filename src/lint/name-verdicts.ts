import { ownCopy } from '../parser/own-copy.js';

/** How many verdicts a table holds before it forgets them all. */
const MAX_VERDICTS = 4096;

/**
 * `decide`, remembered by name: rules that judge a variable name or label key by its text alone meet the same few
 * hundred names (PATH, NODE_VERSION, `org.opencontainers.image.*`) in file after file. The table is bounded and
 * forgotten all at once when full (a bound, not a recency order, is what matters), and it keys each verdict by
 * its own copy of the name: a slice of the file would keep the whole file alive.
 */
export function rememberedVerdicts(decide: (name: string) => boolean): (name: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (name) => {
    let verdict = verdicts.get(name);
    if (verdict === undefined) {
      verdict = decide(name);
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(ownCopy(name), verdict);
    }
    return verdict;
  };
}
