/**
 * What a COPY/ADD source takes from the build context, as Docker resolves it: paths are relative to the context
 * root, wildcards follow Go's `filepath.Match` (a `*` never crosses `/`), only what `.dockerignore` kept is
 * visible, a symlink on the way to a source is followed inside the context, and symlinks inside a copied
 * directory stay links. Pure: works on any {@link BuildContext}, scanned or in memory.
 */

import type {
  BuildContext,
  BuilderModel,
  ContextEntry,
  SourceError,
  SourceMatch,
  SourceSelection,
} from './context-types.js';
import { createIgnoreMatcher, parsePatternList, type IgnoreMatcher } from '../parser/dockerignore/index.js';
import { cleanPath, compareGoStrings, goOrderBy, hasWildcards, matchPath } from '../parser/dockerignore/go-path.js';
import { keepWithParents } from './dockerignore.js';
import { SortedEntryMap } from './sorted-entries.js';

export interface SelectSourcesOptions {
  /** `COPY --parents`: a source is an include pattern below the root (or below the part before a `/./`). */
  readonly parents?: boolean;
  /** `COPY --exclude` patterns, matched relative to each match (with `--parents`, relative to the source root). */
  readonly exclude?: readonly string[];
  /**
   * Take each source as the path it is, wildcard characters included: BuildKit mounts a `RUN --mount=type=bind`
   * source from the context that way (`*.txt` is a file of that name or nothing).
   */
  readonly literal?: boolean;
  /**
   * Whose rules to follow where the builders differ. Without it the selection is BuildKit's and every source
   * that either builder refuses is reported: `..` above the root (classic refuses, BuildKit stays at the root)
   * and an instruction whose wildcards match nothing at all (classic refuses, BuildKit copies nothing).
   * `--parents` exists only in BuildKit and always follows its rules.
   */
  readonly builder?: BuilderModel;
}

export interface SourceSelectionResult {
  /** One selection per source that resolved, in the order given. */
  readonly selections: SourceSelection[];
  /** One error per source that did not; such a source has no selection. */
  readonly errors: SourceError[];
}

type Rules = BuilderModel | 'strict';

/**
 * Resolves the sources of one COPY/ADD instruction (pass them together: whether "nothing matched" is an error
 * depends on all of them).
 *
 * Error wording: `outside-context` uses the classic builder's ("forbidden path outside the build context: ../x
 * ()"), since BuildKit has no such error; `not-found` uses BuildKit's ("failed to compute cache key: "/x": not
 * found", without the ref ID BuildKit puts in between) unless `builder` is `classic` ("file not found in build
 * context or excluded by .dockerignore: stat x: file does not exist"); `no-match` uses the classic builder's
 * ("no source files were specified"), given only when no source of the instruction selected anything.
 *
 * @example selectSources(context, ['package*.json', 'src'], { builder: 'buildkit' })
 */
export function selectSources(
  context: BuildContext,
  sources: readonly string[],
  options: SelectSourcesOptions = {},
): SourceSelectionResult {
  const rules: Rules = options.builder ?? 'strict';
  const index = indexContext(context);
  const exclude = options.exclude && options.exclude.length > 0 ? createIgnoreMatcher(parsePatternList(options.exclude)) : null;
  const selections: SourceSelection[] = [];
  const errors: SourceError[] = [];
  for (const source of sources) {
    const outcome = options.parents
      ? selectWithParents(index, source, rules, exclude)
      : selectOne(index, source, rules, exclude, options.literal === true);
    if ('code' in outcome) errors.push(outcome);
    else selections.push(outcome);
  }
  // The classic builder fails a COPY only when all its sources together selected nothing; BuildKit allows it
  // (and `--parents` exists only in BuildKit).
  const nothingSelected = selections.length > 0 && selections.every((selection) => selection.matches.length === 0);
  if (rules !== 'buildkit' && !options.parents && errors.length === 0 && nothingSelected) {
    return {
      selections: [],
      errors: selections.map(({ source }) => ({ code: 'no-match', source, message: 'no source files were specified' })),
    };
  }
  return { selections, errors };
}

// --- The context, indexed --------------------------------------------------------------------------------------

interface ContextIndex {
  readonly sorted: readonly ContextEntry[];
  readonly byPath: ReadonlyMap<string, ContextEntry>;
}

const indexes = new WeakMap<BuildContext, ContextIndex>();

const pathOf = (entry: ContextEntry): string => entry.path;

