/**
 * The stat cache's records — which content digest a file had at a given size, mtime, inode, device and inode
 * change time — and the file format they are stored in.
 *
 * A cache file (format 3):
 * - a first line of JSON: `{format, root, writtenAtMs, count, pathBytes, littleEndian}`, padded with spaces so
 *   that the line, newline included, is a multiple of 8 bytes;
 * - `count` × 6 float64 numbers in the writer's byte order: size, mtimeMs, ino, dev, usedOnDay, ctimeMs;
 * - `count` × 32 bytes: each file's sha256;
 * - `count` UTF-8 paths separated by NUL bytes (no path contains one).
 *
 * Why not JSON (format 2): reading 100k records from JSON took 0.22–0.25 s here, and left 100k arrays with
 * their numbers boxed for the collector to trace; this layout reads in about 0.05 s, its numbers are used where
 * they lie, and nothing is made per record until the record is looked up. The header line keeps the file
 * recognisable (`head -1`).
 */
import { endianness } from 'node:os';

/**
 * How close to "now" a file's mtime may be before the mtime stops vouching for the content. A file written
 * again within the same timestamp tick keeps its mtime (and often its size), so a digest read in that tick
 * could be stale with matching metadata. Two seconds covers the coarsest common granularity (FAT; 1 s on
 * HFS+, ext3 and many network file systems) and the lag of the kernel's coarse clock behind `Date.now()`.
 * The same guard git applies to its index ("racy" entries).
 */
export const RACY_WINDOW_MS = 2000;

/** The metadata that vouches for a file's content. Mode is left out: permissions cannot change bytes. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly dev: number;
  /** Inode change time: an edit that sets mtime back still moves it (git checks it too). */
  readonly ctimeMs?: number;
}

export interface DigestRecord extends FileStamp {
  /** The sha256 of the content, 64 lowercase hex digits. */
  readonly digest: string;
  /** Day number (days since the epoch) of the last run that used the record. */
  readonly usedOnDay: number;
  /**
   * False when the file was modified too shortly before it was read for its metadata to vouch for the
   * digest later: such records serve the current run only and are not saved.
   */
  readonly settled: boolean;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ino === b.ino &&
    a.dev === b.dev &&
    (a.ctimeMs === undefined || b.ctimeMs === undefined || a.ctimeMs === b.ctimeMs)
  );
}

/**
 * Whether a digest read at `readAtMs` may be kept for a file with this mtime: only when the file had been
 * left alone for longer than the racy window, so that any later write gets a different mtime.
 */
export function isSettled(mtimeMs: number, readAtMs: number): boolean {
  return mtimeMs < readAtMs - RACY_WINDOW_MS;
}

export const FORMAT = 'dfkit-content-digests/3';

const FIELDS = 6;
const SIZE = 0;
const MTIME = 1;
const INO = 2;
const DEV = 3;
const USED_ON_DAY = 4;
const CTIME = 5;
const DIGEST_BYTES = 32;
const DIGEST_HEX = 2 * DIGEST_BYTES;
const LITTLE_ENDIAN = endianness() === 'LE';
/** A header line longer than this is not a header: the root is at most a few KiB. */
const MAX_HEADER_BYTES = 1 << 16;

interface Header {
  readonly format: string;
  readonly root: string;
  readonly writtenAtMs: number;
  readonly count: number;
  readonly pathBytes: number;
  readonly littleEndian: boolean;
}

/**
 * A cache file's records, read-only: several hashers in one process may share them. Records are found by
 * index; a record whose mtime was not older than the file's write time (minus the racy window) is never
 * found, as git distrusts index entries that are not older than the index.
 */
export class LoadedRecords {
  /** What a missing, unreadable or foreign cache file gives. */
  static readonly EMPTY = LoadedRecords.none('');

  /** No records (of a hasher without a cache file: a fresh object each, so that it shares no answers key). */
  static none(root: string): LoadedRecords {
    return new LoadedRecords(root, 0, [], new Float64Array(0), '');
  }

  /**
   * Where the next lookup is tried first. Lookups mostly come in path order, the order records are saved in,
   * so a warm run finds each record here and never builds the table (hashing 100k fresh path strings into it
   * is a cost of its own).
   */
  private cursor = 0;
  private table: Map<string, number> | null = null;

  constructor(
    readonly root: string,
    readonly writtenAtMs: number,
    private readonly paths: readonly string[],
    private readonly numbers: Float64Array,
    private readonly digestHex: string,
  ) {}

  get count(): number {
    return this.paths.length;
  }

  /** The index of the record of `path`, or -1. */
  indexOf(path: string): number {
    const next = this.cursor;
    let index: number;
    if (next < this.paths.length && this.paths[next] === path) {
      index = next;
    } else {
      const found = this.lookupTable().get(path);
      if (found === undefined) return -1;
      index = found;
    }
    this.cursor = index + 1;
    return this.isUsable(index) ? index : -1;
  }

  /** Whether the record is trusted (see the class comment); `indexOf` finds only those. */
  isUsable(index: number): boolean {
    return isSettled(this.numbers[index * FIELDS + MTIME]!, this.writtenAtMs);
  }

  pathAt(index: number): string {
    return this.paths[index]!;
  }

