/** Finding and running the `shellcheck` program for the ShellCheck pass-through rule. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellCheckComment, ShellCheckRunner } from '../shellcheck.js';
import { removeOnSignal } from './removal-on-signal.js';

/** A ShellCheck runner that can also check many scripts with one process per core at once. */
export interface ShellCheckProgram extends ShellCheckRunner {
  /**
   * The comments on each of `scripts`, in their order (`null` for a script ShellCheck did not check in time);
   * the scripts are shared between processes run side by side.
   */
  checkInParallel(scripts: readonly string[]): Promise<ReadonlyArray<readonly ShellCheckComment[] | null>>;
  /**
   * The comments on one script, checked without blocking (the script goes through standard input, so no file
   * is written); `null` when ShellCheck could not be run, wrote more than the output limit, or ran past
   * `timeoutMs` (it is then killed).
   */
  check(script: string, timeoutMs?: number): Promise<readonly ShellCheckComment[] | null>;
}

/** How the program is run. */
export interface ShellCheckProgramOptions {
  /**
   * How long one ShellCheck process may run before it is killed (default 20 s). ShellCheck takes milliseconds
   * on a usual RUN but can run for minutes on some scripts (thousands of nested `$(`, pipelines of thousands of
   * commands); a script that is not checked in time is answered `null`, so a lint always ends.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_SHELLCHECK_TIMEOUT_MS = 20_000;

const OUTPUT_LIMIT = 64 * 1024 * 1024;

/** How long `--version` may take: a program that hangs on it is not a ShellCheck to use. */
const PROBE_TIMEOUT_MS = 10_000;

/** Scripts handed to one process: keeps the command line far below the system's limit. */
const SCRIPTS_PER_PROCESS = 500;

/**
 * A runner for the `shellcheck` on PATH, or `null` when there is none. A file's RUNs are checked by one
 * process (`batch`): starting ShellCheck costs more than checking a RUN, so one process per RUN made it most of
 * a lint's time.
 */
export function findShellCheck(binary = 'shellcheck', settings: ShellCheckProgramOptions = {}): ShellCheckProgram | null {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_SHELLCHECK_TIMEOUT_MS;
  const env = environmentFor(process.env);
  const options = optionsOf(binary, env);
  if (options === null) return null;
  /** ShellCheck's standard output, or `null` when it failed to start, wrote too much or ran out of time. */
  const runSync = (args: readonly string[], where: { cwd?: string; input?: string }): string | null => {
    const result = spawnSync(binary, [...options, ...args], {
      ...where,
      env,
      encoding: 'utf8',
      maxBuffer: OUTPUT_LIMIT,
      timeout: timeoutMs,
      // Nothing is wanted from a process past its time, so it is not asked to finish its work first.
      killSignal: 'SIGKILL',
    });
    return result.error || result.signal !== null ? null : result.stdout;
  };
  const single = (script: string): readonly ShellCheckComment[] | null => {
    const output = runSync(['-'], { input: script });
    return output === null ? null : (commentsIn(output).get('-') ?? []);
  };
  const batch = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[] | null> => {
    if (scripts.length <= 1) return scripts.map(single);
    const files = writeScriptFiles(scripts);
    if (files === null) return scripts.map(single);
    try {
      const found = new Map<string, ShellCheckComment[]>();
      const unchecked = new Set<string>();
      for (let from = 0; from < files.names.length; from += SCRIPTS_PER_PROCESS) {
        const names = files.names.slice(from, from + SCRIPTS_PER_PROCESS);
        const output = runSync(names, { cwd: files.directory });
        if (output !== null) for (const [name, comments] of commentsIn(output)) found.set(name, comments);
        // One script ShellCheck cannot finish costs the whole group its answers: each is checked alone then.
        else if (names.length > 1) {
          for (const name of names) {
            const alone = runSync([name], { cwd: files.directory });
            if (alone === null) unchecked.add(name);
            else found.set(name, commentsIn(alone).get(name) ?? []);
          }
        } else unchecked.add(names[0] as string);
      }
      return files.inOrder(found, unchecked);
    } finally {
      files.remove();
    }
  };
  const checkInParallel = async (scripts: readonly string[]): Promise<ReadonlyArray<readonly ShellCheckComment[] | null>> => {
    if (scripts.length <= 1) return scripts.map(single);
    // ShellCheck checks its files one after the other: a process per core, each given an equal share.
    const processes = Math.min(availableParallelism(), scripts.length);
    const groups = Math.max(processes, Math.ceil(scripts.length / SCRIPTS_PER_PROCESS));
    const files = writeScriptFiles(scripts);
    if (files === null) return scripts.map(single);
    try {
      const where = { cwd: files.directory, env };
      const shares = Array.from({ length: groups }, (_, group) => files.names.filter((_, index) => index % groups === group));
      const found = new Map<string, ShellCheckComment[]>();
      const unchecked = new Set<string>();
      const checkShares = async (queue: readonly (readonly string[])[]): Promise<string[][]> => {
        const failed: string[][] = [];
        let next = 0;
        const worker = async (): Promise<void> => {
          for (let share = queue[next++]; share !== undefined; share = queue[next++]) {
            const output = await outputOf(binary, [...options, ...share], where, undefined, timeoutMs);
            if (output !== null) for (const [name, comments] of commentsIn(output)) found.set(name, comments);
            else failed.push([...share]);
          }
        };
        await Promise.all(Array.from({ length: Math.min(processes, queue.length) }, worker));
        return failed;
      };
      const failedShares = await checkShares(shares);
      // A share ShellCheck did not finish loses all its answers: its scripts are checked again one to a process,
      // so only the scripts that cannot be checked in time go without.
      const alone = failedShares.flatMap((share) => (share.length > 1 ? share.map((name) => [name]) : []));
      for (const share of failedShares) if (share.length === 1) unchecked.add(share[0] as string);
      for (const [name] of await checkShares(alone)) unchecked.add(name as string);
      return files.inOrder(found, unchecked);
    } finally {
      files.remove();
    }
  };
  const check = async (script: string, timeoutMs?: number): Promise<readonly ShellCheckComment[] | null> => {
    const output = await outputOf(binary, [...options, '-'], { cwd: process.cwd(), env }, script, timeoutMs);
    return output === null ? null : (commentsIn(output).get('-') ?? []);
  };
  return Object.assign(single, { batch, checkInParallel, check });
}

/** The scripts written one to a file, for ShellCheck to read, and what to do with its answers. */
interface ScriptFiles {
  readonly directory: string;
  /** The file of each script (`run-<index>`), in the scripts' order. */
  readonly names: readonly string[];
  /** The comments of each script, in order, from comments by file name; `null` for the files in `unchecked`. */
  inOrder(found: ReadonlyMap<string, ShellCheckComment[]>, unchecked: ReadonlySet<string>): (ShellCheckComment[] | null)[];
  /** Removes the directory; the caller does so whatever happens. */
  remove(): void;
}

/**
 * ShellCheck reads scripts from files (or one from standard input): each script goes to a file of its own in a
 * new temporary directory. `null` when none can be made (the caller then checks one script at a time).
 */
function writeScriptFiles(scripts: readonly string[]): ScriptFiles | null {
  let directory: string;
  try {
    directory = mkdtempSync(join(tmpdir(), 'dfkit-shellcheck-'));
  } catch {
    return null;
  }
  const forget = removeOnSignal(directory);
  const remove = (): void => {
    rmSync(directory, { recursive: true, force: true });
    forget();
  };
  try {
    const names = scripts.map((script, index) => {
      const name = `run-${index}`;
      writeFileSync(join(directory, name), script);
      return name;
    });
    const inOrder = (found: ReadonlyMap<string, ShellCheckComment[]>, unchecked: ReadonlySet<string>): (ShellCheckComment[] | null)[] =>
      names.map((name) => (unchecked.has(name) ? null : (found.get(name) ?? [])));
    return { directory, names, inOrder, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Where a ShellCheck process runs: its working directory and environment. */
interface RunPlace {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * ShellCheck's answers depend only on the Dockerfile and dfkit's configuration, as hadolint's (which builds
 * ShellCheck in) do: `SHELLCHECK_OPTS` would add options behind the configuration's back, so it is left out.
 */
function environmentFor(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { SHELLCHECK_OPTS: _ignored, ...rest } = environment;
  return rest;
}

/**
 * The options every check passes, or `null` when `binary` cannot be run. `--norc` keeps a `.shellcheckrc` (in
 * the home directory, or above the temporary files) out for the same reason; an old ShellCheck that does not
 * know it is run without.
 */
function optionsOf(binary: string, env: NodeJS.ProcessEnv): readonly string[] | null {
  const runs = (args: readonly string[]): boolean => {
    const probe = spawnSync(binary, [...args, '--version'], { encoding: 'utf8', env, timeout: PROBE_TIMEOUT_MS });
    return !probe.error && probe.status === 0;
  };
  if (runs(['--norc'])) return ['--norc', '--format=json1'];
  return runs([]) ? ['--format=json1'] : null;
}

/**
 * What `binary` writes to standard output (ShellCheck exits 1 when it has comments, so the exit status means
 * nothing here), or `null` when it cannot be started, writes more than the output limit or runs past
 * `timeoutMs`. `input` is written to its standard input, which is closed at once without one.
 */
function outputOf(binary: string, args: readonly string[], where: RunPlace, input?: string, timeoutMs?: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { ...where, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (): void => {
      failed = true;
      child.kill();
    };
    const timer = timeoutMs === undefined ? null : setTimeout(fail, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > OUTPUT_LIMIT) fail();
      else chunks.push(chunk);
    });
    if (child.stdin) {
      // A program that exits without reading all of its input closes the pipe: that is its answer, not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
    child.on('error', () => {
      if (timer) clearTimeout(timer);
      resolve(null);
    });
    child.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve(failed ? null : Buffer.concat(chunks).toString('utf8'));
    });
  });
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
   * Checks every script the rule asks a collecting runner about while `collect` runs (lint the files with a
   * ShellCheck rule made from it), side by side when the runner can (`checkInParallel`), else in one batch;
   * `runner` then answers those from memory.
   */
  prefetch(collect: (collector: ShellCheckRunner) => void): Promise<void>;
}

