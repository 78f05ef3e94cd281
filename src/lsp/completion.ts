/**
 * Completion: instruction keywords at the start of an instruction, flags per instruction, `--mount` options and
 * their values, stage names after `--from=`, `from=` and `FROM`, `AS` after a FROM image, and the ARG/ENV names
 * visible at the cursor after `$` or inside `${…}`.
 *
 * The context is read from the text of the line before the cursor, which is what the user is typing and may
 * not parse yet; the AST supplies what is declared around it.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import { PLATFORM_ARGS } from '../lint/scope.js';
import { INSTRUCTION_NAMES, type Instruction } from '../parser/index.js';
import type { Analysis } from './analysis.js';
import { canonicalMountKey } from './hover.js';
import { flagMarkdown, instructionDoc, instructionMarkdown, MOUNT_OPTIONS } from './instruction-docs.js';
import { clampPosition, offsetAt } from './positions.js';
import { trailingWord } from '../parser/trailing.js';

/** Completion items at a position. */
export function completion(analysis: Analysis, requested: Position): CompletionItem[] {
  const { text, lines } = analysis;
  // The replaced range ends at the cursor, so it must be the cursor as clamped to the document.
  const position = clampPosition(lines, requested);
  const offset = offsetAt(lines, position);
  const lineStart = lines.lineStart(lines.lineOf(offset));
  const before = text.slice(lineStart, offset);
  const instruction = analysis.instructionAt(offset);
  const inHeredoc = instruction?.heredocs.some((h) => h.bodyRange.start.offset <= offset && offset <= h.bodyRange.end.offset) ?? false;
  if (inHeredoc && !/\$\{?[A-Za-z0-9_]*$/.test(before)) return [];
  const replace = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });

  // `$NAME` / `${NAME`
  const variable = /\$(\{?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (variable) {
    const partial = variable[2] ?? '';
    return visibleVariables(analysis, instruction, offset).map(({ name, value, kind }) => ({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: value === undefined ? `${kind} (no value)` : `${kind} = ${value}`,
      textEdit: { range: replace(partial.length), newText: name },
    }));
  }

  const keywordMatch = /^\s*(?:ONBUILD\s+)?([A-Za-z]*)$/i.exec(before);
  const continuing = instruction !== null && lines.lineOf(instruction.range.start.offset) < position.line;
  if (keywordMatch && !continuing && !/^\s*ONBUILD\s*$/i.test(before)) {
    const partial = keywordMatch[1] as string;
    const lower = partial !== '' && partial === partial.toLowerCase();
    const onbuild = /^\s*ONBUILD\s/i.test(before);
    return INSTRUCTION_NAMES.filter((name) => !onbuild || !['ONBUILD', 'FROM', 'MAINTAINER'].includes(name)).map((name) => {
      const doc = instructionDoc(name);
      const keyword = lower ? name.toLowerCase() : name;
      return {
        label: keyword,
        kind: CompletionItemKind.Keyword,
        ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: instructionMarkdown(name, doc) } } : {}),
        ...(name === 'MAINTAINER' ? { tags: [1] as 1[] } : {}),
        textEdit: { range: replace(partial.length), newText: `${keyword} ` },
      };
    });
  }

  const keyword = (instruction?.name ?? /^\s*(\w+)/.exec(before)?.[1] ?? '').toUpperCase();
  // A flag's value is completed in the word being typed, which the flag starts. Reading just that word keeps a
  // line of thousands of `--a` from taking time that squares with its length.
  const word = trailingWord(before);
  const mount = /^--mount=(\S*)$/i.exec(word);
  if (mount && keyword === 'RUN') return mountCompletion(analysis, offset, mount[1] as string, replace);

  const flagValue = /^--([a-z-]+)=(\S*)$/.exec(word);
  if (flagValue) {
    const [, name, partial = ''] = flagValue;
    if (name === 'from' && (keyword === 'COPY' || keyword === 'ADD')) return stageItems(analysis, offset, replace(partial.length));
    const flag = instructionDoc(keyword)?.flags.find((candidate) => candidate.name === name);
    return (flag?.values ?? []).map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range: replace(partial.length), newText: value } }));
  }

  // BuildKit reads flags only before the first argument: `COPY a --from` copies a file called `--from`.
  const flagName = /^\s*(?:ONBUILD\s+)?\w+\s+(?:--\S+\s+)*(--?[a-z-]*)$/i.exec(before);
  if (flagName) {
    const partial = flagName[1] as string;
    const used = new Set(instruction?.flags.map((flag) => flag.name));
    return (instructionDoc(keyword)?.flags ?? [])
      .filter((flag) => flag.repeatable || !used.has(flag.name))
      .map((flag) => ({
        label: `--${flag.name}`,
        kind: CompletionItemKind.Property,
        detail: flag.value ? `--${flag.name}=${flag.value}` : `--${flag.name}`,
        documentation: { kind: MarkupKind.Markdown, value: flagMarkdown(keyword, flag) },
        textEdit: { range: replace(partial.length), newText: flag.value ? `--${flag.name}=` : `--${flag.name} ` },
        ...(flag.value ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      }));
  }

  if (keyword === 'FROM') {
    const image = /^\s*FROM\s+(?:--\S+\s+)*(\S*)$/i.exec(before);
    if (image) return stageItems(analysis, offset, replace((image[1] as string).length));
    const as = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+([A-Za-z]*)$/i.exec(before);
    if (as) {
      const partial = as[1] as string;
      const label = /^\s*from/.test(before) ? 'as' : 'AS';
      return [{ label, kind: CompletionItemKind.Keyword, textEdit: { range: replace(partial.length), newText: `${label} ` } }];
    }
  }
  return [];
}

