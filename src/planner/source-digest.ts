/**
 * The digest of what a COPY/ADD source selects from the context, as each builder's cache key sees it. The
 * digests are not byte-equal to the engines' own (those hash tar headers and file bytes in one stream, and a
 * `ContentHasher` only gives the bytes' sha256); they are equal exactly when the engine's would be, which is
 * what a plan needs.
 *
 * - BuildKit checksums each entry's metadata (type and mode, size, link target) and content but not its
 *   name, mtime or owner (the docker CLI sends uid/gid 0); a directory hashes its entries' names relative to
 *   itself, and the source's own basename enters the key elsewhere. So `dir1/a.txt` → `dir2/a.txt` with the
 *   same bytes keeps the digest.
 * - The classic builder hashes the tar it receives (tarsum): every entry with its full context-relative name
 *   as written in the tar, directory entries included; `file:` for one file, `dir:` for a directory,
 *   `multi:` when a COPY takes several.
 *
 * - podman (buildah) digests what the copy adds at the destination: each entry's type, mode, size, link
 *   target, owner and content; names relative to the source, so a single file's own name and a directory's
 *   own name and mode do not count (a copy into a directory adds the file's basename in the key, see
 *   `keys.ts`). Extended attributes count too, but a scanned context does not carry them. `withoutModes` is
 *   the digest with every mode left out: under `COPY --chmod` the source modes do not reach the image.
 *
 * Directory modes are in both digests, as a correct engine must count them. Docker 20.10's BuildKit does not
 * notice directory mode changes, so every digest comes with `withoutDirModes`: when only that one stayed the
 * same, the engine may report a cache hit that leaves the old modes in the image.
 *
 * Pure: records and lists are hashed with a synchronous SHA-256 written in TypeScript, so that this runs in a
 * browser as well; Node callers can pass a faster native hash (`createNodeRecordHash` in `hash.ts`).
 */
import type {
  BuilderModel,
  ContentHasher,
  ContextEntry,
  ContextEntryType,
  SourceMatch,
  SourceSelection,
} from './context-types.js';
import { MapView } from './map-view.js';
import { Sha256 } from './sha256.js';

/** An incremental SHA-256 over text (UTF-8). */
export interface RecordHash {
  update(text: string): unknown;
  /** The digest as lowercase hex; called once, last. */
  digestHex(): string;
}

export interface SourceDigestOptions {
  /** Makes the hash for metadata records and lists (default: the pure `Sha256`). */
  readonly createHash?: (() => RecordHash) | undefined;
}

export interface SelectionDigest {
  /** BuildKit: `sha256:<hex>`; classic: `file:<hex>`, `dir:<hex>` or `multi:<hex>`. */
  readonly digest: string;
  /**
   * The same digest with every directory's mode left out; equal to `digest` when no directory mode enters
   * it. See `differsOnlyInDirModes`.
   */
  readonly withoutDirModes: string;
  /**
   * Classic only: the tarsum of each match, in order (`digest` is the one of them, or `multi:` over them all).
   * The builder keys this list however the sources were written, so two sources and one wildcard matching
   * both are one key.
   */
  readonly matchDigests?: readonly string[];
  /** podman only: the digest with file and directory modes left out (what `COPY --chmod` keys on). */
  readonly withoutModes?: string;
  /** Regular files the selection copies (counted once per source that takes them) and their bytes. */
  readonly files: number;
  readonly bytes: number;
  /** Content digest of every file the selection takes, by context-relative path. */
  readonly fileDigests: ReadonlyMap<string, string>;
}

/**
 * The digest of one COPY/ADD source under `builder`'s model. File contents come from `hasher`, all requested
 * at once (the hasher bounds how many are read at a time).
 *
 * @example
 * ```ts
 * const [selection] = selectSources(context, ['src/'], { parents: false, exclude: [] }).selections;
 * const { digest, withoutDirModes } = await digestSelection(selection!, 'buildkit', hasher);
 * ```
 */
export function digestSelection(
  selection: SourceSelection,
  builder: BuilderModel,
  hasher: ContentHasher,
  options: SourceDigestOptions = {},
): Promise<SelectionDigest> {
  return digestSelections([selection], builder, hasher, options);
}

