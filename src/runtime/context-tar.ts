/**
 * A streaming, deterministic tar writer for build contexts sent to an engine's `POST /build`.
 *
 * The engine hashes the tar it receives (the classic builder keys COPY on the headers as written: names,
 * modes, uid/gid), so the same input must give the same bytes: uid/gid 0, empty user and group names, a fixed
 * mtime, names without `./`, directories with a trailing `/`. ustar headers are used, with a PAX record only when
 * a value does not fit — and never for the first entry, because BuildKit decides whether the body is a tar by
 * parsing a header from its first 1024 bytes and does not recognise a PAX header there.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export type TarEntryType = 'file' | 'dir' | 'symlink';

/** One entry of the archive, described as a directory scan would describe it. */
export interface TarEntry {
  /** Slash-separated, relative, without `./` or `..` segments (a trailing `/` on a directory is allowed). */
  readonly path: string;
  readonly type: TarEntryType;
  /** Permission bits; anything above `0o7777` is ignored. */
  readonly mode: number;
  /** Required for files: the number of bytes `openFile` will deliver. */
  readonly size?: number;
  /** Required for symlinks: the target exactly as stored in the link. */
  readonly linkTarget?: string;
}

/** A file that exists only in memory (e.g. a generated Dockerfile). */
export interface InMemoryFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Default `0o644`. */
  readonly mode?: number;
}

/** Opens a file entry's content; called once per file, in archive order, and read to the end. */
export type OpenFile = (entry: TarEntry) => AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>>;

export interface ContextTarOptions {
  /** Entries in archive order; the caller decides the order (a sorted scan keeps the bytes stable). */
  readonly entries: Iterable<TarEntry> | AsyncIterable<TarEntry>;
  readonly openFile: OpenFile;
  /**
   * Written before `entries`, in the given order; an entry with the same path as one of them is left out. Putting
   * the Dockerfile here also keeps the first header short.
   */
  readonly extraFiles?: readonly InMemoryFile[];
  /** Seconds since the epoch written as every entry's mtime; default 0. No builder keys on it. */
  readonly mtime?: number;
}

export type ContextTarErrorCode = 'invalid-path' | 'invalid-entry' | 'size-mismatch' | 'first-entry-needs-pax';

/** Why an archive could not be written; the stream is destroyed with it. */
export class ContextTarError extends Error {
  constructor(
    readonly code: ContextTarErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ContextTarError';
  }
}

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;
const encoder = new TextEncoder();

interface HeaderFields {
  readonly name: string;
  readonly prefix: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly linkname: string;
}

function isPlainAscii(s: string): boolean {
  return /^[\x01-\x7f]*$/.test(s);
}

/** Fits a name into ustar's name (100 bytes) + prefix (155 bytes, split at a `/`), or `null` if it cannot. */
function splitUstarName(name: string): { name: string; prefix: string } | null {
  if (!isPlainAscii(name)) return null;
  if (name.length <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i >= 0 && i <= 155; i = name.indexOf('/', i + 1)) {
    const rest = name.slice(i + 1);
    if (rest.length > 0 && rest.length <= 100) return { name: rest, prefix: name.slice(0, i) };
  }
  return null;
}

function writeString(block: Uint8Array, offset: number, width: number, value: string): void {
  block.set(encoder.encode(value).subarray(0, width), offset);
}

function writeOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  writeString(block, offset, width, value.toString(8).padStart(width - 1, '0') + '\0');
}