type Replace = (length: number) => { start: Position; end: Position };

function mountCompletion(analysis: Analysis, offset: number, value: string, replace: Replace): CompletionItem[] {
  const fields = value.split(',');
  const field = fields[fields.length - 1] as string;
  const equals = field.indexOf('=');
  const type = /(?:^|,)type=(\w+)/i.exec(value)?.[1]?.toLowerCase() ?? 'bind';
  if (equals >= 0) {
    const key = canonicalMountKey(field.slice(0, equals).toLowerCase());
    const partial = field.slice(equals + 1);
    if (key === 'from') return stageItems(analysis, offset, replace(partial.length));
    const option = MOUNT_OPTIONS.find((candidate) => candidate.key === key);
    return (option?.values ?? []).map((choice) => ({ label: choice, kind: CompletionItemKind.EnumMember, textEdit: { range: replace(partial.length), newText: choice } }));
  }
  const used = new Set(fields.slice(0, -1).map((f) => canonicalMountKey(f.split('=')[0]?.toLowerCase() ?? '')));
  const items: CompletionItem[] = MOUNT_OPTIONS.filter((option) => !used.has(option.key) && (!option.types || option.types.includes(type))).map((option) => {
    const bare = option.key === 'readonly' || option.key === 'rw' || option.key === 'required';
    return {
      label: option.key,
      kind: CompletionItemKind.Property,
      documentation: { kind: MarkupKind.Markdown, value: option.doc },
      textEdit: { range: replace(field.length), newText: bare ? option.key : `${option.key}=` },
    };
  });
  if (fields.length === 1) {
    // The common cache mount, whole.
    items.unshift({
      label: 'type=cache,target=…',
      kind: CompletionItemKind.Snippet,
      insertTextFormat: InsertTextFormat.Snippet,
      documentation: { kind: MarkupKind.Markdown, value: 'A cache directory kept between builds (package manager caches).' },
      textEdit: { range: replace(field.length), newText: 'type=cache,target=${1:/root/.cache}' },
    });
  }
  return items;
}

/** Names of the stages declared before the one holding `offset` (a stage cannot use itself or a later one). */
function stageItems(analysis: Analysis, offset: number, range: { start: Position; end: Position }): CompletionItem[] {
  const current = analysis.stages.filter((stage) => stage.from.range.start.offset <= offset).at(-1);
  return analysis.stages
    .filter((stage) => stage.name !== null && stage.from.range.start.offset <= offset && stage !== current)
    .map((stage) => ({
      label: stage.name as string,
      kind: CompletionItemKind.Module,
      detail: `stage ${stage.index}: FROM ${stage.from.image?.raw ?? ''}`,
      textEdit: { range, newText: stage.name as string },
    }));
}

interface VisibleVariable {
  readonly name: string;
  readonly value: string | undefined;
  readonly kind: 'ARG' | 'ENV';
}

/** ARG and ENV names visible at an offset: FROM and global ARGs see only global ARGs (and the platform ARGs). */
function visibleVariables(analysis: Analysis, instruction: Instruction | null, offset: number): VisibleVariable[] {
  // `ENV =x` and `ARG =x` put an empty name in the scope: nothing can reference it, and an empty label is invalid.
  return [...declaredVariables(analysis, instruction, offset).values()].filter((variable) => variable.name !== '');
}

function declaredVariables(analysis: Analysis, instruction: Instruction | null, offset: number): Map<string, VisibleVariable> {
  const found = new Map<string, VisibleVariable>();
  const firstFrom = analysis.stages[0]?.from.range.start.offset ?? Infinity;
  const global = instruction?.kind === 'FROM' || offset < firstFrom;
  if (global) {
    for (const [name, value] of analysis.scope.globalArgs) found.set(name, { name, value, kind: 'ARG' });
    for (const [name, value] of Object.entries(PLATFORM_ARGS)) if (!found.has(name)) found.set(name, { name, value, kind: 'ARG' });
    return found;
  }
  const host = instruction ?? lastInstructionBefore(analysis, offset);
  if (!host) return found;
  const scope = analysis.scope.scopeOf(host);
  for (const [name, value] of scope.args) found.set(name, { name, value, kind: 'ARG' });
  for (const [name, value] of scope.env) found.set(name, { name, value, kind: 'ENV' });
  if (!instruction && host.kind === 'ARG') for (const d of host.declarations) found.set(d.name.value, { name: d.name.value, value: d.defaultValue?.value, kind: 'ARG' });
  if (!instruction && host.kind === 'ENV') for (const p of host.pairs) found.set(p.key.value, { name: p.key.value, value: p.value.value, kind: 'ENV' });
  return found;
}

function lastInstructionBefore(analysis: Analysis, offset: number): Instruction | null {
  let last: Instruction | null = null;
  for (const instruction of analysis.ast.instructions) if (instruction.range.end.offset <= offset) last = instruction;
  return last;
}
