/**
 * Formats a whole file: refuse or scope, clean white space no builder sees (first pass), re-parse, lay out each
 * instruction (second pass), and check that the result still parses to the same instructions.
 */
import { parse, type Dockerfile, type Instruction, type ParseResult } from '../parser/index.js';
import { cleanLines } from './cleanup.js';
import { layoutInstruction, type LaidOut } from './layout.js';
import { continuationIndent, type FormatResult, type ResolvedOptions } from './options.js';
import { layoutPolicy } from './policy.js';
import { wrapRunChain } from './run-chains.js';
import { errorsOf, makeScope, type Scope } from './scope.js';
import { withoutTrailing } from '../parser/trailing.js';

export function formatDocument(text: string, options: ResolvedOptions): FormatResult {
  const input = parse(text);
  const diagnostics = input.diagnostics;
  if (errorsOf(diagnostics).length > 0 && !options.allowErrors) return { text, changed: false, refused: true, diagnostics };

  const cleaned = cleanLines(text, input.ast, makeScope(text, diagnostics, options));
  const reparsed = cleaned === text ? input : parse(cleaned);
  const laidOut = layoutAll(cleaned, reparsed.ast, makeScope(cleaned, reparsed.diagnostics, options), options);
  const output = laidOut === text || sameStructure(input, parse(laidOut)) ? laidOut : text;
  return { text: output, changed: output !== text, refused: false, diagnostics };
}

function layoutAll(text: string, ast: Dockerfile, scope: Scope, options: ResolvedOptions): string {
  const edits: LaidOut[] = [];
  for (const instruction of ast.instructions) {
    if (!scope.instruction(instruction)) continue;
    const policy = layoutPolicy(instruction, options.keepCacheKeysOf);
    const laid = layoutInstruction(text, instruction, policy, options, ast.escapeChar);
    if (!laid) continue;
    const wrapped = options.wrapRunChains ? wrapRun(text, laid, instruction, options, ast.escapeChar) : laid;
    if (text.slice(wrapped.start, wrapped.end) !== wrapped.text) edits.push(wrapped);
  }
  let out = '';
  let pos = 0;
  for (const edit of edits) {
    out += text.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + text.slice(pos);
}

/**
 * Wraps a laid-out shell-form RUN that is still one physical line and too long. The laid-out text is re-split
 * so that the command is found in it, not in the source.
 */
function wrapRun(text: string, laid: LaidOut, instruction: Instruction, options: ResolvedOptions, escapeChar: string): LaidOut {
  if (instruction.kind !== 'RUN' || instruction.command?.form !== 'shell' || instruction.heredocs.length > 0) return laid;
  if (laid.text.includes('\n') || laid.text.length <= options.lineWidth) return laid;
  const commandStart = instruction.command.range.start.offset;
  const commandEnd = instruction.command.range.end.offset;
  // The command is the last word of a one-line head, so it is the laid-out text's tail after the same prefix.
  const written = text.slice(commandStart, commandEnd);
  const at = laid.text.lastIndexOf(written);
  if (at < 0 || at + written.length !== withoutTrailing(laid.text, ' \t').length) return laid;
  const eol = /\r\n/.test(text.slice(laid.end, laid.end + 2)) ? '\r\n' : '\n';
  const wrapped = wrapRunChain(written, options.lineWidth - at, { indent: continuationIndent(options, instruction.keyword), escapeChar, eol });
  return wrapped === null ? laid : { ...laid, text: laid.text.slice(0, at) + wrapped + laid.text.slice(at + written.length) };
}

/**
 * The form of an instruction that has one (ONBUILD: its trigger's), with an exec form's decoded elements.
 * White space can turn text that is not JSON into JSON (a tab inside a string is not allowed in JSON, a space
 * is), and that changes the form and every argument: such a change must be caught.
 */
function formOf(instruction: Instruction): string {
  if (instruction.kind === 'ONBUILD') return instruction.trigger ? `(${formOf(instruction.trigger)})` : '';
  let form: string | undefined;
  if ('form' in instruction) form = instruction.form;
  else if ('command' in instruction) form = instruction.command?.form;
  if (form === undefined) return '';
  return form === 'exec' ? `exec${JSON.stringify(instruction.args.map((arg) => arg.value))}` : form;
}

/**
 * The formatted text must parse to the same instructions (kinds, heredocs, flags, forms and exec-form
 * elements), directives and no new errors; otherwise it is not used.
 */
function sameStructure(before: ParseResult, after: ParseResult): boolean {
  const kinds = (result: ParseResult): string =>
    JSON.stringify(result.ast.instructions.map((i) => `${i.kind}:${i.heredocs.length}:${i.flags.length}:${formOf(i)}`));
  const directives = (result: ParseResult): string => result.ast.directives.map((d) => `${d.name}=${d.value}`).join(',');
  return (
    kinds(before) === kinds(after) &&
    directives(before) === directives(after) &&
    before.ast.escapeChar === after.ast.escapeChar &&
    errorsOf(after.diagnostics).length <= errorsOf(before.diagnostics).length
  );
}