function indexContext(context: BuildContext): ContextIndex {
  let index = indexes.get(context);
  if (!index && context.entries instanceof SortedEntryMap) {
    // A scan's entries are sorted already.
    index = { sorted: context.entries.sorted, byPath: context.entries };
    indexes.set(context, index);
  } else if (!index) {
    const sorted = [...context.entries.values()];
    // Contexts promise path order; one assembled elsewhere might not keep it, and ranges below rely on it.
    const order = goOrderBy(sorted, pathOf);
    if (!sorted.every((entry, i) => i === 0 || order(sorted[i - 1]!, entry) < 0)) sorted.sort(order);
    index = { sorted, byPath: context.entries };
    indexes.set(context, index);
  }
  return index;
}

/** Every entry strictly below a directory ('' = the root), in path order: a contiguous run of the sorted list. */
function descendants(index: ContextIndex, dir: string): readonly ContextEntry[] {
  if (dir === '') return index.sorted;
  const prefix = dir + '/';
  const { sorted } = index;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareGoStrings((sorted[middle] as ContextEntry).path, prefix) < 0) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && (sorted[end] as ContextEntry).path.startsWith(prefix)) end++;
  return sorted.slice(low, end);
}

/** Linux's limit on symlinks followed in one lookup, which Go's scoped resolution also applies. */
const MAX_LINKS = 255;

/**
 * Resolves a context path, following every symlink on the way (and at the end) as Docker does for a source:
 * inside the context, an absolute target starts again at the context root and `..` cannot climb above it.
 * Returns the resolved path ('' = the root), or `null` when something on the way is missing (excluded paths
 * are missing: they were never sent), is not a directory, or the links loop.
 */
function resolveInContext(index: ContextIndex, path: string): string | null {
  const pending = path === '' ? [] : path.split('/').reverse();
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.pop() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = resolved.length === 0 ? part : resolved.join('/') + '/' + part;
    const entry = index.byPath.get(candidate);
    if (!entry) return null;
    if (entry.type === 'symlink') {
      if (++links > MAX_LINKS) return null;
      const target = entry.linkTarget ?? '';
      if (target.startsWith('/')) resolved.length = 0;
      pending.push(...target.split('/').reverse());
      continue;
    }
    if (pending.length > 0 && entry.type !== 'dir') return null;
    resolved.push(part);
  }
  return resolved.join('/');
}

// --- One source ------------------------------------------------------------------------------------------------

function selectOne(
  index: ContextIndex,
  source: string,
  rules: Rules,
  exclude: IgnoreMatcher | null,
  literal: boolean,
): SourceSelection | SourceError {
  const wildcard = !literal && hasWildcards(source);
  if (rules !== 'buildkit' && escapesContext(source)) {
    // The classic builder matches wildcards against context paths only, so one above the root matches nothing.
    if (rules === 'classic' && wildcard) return { source, wildcard, matches: [] };
    return outsideContext(source);
  }
  // BuildKit joins the source to `/`: a leading `/` or `./` means the root, and `..` stops there.
  const path = cleanPath('/' + source).slice(1);
  const parts = path.split('/');
  const firstWild = literal ? -1 : parts.findIndex(hasWildcards);
  // Cleaning can drop the wildcard (`a/*/..`); what is left is then a plain path, as in BuildKit.
  if (firstWild < 0) {
    const resolved = resolveInContext(index, path);
    if (resolved === null) return notFound(source, path, rules);
    return { source, wildcard, matches: [matchAt(index, resolved, baseName(path), exclude)] };
  }

  const literalPart = parts.slice(0, firstWild).join('/');
  const patternPart = parts.slice(firstWild).join('/');
  let base: string | null = literalPart;
  if (rules !== 'classic') {
    // BuildKit follows symlinks in the part before the first wildcard; the classic builder walks the context
    // without following any, so a linked directory there yields nothing.
    base = resolveInContext(index, literalPart);
    if (base === null) {
      return { code: 'not-found', source, message: `lstat /${literalPart}: no such file or directory` };
    }
  }
  if (base !== '' && index.byPath.get(base)?.type !== 'dir') return { source, wildcard, matches: [] };

  const matches: SourceMatch[] = [];
  const skip = base === '' ? 0 : base.length + 1;
  const matchedDirs = new Set<string>();
  for (const candidate of descendants(index, base)) {
    // A matched directory is taken whole; nothing below it is matched again.
    if (matchedDirs.size > 0 && hasAncestorIn(candidate.path, matchedDirs)) continue;
    if (!matchPath(patternPart, candidate.path.slice(skip)).matched) continue;
    if (candidate.type === 'dir') matchedDirs.add(candidate.path);
    let resolved: string | null = candidate.path;
    if (candidate.type === 'symlink') {
      resolved = resolveInContext(index, candidate.path);
      if (resolved === null) return notFound(source, candidate.path, rules);
    }
    matches.push(matchAt(index, resolved, baseName(candidate.path), exclude));
  }
  return { source, wildcard, matches };
}