/**
 * The digest of all sources of one COPY/ADD together, in the order written (`COPY a b ./`). With one
 * source it equals that source's `digestSelection`.
 */
export async function digestSelections(
  selections: readonly SourceSelection[],
  builder: BuilderModel,
  hasher: ContentHasher,
  options: SourceDigestOptions = {},
): Promise<SelectionDigest> {
  const { table, ...contents } = await readContents(selections, hasher);
  const digester = new SelectionDigester(table, options.createHash ?? (() => new Sha256()));
  if (builder === 'podman') {
    const withModes = digester.podmanSources(selections, true);
    const withoutModes = digester.podmanSources(selections, false);
    return { digest: withModes.digest, withoutDirModes: withModes.blind, withoutModes: withoutModes.digest, ...contents };
  }
  if (builder === 'classic') {
    const pair = digester.classicSources(selections);
    return { digest: pair.digest, withoutDirModes: pair.blind, matchDigests: pair.matches, ...contents };
  }
  const pair = digester.buildkitSources(selections);
  return { digest: pair.digest, withoutDirModes: pair.blind, ...contents };
}

/**
 * True when two digests of the same source differ only by directory modes. Under the BuildKit model that is
 * the change Docker 20.10's BuildKit misses: it reports a cache hit and the image keeps the old directory
 * modes (moby/buildkit#7176). The classic builder sees such changes, so there it is an ordinary miss.
 */
export function differsOnlyInDirModes(previous: SelectionDigest, current: SelectionDigest): boolean {
  return previous.digest !== current.digest && previous.withoutDirModes === current.withoutDirModes;
}

interface Contents {
  readonly files: number;
  readonly bytes: number;
  readonly fileDigests: ReadonlyMap<string, string>;
}

/** What the digester reads contents from: by path, or by position in the one match's entries. */
interface ContentTable {
  readonly byPath: ReadonlyMap<string, string>;
  /** With a single match: its entries, and each one's content digest at the same index ('' for non-files). */
  readonly aligned: { readonly entries: readonly ContextEntry[]; readonly digests: readonly string[] } | null;
}

async function readContents(
  selections: readonly SourceSelection[],
  hasher: ContentHasher,
): Promise<Contents & { readonly table: ContentTable }> {
  // One match's entries have distinct paths, so no path can have been met twice: its digests are kept by
  // position, and the map by path is made only if someone reads it (at 100k files, a map made and read
  // again for every entry is a fifth of a warm re-plan's digest).
  const match = selections.length === 1 && selections[0]!.matches.length === 1 ? selections[0]!.matches[0]! : null;
  if (match) {
    const entries = match.entries;
    const digests = new Array<string>(entries.length);
    const pending: number[] = [];
    let files = 0;
    let bytes = 0;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      if (entry.type !== 'file') {
        digests[index] = '';
        continue;
      }
      files++;
      bytes += entry.size;
      const known = hasher.knownDigest?.(entry);
      if (known === undefined) pending.push(index);
      digests[index] = known ?? '';
    }
    if (pending.length > 0) {
      const read = await Promise.all(pending.map((index) => hasher.contentDigest(entries[index]!)));
      pending.forEach((index, at) => (digests[index] = read[at]!));
    }
    const fileDigests = new FileDigestMap(entries, digests, files);
    return { files, bytes, fileDigests, table: { byPath: fileDigests, aligned: { entries, digests } } };
  }
  const fileDigests = new Map<string, string>();
  // Known digests (stat-cache hits) are taken at once, so a warm run makes no promise per file. A file that
  // needs a read holds its place in the map (paths in the order met) until its digest arrives.
  const pending: ContextEntry[] = [];
  let files = 0;
  let bytes = 0;
  for (const selection of selections) {
    for (const match of selection.matches) {
      for (const entry of match.entries) {
        if (entry.type !== 'file') continue;
        files++;
        bytes += entry.size;
        if (fileDigests.has(entry.path)) continue;
        const known = hasher.knownDigest?.(entry);
        if (known === undefined) pending.push(entry);
        fileDigests.set(entry.path, known ?? '');
      }
    }
  }
  if (pending.length > 0) {
    const digests = await Promise.all(pending.map((entry) => hasher.contentDigest(entry)));
    pending.forEach((entry, index) => fileDigests.set(entry.path, digests[index]!));
  }
  return { files, bytes, fileDigests, table: { byPath: fileDigests, aligned: null } };
}

