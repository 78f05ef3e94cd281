/**
 * A line-based unified diff for `dfkit fmt --check` and `dfkit lint --diff`, in the form `git apply` and
 * `patch -p1` accept: lines keep their `\r`, a last line without a newline is marked `\ No newline at end of
 * file`, and an empty side of a hunk is numbered by the line before it.
 *
 * The edit script is Myers' O(ND) difference algorithm in its linear-space form (the "middle snake" split),
 * after trimming the common head and tail and setting aside lines found on one side only, which can never
 * match. Memory stays linear in the number of lines whatever the inputs; a cap on the work spent looking for
 * one split keeps time bounded on pathological inputs, at the price of a longer (still correct) diff.
 */
import { posix } from 'node:path';

/** The edit cost past which a split is taken at the furthest point reached instead of the optimal one. */
const SEARCH_COST_LIMIT = 1024;

/** What the slots just outside the diagonals searched so far hold, so that no step starts from them. */
const UNREACHED_FORWARD = -1;
const UNREACHED_BACKWARD = 0x7fffffff;

/** Splits text into lines that keep their terminator, so `a` and `a\n` differ and `\r` is never lost. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  return lines;
}

/** Which lines of each side are not in the common subsequence: `removed[i]` for `before`, `added[j]` for `after`. */
interface Changes {
  readonly removed: Uint8Array;
  readonly added: Uint8Array;
}

/**
 * Marks the lines that differ. The common head and tail are skipped first, so a small edit to a large file
 * costs little; the lines between are compared as small integers, and those that occur on one side only are
 * marked at once and left out of the search, which makes a rewritten region cost next to nothing.
 */
function changesBetween(before: readonly string[], after: readonly string[]): Changes {
  const removed = new Uint8Array(before.length);
  const added = new Uint8Array(after.length);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;

  const ids = new Map<string, number>();
  const idOf = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const beforeIds = Int32Array.from(before.slice(head, before.length - tail), idOf);
  const afterIds = Int32Array.from(after.slice(head, after.length - tail), idOf);
  const inBefore = new Uint8Array(ids.size);
  const inAfter = new Uint8Array(ids.size);
  for (const id of beforeIds) inBefore[id] = 1;
  for (const id of afterIds) inAfter[id] = 1;

  // `keptBefore[i]` is where the search's line i sits in the middle part; in the whole text it is `head` further.
  const keptBefore: number[] = [];
  for (let i = 0; i < beforeIds.length; i++) {
    if (inAfter[beforeIds[i]!]) keptBefore.push(i);
    else removed[head + i] = 1;
  }
  const keptAfter: number[] = [];
  for (let j = 0; j < afterIds.length; j++) {
    if (inBefore[afterIds[j]!]) keptAfter.push(j);
    else added[head + j] = 1;
  }

  const a = Int32Array.from(keptBefore, (i) => beforeIds[i]!);
  const b = Int32Array.from(keptAfter, (j) => afterIds[j]!);
  const search = new MiddleSnakeSearch(a, b);
  // An explicit stack rather than recursion: an unbalanced split must not exhaust the call stack.
  const pending: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  for (let range = pending.pop(); range !== undefined; range = pending.pop()) {
    let [aLow, aHigh, bLow, bHigh] = range;
    while (aLow < aHigh && bLow < bHigh && a[aLow] === b[bLow]) {
      aLow++;
      bLow++;
    }
    while (aLow < aHigh && bLow < bHigh && a[aHigh - 1] === b[bHigh - 1]) {
      aHigh--;
      bHigh--;
    }
    if (aLow === aHigh) for (let j = bLow; j < bHigh; j++) added[head + keptAfter[j]!] = 1;
    else if (bLow === bHigh) for (let i = aLow; i < aHigh; i++) removed[head + keptBefore[i]!] = 1;
    else {
      let split = search.find(aLow, aHigh, bLow, bHigh);
      // A split at a corner would leave the whole range to do again; dropping its first line always progresses.
      const atCorner = (split.aStart === aHigh && split.bStart === bHigh) || (split.aEnd === aLow && split.bEnd === bLow);
      if (atCorner) split = { aStart: aLow + 1, aEnd: aLow + 1, bStart: bLow, bEnd: bLow };
      pending.push([split.aEnd, aHigh, split.bEnd, bHigh], [aLow, split.aStart, bLow, split.bStart]);
    }
  }
  return { removed, added };
}