/**
 * `--parents`: BuildKit copies from the root (or from the part before a `/./`) with the rest as an include
 * pattern, which has `.dockerignore` semantics (`**` works, a matched directory brings everything below it).
 * Matches keep their context path; a matched symlink is taken as a link. A pattern without wildcards must exist.
 * Only BuildKit has this flag, so its rules apply whatever `builder` says (`..` stays at the root).
 */
function selectWithParents(
  index: ContextIndex,
  source: string,
  rules: Rules,
  exclude: IgnoreMatcher | null,
): SourceSelection | SourceError {
  // Messages still follow `rules`, so that one instruction's errors read alike.
  const wildcard = hasWildcards(source);
  const pivot = source.indexOf('/./');
  const written =
    pivot < 0 ? { base: '', pattern: source } : { base: source.slice(0, pivot), pattern: source.slice(pivot + 3) };
  const basePath = cleanPath('/' + written.base).slice(1);
  const pattern = cleanPath('/' + written.pattern).slice(1);
  const base = resolveInContext(index, basePath);
  const required = [basePath, pattern].filter((part) => part !== '').join('/');
  if (base === null) return notFound(source, required, rules);
  if (pattern === '') return { source, wildcard, matches: [matchAt(index, base, baseName(basePath), exclude)] };

  const include = createIgnoreMatcher(parsePatternList([pattern]));
  const skip = base === '' ? 0 : base.length + 1;
  const below = descendants(index, base);
  const kept = exclude ? keepWithParents(below, (entry) => entry.path.slice(skip), exclude) : below;
  const matches: SourceMatch[] = [];
  for (let at = 0; at < kept.length; at++) {
    const candidate = kept[at] as ContextEntry;
    // Tested on its own path only: a directory matched earlier took this entry with it already.
    if (!include.evaluate(candidate.path.slice(skip), { excluded: false, hits: [] }).excluded) continue;
    const entries = [candidate];
    const prefix = candidate.path + '/';
    while (at + 1 < kept.length && (kept[at + 1] as ContextEntry).path.startsWith(prefix)) {
      entries.push(kept[++at] as ContextEntry);
    }
    matches.push({ path: candidate.path, name: baseName(candidate.path), entry: candidate, entries });
  }
  if (matches.length === 0 && !wildcard) return notFound(source, required, rules);
  return { source, wildcard, matches };
}

/** The match at a resolved path: the entry and, for a directory, what is below it (minus `--exclude`). */
function matchAt(index: ContextIndex, path: string, name: string, exclude: IgnoreMatcher | null): SourceMatch {
  const entry = path === '' ? null : (index.byPath.get(path) ?? null);
  const own = entry ? [entry] : [];
  if (entry && entry.type !== 'dir') return { path, name, entry, entries: own };
  const below = descendants(index, path);
  const skip = path === '' ? 0 : path.length + 1;
  // Exclude patterns are relative to the match, which itself is never excluded (BuildKit matches from below it).
  const taken = exclude ? keepWithParents(below, (item) => item.path.slice(skip), exclude) : below;
  return { path, name, entry, entries: [...own, ...taken] };
}

// --- Helpers ---------------------------------------------------------------------------------------------------

/** True when the classic builder would land above the context root: it joins the source to the root as is. */
function escapesContext(source: string): boolean {
  const cleaned = cleanPath(source.replace(/^\/+/, ''));
  return cleaned === '..' || cleaned.startsWith('../');
}

function outsideContext(source: string): SourceError {
  // The classic builder prints the source after dropping one leading `/` and one leading `./`.
  let shown = source.startsWith('/') ? source.slice(1) : source;
  if (shown.startsWith('./')) shown = shown.slice(2);
  return { code: 'outside-context', source, message: `forbidden path outside the build context: ${shown} ()` };
}

function notFound(source: string, path: string, rules: Rules): SourceError {
  const message =
    rules === 'classic'
      ? `file not found in build context or excluded by .dockerignore: stat ${path}: file does not exist`
      : `failed to compute cache key: "/${path}": not found`;
  return { code: 'not-found', source, message };
}

function hasAncestorIn(path: string, dirs: ReadonlySet<string>): boolean {
  for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
    if (dirs.has(path.slice(0, slash))) return true;
  }
  return false;
}

/** The last element of a context path ('' for the root), as BuildKit keys a copy source. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
