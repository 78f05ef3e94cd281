/**
 * BuildKit's names for the steps of a build: `[1/3] FROM …`, `[build 2/4] RUN …`, `[linux/arm64 build 2/4] …`,
 * with the index padded to the total's width (`[ 2/12]`); internal vertices (`[internal] load …`) have no i/N.
 *
 * Read as `^\[(?:([^\]]*?) +)?\s*(\d+)\/(\d+)\] (.*)$` (with `s`) reads them, without that pattern's retries of
 * every way to share a run of blanks between the label and the padding.
 */

export interface BuildKitStepName {
  /** The stage name in the label (the platform before it left out). */
  readonly stage?: string;
  readonly index: number;
  readonly total: number;
  /** What follows the label: the instruction, its ARG values substituted. */
  readonly instruction: string;
}

/** The step's `i/N`, not started inside a run of digits. */
const COUNTS = /(?<!\d)(\d+)\/(\d+)$/;

export function readBuildKitStepName(name: string): BuildKitStepName | null {
  if (!name.startsWith('[')) return null;
  const close = name.indexOf(']');
  if (close === -1 || name[close + 1] !== ' ') return null;
  const label = name.slice(1, close);
  const counts = COUNTS.exec(label);
  if (!counts) return null;
  const before = label.slice(0, counts.index);
  let stageWords = '';
  if (!/^\s*$/.test(before)) {
    // The words, then blanks that start with a space: the words end where the last run of white space has its
    // first space.
    let blanks = before.length;
    while (blanks > 0 && /\s/.test(before[blanks - 1] as string)) blanks--;
    const space = before.indexOf(' ', blanks);
    if (space === -1) return null;
    stageWords = before.slice(0, space);
  }
  // Before the stage name: an optional platform (it has a `/`, which a stage name cannot).
  const stage = stageWords.split(/\s+/).filter((word) => word !== '' && !word.includes('/')).pop();
  return {
    index: Number(counts[1]),
    total: Number(counts[2]),
    instruction: name.slice(close + 2),
    ...(stage !== undefined && { stage }),
  };
}
