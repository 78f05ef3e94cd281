/**
 * Lays out one instruction's head: keyword case, one space between keyword, flags and words, JSON arrays as
 * `["a", "b"]`, continuation lines indented by the configured width, no trailing blanks — each only where the
 * instruction's {@link LayoutPolicy} allows it. Words are copied as written.
 */
import type { Instruction } from '../parser/index.js';
import { hasBreak, lastLineIndent, renderNormalized, renderVerbatim, type Gap } from './gap.js';
import { splitHead, type Atom, type Head } from './head.js';
import { continuationIndent, type ResolvedOptions } from './options.js';
import type { LayoutPolicy } from './policy.js';
import { reindentCommand } from './shell-continuations.js';
import { withoutTrailing } from '../parser/trailing.js';

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
  keepIndents: boolean,
): string {
  const before = head.atoms[index] as Atom;
  const after = head.atoms[index + 1];
  if (index > 0 && policy.verbatimAfterKeyword) return renderVerbatim(gap, escapeChar);
  if (policy.spacing) {
    const indent = keepIndents ? lastLineIndent(gap) : indentOf(head, text, options);
    return renderNormalized(gap, { inline: inlineSeparator(before, after, text), indent, escapeChar, next: after !== undefined });
  }
  const only = gap[0];
  if (index === 0 && policy.singleBlankAfterKeyword && gap.length === 1 && only?.kind === 'blanks' && only.text.length === 1) return ' ';
  return renderVerbatim(gap, escapeChar);
}

/**
 * Whether the instruction's continuation lines keep the indentation they have. A word that goes on over lines
 * whose indentation is part of it (a shell command, the value of `ENV key value`) cannot be re-indented; when
 * the instruction is written as one block — every line break between its words indented the same, and every
 * line of such a word starting with that indentation — re-indenting only the lines that may move would leave
 * the block indented two ways, so none moves.
 */
function keepsWrittenIndents(head: Head, text: string, policy: LayoutPolicy, options: ResolvedOptions): boolean {
  const fixedLines = head.atoms
    .filter((atom) => !reindented(atom, policy, options))
    .flatMap((atom) => linesAfterTheFirst(text.slice(atom.start, atom.end)));
  if (fixedLines.length === 0) return false;
  const indents = new Set(head.gaps.filter(hasBreak).map(lastLineIndent));
  const [indent] = indents;
  if (indents.size !== 1 || indent === undefined || indent === '') return false;
  return fixedLines.every((line) => line.startsWith(indent));
}

function reindented(atom: Atom, policy: LayoutPolicy, options: ResolvedOptions): boolean {
  return atom.role === 'command' && options.indentShellContinuations && !policy.verbatimAfterKeyword;
}

function renderAtom(atom: Atom, text: string, policy: LayoutPolicy, options: ResolvedOptions, escapeChar: string, indent: string): string {
  const written = text.slice(atom.start, atom.end);
  if (atom.role === 'subkeyword' && policy.verbatimAfterKeyword) return written;
  if ((atom.role === 'keyword' || atom.role === 'subkeyword') && policy.keywordCase) return applyCase(written, options.keywordCase);
  if (reindented(atom, policy, options)) return reindentCommand(written, indent, escapeChar);
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
  const keepIndents = keepsWrittenIndents(head, text, policy, options);
  head.atoms.forEach((atom, index) => {
    out += renderAtom(atom, text, policy, options, escapeChar, indentOf(head, text, options));
    const gap = head.gaps[index] ?? [];
    out += renderGap(gap, index, head, text, policy, options, escapeChar, keepIndents);
  });
  return { start: head.start, end: head.end, text: out };
}

/** The lines of `text` after its first, each without the carriage returns before its line feed. */
function linesAfterTheFirst(text: string): string[] {
  const lines = text.split('\n');
  // Trimmed by a loop: splitting on `/\r*\n/` tried the pattern from every `\r` of a long run.
  for (let index = 0; index < lines.length - 1; index++) lines[index] = withoutTrailing(lines[index] as string, '\r');
  return lines.slice(1);
}
