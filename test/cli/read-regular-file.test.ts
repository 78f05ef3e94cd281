/**
 * A path given as a Dockerfile must be a regular file of a sane size: a FIFO with no writer, a device that never
 * ends (/dev/zero) or a huge file is refused at once with the path named, never waited on or read whole.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, readAtMost, readRegularFile, readStreamAtMost } from '../../src/cli/read-regular-file.js';
import { runCommand } from './recording-io.js';
import { spawnCli } from './spawn-cli.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-regular-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fifo = join(work, 'fifo');
execFileSync('mkfifo', [fifo]);
writeFileSync(join(work, 'Dockerfile'), 'FROM alpine:3.20\n');

describe('a Dockerfile path that is not a regular file', () => {
  // In child processes under a timeout: a regression blocks on the FIFO instead of failing an assertion.
  it.each([
    { args: ['lint', 'fifo'], path: fifo },
    { args: ['fmt', '--write', 'fifo'], path: fifo },
    { args: ['parse', 'fifo'], path: 'fifo' },
    { args: ['plan', '.', '-f', 'fifo', '--no-cache-dir'], path: fifo },
    // /dev/null rather than /dev/zero, which a regression would read until memory runs out: both are devices.
    { args: ['parse', '/dev/null'], path: '/dev/null' },
  ])('dfkit $args is refused at once, naming the path', async ({ args, path }) => {
    const result = await spawnCli(args, { cwd: work, timeoutMs: 20_000 });
    expect(result.stderr).toMatch(new RegExp(`^dfkit: cannot read '${path}': (a FIFO|a character device), not a regular file\\n$`));
    expect(result.code).toBe(2);
  });
});

describe('input size', () => {
  it('refuses a file over the limit without reading it', async () => {
    const huge = join(work, 'huge.Dockerfile');
    writeFileSync(huge, 'FROM alpine\n');
    truncateSync(huge, MAX_INPUT_BYTES + 1); // sparse: costs no disk and no time
    const result = await runCommand(['lint', huge], { cwd: work, env: {} });
    expect(result).toMatchObject({ code: 2, stderr: `dfkit: cannot read '${huge}': larger than 64 MiB, too large for a Dockerfile\n` });
  });

  it('reads a file up to the limit, and refuses standard input past it', async () => {
    await expect(readRegularFile(join(work, 'Dockerfile'), 17)).resolves.toEqual(Buffer.from('FROM alpine:3.20\n'));
    await expect(readRegularFile(join(work, 'Dockerfile'), 16)).rejects.toThrow('too large for a Dockerfile');
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) yield Buffer.alloc(1024);
    }
    await expect(readStreamAtMost(endless(), 4096)).rejects.toThrow('cannot read standard input: more than');
    await expect(readStreamAtMost([Buffer.from('FROM a\n')], 4096)).resolves.toEqual(Buffer.from('FROM a\n'));
  });

  it('reads a file whose size it was not told (special files report 0), growing its buffer, within the limit', async () => {
    const big = join(work, 'big.Dockerfile');
    const text = Array.from({ length: 4000 }, (_, line) => `RUN echo ${line}`).join('\n');
    writeFileSync(big, text);
    const read = async (sizeHint: number, limit: number): Promise<Buffer> => {
      const handle = await open(big);
      try {
        return await readAtMost(handle, big, limit, sizeHint);
      } finally {
        await handle.close();
      }
    };
    expect(text.length).toBeGreaterThan(32 * 1024);
    await expect(read(0, MAX_INPUT_BYTES)).resolves.toEqual(readFileSync(big));
    await expect(read(text.length - 1, text.length)).resolves.toEqual(readFileSync(big));
    await expect(read(0, text.length - 1)).rejects.toThrow('too large for a Dockerfile');
  });
});
