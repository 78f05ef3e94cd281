/** Finding and running the `shellcheck` program for the ShellCheck pass-through rule. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellCheckComment, ShellCheckRunner } from '../lint/shellcheck.js';

const OUTPUT_LIMIT = 64 * 1024 * 1024;

/** Scripts handed to one process: keeps the command line far below the system's limit. */
const SCRIPTS_PER_PROCESS = 500;

/**
 * A runner for the `shellcheck` on PATH, or `null` when there is none. A file's RUNs are checked by one
 * process (`batch`): starting ShellCheck costs more than checking a RUN, so one process per RUN made it most of
 * a lint's time.
 */
export function findShellCheck(binary = 'shellcheck'): ShellCheckRunner | null {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const single = (script: string): readonly ShellCheckComment[] => {
    const result = spawnSync(binary, ['--format=json1', '-'], { input: script, encoding: 'utf8', maxBuffer: OUTPUT_LIMIT });
    return result.error ? [] : commentsIn(result.stdout).get('-') ?? [];
  };
  const batch = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[]> => {
    if (scripts.length <= 1) return scripts.map(single);
    // ShellCheck reads scripts from files (or one from standard input): each goes to a file of its own, in
    // a directory that is removed whatever happens. Without a writable temporary directory, one by one.
    let directory: string;
    try {
      directory = mkdtempSync(join(tmpdir(), 'dfkit-shellcheck-'));
    } catch {
      return scripts.map(single);
    }
    try {
      const names = scripts.map((script, index) => {
        const name = `run-${index}`;
        writeFileSync(join(directory, name), script);
        return name;
      });
      const found = new Map<string, ShellCheckComment[]>();
      for (let from = 0; from < names.length; from += SCRIPTS_PER_PROCESS) {
        const result = spawnSync(binary, ['--format=json1', ...names.slice(from, from + SCRIPTS_PER_PROCESS)], {
          cwd: directory,
          encoding: 'utf8',
          maxBuffer: OUTPUT_LIMIT,
        });
        if (!result.error) for (const [name, comments] of commentsIn(result.stdout)) found.set(name, comments);
      }
      return names.map((name) => found.get(name) ?? []);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };
  return Object.assign(single, { batch });
}

/** The comments of ShellCheck's `json1` output by the file they are about (`-` for standard input). */
function commentsIn(output: string): Map<string, ShellCheckComment[]> {
  const byFile = new Map<string, ShellCheckComment[]>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return byFile;
  }
  const comments = (parsed as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments)) return byFile;
  for (const comment of comments as (ShellCheckComment & { file?: unknown })[]) {
    const file = typeof comment.file === 'string' ? comment.file : '-';
    const list = byFile.get(file);
    if (list) list.push(comment);
    else byFile.set(file, [comment]);
  }
  return byFile;
}

/** A runner that answers scripts checked ahead of time, and the way to check them. */
export interface PrefetchingRunner {
  readonly runner: ShellCheckRunner;
  /**
   * Checks, in one batch, every script the rule asks a collecting runner about while `collect` runs (lint the
   * files with a ShellCheck rule made from it); `runner` then answers those from memory.
   */
  prefetch(collect: (collector: ShellCheckRunner) => void): void;
}

/** Wraps `runner` so that scripts checked by `prefetch` are answered without starting ShellCheck again. */
export function answeringFirst(runner: ShellCheckRunner): PrefetchingRunner {
  const answers = new Map<string, readonly ShellCheckComment[]>();
  const checkAll = (scripts: readonly string[]): void => {
    const missing = [...new Set(scripts.filter((script) => !answers.has(script)))];
    if (missing.length === 0) return;
    const results = runner.batch ? runner.batch(missing) : missing.map((script) => runner(script));
    missing.forEach((script, index) => answers.set(script, results[index] ?? []));
  };
  const answer = (script: string): readonly ShellCheckComment[] => {
    checkAll([script]);
    return answers.get(script) ?? [];
  };
  const batch = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[]> => {
    checkAll(scripts);
    return scripts.map((script) => answers.get(script) ?? []);
  };
  return {
    runner: Object.assign(answer, { batch }),
    prefetch(collect) {
      const asked: string[] = [];
      const noAnswers = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[]> => {
        asked.push(...scripts);
        return scripts.map(() => []);
      };
      collect(Object.assign((script: string) => noAnswers([script])[0] ?? [], { batch: noAnswers }));
      checkAll(asked);
    },
  };
}
