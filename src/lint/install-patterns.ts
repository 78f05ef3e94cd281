/**
 * Install commands whose patterns read on past the program name, written so that a RUN of any length is read in
 * linear time. As regular expressions they were right and quadratic: `\bmvn\b[^&|;]*\sdependency:resolve` is
 * tried from every `mvn` of a step and reads to the step's end each time (`RUN mvn mvn mvn …` of 80,000
 * characters: 0.7 s), and the yarn pattern read a long option once from every `yarn` inside it.
 */

/** What the dependency-install rule asks of an install pattern. A `RegExp` is one. */
export interface InstallPattern {
  test(text: string): boolean;
}

/**
 * `head`, then `tail` starting before the step ends (at the first `&`, `|` or `;` after the head): the pattern
 * `head[^&|;]*tail`. A head that fails leaves the rest of its step out, since every later head of the step sees
 * less of it; the next tail is looked for only once the search has passed the last one found.
 */
export function headThenTailInStep(head: RegExp, tail: RegExp): InstallPattern {
  const heads = new RegExp(head.source, `${head.flags.replace('g', '')}g`);
  const tails = new RegExp(tail.source, `${tail.flags.replace('g', '')}g`);
  return {
    test(text: string): boolean {
      let failedUntil = -1;
      let nextTail = -1;
      heads.lastIndex = 0;
      for (let match = heads.exec(text); match; match = heads.exec(text)) {
        const from = match.index + match[0].length;
        heads.lastIndex = match.index + 1;
        if (match.index < failedUntil) continue;
        const stepEnd = stepEndFrom(text, from);
        if (nextTail !== Infinity && nextTail < from) {
          tails.lastIndex = from;
          nextTail = tails.exec(text)?.index ?? Infinity;
        }
        if (nextTail < stepEnd) return true;
        failedUntil = stepEnd;
      }
      return false;
    },
  };
}

/** Where the step that `from` is in ends: at the next `&`, `|` or `;` (a list or pipe operator), or the text's end. */
export function stepEndFrom(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x26 /* & */ || code === 0x7c /* | */ || code === 0x3b /* ; */) return index;
  }
  return text.length;
}

const YARN = /\byarn/g;
const SPACES = /\s*/y;
const INSTALL_WORD = /\s+install/y;
const OPTION_CHARACTERS = /[a-z-]*/y;

/**
 * `\byarn(?:\s+install)?\s*(?:--[a-z-]+(?![a-z-])\s*)*(?:$|&&|;|\|)`: `yarn`, perhaps `install`, options
 * with no value, and then the end of the step. From a given place in the options, what follows decides alone,
 * so each place is read once and its answer kept for every `yarn` that reaches it.
 */
export const yarnInstall: InstallPattern = {
  test(text: string): boolean {
    const answers = new Map<number, boolean>();
    YARN.lastIndex = 0;
    for (let match = YARN.exec(text); match; match = YARN.exec(text)) {
      let at = match.index + 4;
      YARN.lastIndex = match.index + 1;
      // With `install` or without: without it, the options would have to start at `install`.
      INSTALL_WORD.lastIndex = at;
      if (INSTALL_WORD.test(text)) at = INSTALL_WORD.lastIndex;
      const visited: number[] = [];
      let answer: boolean | undefined;
      for (;;) {
        SPACES.lastIndex = at;
        SPACES.test(text);
        at = SPACES.lastIndex;
        answer = answers.get(at);
        if (answer !== undefined) break;
        visited.push(at);
        if (!text.startsWith('--', at)) break;
        OPTION_CHARACTERS.lastIndex = at;
        OPTION_CHARACTERS.test(text);
        if (OPTION_CHARACTERS.lastIndex < at + 3) break;
        at = OPTION_CHARACTERS.lastIndex;
      }
      answer ??= endsStep(text, at);
      for (const place of visited) answers.set(place, answer);
      if (answer) return true;
    }
    return false;
  },
};

function endsStep(text: string, at: number): boolean {
  return at === text.length || text.startsWith('&&', at) || text[at] === ';' || text[at] === '|';
}

/**
 * `head` with no `excluded` after it in its step: `pub get`, but not `pub get --offline`, which downloads nothing
 * (neither pattern may have capture groups). Heads, exclusions and step ends are read in one pass, each once: a
 * head still open when its step ends is an install.
 */
export function headWithoutInStep(head: RegExp, excluded: RegExp): InstallPattern {
  const tokens = new RegExp(`(${head.source})|(${excluded.source})|[&|;]`, 'g');
  return {
    test(text: string): boolean {
      let open = false;
      tokens.lastIndex = 0;
      for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
        if (match[0] === '') tokens.lastIndex++;
        if (match[1] !== undefined) open = true;
        else if (match[2] !== undefined) open = false;
        else if (open) return true;
      }
      return open;
    },
  };
}