function ustarHeader(h: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeString(block, 0, 100, h.name);
  writeOctal(block, 100, 8, h.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, h.size);
  writeOctal(block, 136, 12, h.mtime);
  block.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(block, 156, 1, h.typeflag);
  writeString(block, 157, 100, h.linkname);
  writeString(block, 257, 8, 'ustar\u000000');
  // uname (265) and gname (297) stay empty: no builder keys on them, and empty cannot leak the local user.
  writeOctal(block, 329, 8, 0); // devmajor
  writeOctal(block, 337, 8, 0); // devminor
  writeString(block, 345, 155, h.prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

/** One PAX record: `<length> <key>=<value>\n`, where the length counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

/** Zero bytes up to the next block boundary (none when `size` is a multiple of the block size). */
function padding(size: number): Uint8Array[] {
  const rest = size % BLOCK;
  return rest === 0 ? [] : [new Uint8Array(BLOCK - rest)];
}

/** A placeholder for a ustar field whose real value travels in a PAX record. */
function asciiFallback(value: string, width: number): string {
  return value.replace(/[^\x01-\x7f]/g, '_').slice(-width);
}

function validatePath(raw: string, type: TarEntryType): string {
  const path = type === 'dir' && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const segments = path.split('/');
  if (path === '' || path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new ContextTarError('invalid-path', `not a clean relative path: ${JSON.stringify(raw)}`, raw);
  }
  return type === 'dir' ? `${path}/` : path;
}

/** The header blocks (a PAX extended header first when needed) for one entry. */
function headerBlocks(entry: TarEntry, name: string, size: number, mtime: number, first: boolean): Uint8Array[] {
  const typeflag = entry.type === 'file' ? '0' : entry.type === 'dir' ? '5' : '2';
  const linkname = entry.type === 'symlink' ? (entry.linkTarget ?? '') : '';
  const split = splitUstarName(name);
  const pax: string[] = [];
  if (!split) pax.push(paxRecord('path', name));
  if (linkname.length > 100 || !isPlainAscii(linkname)) pax.push(paxRecord('linkpath', linkname));
  if (size > MAX_OCTAL_SIZE) pax.push(paxRecord('size', String(size)));
  const blocks: Uint8Array[] = [];
  if (pax.length > 0) {
    if (first) {
      throw new ContextTarError(
        'first-entry-needs-pax',
        `the first entry must fit a plain ustar header (BuildKit does not recognise a tar starting with PAX): ${name}`,
        entry.path,
      );
    }
    const records = encoder.encode(pax.join(''));
    blocks.push(
      ustarHeader({ name: '././@PaxHeader', prefix: '', mode: 0o644, size: records.length, mtime, typeflag: 'x', linkname: '' }),
      records,
      ...padding(records.length),
    );
  }
  blocks.push(
    ustarHeader({
      name: split ? split.name : asciiFallback(name, 100),
      prefix: split ? split.prefix : '',
      mode: entry.mode & 0o7777,
      size: Math.min(size, MAX_OCTAL_SIZE),
      mtime,
      typeflag,
      linkname: linkname.length > 100 || !isPlainAscii(linkname) ? asciiFallback(linkname, 100) : linkname,
    }),
  );
  return blocks;
}

async function* fileContent(entry: TarEntry, size: number, openFile: OpenFile): AsyncGenerator<Uint8Array> {
  let written = 0;
  for await (const chunk of await openFile(entry)) {
    written += chunk.length;
    if (written > size) {
      throw new ContextTarError('size-mismatch', `${entry.path} is larger than the ${size} bytes announced (changed while read?)`, entry.path);
    }
    if (chunk.length > 0) yield chunk;
  }
  if (written !== size) {
    throw new ContextTarError('size-mismatch', `${entry.path} has ${written} bytes, ${size} were announced (changed while read?)`, entry.path);
  }
  yield* padding(size);
}

async function* archive(options: ContextTarOptions): AsyncGenerator<Uint8Array> {
  const mtime = Math.max(0, Math.floor(options.mtime ?? 0));
  const extras = options.extraFiles ?? [];
  const extraPaths = new Set<string>();
  let first = true;
  for (const file of extras) {
    const content = typeof file.content === 'string' ? encoder.encode(file.content) : file.content;
    const entry: TarEntry = { path: file.path, type: 'file', mode: file.mode ?? 0o644, size: content.length };
    const name = validatePath(entry.path, 'file');
    extraPaths.add(name);
    yield* headerBlocks(entry, name, content.length, mtime, first);
    first = false;
    if (content.length > 0) yield content;
    yield* padding(content.length);
  }
  for await (const entry of options.entries) {
    const name = validatePath(entry.path, entry.type);
    if (extraPaths.has(name)) continue;
    if (entry.type === 'symlink' && entry.linkTarget === undefined) {
      throw new ContextTarError('invalid-entry', `symlink without a target: ${entry.path}`, entry.path);
    }
    const size = entry.type === 'file' ? entry.size : 0;
    if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
      throw new ContextTarError('invalid-entry', `file without a valid size: ${entry.path}`, entry.path);
    }
    yield* headerBlocks(entry, name, size, mtime, first);
    first = false;
    if (entry.type === 'file') yield* fileContent(entry, size, options.openFile);
  }
  // End of archive: two zero blocks.
  yield new Uint8Array(2 * BLOCK);
}

/**
 * Writes a tar archive of `entries` as a stream, reading one file at a time; no file is held in memory whole.
 * Invalid input (an unclean path, a file whose size changed) destroys the stream with a {@link ContextTarError}.
 *
 * @example
 * const tar = createContextTar({
 *   entries: [{ path: 'app.txt', type: 'file', mode: 0o644, size: 5 }],
 *   openFile: openFromDirectory('/path/to/context'),
 *   extraFiles: [{ path: 'Dockerfile', content: 'FROM scratch\nCOPY app.txt /\n' }],
 * });
 */
export function createContextTar(options: ContextTarOptions): Readable {
  return Readable.from(archive(options), { objectMode: false });
}

/** Files up to this size are read in one call; larger ones are streamed. */
const WHOLE_READ_LIMIT = 64 * 1024;

async function* wholeFile(path: string): AsyncGenerator<Uint8Array> {
  yield readFileSync(path);
}

/**
 * An {@link OpenFile} reading entries relative to a directory. Small files are read in one synchronous call:
 * a stream costs several thread-pool round trips per file (open, read, read to the end, close), about 1 ms a
 * file, which made the tar of a few hundred source files take longer to write than the engine took to build.
 */
export function openFromDirectory(root: string): OpenFile {
  return (entry) => {
    const path = join(root, entry.path);
    return entry.size !== undefined && entry.size <= WHOLE_READ_LIMIT ? wholeFile(path) : createReadStream(path);
  };
}
