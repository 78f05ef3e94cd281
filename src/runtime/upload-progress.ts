/**
 * Upload progress for the build context: how big the archive will be, and a pass-through stream that counts
 * what actually leaves for the engine, so a terminal view can draw a bar while a large context is sent.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { TarEntry } from './context-tar.js';

const BLOCK = 512;

/**
 * The size of the archive `createContextTar` writes for these entries: one header block per entry, file
 * contents padded to whole blocks, two zero blocks at the end. Names too long for a plain header add an
 * extended header the estimate does not know about, so the real archive can be slightly larger.
 */
export function expectedArchiveSize(entries: Iterable<Pick<TarEntry, 'type' | 'size'>>): number {
  let bytes = 2 * BLOCK;
  for (const entry of entries) {
    bytes += BLOCK;
    if (entry.type === 'file') bytes += Math.ceil((entry.size ?? 0) / BLOCK) * BLOCK;
  }
  return bytes;
}

export interface UploadReport {
  readonly bytesUploaded: number;
  readonly bytesExpected: number;
  readonly done: boolean;
}

export interface UploadCounterOptions {
  readonly bytesExpected: number;
  readonly onProgress: (report: UploadReport) => void;
  /** Least time between two reports while sending, in milliseconds; default 100. */
  readonly intervalMs?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/**
 * A pass-through stream that reports how many bytes went through it: at most every `intervalMs` while data
 * flows, and once at the end with `done: true`. The first chunk is reported at once so a view can appear.
 */
export function countUpload(options: UploadCounterOptions): Transform {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  let uploaded = 0;
  let lastReport = -Infinity;
  const report = (done: boolean): void => {
    // The estimate can fall short (long names); never show more sent than expected before the end.
    const bytesExpected = Math.max(options.bytesExpected, uploaded);
    options.onProgress({ bytesUploaded: uploaded, bytesExpected, done });
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      uploaded += chunk.length;
      const time = now();
      if (time - lastReport >= interval) {
        lastReport = time;
        report(false);
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      report(true);
      callback();
    },
  });
}
