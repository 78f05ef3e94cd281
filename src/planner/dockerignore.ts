/**
 * `.dockerignore` applied to a build context: what a walk of the context keeps, following BuildKit's context
 * walker (an excluded directory comes back when something below it is re-included). Reading the file and
 * matching paths is the parser layer's business (`src/parser/dockerignore/`). Pure: no I/O.
 */

import { goOrderBy } from '../parser/dockerignore/go-path.js';
import type { IgnoreMatcher, IgnoreMatchState } from '../parser/dockerignore/index.js';
import type { ContextEntry } from './context-types.js';

const pathOf = (entry: ContextEntry): string => entry.path;

/**
 * What a context keeps under the patterns, sorted by path (Go byte order). An excluded directory comes back,
 * with its own metadata, when an entry below it is kept, because BuildKit's walker sends the parents of every
 * file it sends (`*` + `!src/app.js` keeps the directory `src` and `src/app.js`). The classic builder's tar has
 * no entry for such a directory; the files are the same.
 */
export function applyIgnore(entries: Iterable<ContextEntry>, matcher: IgnoreMatcher): ContextEntry[] {
  const sorted = [...entries];
  sorted.sort(goOrderBy(sorted, pathOf));
  if (matcher.patterns.length === 0) return sorted;
  return keepWithParents(sorted, pathOf, matcher);
}

/**
 * The items (sorted by path, parents before children) the matcher keeps, plus every excluded directory that
 * has a kept item below it. `pathOf` gives the path the patterns are matched against, relative to their root.
 * The result is in the order of the input.
 */
export function keepWithParents<T>(sorted: readonly T[], pathOf: (item: T) => string, matcher: IgnoreMatcher): T[] {
  const states = new Map<string, IgnoreMatchState>();
  const excludedDirs = new Map<string, number>();
  const keep = new Array<boolean>(sorted.length).fill(false);
  sorted.forEach((item, index) => {
    const path = pathOf(item);
    const slash = path.lastIndexOf('/');
    const parentState = slash < 0 ? undefined : states.get(path.slice(0, slash));
    const state = matcher.evaluate(path, slash < 0 ? { excluded: false, hits: [] } : parentState);
    states.set(path, state);
    if (state.excluded) {
      excludedDirs.set(path, index);
      return;
    }
    keep[index] = true;
    // Bring back excluded parents, nearest first, until one that is already back.
    for (let up = slash; up > 0; up = path.lastIndexOf('/', up - 1)) {
      const parentIndex = excludedDirs.get(path.slice(0, up));
      if (parentIndex === undefined) continue;
      if (keep[parentIndex]) break;
      keep[parentIndex] = true;
    }
  });
  return sorted.filter((_, index) => keep[index]);
}