/** Lines `[aStart, aEnd)` of one side against lines `[bStart, bEnd)` of the other. */
interface Ranges {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

/** The diagonals each search has reached so far. */
interface Frontiers {
  readonly forwardMin: number;
  readonly forwardMax: number;
  readonly backwardMin: number;
  readonly backwardMax: number;
}

/**
 * Finds the middle snake of a range: searches from both corners at once, by increasing edit cost, until a
 * forward and a backward path meet. The two frontier arrays, indexed by diagonal (x - y), are allocated once.
 */
class MiddleSnakeSearch {
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  private readonly offset: number;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
  ) {
    this.offset = b.length + 1;
    this.forward = new Int32Array(a.length + b.length + 3);
    this.backward = new Int32Array(a.length + b.length + 3);
  }

  /**
   * Where a range splits in two: the returned lines of `a` match those of `b` (both possibly empty), and what
   * lies before and after them is diffed separately. The range must start and end with a difference.
   */
  find(aLow: number, aHigh: number, bLow: number, bHigh: number): Ranges {
    const { a, b, forward, backward, offset } = this;
    // A point (x, y) is line x of `a` against line y of `b`; diagonal k holds the points with x - y = k, in slot `at(k)`.
    const at = (k: number): number => k + offset;
    const forwardMid = aLow - bLow;
    const backwardMid = aHigh - bHigh;
    const odd = (forwardMid - backwardMid) % 2 !== 0;
    let forwardMin = forwardMid;
    let forwardMax = forwardMid;
    let backwardMin = backwardMid;
    let backwardMax = backwardMid;
    forward[at(forwardMid)] = aLow;
    backward[at(backwardMid)] = aHigh;
    const lowest = aLow - bHigh;
    const highest = aHigh - bLow;

    for (let cost = 1; ; cost++) {
      // Widen the forward frontier by one diagonal on each side where the range allows, then step each diagonal.
      if (forwardMin > lowest) forward[at(--forwardMin - 1)] = UNREACHED_FORWARD;
      else forwardMin++;
      if (forwardMax < highest) forward[at(++forwardMax + 1)] = UNREACHED_FORWARD;
      else forwardMax--;
      for (let k = forwardMax; k >= forwardMin; k -= 2) {
        const fromBelow = forward[at(k - 1)]!;
        const fromAbove = forward[at(k + 1)]!;
        // The furthest point of a neighbour may sit on the edge; a step from it must not leave the range.
        let x = Math.min(fromBelow >= fromAbove ? fromBelow + 1 : fromAbove, aHigh, bHigh + k);
        const start = x;
        let y = x - k;
        while (x < aHigh && y < bHigh && a[x] === b[y]) {
          x++;
          y++;
        }
        forward[at(k)] = x;
        if (odd && backwardMin <= k && k <= backwardMax && backward[at(k)]! <= x) {
          return { aStart: start, aEnd: x, bStart: start - k, bEnd: y };
        }
      }

      if (backwardMin > lowest) backward[at(--backwardMin - 1)] = UNREACHED_BACKWARD;
      else backwardMin++;
      if (backwardMax < highest) backward[at(++backwardMax + 1)] = UNREACHED_BACKWARD;
      else backwardMax--;
      for (let k = backwardMax; k >= backwardMin; k -= 2) {
        const fromBelow = backward[at(k - 1)]!;
        const fromAbove = backward[at(k + 1)]!;
        // Likewise towards the start.
        let x = Math.max(fromBelow < fromAbove ? fromBelow : fromAbove - 1, aLow, bLow + k);
        const end = x;
        let y = x - k;
        while (x > aLow && y > bLow && a[x - 1] === b[y - 1]) {
          x--;
          y--;
        }
        backward[at(k)] = x;
        if (!odd && forwardMin <= k && k <= forwardMax && x <= forward[at(k)]!) {
          return { aStart: x, aEnd: end, bStart: y, bEnd: end - k };
        }
      }

      if (cost >= SEARCH_COST_LIMIT) {
        return this.furthest({ aStart: aLow, aEnd: aHigh, bStart: bLow, bEnd: bHigh }, { forwardMin, forwardMax, backwardMin, backwardMax });
      }
    }
  }

  /**
   * Gives up on the optimal split: whichever frontier has come further (forward towards the end, backward
   * towards the start) gives the split point. Any point splits the range correctly; this one keeps the diff short.
   */
  private furthest(range: Ranges, frontiers: Frontiers): Ranges {
    const { forward, backward, offset } = this;
    let bestForward = -1;
    let forwardX = range.aStart;
    let forwardY = range.bStart;
    for (let k = frontiers.forwardMax; k >= frontiers.forwardMin; k -= 2) {
      const x = forward[k + offset]!;
      const y = x - k;
      const progress = x - range.aStart + y - range.bStart;
      if (progress <= bestForward) continue;
      bestForward = progress;
      forwardX = x;
      forwardY = y;
    }
    let bestBackward = -1;
    let backwardX = range.aEnd;
    let backwardY = range.bEnd;
    for (let k = frontiers.backwardMax; k >= frontiers.backwardMin; k -= 2) {
      const x = backward[k + offset]!;
      const y = x - k;
      const progress = range.aEnd - x + range.bEnd - y;
      if (progress <= bestBackward) continue;
      bestBackward = progress;
      backwardX = x;
      backwardY = y;
    }
    return bestForward >= bestBackward
      ? { aStart: forwardX, aEnd: forwardX, bStart: forwardY, bEnd: forwardY }
      : { aStart: backwardX, aEnd: backwardX, bStart: backwardY, bEnd: backwardY };
  }
}

