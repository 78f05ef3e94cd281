/**
 * Hover: instruction and flag documentation, the parts of a FROM image reference, the value of a variable at
 * that point, stage names, and for RUN/COPY/ADD the step's cache key from the planner with what makes it miss.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { PLATFORM_ARGS } from '../lint/scope.js';
import { parseImageReference, type Flag, type Instruction } from '../parser/index.js';
import { hostPlatform, parsePlatform, platformArgs, type Plan, type PlanStep } from '../planner/index.js';
import type { Analysis } from './analysis.js';
import { flagMarkdown, instructionDoc, instructionMarkdown, MOUNT_OPTIONS } from './instruction-docs.js';
import { offsetAt, rangeAt, toLspRange, touches } from './positions.js';
import type { SymbolOccurrence } from './symbol-index.js';
import { unresolvedValue } from './unknown-inputs.js';

/** Instructions the planner gives a key that depends on more than metadata. */
export const PLANNED_KINDS: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD']);

/** The hover at a position; `plan` is the document's plan when one is available. */
export function hover(analysis: Analysis, position: Position, plan?: Plan | null): Hover | null {
  const offset = offsetAt(analysis.lines, position);
  const top = analysis.instructionAt(offset);
  if (!top) return null;
  const instruction = top.kind === 'ONBUILD' && top.trigger && offset >= top.trigger.range.start.offset ? top.trigger : top;

  const occurrence = analysis.symbols.at(offset);
  if (occurrence) return markdown(symbolHover(analysis, occurrence), analysis, occurrence.start, occurrence.end);

  if (touches(instruction.keywordRange, offset)) {
    const doc = instructionDoc(instruction.name);
    if (!doc) return null;
    const parts = [instructionMarkdown(instruction.name, doc)];
    if (plan && PLANNED_KINDS.has(instruction.name) && instruction === top) {
      const step = stepAt(plan, top.startLine);
      if (step) parts.push(stepMarkdown(step, lineNumberAt(analysis, top.range.start.offset)));
    }
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: toLspRange(analysis.lines, instruction.keywordRange) };
  }

  const flag = instruction.flags.find((candidate) => touches(candidate.range, offset));
  if (flag) return flagHover(analysis, instruction, flag, offset);

  if (instruction.kind === 'FROM' && instruction.image && touches(instruction.image.range, offset)) {
    return { contents: { kind: MarkupKind.Markdown, value: imageMarkdown(instruction.image.raw) }, range: toLspRange(analysis.lines, instruction.image.range) };
  }
  return null;
}

function markdown(value: string, analysis: Analysis, start: number, end: number): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: rangeAt(analysis.lines, start, end) };
}

/**
 * The 1-based line of an offset as the editor numbers it, for lines named in a hover. The parser's own line
 * numbers (BuildKit's) can be smaller: a lone `\r` ends a line in the editor, not in a Dockerfile.
 */
function lineNumberAt(analysis: Analysis, offset: number): number {
  return analysis.lines.lineOf(offset) + 1;
}

