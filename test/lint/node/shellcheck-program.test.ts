/** ShellCheck runners: every file's RUNs checked by one process, answers then taken from memory, one script checked without blocking. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { answeringFirst, findShellCheck } from '../../../src/lint/node/shellcheck-program.js';
import { createShellCheckRule, lint } from '../../../src/lint/index.js';
import type { ShellCheckComment, ShellCheckRunner } from '../../../src/lint/index.js';

/** A stand-in for ShellCheck that reports one comment per `$` on the script's last line, and counts its runs. */
function fakeShellCheck(): { runner: ShellCheckRunner; processes: string[][] } {
  const processes: string[][] = [];
  const check = (script: string): ShellCheckComment[] => {
    const lines = script.split('\n').filter((line) => line !== '');
    const last = lines[lines.length - 1] ?? '';
    const comments: ShellCheckComment[] = [];
    for (let at = last.indexOf('$'); at !== -1; at = last.indexOf('$', at + 1)) {
      comments.push({ line: lines.length, endLine: lines.length, column: at + 1, endColumn: at + 3, level: 'info', code: 2086, message: 'quote it' });
    }
    return comments;
  };
  const batch = (scripts: readonly string[]) => {
    processes.push([...scripts]);
    return scripts.map(check);
  };
  return { runner: Object.assign((script: string) => batch([script])[0] ?? [], { batch }), processes };
}

describe('answeringFirst', () => {
  const files = ['FROM a\nRUN echo $1\nRUN echo ok\n', 'FROM b\nRUN echo $2 $3\n', 'FROM c\nRUN echo $1\n'];

  it('checks the RUNs of every file with one process, then answers each file from memory', async () => {
    const fake = fakeShellCheck();
    const shellcheck = answeringFirst(fake.runner);
    await shellcheck.prefetch((collect) => {
      for (const text of files) lint(text, { rules: [createShellCheckRule(collect)] });
    });
    expect(fake.processes).toHaveLength(1);
    // The same script in two files is checked once.
    expect(fake.processes[0]).toHaveLength(3);
    const rule = createShellCheckRule(shellcheck.runner);
    const found = files.map((text) => lint(text, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character}`));
    expect(found).toEqual([['SC2086@2:9'], ['SC2086@2:9', 'SC2086@2:12'], ['SC2086@2:9']]);
    expect(fake.processes).toHaveLength(1);
    // What was not checked ahead (a fix changed a RUN) is checked when asked.
    expect(lint('FROM a\nRUN echo $9 && true\n', { rules: [rule] }).findings).toHaveLength(1);
    expect(fake.processes).toHaveLength(2);
  });

  it('finds with the real ShellCheck what checking each file on its own finds', async () => {
    const real = findShellCheck();
    expect(real).not.toBeNull();
    if (!real) return;
    const texts = [...files, 'FROM d\nRUN cd /tmp; echo "$undefined_name"\n'];
    const alone = texts.map((text) => lint(text, { rules: [createShellCheckRule(real)] }).findings.map((f) => [f.code, f.message, f.range.start.offset]));
    const shellcheck = answeringFirst(real);
    await shellcheck.prefetch((collect) => {
      for (const text of texts) lint(text, { rules: [createShellCheckRule(collect)] });
    });
    const rule = createShellCheckRule(shellcheck.runner);
    expect(texts.map((text) => lint(text, { rules: [rule] }).findings.map((f) => [f.code, f.message, f.range.start.offset]))).toEqual(alone);
    expect(alone.flat().length).toBeGreaterThan(3);
  });
});

describe('findShellCheck', () => {
  it('checks scripts side by side with the answers one process gives, in order, and leaves no files', async () => {
    const real = findShellCheck();
    expect(real).not.toBeNull();
    if (!real) return;
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('dfkit-shellcheck-')).length;
    const scripts = Array.from({ length: 9 }, (_, index) =>
      index % 3 === 0 ? `#!/bin/sh\necho ok ${index}\n` : `#!/bin/sh\ncd /tmp${index}; echo $undefined_${index} \`date\`\n`,
    );
    const parallel = await real.checkInParallel(scripts);
    expect(parallel).toEqual(real.batch?.(scripts));
    expect(parallel.map((comments) => (comments?.length ?? 0) > 0)).toEqual(scripts.map((_, index) => index % 3 !== 0));
    expect(parallel[4]?.map((comment) => comment.code)).toContain(2006);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('dfkit-shellcheck-')).length).toBe(before);
  });
});