  digestAt(index: number): string {
    return this.digestHex.slice(index * DIGEST_HEX, (index + 1) * DIGEST_HEX);
  }

  usedOnDayAt(index: number): number {
    return this.numbers[index * FIELDS + USED_ON_DAY]!;
  }

  stampMatches(index: number, stamp: FileStamp): boolean {
    const at = index * FIELDS;
    const numbers = this.numbers;
    return (
      numbers[at + SIZE] === stamp.size &&
      numbers[at + MTIME] === stamp.mtimeMs &&
      numbers[at + INO] === stamp.ino &&
      numbers[at + DEV] === stamp.dev &&
      (stamp.ctimeMs === undefined || numbers[at + CTIME] === stamp.ctimeMs)
    );
  }

  /** The record as an in-memory one, marked used on `usedOnDay`. */
  recordAt(index: number, usedOnDay: number): DigestRecord {
    const at = index * FIELDS;
    const numbers = this.numbers;
    return {
      size: numbers[at + SIZE]!,
      mtimeMs: numbers[at + MTIME]!,
      ino: numbers[at + INO]!,
      dev: numbers[at + DEV]!,
      ctimeMs: numbers[at + CTIME]!,
      digest: this.digestAt(index),
      usedOnDay,
      settled: true,
    };
  }

  private lookupTable(): Map<string, number> {
    if (this.table === null) {
      this.table = new Map();
      for (let index = 0; index < this.paths.length; index++) this.table.set(this.paths[index]!, index);
    }
    return this.table;
  }
}

/** A record to write: a path and its in-memory record. */
export type RecordToStore = readonly [path: string, record: DigestRecord];

/**
 * The bytes of a cache file holding `records` (in the order given), as pieces to write one after another.
 * Digests must be 64 hex digits, as this planner's hashers make them.
 */
export function encodeRecords(root: string, writtenAtMs: number, records: readonly RecordToStore[]): Buffer[] {
  const count = records.length;
  const numbers = new Float64Array(count * FIELDS);
  const digests = Buffer.allocUnsafe(count * DIGEST_BYTES);
  const paths: string[] = new Array<string>(count);
  for (let index = 0; index < count; index++) {
    const [path, record] = records[index]!;
    const at = index * FIELDS;
    numbers[at + SIZE] = record.size;
    numbers[at + MTIME] = record.mtimeMs;
    numbers[at + INO] = record.ino;
    numbers[at + DEV] = record.dev;
    numbers[at + USED_ON_DAY] = record.usedOnDay;
    numbers[at + CTIME] = record.ctimeMs ?? record.mtimeMs;
    if (digests.write(record.digest, index * DIGEST_BYTES, DIGEST_BYTES, 'hex') !== DIGEST_BYTES) {
      throw new TypeError(`stat cache: the digest of ${path} is not a sha256 in hex`);
    }
    paths[index] = path;
  }
  const pathBytes = Buffer.from(paths.join('\0'), 'utf8');
  const header: Header = {
    format: FORMAT,
    root,
    writtenAtMs,
    count,
    pathBytes: pathBytes.length,
    littleEndian: LITTLE_ENDIAN,
  };
  let line = JSON.stringify(header);
  const length = Buffer.byteLength(line) + 1;
  line += ' '.repeat((8 - (length % 8)) % 8) + '\n';
  const numberBytes = Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  return [Buffer.from(line, 'utf8'), numberBytes, digests, pathBytes];
}

/**
 * The records of a cache file's bytes, or `null` when they are not a complete cache file of `root` in this
 * format and byte order (a file of another version, root or machine, or a truncated one, is simply not used).
 */
export function decodeRecords(bytes: Buffer, root: string): LoadedRecords | null {
  const newline = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  if (newline < 0 || (newline + 1) % 8 !== 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return null;
  }
  if (!isHeader(header) || header.format !== FORMAT || header.root !== root || header.littleEndian !== LITTLE_ENDIAN) {
    return null;
  }
  const { count, pathBytes } = header;
  const numbersAt = newline + 1;
  const digestsAt = numbersAt + count * FIELDS * 8;
  const pathsAt = digestsAt + count * DIGEST_BYTES;
  if (pathsAt + pathBytes !== bytes.length) return null;
  const paths = count === 0 ? [] : bytes.toString('utf8', pathsAt).split('\0');
  if (paths.length !== count) return null;
  const offset = bytes.byteOffset + numbersAt;
  // The numbers are used in place when aligned (a file read whole usually is), else copied out.
  const numbers =
    offset % 8 === 0
      ? new Float64Array(bytes.buffer, offset, count * FIELDS)
      : new Float64Array(Uint8Array.from(bytes.subarray(numbersAt, digestsAt)).buffer);
  return new LoadedRecords(root, header.writtenAtMs, paths, numbers, bytes.toString('hex', digestsAt, pathsAt));
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Partial<Record<keyof Header, unknown>>;
  return (
    typeof header.format === 'string' &&
    typeof header.root === 'string' &&
    typeof header.writtenAtMs === 'number' &&
    isCount(header.count) &&
    isCount(header.pathBytes) &&
    typeof header.littleEndian === 'boolean'
  );
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
