/** Standard output that cannot be written (`> /dev/full`) is reported in one line with exit 2, not a stack trace. */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './spawn-cli.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-stdout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add curl\n');

describe('standard output on a full disk', () => {
  it.each([['lint', 'Dockerfile'], ['parse', 'Dockerfile']])('dfkit %s %s > /dev/full', async (...args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = await spawnCli(args, { cwd: work, stdoutFd: full });
      expect(result).toEqual({ code: 2, stdout: '', stderr: 'dfkit: cannot write to standard output: no space left on device\n' });
    } finally {
      closeSync(full);
    }
  });
});
