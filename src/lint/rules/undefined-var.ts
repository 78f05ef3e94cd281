import {
  expandWord,
  type ArgInstruction,
  type Instruction,
  type LineTable,
  type Range,
  type Word,
} from '../../parser/index.js';
import { baseImageFacts } from '../base-images.js';
import { lineTableOf } from '../line-table.js';
import { indexFor, type NameIndex } from '../name-index.js';
import { suggest } from '../../parser/suggest.js';
import { PREDEFINED_ARG_NAMES, PREDEFINED_ARGS, rootStageOf } from '../scope.js';
import { declaredArgNames } from '../stage-lookups.js';
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
  /**
   * Where a defined name first stands in `names()` (`null` when it is not defined here), worked out without
   * listing them: the order the groups stand in, then the name's place in its group.
   */
  rankOf(name: string): number | null;
  /** The environment is fully known: no base image outside this file can add variables. */
  readonly complete: boolean;
}

/** Names in the order they were first added, each with that place. */
class OrderedNames {
  private readonly places = new Map<string, number>();

  constructor(names: Iterable<string> = []) {
    for (const name of names) this.add(name);
  }

  add(name: string): void {
    if (!this.places.has(name)) this.places.set(name, this.places.size);
  }

  has(name: string): boolean {
    return this.places.has(name);
  }

  placeOf(name: string): number | undefined {
    return this.places.get(name);
  }

  names(): IterableIterator<string> {
    return this.places.keys();
  }
}

/** The name an image configuration's `NAME=value` environment line sets. */
function envName(line: string): string {
  const equals = line.indexOf('=');
  return equals < 0 ? line : line.slice(0, equals);
}

/** Where each predefined ARG stands among them. */
const PREDEFINED_PLACES = new OrderedNames(PREDEFINED_ARGS);

/** The groups of `Known.names()`, in order: a rank is the group's base plus the place in it. */
const GROUP = 2 ** 32;

