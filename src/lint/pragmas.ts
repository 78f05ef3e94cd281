/**
 * Suppression comments, compatible with hadolint and BuildKit, plus our own:
 *
 * - `# hadolint ignore=DL3008,SC2086 # reason` — the instruction that starts on the very next line (hadolint keys
 *   a pragma by the line below it, so a comment line in between, or another pragma, leaves the instruction
 *   uncovered: of stacked pragmas only the last one counts);
 * - `# hadolint global ignore=…` — the whole file; `# hadolint stage ignore=…` — the rest of its stage;
 * - `# hadolint shell=pwsh` — the shell ShellCheck should assume;
 * - `# check=skip=A,B;experimental=C` — as a parser directive for the file (or, replacing it, the
 *   `BUILDKIT_DOCKERFILE_CHECK` build argument, as BuildKit reads it), or among the comments above an instruction
 *   for it alone (the checks BuildKit runs over the whole file do not read those); experimental checks run only
 *   where opted in, and `skip` does not silence an opted-in one. As in BuildKit, a directive or comment's value
 *   ends at its first space;
 * - `# dfkit-ignore a,b` (the next instruction, across other comment lines) and `# dfkit-ignore-file a,b`.
 *
 * A hadolint rule list is made of codes of the characters `DLSC0-9`; one malformed entry invalidates the whole
 * pragma, as in hadolint.
 */
import type { Comment, Dockerfile, Instruction } from '../parser/index.js';
import { parseCheckDirective } from '../parser/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import { scanDirectives } from '../parser/directives.js';
import { dfkitIgnoreList, hadolintIgnoreList } from './ignore-pragma.js';
import { lastLineTerminator } from '../parser/line-terminators.js';

export interface Suppressions {
  /** Codes or rule names ignored everywhere. */
  readonly file: ReadonlySet<string>;
  /** Codes ignored for one instruction (keyed by the instruction's start offset). */
  readonly byInstruction: ReadonlyMap<number, ReadonlySet<string>>;
  /** BuildKit check names (or `all`) skipped by the file's check options. */
  readonly checkSkips: ReadonlySet<string>;
  /** The same for one instruction, from a `# check=` comment right above it (keyed like `byInstruction`). */
  readonly checkSkipsByInstruction: ReadonlyMap<number, ReadonlySet<string>>;
  /** Experimental BuildKit checks (or `all`) the file's check options opt in to. */
  readonly experimental: ReadonlySet<string>;
  /** Codes ignored from an offset to the end of a stage: `[start, end, codes]`. */
  readonly byStage: ReadonlyArray<readonly [number, number, ReadonlySet<string>]>;
  /** The shell named by `# hadolint shell=`, if any. */
  readonly shell: string | null;
  /** Every hadolint ignore pragma comment (for DL1001, which flags them). */
  readonly ignorePragmas: readonly Comment[];
  /** `# check=error=true`: BuildKit fails the build on any check finding. */
  readonly checkError: boolean;
}

/** Up to the shell's name; what follows is read by `shellPragmaOf`. */
const HADOLINT_SHELL_HEAD = /^#\s*hadolint\s+shell\s*=\s*/;
const CODE_LIST = /^[DLSC0-9]+(?:\s*,\s*[DLSC0-9]+)*$/;
const CHECK = /^#\s*check\s*=\s*([^ ]+)/i;

/**
 * BuildKit's checks that run over the whole file with its check options alone: a `# check=` comment above an
 * instruction does not skip them there.
 */
const FILE_LEVEL_CHECKS: ReadonlySet<string> = new Set([
  'ConsistentInstructionCasing',
  'ReservedStageName',
  'DuplicateStageName',
  'InvalidDefaultArgInFrom',
  'NoEmptyContinuation',
]);

/**
 * Whether a comment line (`# …`, as written) steers a linter or the builder: hadolint's and dfkit's pragmas and
 * BuildKit's check directive, which apply to the instruction below, whichever it is.
 */