function flagHover(analysis: Analysis, instruction: Instruction, flag: Flag, offset: number): Hover | null {
  const doc = instructionDoc(instruction.name)?.flags.find((candidate) => candidate.name === flag.name);
  if (!doc) return null;
  let value = flagMarkdown(instruction.name, doc);
  if (flag.name === 'mount' && flag.valueRange && offset >= flag.valueRange.start.offset) {
    // The option under the cursor: the `key=value` field around the offset.
    const source = analysis.text.slice(flag.valueRange.start.offset, flag.valueRange.end.offset);
    const at = offset - flag.valueRange.start.offset;
    const fieldStart = source.lastIndexOf(',', at - 1) + 1;
    const key = source.slice(fieldStart).split(/[=,]/)[0]?.toLowerCase() ?? '';
    const option = MOUNT_OPTIONS.find((candidate) => candidate.key === canonicalMountKey(key));
    if (option) value = `**--mount ${option.key}**\n\n${option.doc}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: toLspRange(analysis.lines, flag.range) };
}

/** Aliases of mount keys, as BuildKit accepts them. */
export function canonicalMountKey(key: string): string {
  switch (key) {
    case 'dst':
    case 'destination':
      return 'target';
    case 'src':
      return 'source';
    case 'ro':
      return 'readonly';
    case 'readwrite':
      return 'rw';
    default:
      return key;
  }
}

/** The parts of an image reference. */
export function imageMarkdown(raw: string): string {
  const reference = parseImageReference(raw);
  const rows: Array<[string, string]> = [];
  if (reference.hasVariables) return `**Image** \`${raw}\`\n\nThe reference holds variables: its parts are known once they are expanded.`;
  if (raw.toLowerCase() === 'scratch') return '**scratch** — an empty base: the stage starts with no files.';
  // Values as Markdown: what the reference holds is code, what is said about a missing part is prose.
  const code = (value: string): string => `\`${value}\``;
  rows.push(['registry', reference.registry ? code(reference.registry) : '`docker.io` (Docker Hub, implied)']);
  rows.push(['repository', code(reference.repository)]);
  rows.push(['tag', reference.tag ? code(reference.tag) : reference.digest ? '—' : 'none: `latest` is used']);
  rows.push(['digest', reference.digest ? code(reference.digest) : '—']);
  if (reference.familiar) rows.push(['full name', code(reference.familiar)]);
  const table = ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
  const problem = reference.valid ? '' : `\n\n⚠ ${reference.problem ?? 'not a valid image reference'}`;
  return `**Image** \`${raw}\`\n\n${table}${problem}`;
}

function symbolHover(analysis: Analysis, occurrence: SymbolOccurrence): string {
  if (occurrence.kind === 'stage') {
    const declaration = analysis.symbols.definitionOf(occurrence);
    const stage = declaration ? analysis.stages.find((candidate) => candidate.from === declaration.instruction) : undefined;
    if (!stage) return `**stage** \`${occurrence.name}\``;
    const image = stage.from.image?.raw ?? '';
    return `**stage** \`${stage.name ?? occurrence.name}\` (stage ${stage.index}, line ${lineNumberAt(analysis, stage.from.range.start.offset)})\n\n\`FROM ${image}\``;
  }
  const name = occurrence.name;
  const instruction = occurrence.instruction;
  if (occurrence.declaredBy) {
    const kind = occurrence.declaredBy;
    return `**${kind}** \`${name}\`${unresolvedLine(analysis, occurrence) ?? valueLine(analysis, instruction, name, true)}`;
  }
  const declaration = analysis.symbols.definitionOf(occurrence);
  const where = declaration ? `\n\nDeclared by ${declaration.declaredBy} on line ${lineNumberAt(analysis, declaration.instruction.range.start.offset)}.` : '';
  const value = (declaration && unresolvedLine(analysis, declaration)) ?? valueLine(analysis, instruction, name, false);
  return `**\`$${name}\`**${value}${where}`;
}

/** For an ENV whose value reads what the base image sets: the value as written, and what is unknown in it. */
function unresolvedLine(analysis: Analysis, declaration: SymbolOccurrence): string | null {
  const value = unresolvedValue(analysis, declaration);
  if (!value) return null;
  const names = value.unknown.map((name) => `\`$${name}\``).join(', ');
  return `\n\nValue here: \`${value.raw}\`, which depends on what the base image sets for ${names} (unknown here)`;
}

/**
 * The value a variable has at an instruction: for a reference, before the instruction runs (what it expands
 * to there); for a declaration, after it.
 */
function valueLine(analysis: Analysis, instruction: Instruction, name: string, after: boolean): string {
  if (instruction.kind === 'FROM') {
    // FROM sees only global ARGs and the automatic platform ARGs.
    const global = analysis.scope.globalArgs;
    if (global.has(name)) return describe(global.get(name));
    if (Object.hasOwn(PLATFORM_ARGS, name)) {
      const host = machinePlatform();
      return `${describe(host.args[name])} (automatic platform ARG, for a ${host.name} build on this machine)`;
    }
    return '\n\nNot a global ARG: FROM cannot see it.';
  }
  const scope = after ? scopeAfter(analysis, instruction) : analysis.scope.scopeOf(instruction);
  if (scope.env.has(name)) return describe(scope.env.get(name));
  if (scope.args.has(name)) return describe(scope.args.get(name));
  if (!after && scope.stage && analysis.scope.globalArgs.has(name)) {
    return '\n\nA global ARG that this stage does not declare: it is empty here (add `ARG ' + name + '` to the stage).';
  }
  return '\n\nNot declared at this point.';
}

/** The scope right after an ARG/ENV: the scope of the next instruction in the stage, or a rebuilt one. */
function scopeAfter(analysis: Analysis, instruction: Instruction): ReturnType<Analysis['scope']['scopeOf']> {
  const instructions = analysis.ast.instructions;
  const index = instructions.indexOf(instruction);
  const next = instructions[index + 1];
  if (next && next.kind !== 'FROM') return analysis.scope.scopeOf(next);
  if (instruction.kind === 'ARG' && !analysis.scope.scopeOf(instruction).stage) {
    return { ...analysis.scope.scopeOf(instruction), args: analysis.scope.globalArgs };
  }
  // The last instruction of a stage: its own scope misses its own declarations, so evaluate them here.
  const base = analysis.scope.scopeOf(instruction);
  const env = new Map(base.env);
  const args = new Map(base.args);
  if (instruction.kind === 'ENV') for (const pair of instruction.pairs) env.set(pair.key.value, pair.value.value);
  if (instruction.kind === 'ARG') for (const d of instruction.declarations) args.set(d.name.value, d.defaultValue?.value);
  return { ...base, env, args };
}

function describe(value: string | undefined): string {
  if (value === undefined) return '\n\nDeclared without a value: empty unless passed with `--build-arg`.';
  return `\n\nValue here: \`${value === '' ? '""' : value}\``;
}

/** The plan step starting on a 1-based line (any stage). */
export function stepAt(plan: Plan, line: number): PlanStep | undefined {
  for (const stage of plan.stages) for (const step of stage.steps) if (step.line === line) return step;
  return undefined;
}

function shortKey(key: string): string {
  return key.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]+$/, '$1$2…');
}

