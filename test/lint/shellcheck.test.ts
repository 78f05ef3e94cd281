/** ShellCheck pass-through with the real `shellcheck` program (CI installs Debian's package). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findShellCheck } from '../../src/lint/node/shellcheck-program.js';
import { createShellCheckRule, lint, type LintOptions } from '../../src/lint/index.js';

const runner = findShellCheck();

describe('shellcheck', () => {
  it('is installed (CI installs Debian’s shellcheck package)', () => {
    expect(runner).not.toBeNull();
  });

  const rule = runner ? createShellCheckRule(runner) : null;
  const check = (text: string, options: LintOptions = {}) =>
    rule ? lint(text, { ...options, rules: [rule] }).findings.map((f) => [f.code, f.severity, text.slice(f.range.start.offset, f.range.end.offset), f.range.start.line + 1]) : [];

  it('reports findings with their own code and level at the exact place, across continuations', () => {
    expect(check('FROM alpine\nRUN echo hello && \\\n    echo $1\n')).toEqual([['SC2086', 'info', '$1', 3]]);
  });

  it('knows ARG and ENV names, like hadolint', () => {
    expect(check('FROM alpine\nARG version\nENV home_dir=/app\nRUN echo "$version $home_dir $http_proxy"\n')).toEqual([]);
    expect(check('FROM alpine\nRUN echo "$unknown_thing"\n').map((f) => f[0])).toEqual(['SC2154']);
  });

  it('honours ignore pragmas, ignore lists and severity overrides by SC code', () => {
    expect(check('FROM alpine\n# hadolint ignore=SC2086\nRUN echo $1\n')).toEqual([]);
    expect(check('FROM alpine\nRUN echo $1\n', { ignored: ['SC2086'] })).toEqual([]);
    expect(check('FROM alpine\nRUN echo $1\n', { severities: { SC2086: 'error' } })[0]?.[1]).toBe('error');
  });

  it('skips exec form and non-POSIX shells', () => {
    expect(check('FROM alpine\nRUN ["sh", "-c", "echo $1"]\n')).toEqual([]);
    expect(check('FROM mcr.microsoft.com/powershell\nSHELL ["pwsh", "-Command"]\nRUN echo $1\n')).toEqual([]);
  });
});

describe('shellcheck and the shell pragma', () => {
  const rule = runner ? createShellCheckRule(runner) : null;
  const codes = (text: string): string[] => (rule ? lint(text, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1}`) : []);

  it.skipIf(!rule)('skips RUNs after a pragma naming a non-POSIX shell, up to the next unrelated stage', () => {
    expect(codes('FROM mcr.microsoft.com/powershell\n# hadolint shell=pwsh\nRUN echo $1\nFROM debian:12\nRUN echo $2\n')).toEqual(['SC2086@5']);
    expect(codes('FROM mcr.microsoft.com/powershell\nRUN echo $1\n# hadolint shell=powershell.exe\nRUN echo $2\n')).toEqual(['SC2086@2']);
  });

  it.skipIf(!rule)('takes a pragma before the first FROM as every stage’s shell, and passes it on to stages built on a stage', () => {
    expect(codes('# hadolint shell=powershell\nFROM a\nRUN echo $1\nFROM b\nRUN echo $2\n')).toEqual([]);
    expect(codes('FROM a AS base\n# hadolint shell=pwsh # Windows\nFROM base\nRUN echo $1\nFROM c\nRUN echo $2\n')).toEqual(['SC2086@6']);
  });

  it.skipIf(!rule)('lets a later SHELL take over from the pragma', () => {
    expect(codes('# hadolint shell=powershell\nFROM a\nSHELL ["/bin/sh", "-c"]\nRUN echo $1\n')).toEqual(['SC2086@4']);
  });

  it.skipIf(!rule)('checks with the POSIX shell a pragma names', () => {
    expect(codes('FROM a\nRUN echo "$RANDOM"\n')).not.toEqual([]);
    expect(codes('FROM a\n# hadolint shell=bash\nRUN echo "$RANDOM"\n')).toEqual([]);
  });

  it.skipIf(!rule)('gives ONBUILD triggers the ENV names but not the ARG names of the build', () => {
    expect(codes('FROM a\nENV home=/app\nONBUILD RUN echo "$home"\n')).toEqual([]);
    expect(codes('FROM a\nARG version\nONBUILD RUN echo "$version"\n')).toEqual(['SC2154@3']);
  });
});

describe('shellcheck and heredocs', () => {
  const rule = runner ? createShellCheckRule(runner) : null;
  it('checks the command line of a RUN that feeds a heredoc, and leaves a script heredoc alone', () => {
    const codes = (text: string): string[] => (rule ? lint(text, { rules: [rule] }).findings.map((f) => f.code) : ['no shellcheck']);
    expect(codes('FROM alpine\nRUN <<EOF\necho $1\nEOF\n')).toEqual([]);
    expect(codes('FROM alpine\nRUN cat <<EOF > /etc/motd\nhello\nEOF\n')).toEqual([]);
    expect(codes('FROM alpine\nRUN echo $1 && cat <<EOF > /etc/motd\nhello\nEOF\n')).toEqual(['SC2086']);
  });
});

describe('shellcheck, many RUNs at once', () => {
  const file = [
    'FROM alpine AS base',
    'ARG version',
    'RUN echo $1 && echo "$version"',
    'RUN cd /tmp; echo $unknown_one',
    '# hadolint shell=bash',
    'RUN echo "$RANDOM" $2',
    'ONBUILD RUN echo "$version"',
    'FROM base',
    'SHELL ["/bin/sh", "-c"]',
    'RUN echo $3 && cat <<EOF > /x',
    'body $4',
    'EOF',
    'RUN ["sh", "-c", "echo $5"]',
    'FROM debian:12',
    'RUN echo $6',
    '',
  ].join('\n');

  it.skipIf(!runner)('checks a file’s RUNs with one process, finding what one process per RUN finds', () => {
    const single = runner as NonNullable<typeof runner>;
    let batches = 0;
    const counting = Object.assign((script: string) => single(script), {
      batch: (scripts: readonly string[]) => {
        batches++;
        return single.batch?.(scripts) ?? scripts.map(single);
      },
    });
    const findings = (rule: ReturnType<typeof createShellCheckRule>) =>
      lint(file, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.character} ${f.message}`);
    const oneByOne = findings(createShellCheckRule((script: string) => single(script)));
    const together = findings(createShellCheckRule(counting));
    expect(batches).toBe(1);
    expect(together).toEqual(oneByOne);
    expect(new Set(together.map((finding) => finding.split(':')[0]))).toEqual(new Set(['SC2086@3', 'SC2164@4', 'SC2086@4', 'SC2154@4', 'SC2086@6', 'SC2154@7', 'SC2086@10', 'SC2086@15']));
  });

  it.skipIf(!runner)('checks one by one when no temporary directory can be made', () => {
    const single = runner as NonNullable<typeof runner>;
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = join(tmpdir(), 'dfkit-no-such-directory', 'below');
    try {
      const answers = single.batch?.(['#!/bin/sh\necho $1\n', '#!/bin/sh\ncd /x\n']) ?? [];
      expect(answers.map((comments) => comments.map((comment) => comment.code))).toEqual([[2086], [2164]]);
    } finally {
      restoreTmpdir(previous);
    }
  });

  it.skipIf(!runner)('leaves no files behind, and answers each script in order', () => {
    const single = runner as NonNullable<typeof runner>;
    const previous = process.env.TMPDIR;
    const scratch = mkdtempSync(join(tmpdir(), 'dfkit-shellcheck-test-'));
    process.env.TMPDIR = scratch;
    try {
      const answers = single.batch?.(['#!/bin/sh\necho $1\n', '#!/bin/sh\necho ok\n', '#!/bin/sh\ncd /x\n']) ?? [];
      expect(answers.map((comments) => comments.map((comment) => comment.code))).toEqual([[2086], [], [2164]]);
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      restoreTmpdir(previous);
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/** Puts back the TMPDIR a test replaced (unset stays unset: assigning undefined would set the text "undefined"). */
function restoreTmpdir(previous: string | undefined): void {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
}
