/**
 * Lays out one instruction's head: keyword case, one space between keyword, flags and words, JSON arrays as
 * `["a", "b"]`, continuation lines indented by the configured width, no trailing blanks — each only where the
 * instruction's {@link LayoutPolicy} allows it. Words are copied as written.
 */
import type { Instruction } from '../parser/index.js';
import { renderNormalized, renderVerbatim, type Gap } from './gap.js';
import { splitHead, type Atom, type Head } from './head.js';
import { continuationIndent, type ResolvedOptions } from './options.js';
import type { LayoutPolicy } from './policy.js';
import { reindentCommand } from './shell-continuations.js';

export interface LaidOut {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function applyCase(word: string, keywordCase: ResolvedOptions['keywordCase']): string {
  if (keywordCase === 'upper') return word.toUpperCase();
  if (keywordCase === 'lower') return word.toLowerCase();
  return word;
}

/** The continuation indentation of this instruction: fixed, or aligned under the first word after its keyword. */
function indentOf(head: Head, text: string, options: ResolvedOptions): string {
  const keyword = head.atoms[0];
  return continuationIndent(options, keyword ? text.slice(keyword.start, keyword.end) : '');
}

/** The space JSON puts between two atoms on one line: none inside brackets or before a comma. */
function inlineSeparator(before: Atom, after: Atom | undefined, text: string): string {
  if (!after) return '';
  const opening = before.role === 'punctuation' && text[before.start] === '[';
  const closingOrComma = after.role === 'punctuation' && (text[after.start] === ']' || text[after.start] === ',');
  return opening || closingOrComma ? '' : ' ';
}

function renderGap(
  gap: Gap,
  index: number,
  head: Head,
  text: string,
  policy: LayoutPolicy,
  options: ResolvedOptions,
  escapeChar: string,
): string {
  const before = head.atoms[index] as Atom;
  const after = head.atoms[index + 1];
  if (index > 0 && policy.verbatimAfterKeyword) return renderVerbatim(gap, escapeChar);
  if (policy.spacing) {
    return renderNormalized(gap, { inline: inlineSeparator(before, after, text), indent: indentOf(head, text, options), escapeChar, next: after !== undefined });
  }
  const only = gap[0];
  if (index === 0 && policy.singleBlankAfterKeyword && gap.length === 1 && only?.kind === 'blanks' && only.text.length === 1) return ' ';
  return renderVerbatim(gap, escapeChar);
}

function renderAtom(atom: Atom, text: string, policy: LayoutPolicy, options: ResolvedOptions, escapeChar: string, indent: string): string {
  const written = text.slice(atom.start, atom.end);
  if (atom.role === 'subkeyword' && policy.verbatimAfterKeyword) return written;
  if ((atom.role === 'keyword' || atom.role === 'subkeyword') && policy.keywordCase) return applyCase(written, options.keywordCase);
  if (atom.role === 'command' && options.indentShellContinuations && !policy.verbatimAfterKeyword) return reindentCommand(written, indent, escapeChar);
  return written;
}

/**
 * The new text of `instruction`'s head (`[start, end)` of the source), or `null` when the formatter leaves the
 * instruction as it is.
 */
export function layoutInstruction(
  text: string,
  instruction: Instruction,
  policy: LayoutPolicy,
  options: ResolvedOptions,
  escapeChar: string,
): LaidOut | null {
  const head = splitHead(text, instruction, escapeChar);
  if (!head) return null;
  let out = '';
  head.atoms.forEach((atom, index) => {
    out += renderAtom(atom, text, policy, options, escapeChar, indentOf(head, text, options));
    const gap = head.gaps[index] ?? [];
    out += renderGap(gap, index, head, text, policy, options, escapeChar);
  });
  return { start: head.start, end: head.end, text: out };
}
