/**
 * The shapes the planner's build-context layer hands to the rest of the planner: what a context contains
 * after `.dockerignore`, which of it a COPY/ADD source takes, and how file content is digested. Pure types,
 * so that key computation stays free of I/O and works on in-memory contexts as well as directories.
 */

/**
 * The builder whose cache model a plan follows: Docker's BuildKit, Docker's classic builder, or podman's
 * builder (buildah), which chains every instruction like the classic builder but digests files differently.
 */
export type BuilderModel = 'buildkit' | 'classic' | 'podman';

/** The kind of a context entry, as `lstat` reports it. */
export type ContextEntryType = 'file' | 'dir' | 'symlink' | 'other';

/** One file, directory or symlink of a build context. */
export interface ContextEntry {
  /** Slash-separated path relative to the context root, without `./`; never empty (the root is not an entry). */
  readonly path: string;
  readonly type: ContextEntryType;
  /** Permission bits (`mode & 0o7777`), without the file-type bits. */
  readonly mode: number;
  /** Size in bytes (0 for directories). */
  readonly size: number;
  /** Modification time in milliseconds; used only by the stat cache, never by a cache key. */
  readonly mtimeMs: number;
  /** Inode and device numbers; used only by the stat cache (and hard-link detection). */
  readonly ino: number;
  readonly dev: number;
  /**
   * Inode change time in milliseconds, when known; used only by the stat cache. Unlike mtime it cannot be set
   * back, so an edit that restores the old size and mtime is still noticed.
   */
  readonly ctimeMs?: number;
  /** The link target as stored in the symlink (only for `symlink`). */
  readonly linkTarget?: string;
  /**
   * Owner and group, when known. Only podman's model keys on them (it reads the files itself, where the docker
   * CLI sends uid/gid 0); absent counts as 0.
   */
  readonly uid?: number;
  readonly gid?: number;
}

/** A build context after `.dockerignore` was applied. */
export interface BuildContext {
  /** Absolute directory of the context, or `null` for an in-memory context. */
  readonly root: string | null;
  /** Every included entry by path, sorted by path (Map iteration order). Excluded entries are absent. */
  readonly entries: ReadonlyMap<string, ContextEntry>;
  /** Context-relative path of the ignore file that was applied, or `null` when there was none. */
  readonly ignoreFile: string | null;
  /** The ignore file's patterns as written (comments and blank lines dropped). */
  readonly ignorePatterns: readonly string[];
}

/** One path a COPY/ADD source resolves to, with everything it takes. */
export interface SourceMatch {
  /** Context-relative path of the match after following symlinks on the way to it ('' for the root). */
  readonly path: string;
  /**
   * The name BuildKit puts into the copy's cache key: the basename of the source as written (for a wildcard,
   * of the match).
   */
  readonly name: string;
  /** The entry the path resolves to (`null` for the context root). */
  readonly entry: ContextEntry | null;
  /**
   * The entries copied, in path order: the match itself (unless it is the root) and, for a directory,
   * every included descendant. Symlinks inside a copied tree are kept as links.
   */
  readonly entries: readonly ContextEntry[];
}

/** What one source argument of COPY/ADD selects from the context. */
export interface SourceSelection {
  /** The source after ARG/ENV expansion, as written. */
  readonly source: string;
  /** True when the source contains a wildcard (`*`, `?`, `[`). */
  readonly wildcard: boolean;
  /** Matches in path order (exactly one for a plain path that exists; zero or more for a wildcard). */
  readonly matches: readonly SourceMatch[];
}

/** Why a source could not be selected. Messages follow Docker's wording. */
export interface SourceError {
  readonly code: 'outside-context' | 'not-found' | 'no-match';
  readonly source: string;
  readonly message: string;
}

/** Reads content digests of context files; implementations cache and parallelise. */
export interface ContentHasher {
  /** The sha256 (hex) of a regular file's bytes. */
  contentDigest(entry: ContextEntry): Promise<string>;
  /**
   * The same digest, synchronously, when it is known without reading the file (e.g. a stat-cache hit), or
   * `undefined`. Optional: it spares callers a promise per file, which adds up on a warm re-plan of a large
   * context.
   */
  knownDigest?(entry: ContextEntry): string | undefined;
  /**
   * An object that identifies this hasher's answers: while it returns the same object, this hasher and any
   * other that returns it give every entry with unchanged metadata the digest it got before. `undefined` when
   * it cannot promise that (say, it read a file that had just been modified). Optional: a planner uses it to
   * reuse whole source digests of a context that has not changed.
   */
  answersKey?(): object | undefined;
}