describe('findShellCheck and the user’s ShellCheck settings', () => {
  it('answers the same whatever a .shellcheckrc or SHELLCHECK_OPTS says, as hadolint does', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'dfkit-shellcheckrc-'));
    const saved = { TMPDIR: process.env.TMPDIR, SHELLCHECK_OPTS: process.env.SHELLCHECK_OPTS };
    // The batch's files are written below TMPDIR, where ShellCheck would find this file; the options hide the rest.
    writeFileSync(join(scratch, '.shellcheckrc'), 'disable=SC2086\n');
    process.env.TMPDIR = scratch;
    process.env.SHELLCHECK_OPTS = '--exclude=SC2154 --severity=error';
    try {
      const program = findShellCheck();
      expect(program).not.toBeNull();
      const scripts = ['#!/bin/sh\necho $x\n', '#!/bin/sh\necho $y\n'];
      const codes = (answers: ReadonlyArray<readonly ShellCheckComment[] | null>) => answers.map((comments) => comments?.map((c) => c.code));
      expect(codes(program!.batch?.(scripts) ?? [])).toEqual([[2154, 2086], [2154, 2086]]);
      expect(codes(await program!.checkInParallel(scripts))).toEqual([[2154, 2086], [2154, 2086]]);
      expect(codes([await program!.check(scripts[0]!)])).toEqual([[2154, 2086]]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('ShellCheckProgram.check', () => {
  it('checks one script through standard input, without blocking and without writing a file', async () => {
    const program = findShellCheck();
    expect(program, 'shellcheck must be installed (CI installs it)').not.toBeNull();
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('dfkit-shellcheck-')).length;
    const comments = await program!.check('#!/bin/sh\necho $1\n');
    expect(comments?.map((comment) => [comment.code, comment.line, comment.column])).toEqual([[2086, 2, 6]]);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('dfkit-shellcheck-')).length).toBe(before);
  });

  it('kills a ShellCheck that runs past the time limit and answers null', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dfkit-slow-shellcheck-'));
    try {
      const binary = join(work, 'shellcheck');
      const pidFile = join(work, 'pid');
      writeFileSync(binary, `#!/bin/sh\ncase " $* " in *' --version '*) exit 0;; esac\necho $$ > '${pidFile}'\nexec sleep 30\n`, { mode: 0o755 });
      const program = findShellCheck(binary);
      const started = performance.now();
      expect(await program!.check('echo hi\n', 300)).toBeNull();
      expect(performance.now() - started).toBeLessThan(10_000);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('answers null when the program cannot be started', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dfkit-gone-shellcheck-'));
    try {
      const binary = join(work, 'shellcheck');
      writeFileSync(binary, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const program = findShellCheck(binary);
      expect(program).not.toBeNull();
      rmSync(binary);
      expect(await program!.check('echo $1\n')).toBeNull();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('a ShellCheck that does not finish', () => {
  // ShellCheck 0.9/0.10 runs for minutes on thousands of nested command substitutions (measured: past 20 s).
  const endless = `#!/bin/sh\necho ${'$('.repeat(5000)}x${')'.repeat(5000)}\n`;
  const quick = ['#!/bin/sh\necho $1\n', '#!/bin/sh\ncd /x\n', '#!/bin/sh\necho ok\n'];
  const codes = (answers: ReadonlyArray<readonly ShellCheckComment[] | null>) => answers.map((comments) => comments?.map((comment) => comment.code) ?? null);
  const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('dfkit-shellcheck-')).length;
  const program = findShellCheck('shellcheck', { timeoutMs: 1000 });

  it('answers null for a script it could not check, and the other scripts of its process as usual', async () => {
    expect(program, 'shellcheck must be installed (CI installs it)').not.toBeNull();
    const before = leftovers();
    const scripts = [quick[0] as string, endless, quick[1] as string, quick[2] as string];
    expect(codes(program!.batch?.(scripts) ?? [])).toEqual([[2086], null, [2164], []]);
    expect(codes(await program!.checkInParallel([...scripts, ...scripts.map((script) => `${script}# again\n`)]))).toEqual([
      [2086],
      null,
      [2164],
      [],
      [2086],
      null,
      [2164],
      [],
    ]);
    expect(program!(endless)).toBeNull();
    expect(await program!.check(endless, 1000)).toBeNull();
    expect(leftovers()).toBe(before);
  }, 120_000);

  it('is not asked again about a script it did not answer, and the answer stays null', async () => {
    const asked: string[] = [];
    const runner = Object.assign((script: string) => (asked.push(script), script === endless ? null : []), {
      batch: (scripts: readonly string[]) => scripts.map((script) => (asked.push(script), script === endless ? null : [])),
    });
    const shellcheck = answeringFirst(runner);
    await shellcheck.prefetch((collect) => collect.batch?.([endless, quick[0] as string]));
    expect(shellcheck.runner(endless)).toBeNull();
    expect(shellcheck.runner.batch?.([endless, quick[0] as string])).toEqual([null, []]);
    expect(asked).toEqual([endless, quick[0]]);
  });
});