/** Wraps `runner` so that scripts checked by `prefetch` are answered without starting ShellCheck again. */
export function answeringFirst(runner: ShellCheckRunner | ShellCheckProgram): PrefetchingRunner {
  // `null`: ShellCheck was asked and did not answer in time; it is not asked again.
  const answers = new Map<string, readonly ShellCheckComment[] | null>();
  const answerTo = (script: string): readonly ShellCheckComment[] | null => {
    const answer = answers.get(script);
    return answer === undefined ? [] : answer;
  };
  const unanswered = (scripts: readonly string[]): string[] => [...new Set(scripts.filter((script) => !answers.has(script)))];
  const remember = (scripts: readonly string[], results: ReadonlyArray<readonly ShellCheckComment[] | null>): void => {
    scripts.forEach((script, index) => {
      const result = results[index];
      answers.set(script, result === undefined ? [] : result);
    });
  };
  const checkAll = (scripts: readonly string[]): void => {
    const missing = unanswered(scripts);
    if (missing.length === 0) return;
    remember(missing, runner.batch ? runner.batch(missing) : missing.map((script) => runner(script)));
  };
  const answer = (script: string): readonly ShellCheckComment[] | null => {
    checkAll([script]);
    return answerTo(script);
  };
  const batch = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[] | null> => {
    checkAll(scripts);
    return scripts.map(answerTo);
  };
  return {
    runner: Object.assign(answer, { batch }),
    async prefetch(collect) {
      const asked: string[] = [];
      const noAnswers = (scripts: readonly string[]): ReadonlyArray<readonly ShellCheckComment[]> => {
        asked.push(...scripts);
        return scripts.map(() => []);
      };
      collect(Object.assign((script: string) => noAnswers([script])[0] ?? [], { batch: noAnswers }));
      if (!('checkInParallel' in runner)) return checkAll(asked);
      const missing = unanswered(asked);
      if (missing.length > 0) remember(missing, await runner.checkInParallel(missing));
    },
  };
}
