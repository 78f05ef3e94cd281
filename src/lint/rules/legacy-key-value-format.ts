import { expandWord, parse, type EscapeChar, type KeyValueInstruction, type KeyValuePair } from '../../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../../parser/source.js';
import { TextMemo } from '../text-memo.js';
import type { RuleModule, TextEdit } from '../types.js';

const SPACE = /\s/;

/** How many words the builder's key=value splitter makes of `text` (quotes and escapes keep words together). */
function wordCount(text: string, escapeChar: string): number {
  let count = 0;
  let inWord = false;
  let quote: string | null = null;
  for (let index = 0; index < text.length; index++) {
    const ch = text[index] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === escapeChar && quote !== "'") index++;
      continue;
    }
    const code = ch.charCodeAt(0);
    // ASCII is answered without the expression: it is asked for every character of every legacy value.
    if (code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(ch)) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      count++;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === escapeChar) index++;
  }
  return count;
}

/**
 * Whether `edits` turn the legacy instruction `node` of `source` into one the builder reads as `key=value` with
 * the same key and value. The edited instruction is parsed again rather than trusted: the legacy form splits on
 * ASCII white space only while the new form also splits on other spaces (a no-break space inside a key) and
 * honours quotes anywhere in a word (a quote inside a key), so an edit that looks right can change the meaning
 * or break the file.
 */