export function isPragmaLine(line: string): boolean {
  return /^\s*#\s*(?:hadolint\b|dfkit-ignore|check\s*=)/i.test(line);
}

/** Whether a comment is on the line right above an instruction: the only place hadolint reads an inline pragma. */
export function isRightAbove(comment: Comment, instruction: Instruction): boolean {
  return comment.range.start.line + 1 === instruction.range.start.line;
}

/** The shell named by a `# hadolint shell=<name>` comment (a trailing `# reason` is allowed), or `null`. */
export function shellPragmaOf(comment: string): string | null {
  return readShellPragma(comment.trim());
}

/**
 * `text` read as `^#\s*hadolint\s+shell\s*=\s*([^\s#]\S*)\s*(?:#.*)?$` reads it, in linear time: the pattern
 * gave back the name one character at a time and tried `#.*` from each, quadratic on a long name.
 */
function readShellPragma(text: string): string | null {
  const head = HADOLINT_SHELL_HEAD.exec(text);
  if (!head) return null;
  const start = head[0].length;
  if (start === text.length || text[start] === '#' || /\s/.test(text[start] as string)) return null;
  let end = start;
  while (end < text.length && !/\s/.test(text[end] as string)) end++;
  // A comment runs to the end: no line terminator after its `#`.
  const lastLineEnd = lastLineTerminator(text);
  // The whole word, when only blanks and perhaps a comment follow it.
  let after = end;
  while (after < text.length && /\s/.test(text[after] as string)) after++;
  if (after === text.length || (text[after] === '#' && lastLineEnd < after)) return text.slice(start, end);
  // Else the word up to the last `#` inside it that starts a comment running to the end (an earlier `#` would
  // leave a longer rest, with the same line terminator in it).
  const hash = text.lastIndexOf('#', end - 1);
  if (hash > start && lastLineEnd < hash) return text.slice(start, hash);
  return null;
}