/**
 * The content digest of every file of one match, by path: a read-only map made from the entries and their
 * digests when first asked for more than its size. It iterates in path order, however the entries were listed.
 */
class FileDigestMap extends MapView<string, string> {
  readonly #entries: readonly ContextEntry[];
  readonly #digests: readonly string[];
  #map: Map<string, string> | null = null;

  constructor(
    entries: readonly ContextEntry[],
    digests: readonly string[],
    readonly size: number,
  ) {
    super();
    this.#entries = entries;
    this.#digests = digests;
  }

  protected derived(): Map<string, string> {
    if (this.#map) return this.#map;
    const entries = this.#entries;
    const order = entries.map((_, index) => index);
    if (!isInPathOrder(entries)) order.sort((a, b) => byPath(entries[a]!, entries[b]!));
    const map = new Map<string, string>();
    for (const index of order) {
      if (entries[index]!.type === 'file') map.set(entries[index]!.path, this.#digests[index]!);
    }
    return (this.#map = map);
  }
}

/** A digest with directory modes (`digest`) and without (`blind`). */
interface DigestPair {
  readonly digest: string;
  readonly blind: string;
}

// Tar type flags (the classic builder hashes them as written in the tar; BuildKit hashes a tar-like header).
const TYPE_FLAGS: Readonly<Record<ContextEntryType, string>> = { file: '0', symlink: '2', dir: '5', other: '?' };
// File-type bits of st_mode: BuildKit's header mode includes them.
const TYPE_BITS: Readonly<Record<ContextEntryType, number>> = {
  file: 0o100000,
  symlink: 0o120000,
  dir: 0o040000,
  other: 0,
};

/**
 * One entry's metadata and content as NUL-terminated fields. NUL cannot occur in paths or link targets, and
 * every record has the same number of fields, so the encoding of a list of records is unambiguous. mtime and
 * ownership are deliberately absent: no builder's key sees them (the docker CLI sends uid/gid 0).
 */
function header(entry: ContextEntry, content: string, withDirMode: boolean): string {
  const mode = entry.type === 'dir' && !withDirMode ? '-' : (TYPE_BITS[entry.type] | entry.mode).toString(8);
  const size = entry.type === 'file' ? entry.size : 0;
  return `${TYPE_FLAGS[entry.type]}\0${mode}\0${size}\0${entry.linkTarget ?? ''}\0${content}\0`;
}

/**
 * podman's record of one entry: {@link header} with the owner, and the mode only when `withMode` — without the
 * setuid and setgid bits, which podman's key does not see (measured on podman 4.3: setting either on a copied
 * file or directory keeps the cache; the sticky bit does not).
 */
function podmanHeader(entry: ContextEntry, content: string, withMode: boolean): string {
  const mode = withMode ? (TYPE_BITS[entry.type] | (entry.mode & ~0o6000)).toString(8) : '-';
  const size = entry.type === 'file' ? entry.size : 0;
  return `${TYPE_FLAGS[entry.type]}\0${mode}\0${entry.uid ?? 0}\0${entry.gid ?? 0}\0${size}\0${entry.linkTarget ?? ''}\0${content}\0`;
}

/** Entries by path (the contract of `SourceMatch.entries`); sorted here only if a producer did not. */
function inPathOrder(entries: readonly ContextEntry[]): readonly ContextEntry[] {
  return isInPathOrder(entries) ? entries : [...entries].sort(byPath);
}

function isInPathOrder(entries: readonly ContextEntry[]): boolean {
  for (let index = 1; index < entries.length; index++) {
    if (entries[index - 1]!.path > entries[index]!.path) return false;
  }
  return true;
}

function byPath(a: ContextEntry, b: ContextEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

class SelectionDigester {
  constructor(
    private readonly contents: ContentTable,
    private readonly createHash: () => RecordHash,
  ) {}

  buildkitSources(selections: readonly SourceSelection[]): DigestPair {
    if (selections.length === 1) return this.buildkitSelection(selections[0]!);
    return this.list('sources', selections.map((selection) => ['', this.buildkitSelection(selection)]), 'sha256:');
  }

  /** Plain source: its match's digest; wildcard: the list of (basename, digest) of every match. */
  private buildkitSelection(selection: SourceSelection): DigestPair {
    if (!selection.wildcard && selection.matches.length === 1) return this.buildkitMatch(selection.matches[0]!);
    return this.list('wildcard', selection.matches.map((match) => [match.name, this.buildkitMatch(match)]), 'sha256:');
  }

  private buildkitMatch(match: SourceMatch): DigestPair {
    const own = match.entry;
    if (own !== null && own.type !== 'dir') {
      const digest = `sha256:${this.hashOf(header(own, this.contentOf(own), true))}`;
      return { digest, blind: digest };
    }
    // A directory (or the context root): every entry below it named relative to it, the directory itself
    // as the empty name.
    const prefix = match.path === '' ? '' : `${match.path}/`;
    const tree = this.tree(match.entries, (entry) =>
      entry.path === match.path ? '' : entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path,
    );
    return {
      digest: `sha256:${this.hashOf('dir\0', tree.others, '\0', tree.dirs)}`,
      blind: `sha256:${this.hashOf('dir\0', tree.others, '\0', tree.blindDirs)}`,
    };
  }

  /**
   * One source taking one match: that match's digest. Several (sources or wildcard matches) all land in the
   * destination directory under their basenames, so the names count.
   */
  podmanSources(selections: readonly SourceSelection[], withModes: boolean): DigestPair {
    const matches = selections.flatMap((selection) => selection.matches);
    if (matches.length === 1 && !selections[0]!.wildcard) return this.podmanMatch(matches[0]!, withModes);
    return this.list('multi', matches.map((match) => [match.name, this.podmanMatch(match, withModes)]), 'podman:');
  }

  private podmanMatch(match: SourceMatch, withModes: boolean): DigestPair {
    const own = match.entry;
    if (own !== null && own.type !== 'dir') {
      const digest = `podman:${this.hashOf(podmanHeader(own, this.contentOf(own), withModes))}`;
      return { digest, blind: digest };
    }
    // A directory's contents are copied, not the directory itself: its own name and mode never count.
    const prefix = match.path === '' ? '' : `${match.path}/`;
    const others = new BatchedHash(this.createHash());
    const dirs = new BatchedHash(this.createHash());
    const blindDirs = new BatchedHash(this.createHash());
    for (const entry of inPathOrder(match.entries)) {
      if (entry.path === match.path) continue;
      const name = entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path;
      if (entry.type === 'dir') {
        dirs.add(`${name}\0${podmanHeader(entry, '', withModes)}`);
        blindDirs.add(`${name}\0${podmanHeader(entry, '', false)}`);
      } else {
        others.add(`${name}\0${podmanHeader(entry, this.contentOf(entry), withModes)}`);
      }
    }
    const rest = others.digestHex();
    return {
      digest: `podman:${this.hashOf('dir\0', rest, '\0', dirs.digestHex())}`,
      blind: `podman:${this.hashOf('dir\0', rest, '\0', blindDirs.digestHex())}`,
    };
  }

  /**
   * One match is `file:`/`dir:` of it; anything else is `multi:` over every match. With the digest of each
   * match (`matches`).
   */
  classicSources(selections: readonly SourceSelection[]): DigestPair & { readonly matches: readonly string[] } {
    const infos = selections.flatMap((selection) => selection.matches.map((match) => this.classicMatch(match)));
    const matches = infos.map((info) => info.digest);
    if (infos.length === 1) return { ...infos[0]!, matches };
    return {
      digest: `multi:${this.hashOf(matches.join(','))}`,
      blind: `multi:${this.hashOf(infos.map((info) => info.blind).join(','))}`,
      matches,
    };
  }

  private classicMatch(match: SourceMatch): DigestPair {
    const own = match.entry;
    if (own !== null && own.type !== 'dir') {
      const digest = `file:${this.hashOf(`${tarName(own)}\0${header(own, this.contentOf(own), true)}`)}`;
      return { digest, blind: digest };
    }
    // The directory's own tar entry counts (a chmod of it misses); the context root has none.
    const tree = this.tree(match.entries, tarName);
    return {
      digest: `dir:${this.hashOf(tree.others, '\0', tree.dirs)}`,
      blind: `dir:${this.hashOf(tree.others, '\0', tree.blindDirs)}`,
    };
  }

  /**
   * A tree's entries under the names `nameOf` gives them, as three digests: non-directories, directories,
   * and directories without their modes. Only directory records differ between a digest and its
   * `withoutDirModes`, so everything else is hashed once.
   */
  private tree(
    entries: readonly ContextEntry[],
    nameOf: (entry: ContextEntry) => string,
  ): { others: string; dirs: string; blindDirs: string } {
    const others = new BatchedHash(this.createHash());
    const dirs = new BatchedHash(this.createHash());
    const blindDirs = new BatchedHash(this.createHash());
    const ordered = inPathOrder(entries);
    const aligned = this.contents.aligned;
    // The digests by position when these are the entries they were read for, in the order they came.
    const digests = aligned && aligned.entries === ordered ? aligned.digests : null;
    for (let index = 0; index < ordered.length; index++) {
      const entry = ordered[index]!;
      const name = nameOf(entry);
      if (entry.type === 'dir') {
        dirs.add(`${name}\0${header(entry, '', true)}`);
        blindDirs.add(`${name}\0${header(entry, '', false)}`);
      } else {
        others.add(`${name}\0${header(entry, digests ? digests[index]! : this.contentOf(entry), true)}`);
      }
    }
    return { others: others.digestHex(), dirs: dirs.digestHex(), blindDirs: blindDirs.digestHex() };
  }

  private list(kind: string, items: readonly (readonly [string, DigestPair])[], prefix: string): DigestPair {
    const digest = this.createHash();
    const blind = this.createHash();
    digest.update(`${kind}\0`);
    blind.update(`${kind}\0`);
    for (const [name, pair] of items) {
      digest.update(`${name}\0${pair.digest}\0`);
      blind.update(`${name}\0${pair.blind}\0`);
    }
    return { digest: `${prefix}${digest.digestHex()}`, blind: `${prefix}${blind.digestHex()}` };
  }

  private contentOf(entry: ContextEntry): string {
    return entry.type === 'file' ? (this.contents.byPath.get(entry.path) ?? '') : '';
  }

  private hashOf(...parts: string[]): string {
    const hash = this.createHash();
    for (const part of parts) hash.update(part);
    return hash.digestHex();
  }
}

/** Characters of records collected before they are handed to the hash. */
const BATCH_CHARS = 64 * 1024;

/**
 * Feeds a {@link RecordHash} records joined into large pieces: a tree of 100k entries otherwise makes 100k
 * calls per hash, each with a fixed cost (with node:crypto, joining halves the time of hashing such records).
 * The bytes hashed are the same: every record ends in NUL, so joining records never pairs up surrogates that
 * were apart, and the UTF-8 of the joined text is the records' UTF-8 one after another.
 */
class BatchedHash {
  private text = '';

  constructor(private readonly hash: RecordHash) {}

  /** Adds a record; it must end in NUL. */
  add(record: string): void {
    this.text += record;
    if (this.text.length >= BATCH_CHARS) {
      this.hash.update(this.text);
      this.text = '';
    }
  }

  digestHex(): string {
    if (this.text !== '') this.hash.update(this.text);
    return this.hash.digestHex();
  }
}

/** The name the docker CLI writes into the context tar: context-relative, directories with a trailing slash. */
function tarName(entry: ContextEntry): string {
  return entry.type === 'dir' ? `${entry.path}/` : entry.path;
}
