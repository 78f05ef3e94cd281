/**
 * A temporary directory registered for removal is gone when a signal ends the process, and the process still
 * ends by that signal. Run in a child process, which the test then signals.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'dfkit-signal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A script that makes two directories, registers the first (and the second, released again), then waits. */
const SCRIPT = `
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { removeOnSignal } from ${JSON.stringify(join(root, 'src', 'lint', 'node', 'removal-on-signal.ts'))};
const kept = mkdtempSync(join(process.argv[2], 'kept-'));
const released = mkdtempSync(join(process.argv[2], 'released-'));
removeOnSignal(kept);
removeOnSignal(released)();
console.log(JSON.stringify({ kept, released }));
setInterval(() => {}, 1000);
`;

describe('removeOnSignal', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('removes what is registered when %s ends the process, which ends by it', async (signal) => {
    const script = join(work, `wait-${signal}.mts`);
    writeFileSync(script, SCRIPT);
    const child = spawn(process.execPath, ['--import', 'tsx', script, work], { stdio: ['ignore', 'pipe', 'inherit'] });
    const paths = await new Promise<{ kept: string; released: string }>((resolvePaths) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolvePaths(JSON.parse(text) as { kept: string; released: string });
      });
    });
    expect(existsSync(paths.kept)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolveEnd) => child.on('exit', (_code, by) => resolveEnd(by)));
    child.kill(signal);
    expect(await ended).toBe(signal);
    expect(existsSync(paths.kept)).toBe(false);
    // A directory released before the signal is the caller's to remove: the handler leaves it alone.
    expect(existsSync(paths.released)).toBe(true);
  });
});
