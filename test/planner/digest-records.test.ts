import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRecords,
  encodeRecords,
  RACY_WINDOW_MS,
  type DigestRecord,
  type RecordToStore,
} from '../../src/planner/digest-records.js';

const ROOT = '/context';
const WRITTEN_AT = 1_795_000_000_000;
const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');

function record(seed: number, overrides: Partial<DigestRecord> = {}): DigestRecord {
  return {
    size: seed * 7,
    mtimeMs: WRITTEN_AT - 3_600_000 - seed * 1000.25,
    ino: 2 ** 52 + seed,
    dev: 66_305,
    ctimeMs: WRITTEN_AT - 3_000_000 + seed / 8,
    digest: sha256(`content ${seed}`),
    usedOnDay: 20_775 + (seed % 3),
    settled: true,
    ...overrides,
  };
}

const SAMPLE: RecordToStore[] = [
  ['Dockerfile', record(1)],
  ['src/app.ts', record(2)],
  ['src/zażółć gęślą jaźń.ts', record(3)],
  ['src/日本語/ファイル.txt', record(4)],
  ['src/emoji-😀.md', record(5, { size: 0 })],
];

function encoded(records: readonly RecordToStore[], root = ROOT): Buffer {
  return Buffer.concat(encodeRecords(root, WRITTEN_AT, records));
}

describe('encodeRecords / decodeRecords', () => {
  it('gives back every field of every record, non-ASCII paths included', () => {
    const records = decodeRecords(encoded(SAMPLE), ROOT)!;
    expect(records.count).toBe(SAMPLE.length);
    expect(records.writtenAtMs).toBe(WRITTEN_AT);
    SAMPLE.forEach(([path, original], index) => {
      expect(records.pathAt(index)).toBe(path);
      expect(records.recordAt(index, original.usedOnDay)).toEqual(original);
      expect(records.usedOnDayAt(index)).toBe(original.usedOnDay);
      expect(records.stampMatches(index, original)).toBe(true);
      expect(records.stampMatches(index, { ...original, ctimeMs: original.ctimeMs! + 1 })).toBe(false);
      expect(records.stampMatches(index, { ...original, ino: original.ino + 1 })).toBe(false);
      expect(records.indexOf(path)).toBe(index);
    });
  });

  it('starts with a readable header line whose length keeps the numbers aligned', () => {
    const bytes = encoded(SAMPLE);
    const line = bytes.toString('utf8', 0, bytes.indexOf(0x0a));
    expect(JSON.parse(line)).toMatchObject({ format: 'dfkit-content-digests/3', root: ROOT, count: SAMPLE.length });
    expect((bytes.indexOf(0x0a) + 1) % 8).toBe(0);
  });

  it('reads the same records from bytes at an unaligned offset', () => {
    const bytes = encoded(SAMPLE);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const records = decodeRecords(shifted.subarray(3), ROOT)!;
    SAMPLE.forEach(([path, original], index) => {
      expect(records.pathAt(index)).toBe(path);
      expect(records.recordAt(index, 0)).toEqual({ ...original, usedOnDay: 0 });
    });
  });

  it('refuses a file cut short anywhere, one of another root, format or byte order, and one with bytes added', () => {
    const bytes = encoded(SAMPLE);
    for (let length = 0; length < bytes.length; length++) {
      expect(decodeRecords(bytes.subarray(0, length), ROOT), `cut at ${length}`).toBeNull();
    }
    expect(decodeRecords(Buffer.concat([bytes, Buffer.from('x')]), ROOT)).toBeNull();
    expect(decodeRecords(bytes, '/other')).toBeNull();
    const header = (patch: Record<string, unknown>): Buffer => {
      const newline = bytes.indexOf(0x0a);
      const fields = { ...(JSON.parse(bytes.toString('utf8', 0, newline)) as object), ...patch };
      let line = JSON.stringify(fields);
      line += ' '.repeat((8 - ((Buffer.byteLength(line) + 1) % 8)) % 8) + '\n';
      return Buffer.concat([Buffer.from(line), bytes.subarray(newline + 1)]);
    };
    expect(decodeRecords(header({}), ROOT)).not.toBeNull();
    expect(decodeRecords(header({ format: 'dfkit-content-digests/2' }), ROOT)).toBeNull();
    expect(decodeRecords(header({ littleEndian: !JSON.parse(header({}).toString('utf8').split('\n')[0]!).littleEndian }), ROOT)).toBeNull();
    expect(decodeRecords(header({ count: SAMPLE.length - 1 }), ROOT)).toBeNull();
    expect(decodeRecords(header({ count: -1 }), ROOT)).toBeNull();
    expect(decodeRecords(Buffer.from('{"format": "dfkit-content-digests/2", "records": [['), ROOT)).toBeNull();
  });

  it('reads an empty cache', () => {
    expect(decodeRecords(encoded([]), ROOT)!.count).toBe(0);
    expect(decodeRecords(encoded([]), ROOT)!.indexOf('a')).toBe(-1);
  });

  it('rejects a digest that is not a sha256 in hex rather than storing a wrong one', () => {
    expect(() => encoded([['a', record(1, { digest: 'not-hex' })]])).toThrow(/a\b.*not a sha256/);
  });

  it('never finds a record whose mtime was too close to the time the file was written', () => {
    const recent = record(9, { mtimeMs: WRITTEN_AT - RACY_WINDOW_MS + 1 });
    const records = decodeRecords(encoded([['a', record(1)], ['b', recent]]), ROOT)!;
    expect(records.indexOf('b')).toBe(-1);
    expect(records.isUsable(1)).toBe(false);
    expect(records.indexOf('a')).toBe(0);
  });

  it('finds each path at its index whatever order the lookups come in, absent paths included', () => {
    const paths = Array.from({ length: 40 }, (_, index) => `dir${index % 4}/file${String(index).padStart(2, '0')}`).sort();
    const stored = paths.filter((_, index) => index % 5 !== 3);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...paths, 'missing', 'dir0/zzz'), { maxLength: 80 }), (lookups) => {
        const records = decodeRecords(encoded(stored.map((path, index) => [path, record(index)])), ROOT)!;
        for (const path of lookups) expect(records.indexOf(path)).toBe(stored.indexOf(path));
      }),
    );
  });
});
