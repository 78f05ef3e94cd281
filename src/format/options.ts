/**
 * The formatter's options and their defaults, in one place so the API, the CLI and the documentation agree.
 */
import type { Diagnostic } from '../parser/index.js';

/** A builder whose cache model the planner knows; the formatter can promise to keep its cache keys. */
export type CacheBuilder = 'buildkit' | 'classic' | 'podman';

/** Every builder model the planner knows. */
export const ALL_BUILDERS: readonly CacheBuilder[] = Object.freeze(['buildkit', 'classic', 'podman']);

/**
 * The default set whose cache keys formatting keeps: Docker's two builders. Both ignore keyword case and the
 * spacing between words, so the whole layout is free; podman's keys record most lines as written, and keeping
 * them would leave `env`, `cmd` and friends unformatted for everyone, so podman users ask for it.
 */
export const DOCKER_BUILDERS: readonly CacheBuilder[] = Object.freeze(['buildkit', 'classic']);

export interface FormatOptions {
  /**
   * Continuation indentation: a width in spaces, or `'align'` to line continuation lines up under the first word
   * after the keyword (`LABEL a=1 \` / `      b=2`). Default 4.
   */
  readonly indent?: number | 'align';
  /**
   * Case of instruction keywords (and of `AS` in `FROM … AS name`). Default `'upper'`. Where a builder in
   * {@link FormatOptions.keepCacheKeysOf} records the keyword as written (podman, when listed, does for every
   * instruction but FROM, RUN, COPY, ADD and ARG), the keyword is left as written.
   */
  readonly keywordCase?: 'upper' | 'lower' | 'preserve';
  /**
   * Wrap shell-form RUN commands longer than {@link FormatOptions.lineWidth} at top-level `&&`. Default `false`.
   * **Changes the cache key of every RUN it wraps, under every builder**: the builder keeps the indentation of a
   * continuation line inside the command (`a && \` + `    b` runs `a &&     b`).
   */
  readonly wrapRunChains?: boolean;
  /** Line width for {@link FormatOptions.wrapRunChains}. Default 100. */
  readonly lineWidth?: number;
  /** Format around instructions with parse errors instead of refusing the file; those stay byte-for-byte. */
  readonly allowErrors?: boolean;
  /**
   * 0-based inclusive line span: only instructions overlapping it (and blank or comment lines inside it) are
   * reformatted. For editors' range formatting.
   */
  readonly lines?: { readonly start: number; readonly end: number };
  /**
   * Builders whose cache keys formatting must leave unchanged. Default: Docker's, `['buildkit', 'classic']`.
   * podman (buildah) keys every instruction except FROM, COPY, ADD and ARG on its line as written — keyword
   * case, spacing and trailing white space included (only the keyword case of RUN is free) — so with `'podman'`
   * in the list those lines keep their case and spacing: pass {@link ALL_BUILDERS} when images are also built
   * with podman. `[]` normalizes everything the default layout touches, whatever it costs in cache.
   */
  readonly keepCacheKeysOf?: readonly CacheBuilder[];
  /**
   * Re-indent the continuation lines of shell-form commands (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD, ONBUILD RUN)
   * to {@link FormatOptions.indent}. Default `false`. **Changes the cache key of every RUN it touches, under every
   * builder** (the indentation is part of the command text), and of the metadata steps of the classic builder and
   * podman. Lines that start inside a quoted string are never re-indented, since that would change the string.
   */
  readonly indentShellContinuations?: boolean;
}

export interface FormatResult {
  /** The formatted text (=== input when refused). */
  readonly text: string;
  readonly changed: boolean;
  /** True when the file has parse errors and `allowErrors` is not set. */
  readonly refused: boolean;
  /** The parser's diagnostics for the input. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  /** The fixed continuation indentation, or `null` to align under the first word after the keyword. */
  readonly indent: string | null;
  readonly keywordCase: 'upper' | 'lower' | 'preserve';
  readonly wrapRunChains: boolean;
  readonly lineWidth: number;
  readonly allowErrors: boolean;
  readonly lines: { readonly start: number; readonly end: number } | null;
  readonly keepCacheKeysOf: ReadonlySet<CacheBuilder>;
  readonly indentShellContinuations: boolean;
}

const MAX_INDENT = 16;

export function resolveOptions(options: FormatOptions): ResolvedOptions {
  // Out-of-range numbers fall back to the defaults: formatting never throws on options either.
  const width = options.indent === 'align' ? null : (wholeNumberIn(options.indent, 0, MAX_INDENT) ?? 4);
  return {
    indent: width === null ? null : ' '.repeat(width),
    keywordCase: options.keywordCase ?? 'upper',
    wrapRunChains: options.wrapRunChains ?? false,
    lineWidth: wholeNumberIn(options.lineWidth, 20, 10_000) ?? 100,
    allowErrors: options.allowErrors ?? false,
    lines: options.lines ?? null,
    keepCacheKeysOf: new Set(options.keepCacheKeysOf ?? DOCKER_BUILDERS),
    indentShellContinuations: options.indentShellContinuations ?? false,
  };
}

/** The continuation indentation of an instruction whose keyword is `keyword` (as written; case keeps its length). */
export function continuationIndent(options: ResolvedOptions, keyword: string): string {
  return options.indent ?? ' '.repeat(keyword.length + 1);
}

function wholeNumberIn(value: number | string | undefined, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