/**
 * The cache key of a step and what makes it miss, in the planner's terms. `line` is the step's line as the
 * reader numbers it (the planner's is the Dockerfile's).
 */
export function stepMarkdown(step: PlanStep, line = step.line): string {
  const lines: string[] = [];
  if (step.key === null) return '**Cache**: not a cached step for this builder.';
  lines.push(`**Cache key** \`${shortKey(step.key)}\`${step.parentKey ? ` (builds on \`${shortKey(step.parentKey)}\`)` : ''}`);
  const where = `\`${step.instruction.trim().replace(/\s+/g, ' ').slice(0, 60)}\` on line ${line}`;
  const misses: string[] = [];
  for (const source of step.inputs.sources ?? []) {
    if (source.origin === 'context') {
      const shown = source.matches.slice(0, 5).map((path) => `\`${path}\``).join(', ');
      const more = source.matches.length > 5 ? ` and ${source.matches.length - 5} more` : '';
      misses.push(
        source.matches.length > 0
          ? `${shown}${more} changed; ${source.matches.length === 1 ? 'it is' : 'they are'} copied by ${where} (${source.files} files, ${source.bytes} bytes)`
          : `a file matching \`${source.source}\` appears in the context`,
      );
    } else if (source.origin === 'stage') {
      misses.push(`${where} copies from a stage that rebuilds (\`${source.source}\`), if its output really changes`);
    } else if (source.origin === 'url') {
      misses.push(`the content at \`${source.source}\` changes`);
    }
  }
  misses.push(`${where} changed`);
  const env = Object.keys(step.inputs.env ?? {});
  if (env.length > 0) misses.push(`${env.slice(0, 6).map((name) => `\`${name}\``).join(', ')}${env.length > 6 ? ` and ${env.length - 6} more` : ''} changed for ${where}`);
  if (step.inputs.workdir !== undefined) misses.push(`the working directory changed (now \`${step.inputs.workdir}\`)`);
  if (step.inputs.user !== undefined) misses.push(`the user changed (now \`${step.inputs.user}\`)`);
  if (step.inputs.network !== undefined) misses.push(`the network mode changed (now ${step.inputs.network})`);
  if (step.parentKey !== null) misses.push('an earlier step of the stage rebuilds');
  lines.push(`**Rebuilds when**\n${misses.map((miss) => `- ${miss}`).join('\n')}`);
  if (step.reason) lines.push(`**Why it rebuilds now**: ${step.reason}`);
  for (const note of step.notes ?? []) lines.push(`*${note}*`);
  return lines.join('\n\n');
}

let machine: { readonly name: string; readonly args: Readonly<Record<string, string>> } | undefined;
/** The platform ARGs of a build on this machine, as `docker build` here (and the plan shown on hover) would use. */
function machinePlatform(): { readonly name: string; readonly args: Readonly<Record<string, string>> } {
  if (machine) return machine;
  const name = hostPlatform();
  const platform = parsePlatform(name);
  machine = platform ? { name, args: platformArgs(platform, platform) } : { name: 'linux/amd64', args: PLATFORM_ARGS };
  return machine;
}
