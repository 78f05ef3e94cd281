/** Finding and running the `shellcheck` program for the ShellCheck pass-through rule. */
import { spawnSync } from 'node:child_process';
import type { ShellCheckComment, ShellCheckRunner } from '../lint/shellcheck.js';

/** A runner for the `shellcheck` on PATH, or `null` when there is none. */
export function findShellCheck(binary = 'shellcheck'): ShellCheckRunner | null {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  return (script) => {
    const result = spawnSync(binary, ['--format=json1', '-'], { input: script, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error || !result.stdout) return [];
    try {
      return (JSON.parse(result.stdout) as { comments?: ShellCheckComment[] }).comments ?? [];
    } catch {
      return [];
    }
  };
}