export function keepsMeaning(
  source: string,
  node: KeyValueInstruction,
  pair: KeyValuePair,
  edits: readonly TextEdit[],
  escapeChar: EscapeChar,
): boolean {
  let text = '';
  let at = node.range.start.offset;
  for (const edit of edits) {
    text += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  text += source.slice(at, node.range.end.offset);
  // The same line and fix recur (across files, and on every keystroke in an editor), and the answer depends on
  // the instruction's text, its fixed text and the escape character alone: it is kept by them.
  const original = source.slice(node.range.start.offset, node.range.end.offset);
  return verdicts.get(`${escapeChar}\u0000${original}\u0000${text}`, () => reparsedAlike(text, pair, escapeChar));
}

/**
 * A key of letters, digits and `_ . - / : @`, not starting with `-` (`ENV --a=b` would read as a flag): nothing
 * the key=value form reads differently.
 */
const PLAIN_KEY = /^[A-Za-z0-9_./:@][A-Za-z0-9_.\-/:@]*$/;
/**
 * Printable ASCII words separated by single spaces, with no quote, backslash or backtick (so no escape character
 * either, whichever it is) and no braces (`${` expansions with modifiers, or unclosed): the legacy form and the
 * `key=value` form (quoted when there are several words) read such a value alike.
 */
const PLAIN_VALUE = /^[\x21\x23-\x26\x28-\x5b\x5d-\x5f\x61-\x7a|~]+(?: [\x21\x23-\x26\x28-\x5b\x5d-\x5f\x61-\x7a|~]+)*$/;

/**
 * Whether the pair is written so plainly that the fix is known to keep its meaning without parsing the edited
 * instruction: most legacy lines of real files (`ENV PYTHON_VERSION 3.12.1`) are. Both the key and the value
 * stand in the source exactly as read (no continuation or escape inside), separated by spaces or tabs on one line,
 * and the instruction has no flags (`ENV --a b c` is an error either way).
 */
export function isPlainPair(source: string, node: KeyValueInstruction, pair: KeyValuePair): boolean {
  return plainAt(source, node, pair, offsetsOf(pair));
}

/** Where a pair's key and value stand in the source. */
interface PairOffsets {
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

function offsetsOf(pair: KeyValuePair): PairOffsets {
  // One range per word, read for offsets only: every legacy ENV and LABEL line passes through here on every lint.
  const keyRange = pair.key.range;
  const valueRange = pair.value.range;
  return {
    keyStart: startOffsetOf(keyRange),
    keyEnd: endOffsetOf(keyRange),
    valueStart: startOffsetOf(valueRange),
    valueEnd: endOffsetOf(valueRange),
  };
}

function plainAt(source: string, node: KeyValueInstruction, pair: KeyValuePair, at: PairOffsets): boolean {
  if (node.flags.length > 0) return false;
  const key = pair.key.value;
  const value = pair.value.value;
  if (!PLAIN_KEY.test(key) || !PLAIN_VALUE.test(value)) return false;
  return (
    source.slice(at.keyStart, at.keyEnd) === key &&
    source.slice(at.valueStart, at.valueEnd) === value &&
    /^[ \t]+$/.test(source.slice(at.keyEnd, at.valueStart))
  );
}

/** Verdicts of `keepsMeaning` (a whole parse each), bounded like the other memos of instruction texts. */
const verdicts = new TextMemo<boolean>(64 * 1024, 4 * 1024);

function reparsedAlike(text: string, pair: KeyValuePair, escapeChar: EscapeChar): boolean {
  const directive = escapeChar === '\\' ? '' : `# escape=${escapeChar}\n`;
  // After a FROM, which ENV and LABEL need to be read without an error of their own.
  const reparsed = parse(`${directive}FROM scratch\n${text}`);
  if (reparsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return false;
  const [, instruction, ...others] = reparsed.ast.instructions;
  if (others.length > 0 || (instruction?.kind !== 'ENV' && instruction?.kind !== 'LABEL')) return false;
  const [fixed, ...morePairs] = instruction.pairs;
  if (instruction.legacy || !fixed || morePairs.length > 0) return false;
  return (
    sameWord(pair.key.value, fixed.key.value, escapeChar) && sameWord(pair.value.value, fixed.value.value, escapeChar)
  );
}

/** Whether two words expand alike with their variables unset and set to a value with spaces and quotes. */
function sameWord(before: string, after: string, escapeChar: EscapeChar): boolean {
  const unset = expandWord(before, {}, { escapeChar });
  const unsetAfter = expandWord(after, {}, { escapeChar });
  if (!unset.ok || !unsetAfter.ok) return unset.ok === unsetAfter.ok && before === after;
  if (unset.value !== unsetAfter.value) return false;
  const names = new Set([...unset.unmatched, ...unsetAfter.unmatched]);
  if (names.size === 0) return true;
  const env = Object.fromEntries([...names].map((name) => [name, ` a "b" 'c' \\d  `]));
  const set = expandWord(before, env, { escapeChar });
  const setAfter = expandWord(after, env, { escapeChar });
  return set.ok && setAfter.ok && set.value === setAfter.value;
}

/** LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`. */
export const legacyKeyValueFormat: RuleModule = {
  meta: {
    id: 'legacy-key-value-format',
    buildkit: 'LegacyKeyValueFormat',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Use key=value in ENV and LABEL',
      description:
        'Flags `ENV` and `LABEL` written in the legacy `key value` form, where everything after the first space ' +
        'is the value.',
      rationale:
        'The legacy form is deprecated. It also reads ambiguously: `ENV A B C=D` sets `A` to `B C=D`, not two ' +
        'variables, and it cannot set more than one variable per instruction.',
      example: 'ENV NODE_ENV production\nLABEL maintainer Jane',
      useInstead: 'ENV NODE_ENV=production\nLABEL maintainer=Jane',
      fixSafety:
        'The space after the key becomes `=`. A value of several words is wrapped in double quotes, which keeps ' +
        'its spaces, line continuations and variables exactly as before. A value of several words that already ' +
        'contains quotes or escape characters gets no fix, since quoting it would change its meaning. A pair written ' +
        'plainly (printable ASCII without quotes, escapes or braces, on one line) reads alike in both forms; every ' +
        'other fix is checked by parsing the fixed instruction again and offered only when the builder would read ' +
        'it as key=value with the same key and value (a key holding a quote or a non-ASCII space gets none).',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    const visit = (node: KeyValueInstruction): void => {
      if (!node.legacy) return;
      const message = `"${node.keyword} key=value" should be used instead of legacy "${node.keyword} key value" format`;
      for (const pair of node.pairs) {
        const at = offsetsOf(pair);
        const { keyEnd, valueStart, valueEnd } = at;
        const value = pair.value.value;
        let edits: TextEdit[] | null = null;
        if (value === '' || valueStart <= keyEnd) edits = null;
        else if (wordCount(value, escapeChar) === 1) edits = [{ start: keyEnd, end: valueStart, text: '=' }];
        else if (!value.includes('"') && !value.includes("'") && !value.includes(escapeChar)) {
          edits = [
            { start: keyEnd, end: valueStart, text: '="' },
            { start: valueEnd, end: valueEnd, text: '"' },
          ];
        }
        const plain = edits !== null && plainAt(context.text, node, pair, at);
        if (edits && !plain && !keepsMeaning(context.text, node, pair, edits, escapeChar)) edits = null;
        context.report(
          edits ? { message, range: pair.range, fix: { description: 'Use key=value', edits } } : { message, range: pair.range },
        );
      }
    };
    return { ENV: visit, LABEL: visit };
  },
};
