import { describe, expect, it } from 'vitest';
import { decodeDockerfile, describeEncoding, parse } from '../../src/parser/index.js';

const TEXT = 'FROM debian:12\nUSER root\nRUN echo "héllo 😀"\n';

function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  bytes.swap16();
  return bytes;
}

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [...text].map((c) => c.codePointAt(0) as number);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((point, index) => (littleEndian ? bytes.writeUInt32LE(point, index * 4) : bytes.writeUInt32BE(point, index * 4)));
  return bytes;
}

describe('decodeDockerfile', () => {
  it('reads UTF-8 as Node does, keeping a byte order mark for the parser to drop', () => {
    expect(decodeDockerfile(Buffer.from(TEXT))).toEqual({ text: TEXT, encoding: 'utf-8' });
    const marked = decodeDockerfile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect(marked).toEqual({ text: `\ufeff${TEXT}`, encoding: 'utf-8' });
    expect(parse(marked.text).ast.instructions.map((i) => i.name)).toEqual(['FROM', 'USER', 'RUN']);
  });

  it('replaces bytes that are not UTF-8 instead of failing', () => {
    const latin1 = Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(decodeDockerfile(latin1)).toEqual({ text: '# caf\ufffd\n', encoding: 'utf-8' });
    expect(decodeDockerfile(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('decodes UTF-16 and UTF-32 by their byte order marks, without the mark', () => {
    const cases = [
      { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), encoding: 'utf-16le' },
      { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), encoding: 'utf-16be' },
      { bytes: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(TEXT, true)]), encoding: 'utf-32le' },
      { bytes: Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(TEXT, false)]), encoding: 'utf-32be' },
    ] as const;
    for (const { bytes, encoding } of cases) {
      expect(decodeDockerfile(bytes), encoding).toEqual({ text: TEXT, encoding });
    }
  });

  it('turns cut or impossible units into U+FFFD', () => {
    // A UTF-16 file cut after one byte of its last unit; an unpaired surrogate.
    expect(decodeDockerfile(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])).text).toBe('A\ufffd');
    expect(decodeDockerfile(Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00])).text).toBe('A\ufffd');
    expect(decodeDockerfile(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00])).text).toBe('\ufffdA');
    // UTF-32: beyond U+10FFFF, a surrogate, and a cut last unit.
    const impossible = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32('A', true), Buffer.from([0, 0, 0x11, 0, 0x00, 0xd8, 0, 0, 0x42])]);
    expect(decodeDockerfile(impossible)).toEqual({ text: 'A\ufffd\ufffd\ufffd', encoding: 'utf-32le' });
  });

  it('decodes large UTF-32 files whole', () => {
    const line = 'RUN echo 0123456789abcdef\n';
    const text = `FROM scratch\n${line.repeat(2000)}`;
    expect(decodeDockerfile(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(text, false)])).text).toBe(text);
  });

  it('names encodings for messages', () => {
    expect(['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'].map((e) => describeEncoding(e as Parameters<typeof describeEncoding>[0]))).toEqual([
      'UTF-8',
      'UTF-16 (little-endian)',
      'UTF-16 (big-endian)',
      'UTF-32 (little-endian)',
      'UTF-32 (big-endian)',
    ]);
  });
});