/** `Known.rankOf` for a name in scope whose place its tables do not hold (then the names are scanned instead). */
const UNRANKED = -1;

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
        'COPY/ADD heredocs, WORKDIR, USER, VOLUME, STOPSIGNAL and `RUN --mount` options) when no ARG or ENV ' +
        'in scope defines it, with a "did you mean" hint for near misses. Shell-form RUN, CMD and ENTRYPOINT are ' +
        'left to the shell, and exec-form commands are never expanded, so neither is checked. A stage built on an ' +
        'image from outside this file may inherit variables nobody can see here, so in such a stage only probable ' +
        'mistakes are reported: a name within two edits of one in scope, or a name that this file declares ' +
        'elsewhere (an ARG used before its declaration, a global ARG not redeclared in the stage); a longer name ' +
        'built on PATH (`$GOPATH`) is taken for a variable of the image, not a misspelt PATH. Stages built on ' +
        '`scratch` are checked in full, and so is a stage on an image that was looked up ' +
        '(`dfkit lint --resolve-images`), whose environment is then known (unless the image has ONBUILD triggers, ' +
        'which may set more). As in BuildKit, the defaults of global ARGs (their use in FROM is ' +
        'UndefinedArgInFrom\'s) and EXPOSE are not checked, and the hint names only variables with a value.',
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
      if (!names) ownArgsByStage.set(info, (names = new Set(declaredArgNames(info.stage.instructions))));
      return names;
    };
    /** Whether a stage `info` is built on declares `name`: walked up, not listed, for every name looked up. */
    const inheritsArg = (info: StageInfo, name: string): boolean => {
      for (let ancestor = info.parent; ancestor; ancestor = ancestor.parent) if (ownArgs(ancestor).has(name)) return true;
      return false;
    };
    /** The ARG names of the stages `info` is built on, nearest stage first. */
    const inheritedArgs = (info: StageInfo): string[] => {
      const names: string[] = [];
      for (let ancestor = info.parent; ancestor; ancestor = ancestor.parent) for (const name of ownArgs(ancestor)) names.push(name);
      return names;
    };

    /**
     * The environment names of the image a chain of stages starts from, when the caller resolved it
     * (`settings.baseImages`): with them the stage's whole environment is known.
     */
    const imageNamesByReference = new Map<string, OrderedNames>();
    const imageNames = (root: StageInfo): OrderedNames | undefined => {
      const facts = baseImageFacts(context.settings, root.baseImage);
      if (facts === undefined || root.parent !== null) return undefined;
      let names = imageNamesByReference.get(root.baseImage);
      if (!names) {
        names = new OrderedNames((facts.env ?? []).map(envName));
        imageNamesByReference.set(root.baseImage, names);
      }
      return names;
    };

    /** Whether the image a chain starts from runs ONBUILD triggers of its own. */
    const imageRunsTriggers = (root: StageInfo): boolean => (baseImageFacts(context.settings, root.baseImage)?.onbuild?.length ?? 0) > 0;

    /** Where the names of a stage's groups stand, worked out once per stage (see `Known.rankOf`). */
    const placesByStage = new Map<StageInfo, { ancestors: OrderedNames; env: OrderedNames; args: OrderedNames }>();
    const stagePlaces = (info: StageInfo) => {
      let places = placesByStage.get(info);
      if (!places) {
        // The names a stage's instructions see only grow, in the order they were first set: the view at its last
        // instruction lists every earlier view's names in the same order.
        const instructions = info.stage.instructions;
        const last = instructions[instructions.length - 1];
        const lastScope = last ? context.scopeOf(last) : null;
        places = {
          ancestors: new OrderedNames(inheritedArgs(info)),
          env: new OrderedNames(lastScope ? lastScope.env.keys() : []),
          args: new OrderedNames(lastScope ? lastScope.args.keys() : []),
        };
        placesByStage.set(info, places);
      }
      return places;
    };

    // Names are looked up layer by layer rather than merged into one map per instruction: long chains of stages
    // would make merging quadratic.
    const knownAt = (scope: InstructionScope, extra: OrderedNames): Known => {
      const info = scope.stage;
      if (!info) {
        // Before the first FROM only the predefined ARGs and earlier global ARGs (`extra`) exist.
        return {
          has: (name) => PREDEFINED_ARG_NAMES.has(name) || extra.has(name),
          names: () => [...PREDEFINED_ARGS, ...extra.names()],
          rankOf: (name) => {
            const predefined = PREDEFINED_PLACES.placeOf(name);
            if (predefined !== undefined) return predefined;
            const place = extra.placeOf(name);
            return place === undefined ? null : GROUP + place;
          },
          complete: true,
        };
      }
      const root = rootStageOf(info);
      const image = imageNames(root);
      const known: Known = {
        has: (name) =>
          // BuildKit always sets PATH on Linux when the image has none.
          name === 'PATH' ||
          scope.args.has(name) ||
          scope.env.has(name) ||
          extra.has(name) ||
          // ARG values become environment of the image, so a stage sees the ARGs of the stages it is built on.
          inheritsArg(info, name) ||
          (image?.has(name) ?? false),
        names: () => [
          'PATH',
          ...inheritedArgs(info),
          ...scope.env.keys(),
          // An ARG without a value sets nothing the builder's hint could name.
          ...[...scope.args].filter(([, value]) => value !== undefined).map(([name]) => name),
          ...extra.names(),
          ...(image?.names() ?? []),
        ],
        rankOf: (name) => {
          if (name === 'PATH') return 0;
          const places = stagePlaces(info);
          const inherited = places.ancestors.placeOf(name);
          if (inherited !== undefined) return GROUP + inherited;
          const env = scope.env.has(name) ? places.env.placeOf(name) : undefined;
          if (env !== undefined) return 2 * GROUP + env;
          const arg = scope.args.get(name) !== undefined ? places.args.placeOf(name) : undefined;
          if (arg !== undefined) return 3 * GROUP + arg;
          const place = extra.placeOf(name);
          if (place !== undefined) return 4 * GROUP + place;
          const fromImage = image?.placeOf(name);
          if (fromImage !== undefined) return 5 * GROUP + fromImage;
          // Not expected (the views only grow), but then the names themselves are scanned.
          return known.has(name) ? UNRANKED : null;
        },
        // An image's ONBUILD triggers may set more variables: then only its environment is known, not all of it.
        complete: root.baseImage === 'scratch' || (image !== undefined && !imageRunsTriggers(root)),
      };
      return known;
    };

    // Suggestions among many names go through an index, made once per lint when first needed: a scan of every
    // name in scope for each report made a file of thousands of undefined references take the square of its size.
    let index: NameIndex | null | undefined;
    const nameIndex = (): NameIndex | null => {
      if (index !== undefined) return index;
      const names = new Set<string>(['PATH', ...PREDEFINED_ARGS]);
      // Every name a scope holds is declared by an ARG or ENV of the file or comes from a base image; only an
      // ENV key built from variables names what its text does not, and its stage's scope is read for it
      // (reading every stage's made a chain of stages quadratic).
      const expandedKeys = new Set<StageInfo>();
      for (const instruction of context.ast.instructions) {
        if (instruction.kind === 'ARG') for (const d of instruction.declarations) names.add(d.name.value);
        if (instruction.kind !== 'ENV') continue;
        for (const pair of instruction.pairs) {
          names.add(keyText(pair.key, escapeChar));
          const stage = pair.key.value.includes('$') ? context.scopeOf(instruction).stage : null;
          if (stage) expandedKeys.add(stage);
        }
      }
      for (const info of context.stages) for (const name of imageNames(info)?.names() ?? []) names.add(name);
      for (const info of expandedKeys) {
        const last = info.stage.instructions[info.stage.instructions.length - 1];
        if (last) for (const name of context.scopeOf(last).env.keys()) names.add(name);
      }
      return (index = indexFor(names));
    };
    /** BuildKit's "did you mean" for `name` among the names `known` defines (PATH left out when asked). */
    const hintFor = (name: string, known: Known, withoutPath: boolean): string | null => {
      const indexed = nameIndex();
      const scan = (): string | null => {
        const names = known.names();
        return suggest(name, withoutPath ? names.filter((candidate) => candidate !== 'PATH') : names);
      };
      if (indexed === null) return scan();
      let unranked = false;
      const hint = indexed.closest(name, (candidate) => {
        if (withoutPath && candidate === 'PATH') return null;
        const rank = known.rankOf(candidate);
        if (rank === UNRANKED) unranked = true;
        return rank === UNRANKED ? null : rank;
      });
      return unranked ? scan() : hint;
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
        const hint = hintFor(name, known, builtOnPath);
        if (!known.complete && hint === null && !declaredAnywhere(name)) continue;
        context.report({
          message: `Usage of undefined variable '$${name}'${hint === null ? '' : ` (did you mean $${hint}?)`}`,
          range: referenceRange(context, makeRange, text, name),
        });
      }
    };

    const none = new OrderedNames();
    const checkArg = (node: ArgInstruction, scope: InstructionScope): void => {
      // BuildKit expands global ARG defaults without reporting what they miss.
      if (scope.stage === null) return;
      const earlier = new OrderedNames();
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
      ARG: visit,
      RUN: visit,
    };
  },
};
