import {
  expandWord,
  type ArgInstruction,
  type Instruction,
  type LineTable,
  type Range,
  type Word,
} from '../../parser/index.js';
import { lineTableOf } from '../line-table.js';
import { suggest } from '../../parser/suggest.js';
import { PREDEFINED_ARG_NAMES, PREDEFINED_ARGS, rootStageOf } from '../scope.js';
import type { InstructionScope, RuleContext, RuleModule, StageInfo } from '../types.js';

/** A `$NAME` or `${NAME…}` reference found in source text; offsets are relative to that text. */
export interface VariableReference {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;
const DIGIT = /\p{Nd}/u;
const SPECIAL_PARAMETERS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/**
 * Every variable reference in `source`, in order, including those nested in `${A:-$B}`. It reads the text the way
 * the builder's lexer decides what to look up: escaped `$` and single-quoted text (unless `skipQuotes`) hold no
 * references; double quotes do.
 */
export function variableReferences(source: string, escapeChar: string, skipQuotes = false): VariableReference[] {
  const found: (VariableReference | null)[] = [];
  const readName = (from: number): number => {
    const first = source[from];
    if (first === undefined) return from;
    if (DIGIT.test(first)) {
      let end = from;
      while (end < source.length && DIGIT.test(source[end] as string)) end++;
      return end;
    }
    if (SPECIAL_PARAMETERS.has(first)) return from + 1;
    let end = from;
    while (end < source.length) {
      const cp = source.codePointAt(end) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (!NAME_CHAR.test(ch)) break;
      end += ch.length;
    }
    return end;
  };
  // A loop with a stack of open `${…}` rather than recursion: text can nest them thousands deep, past what the
  // call stack holds. Each frame scans one level; an opened reference is recorded when its level ends, before
  // the references found inside it.
  interface Frame {
    index: number;
    inDouble: boolean;
    /** The `${` this level is inside of, or `null` for the top level. */
    readonly opened: { readonly name: string; readonly start: number; readonly slot: number; readonly nameEnd: number } | null;
  }
  const open: Frame[] = [];
  let emptied = false;
  let frame: Frame = { index: 0, inDouble: false, opened: null };
  levels: for (;;) {
    let end = -1;
    while (frame.index < source.length) {
      const index = frame.index;
      const ch = source[index] as string;
      if (ch === escapeChar) {
        frame.index += 2;
        continue;
      }
      if (frame.opened && !frame.inDouble && ch === '}') {
        end = index + 1;
        break;
      }
      if (!skipQuotes && ch === '"') {
        frame.inDouble = !frame.inDouble;
        frame.index++;
        continue;
      }
      if (!skipQuotes && !frame.inDouble && ch === "'") {
        const close = source.indexOf("'", index + 1);
        frame.index = close < 0 ? source.length : close + 1;
        continue;
      }
      if (ch !== '$') {
        frame.index++;
        continue;
      }
      if (source[index + 1] === '{') {
        const nameEnd = readName(index + 2);
        open.push(frame);
        const opened = { name: source.slice(index + 2, nameEnd), start: index, slot: found.length, nameEnd };
        found.push(null); // its place, before what is found inside it
        frame = { index: nameEnd, inDouble: false, opened };
        continue levels;
      }
      const nameEnd = readName(index + 1);
      if (nameEnd > index + 1) found.push({ name: source.slice(index + 1, nameEnd), start: index, end: nameEnd });
      frame.index = Math.max(nameEnd, index + 1);
    }
    if (end < 0) end = frame.index;
    const opened = frame.opened;
    if (opened === null) break;
    if (opened.name !== '') found[opened.slot] = { name: opened.name, start: opened.start, end };
    else emptied = true;
    frame = open.pop()!;
    frame.index = Math.max(end, opened.nameEnd);
  }
  return emptied ? found.filter((reference) => reference !== null) : (found as VariableReference[]);
}

/** Builds source ranges on demand: most files never need one beyond what the parser made. */
export function rangeMaker(context: RuleContext): (start: number, end: number) => Range {
  let table: LineTable | undefined;
  return (start, end) => (table ??= lineTableOf(context)).range(start, end);
}

/** A piece of source to look for references in: a word, a flag value or a heredoc body. */
export interface CheckedText {
  /** The text the builder expands. */
  readonly value: string;
  readonly range: Range;
  /**
   * A COPY/ADD heredoc body: expanded with `\\` as escape and quotes as ordinary characters, and its source is
   * exactly its value even across lines.
   */
  readonly heredoc?: boolean;
}

/**
 * The range of the first reference to `name` inside `text`. When the source holds a line continuation the
 * offsets no longer line up with what was expanded, so the whole text is the answer.
 */
export function referenceRange(
  context: RuleContext,
  makeRange: (start: number, end: number) => Range,
  text: CheckedText,
  name: string,
): Range {
  const start = text.range.start.offset;
  const source = context.text.slice(start, text.range.end.offset);
  if (!text.heredoc && source.includes('\n')) return text.range;
  const escapeChar = text.heredoc ? '\\' : context.ast.escapeChar;
  const reference = variableReferences(source, escapeChar, text.heredoc).find((r) => r.name === name);
  return reference ? makeRange(start + reference.start, start + reference.end) : text.range;
}

/** Names BuildKit reads from build arguments without ever putting them in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** Unquoted, unexpanded text of a key (quotes and escapes removed, references kept as written). */
function keyText(word: Word, escapeChar: '\\' | '`'): string {
  const result = expandWord(word.value, {}, { escapeChar, skipUnset: true });
  return result.ok ? result.value : word.value;
}

/** What is defined where a word is expanded. */
interface Known {
  has(name: string): boolean;
  /** Every defined name, in the order a suggestion should prefer them; only asked for when a name is missing. */
  names(): string[];
  /** The environment is fully known: no base image outside this file can add variables. */
  readonly complete: boolean;
}

/** UndefinedVar: a variable the builder expands is neither an ARG nor an ENV in scope. */
export const undefinedVar: RuleModule = {
  meta: {
    id: 'undefined-var',
    buildkit: 'UndefinedVar',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Variables should be defined before their use',
      description:
        'Flags a `$VAR` that the builder itself expands (in ENV, LABEL, ARG defaults, COPY/ADD paths and flags, ' +
        'COPY/ADD heredocs, WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE and `RUN --mount` options) when no ARG or ENV ' +
        'in scope defines it, with a "did you mean" hint for near misses. Shell-form RUN, CMD and ENTRYPOINT are ' +
        'left to the shell, and exec-form commands are never expanded, so neither is checked. A stage built on an ' +
        'image from outside this file may inherit variables nobody can see here, so in such a stage only probable ' +
        'mistakes are reported: a name within two edits of one in scope, or a name that this file declares ' +
        'elsewhere (an ARG used before its declaration, a global ARG not redeclared in the stage); a longer name ' +
        'built on PATH (`$GOPATH`) is taken for a variable of the image, not a misspelt PATH. Stages built on ' +
        '`scratch` and global ARG defaults are checked in full.',
      rationale:
        'The builder replaces an undefined variable with an empty string and carries on, so a typo or a missing ' +
        '`ARG` silently copies the wrong files, sets an empty label or changes a path.',
      example: 'FROM alpine\nARG VERSION=1.2\nCOPY app-$VERSON.tar.gz /opt/',
      useInstead: 'FROM alpine\nARG VERSION=1.2\nCOPY app-$VERSION.tar.gz /opt/',
    },
  },
  create(context) {
    const makeRange = rangeMaker(context);
    const escapeChar = context.ast.escapeChar;
    // What the file declares is gathered when first asked: the rule is created on every lint, and an editor's
    // linter then visits only the stages an edit touched.
    let declaredInFile: Set<string> | null = null;
    const declaredAnywhere = (name: string): boolean => {
      if (!declaredInFile) {
        declaredInFile = new Set();
        for (const instruction of context.ast.instructions) {
          if (instruction.kind === 'ARG') for (const d of instruction.declarations) declaredInFile.add(d.name.value);
          if (instruction.kind === 'ENV') for (const pair of instruction.pairs) declaredInFile.add(keyText(pair.key, escapeChar));
        }
      }
      return declaredInFile.has(name);
    };
    const ownArgsByStage = new Map<StageInfo, ReadonlySet<string>>();
    const ownArgs = (info: StageInfo): ReadonlySet<string> => {
      let names = ownArgsByStage.get(info);
      if (!names) {
        const own = new Set<string>();
        for (const instruction of info.stage.instructions) {
          if (instruction.kind === 'ARG') for (const d of instruction.declarations) own.add(d.name.value);
        }
        ownArgsByStage.set(info, (names = own));
      }
      return names;
    };

    // Names are looked up layer by layer rather than merged into one map per instruction: long chains of stages
    // would make merging quadratic.
    const knownAt = (scope: InstructionScope, extra: ReadonlySet<string>): Known => {
      const info = scope.stage;
      if (!info) {
        // Before the first FROM only the predefined ARGs and earlier global ARGs (`extra`) exist.
        return {
          has: (name) => PREDEFINED_ARG_NAMES.has(name) || extra.has(name),
          names: () => [...PREDEFINED_ARGS, ...extra],
          complete: true,
        };
      }
      const root = rootStageOf(info);
      return {
        has: (name) =>
          // BuildKit always sets PATH on Linux when the image has none.
          name === 'PATH' ||
          scope.args.has(name) ||
          scope.env.has(name) ||
          extra.has(name) ||
          // ARG values become environment of the image, so a stage sees the ARGs of the stages it is built on.
          info.ancestors.some((ancestor) => ownArgs(ancestor).has(name)),
        names: () => [
          'PATH',
          ...info.ancestors.flatMap((ancestor) => [...ownArgs(ancestor)]),
          ...scope.env.keys(),
          ...scope.args.keys(),
          ...extra,
        ],
        complete: root.baseImage === 'scratch',
      };
    };

    /** `known` is asked for only when the text refers to a variable: most texts do not. */
    const check = (knownHere: () => Known, text: CheckedText): void => {
      if (!text.value.includes('$')) return;
      const known = knownHere();
      // Every reference is looked up whatever the values, so an empty environment finds them all; leaving unset
      // references as written keeps `${X?}` from failing the whole word.
      const result = text.heredoc
        ? expandWord(text.value, {}, { skipQuotes: true, skipUnset: true })
        : expandWord(text.value, {}, { escapeChar, skipUnset: true });
      if (!result.ok) return;
      for (const name of result.unmatched) {
        if (NON_ENV_ARGS.has(name) || known.has(name)) continue;
        // On an image from outside this file, a longer name built on PATH is a variable of that image (GOPATH in
        // the golang images), not a misspelt PATH ($PAHT is one).
        const builtOnPath = !known.complete && name.includes('PATH');
        const candidates = builtOnPath ? known.names().filter((candidate) => candidate !== 'PATH') : known.names();
        const hint = suggest(name, candidates);
        if (!known.complete && hint === null && !declaredAnywhere(name)) continue;
        context.report({
          message: `Usage of undefined variable '$${name}'${hint === null ? '' : ` (did you mean $${hint}?)`}`,
          range: referenceRange(context, makeRange, text, name),
        });
      }
    };

    const none: ReadonlySet<string> = new Set();
    const globalArgs = new Set<string>();
    const checkArg = (node: ArgInstruction, scope: InstructionScope): void => {
      const earlier = scope.stage === null ? globalArgs : new Set<string>();
      let knownHere: Known | null = null;
      const known = (): Known => (knownHere ??= knownAt(scope, earlier));
      for (const declaration of node.declarations) {
        const name = declaration.name.value;
        const value = declaration.defaultValue;
        // A value given on the command line replaces the default, which is then never expanded.
        if (value && context.settings.buildArgs[name] === undefined) check(known, value);
        earlier.add(name);
      }
    };

    const visit = (node: Instruction, scope: InstructionScope): void => {
      // Triggers are expanded in a later build, against an environment this file cannot know.
      if (scope.inOnbuild) return;
      let knownHere: Known | null = null;
      const known = (): Known => (knownHere ??= knownAt(scope, none));
      const flagValue = (flag: { value: string | null; valueRange: Range | null } | null): void => {
        if (flag?.value != null && flag.valueRange) check(known, { value: flag.value, range: flag.valueRange });
      };
      switch (node.kind) {
        case 'ENV':
        case 'LABEL':
          for (const pair of node.pairs) {
            check(known, pair.key);
            check(known, pair.value);
          }
          return;
        case 'COPY':
        case 'ADD':
          flagValue(node.options.chown);
          flagValue(node.options.chmod);
          if (node.kind === 'ADD') flagValue(node.options.checksum);
          for (const source of node.sources) {
            if (!source.heredoc) check(known, { value: source.value, range: source.range });
            else if (source.heredoc.expand) {
              check(known, { value: source.heredoc.content, range: source.heredoc.bodyRange, heredoc: true });
            }
          }
          if (node.destination) check(known, node.destination);
          return;
        case 'WORKDIR':
        case 'STOPSIGNAL':
          if (node.value) check(known, node.value);
          return;
        case 'USER':
          if (node.user) check(known, node.user);
          if (node.group) check(known, node.group);
          return;
        case 'VOLUME':
          for (const path of node.paths) check(known, path);
          return;
        case 'EXPOSE':
          for (const port of node.ports) check(known, port.raw);
          return;
        case 'ARG':
          checkArg(node, scope);
          return;
        case 'RUN':
          for (const flag of node.flags) {
            if (flag.name !== 'mount' || flag.value === null || !flag.value.includes('$') || !flag.valueRange) continue;
            const range = flag.valueRange;
            for (const option of node.mounts.find((m) => m.range.start.offset === flag.range.start.offset)?.options ?? []) {
              if (option.value !== null) check(known, { value: option.value, range });
            }
          }
          return;
        default:
          return;
      }
    };

    return {
      ENV: visit,
      LABEL: visit,
      COPY: visit,
      ADD: visit,
      WORKDIR: visit,
      STOPSIGNAL: visit,
      USER: visit,
      VOLUME: visit,
      EXPOSE: visit,
      ARG: visit,
      RUN: visit,
    };
  },
};