/** The runs of changed lines: `[aStart, aEnd)` of the old text replaced by `[bStart, bEnd)` of the new. */
function blocksOf({ removed, added }: Changes): Ranges[] {
  const blocks: Ranges[] = [];
  let i = 0;
  let j = 0;
  while (i < removed.length || j < added.length) {
    if (removed[i] || added[j]) {
      const aStart = i;
      const bStart = j;
      while (i < removed.length && removed[i]) i++;
      while (j < added.length && added[j]) j++;
      blocks.push({ aStart, aEnd: i, bStart, bEnd: j });
    } else {
      i++;
      j++;
    }
  }
  return blocks;
}

const C_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * `a/<path>` as a patch header names a file. A name with a control character, a double quote or a backslash
 * is written the way git writes it, in double quotes with C escapes (`"a/new\nline.Dockerfile"`), which
 * `git apply` and GNU patch read back: raw, a newline would end the header and the patch would not apply.
 */
function headerName(side: 'a' | 'b', path: string): string {
  const name = `${side}/${path}`;
  const escaped = name.replace(/[\x00-\x1f\x7f"\\]/g, (char) => C_ESCAPES[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return escaped === name ? name : `"${escaped}"`;
}

/** `start,count` of a hunk side; an empty side names the line before it, and a count of one is left out. */
function hunkRange(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/** One diff line: the marker, the line, and the note when it is the last line and has no newline. */
function diffLine(marker: string, line: string): string {
  return line.endsWith('\n') ? `${marker}${line}` : `${marker}${line}\n\\ No newline at end of file\n`;
}

/**
 * The path a patch names a file by, so that `git apply` and `patch -p1` run from `cwd` find it: relative to `cwd`
 * (also when it was given as an absolute path inside it), written with `./` and repeated slashes taken out; a
 * file outside `cwd` by its absolute path without the leading slash (`a/srv/app/Dockerfile`, which `patch -p1` run
 * from the root applies; `a//srv/…` would apply nowhere). Standard input stays `-`.
 */
export function patchPath(path: string, cwd: string): string {
  if (path === '-') return path;
  if (!posix.isAbsolute(path)) return posix.normalize(path);
  const inside = posix.relative(cwd, path);
  if (inside !== '' && !inside.startsWith('../') && inside !== '..' && !posix.isAbsolute(inside)) return inside;
  return posix.normalize(path).replace(/^\/+/, '');
}

/**
 * A unified diff of two texts with `context` lines of context, or '' when they are equal.
 *
 * @example
 * unifiedDiff('Dockerfile', 'FROM a\nRUN x\n', 'FROM a\nRUN y\n');
 * // '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM a\n-RUN x\n+RUN y\n'
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const blocks = blocksOf(changesBetween(oldLines, newLines));
  const parts = [`--- ${headerName('a', path)}\n+++ ${headerName('b', path)}\n`];
  let first = 0;
  while (first < blocks.length) {
    // Blocks whose common lines in between would be context to both go into one hunk.
    let last = first;
    while (last + 1 < blocks.length && blocks[last + 1]!.aStart - blocks[last]!.aEnd <= 2 * context) last++;
    const head = blocks[first]!;
    const tail = blocks[last]!;
    const leading = Math.min(context, head.aStart);
    const trailing = Math.min(context, oldLines.length - tail.aEnd);
    const aStart = head.aStart - leading;
    const bStart = head.bStart - leading;
    const aCount = tail.aEnd + trailing - aStart;
    const bCount = tail.bEnd + trailing - bStart;
    parts.push(`@@ -${hunkRange(aStart, aCount)} +${hunkRange(bStart, bCount)} @@\n`);
    for (let i = aStart; i < head.aStart; i++) parts.push(diffLine(' ', oldLines[i]!));
    for (let index = first; index <= last; index++) {
      const block = blocks[index]!;
      for (let i = block.aStart; i < block.aEnd; i++) parts.push(diffLine('-', oldLines[i]!));
      for (let j = block.bStart; j < block.bEnd; j++) parts.push(diffLine('+', newLines[j]!));
      const until = index < last ? blocks[index + 1]!.aStart : block.aEnd + trailing;
      for (let i = block.aEnd; i < until; i++) parts.push(diffLine(' ', oldLines[i]!));
    }
    first = last + 1;
  }
  return parts.join('');
}