function codes(list: string): string[] {
  return list
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

function checkSkips(value: string): string[] {
  const parsed = parseCheckDirective(value);
  return parsed.ok ? [...parsed.value.skip] : [];
}

/**
 * Reads every suppression comment of a file. `checkOptions` is the value of a `BUILDKIT_DOCKERFILE_CHECK`
 * build argument: BuildKit then reads the check options from it instead of the file's `# check=` directive.
 */
export function readSuppressions(
  ast: Dockerfile,
  options: { readonly disableIgnorePragma: boolean; readonly checkOptions?: string | undefined; readonly text?: string },
): Suppressions {
  const file = new Set<string>();
  const byInstruction = new Map<number, Set<string>>();
  const checkSkipsByInstruction = checkCommentSkips(ast);
  const byStage: Array<readonly [number, number, ReadonlySet<string>]> = [];
  const ignorePragmas: Comment[] = [];
  let shell: string | null = null;
  let checkError = false;
  const fileChecks = parseCheckDirective(options.checkOptions ?? fileCheckOptions(ast, options.text ?? '') ?? '');
  const checkSkipSet = new Set(fileChecks.ok ? fileChecks.value.skip : []);
  const experimental = new Set(fileChecks.ok ? fileChecks.value.experimental : []);
  if (fileChecks.ok) checkError = fileChecks.value.error;

  const stagePragmas: StagePragma[] = [];
  const attachTo = (table: Map<number, Set<string>>, instruction: Instruction, values: readonly string[]): void => {
    const offset = startOffsetOf(instruction.range);
    let set = table.get(offset);
    if (!set) table.set(offset, (set = new Set()));
    for (const value of values) set.add(value);
  };
  const attach = (instruction: Instruction, values: readonly string[]): void => attachTo(byInstruction, instruction, values);

  // Needed only for a file with ignore pragmas, so made when the first one is found.
  let attached: Map<Comment, Instruction> | null = null;
  const instructionBelow = (comment: Comment): Instruction | undefined => {
    if (!attached) {
      attached = new Map();
      for (const instruction of ast.instructions) for (const own of instruction.comments) attached.set(own, instruction);
    }
    return attached.get(comment);
  };

  for (const comment of ast.comments) {
    const raw = comment.raw.trim();
    const shellPragma = readShellPragma(raw);
    if (shellPragma !== null) {
      shell = shellPragma;
      continue;
    }
    const hadolint = hadolintIgnoreList(raw);
    if (hadolint) {
      const list = hadolint.list;
      if (!CODE_LIST.test(list)) continue;
      ignorePragmas.push(comment);
      if (options.disableIgnorePragma) continue;
      const scope = hadolint.scope;
      if (scope === 'global') for (const code of codes(list)) file.add(code);
      else if (scope === 'stage') stagePragmas.push({ line: comment.range.start.line, codes: new Set(codes(list)) });
      else {
        const instruction = instructionBelow(comment);
        if (instruction && isRightAbove(comment, instruction)) attach(instruction, codes(list));
      }
      continue;
    }
    const dfkit = dfkitIgnoreList(raw);
    if (dfkit) {
      const list = codes(dfkit.list.replace(/\s+/g, ','));
      if (dfkit.fileWide) for (const code of list) file.add(code);
      else {
        const instruction = instructionBelow(comment);
        if (instruction) attach(instruction, list);
      }
      continue;
    }
  }
  if (stagePragmas.length > 0) byStage.push(...stageRanges(ast, stagePragmas));
  return { file, byInstruction, checkSkips: checkSkipSet, checkSkipsByInstruction, experimental, byStage, shell, ignorePragmas, checkError };
}

/**
 * The file's check options as BuildKit's linter reads them: the `check` directive's value up to its first space,
 * from the leading directives written at the very start of their lines (an indented one ends the block for it,
 * though the parser takes it for a directive), after a `#!` first line, which it skips.
 */
function fileCheckOptions(ast: Dockerfile, text: string): string | null {
  for (const directive of ast.directives) {
    if (directive.range.start.character !== 0 && !(directive.range.start.offset === 1 && text.charCodeAt(0) === 0xfeff)) return null;
    if (directive.name === 'check') return beforeSpace(directive.value);
  }
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (ast.directives.length > 0 || !text.startsWith('#!', start)) return null;
  const newline = text.indexOf('\n', start);
  if (newline < 0) return null;
  const rest = text.slice(newline + 1);
  for (const directive of scanDirectives(rest).directives) {
    if (rest.charCodeAt(directive.start) !== 0x23) return null;
    if (directive.name === 'check') return beforeSpace(directive.value);
  }
  return null;
}

function beforeSpace(value: string): string {
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(0, space);
}

/**
 * The `# check=` skips of each instruction, as BuildKit hands an instruction the comment lines since the one
 * before it: blank lines do not end them, an empty `#` line drops those above it, a comment inside an
 * instruction's continuation is not among them, and the first `check` comment sets the options (an invalid one
 * sets none).
 */
function checkCommentSkips(ast: Dockerfile): Map<number, Set<string>> {
  const table = new Map<number, Set<string>>();
  const instructions = ast.instructions;
  let next = 0;
  let decided = false;
  for (const comment of ast.comments) {
    const offset = startOffsetOf(comment.range);
    while (next < instructions.length && startOffsetOf((instructions[next] as Instruction).range) < offset) {
      next++;
      decided = false;
    }
    const instruction = instructions[next];
    if (!instruction) break;
    const previous = instructions[next - 1];
    if (previous && endOffsetOf(previous.range) > offset) continue;
    const raw = comment.raw.trim();
    const key = startOffsetOf(instruction.range);
    if (raw === '#') {
      table.delete(key);
      decided = false;
      continue;
    }
    if (decided) continue;
    const check = CHECK.exec(raw);
    if (!check) continue;
    decided = true;
    const skips = checkSkips(check[1] as string);
    if (skips.length > 0) table.set(key, new Set(skips));
  }
  return table;
}

/** Whether the check options opt in to an experimental BuildKit check. */
export function optsIn(suppressions: Suppressions, buildkitName: string): boolean {
  return suppressions.experimental.has(buildkitName) || suppressions.experimental.has('all');
}

interface StagePragma {
  /** The comment's line (0-based). */
  readonly line: number;
  readonly codes: ReadonlySet<string>;
}

/**
 * The instructions each `# hadolint stage ignore=` covers, as hadolint works them out: the pragma marks the
 * line below it and every FROM marks its own line (unless a pragma marked it); an instruction is covered by the
 * codes of the last mark on a line before its first line. So a pragma right above a FROM covers that stage
 * after the FROM line (and the next FROM line), and a pragma inside a stage covers what follows the instruction
 * right below it, until the next FROM or stage pragma.
 */
function stageRanges(ast: Dockerfile, pragmas: readonly StagePragma[]): Array<[number, number, ReadonlySet<string>]> {
  const none: ReadonlySet<string> = new Set();
  const marks = new Map<number, ReadonlySet<string>>();
  const froms = ast.instructions.filter((instruction) => instruction.kind === 'FROM').map((from) => from.range.start.line);
  // In file order; a pragma's comment line always comes before the line it marks.
  let next = 0;
  for (const pragma of pragmas) {
    while (next < froms.length && froms[next]! <= pragma.line) {
      if (!marks.has(froms[next]!)) marks.set(froms[next]!, none);
      next++;
    }
    marks.set(pragma.line + 1, pragma.codes);
  }
  for (; next < froms.length; next++) if (!marks.has(froms[next]!)) marks.set(froms[next]!, none);
  const lines = [...marks.keys()].sort((a, b) => a - b);
  /** The start offset of the first instruction starting after `line`. */
  const firstAfter = (line: number): number => {
    const instruction = ast.instructions.find((candidate) => candidate.range.start.line > line);
    return instruction ? startOffsetOf(instruction.range) : Infinity;
  };
  const ranges: Array<[number, number, ReadonlySet<string>]> = [];
  lines.forEach((line, index) => {
    const codes = marks.get(line)!;
    if (codes.size === 0) return;
    const following = lines[index + 1];
    ranges.push([firstAfter(line), following === undefined ? Infinity : firstAfter(following), codes]);
  });
  return ranges;
}

/**
 * Whether a finding is suppressed. `names` are every name the finding answers to (code, rule id, hadolint
 * code, BuildKit name); `skip=all` covers only BuildKit's checks, so it needs `buildkitName`. An experimental
 * check the options opt in to (`optedIn`) is not skipped by them, as in BuildKit, where `skip` applies only to
 * the checks that are not experimental; ignore pragmas still apply.
 */
export function isSuppressed(
  suppressions: Suppressions,
  names: readonly string[],
  buildkitName: string | undefined,
  instructionStart: number | null,
  optedIn = false,
): boolean {
  const matches = (set: ReadonlySet<string>): boolean =>
    names.some((name) => set.has(name)) || (buildkitName !== undefined && set.has('all'));
  if (matches(suppressions.file)) return true;
  if (!optedIn && matches(suppressions.checkSkips)) return true;
  if (instructionStart === null) return false;
  const local = suppressions.byInstruction.get(instructionStart);
  if (local && matches(local)) return true;
  const checks =
    optedIn || (buildkitName !== undefined && FILE_LEVEL_CHECKS.has(buildkitName))
      ? undefined
      : suppressions.checkSkipsByInstruction.get(instructionStart);
  if (checks && matches(checks)) return true;
  for (const [start, end, set] of suppressions.byStage) {
    if (instructionStart >= start && instructionStart < end && names.some((name) => set.has(name))) return true;
  }
  return false;
}
