/**
 * Signature help for instructions that take flags: the instruction's usage with one parameter per flag and
 * one for the arguments; the active parameter follows the flag being typed.
 */
import { MarkupKind, type ParameterInformation, type Position, type SignatureHelp } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { instructionDoc } from './instruction-docs.js';
import { offsetAt } from './positions.js';

export function signatureHelp(analysis: Analysis, position: Position): SignatureHelp | null {
  const { text, lines } = analysis;
  const offset = offsetAt(lines, position);
  const instruction = analysis.instructionAt(offset);
  const startOffset = instruction?.range.start.offset ?? lines.lineStart(lines.lineOf(offset));
  const before = text.slice(startOffset, offset);
  const keyword = /^\s*(?:ONBUILD\s+)?([A-Za-z]+)\s/i.exec(before)?.[1];
  if (!keyword) return null;
  const doc = instructionDoc(keyword);
  if (!doc || doc.flags.length === 0) return null;
  const name = keyword.toUpperCase();

  let label = name;
  const parameters: ParameterInformation[] = [];
  for (const flag of doc.flags) {
    const part = `[--${flag.name}${flag.value ? `=${flag.value}` : ''}]`;
    const start = label.length + 1;
    label += ` ${part}`;
    parameters.push({ label: [start, start + part.length], documentation: { kind: MarkupKind.Markdown, value: flag.doc } });
  }
  const argumentsStart = label.length + 1;
  label += ` ${doc.arguments}`;
  parameters.push({ label: [argumentsStart, argumentsStart + doc.arguments.length] });

  // The word under the cursor decides: a flag being typed, or the arguments once a non-flag word started.
  const afterKeyword = before.replace(/^\s*(?:ONBUILD\s+)?[A-Za-z]+/i, '');
  const words = afterKeyword.split(/\s+/).filter((word) => word !== '');
  const current = /\s$/.test(afterKeyword) || words.length === 0 ? '' : (words[words.length - 1] as string);
  const previous = current === '' ? words : words.slice(0, -1);
  let active = parameters.length - 1;
  if (previous.every((word) => word.startsWith('--'))) {
    const typed = /^--([a-z-]*)/.exec(current)?.[1];
    const index = typed === undefined ? -1 : doc.flags.findIndex((flag) => flag.name.startsWith(typed));
    active = current === '' ? 0 : index >= 0 ? index : parameters.length - 1;
    if (current === '' && previous.length > 0) active = firstUnused(doc.flags.map((f) => f.name), previous);
  }
  return {
    signatures: [{ label, documentation: { kind: MarkupKind.Markdown, value: doc.summary }, parameters }],
    activeSignature: 0,
    activeParameter: active,
  };
}

/** The index of the first flag not written yet (the arguments when every flag is). */
function firstUnused(flags: readonly string[], words: readonly string[]): number {
  const used = new Set(words.map((word) => /^--([a-z-]+)/.exec(word)?.[1]));
  const index = flags.findIndex((flag) => !used.has(flag));
  return index >= 0 ? index : flags.length;
}
