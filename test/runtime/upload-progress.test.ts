import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createContextTar, type TarEntry } from '../../src/runtime/context-tar.js';
import { countUpload, expectedArchiveSize, type UploadReport } from '../../src/runtime/upload-progress.js';

async function lengthOf(stream: Readable): Promise<number> {
  let length = 0;
  for await (const chunk of stream) length += (chunk as Buffer).length;
  return length;
}

describe('upload progress', () => {
  it('knows the size of the archive the context writer produces', async () => {
    const sizes = [0, 1, 511, 512, 513, 70_000];
    const entries: TarEntry[] = [
      { path: 'src', type: 'dir', mode: 0o755 },
      ...sizes.map((size, i): TarEntry => ({ path: `src/file${i}.txt`, type: 'file', mode: 0o644, size })),
      { path: 'link', type: 'symlink', mode: 0o777, linkTarget: 'src/file1.txt' },
    ];
    const extra = { path: 'Dockerfile', content: 'FROM scratch\nCOPY src /src\n' };
    const tar = createContextTar({
      entries,
      openFile: (entry) => Readable.from([Buffer.alloc(entry.size ?? 0, 0x61)]),
      extraFiles: [extra],
    });
    const actual = await lengthOf(tar);
    expect(expectedArchiveSize([...entries, { type: 'file', size: extra.content.length }])).toBe(actual);
  });

  it('reports bytes as they pass, at most once per interval, and once more at the end', async () => {
    const reports: UploadReport[] = [];
    let time = 0;
    const counter = countUpload({ bytesExpected: 4_000, intervalMs: 100, now: () => time, onProgress: (report) => reports.push(report) });
    const chunks = [1_000, 1_000, 1_000, 1_500].map((n) => Buffer.alloc(n));
    async function* slowly(): AsyncGenerator<Buffer> {
      for (const [i, chunk] of chunks.entries()) {
        time = i === 1 ? 50 : i * 100; // the second chunk comes too soon for a report of its own
        yield chunk;
      }
    }
    let received = 0;
    await pipeline(slowly(), counter, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) received += chunk.length;
    });
    expect(received).toBe(4_500);
    expect(reports).toEqual([
      { bytesUploaded: 1_000, bytesExpected: 4_000, done: false },
      { bytesUploaded: 3_000, bytesExpected: 4_000, done: false },
      { bytesUploaded: 4_500, bytesExpected: 4_500, done: false },
      { bytesUploaded: 4_500, bytesExpected: 4_500, done: true },
    ]);
  });
});
