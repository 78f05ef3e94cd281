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
  const found = (text: string): string[] =>
    rule
      ? lint(text, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character} ${text.slice(f.range.start.offset, f.range.end.offset)}`)
      : ['no shellcheck'];

  it('checks the body of a RUN that is one heredoc as the script, at its own lines', () => {
    expect(found('FROM alpine\nRUN <<EOF\necho ok\necho $1\nEOF\n')).toEqual(['SC2086@4:5 $1']);
    expect(found('FROM alpine\nRUN <<EOF\necho "$1"\nEOF\n')).toEqual([]);
  });

  it('drops the leading tabs of a `<<-` body and still places findings on the written column', () => {
    expect(found('FROM alpine\nRUN <<-EOF\n\t\techo $1\n\tEOF\n')).toEqual(['SC2086@3:7 $1']);
  });

  it('checks a heredoc script in the shell of its own #! line, and leaves other interpreters alone', () => {
    expect(found('FROM alpine\nRUN <<EOF\n#!/bin/bash\necho "$RANDOM"\nEOF\n')).toEqual([]);
    expect(found('FROM alpine\nRUN <<EOF\necho "$RANDOM"\nEOF\n')).toEqual(['SC3028@3:6 $RANDOM']);
    expect(found('FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint("$x")\nEOF\n')).toEqual([]);
    expect(found('FROM alpine\nSHELL ["pwsh", "-c"]\nRUN <<EOF\n#!/bin/sh\necho $1\nEOF\n')).toEqual(['SC2086@5:5 $1']);
    expect(found('FROM alpine\nSHELL ["pwsh", "-c"]\nRUN <<EOF\necho $1\nEOF\n')).toEqual([]);
  });

  it('knows ARG and ENV names inside a heredoc script, after its #! line', () => {
    expect(found('FROM alpine\nARG version\nRUN <<EOF\n#!/bin/sh\necho "$version" "$other"\nEOF\n')).toEqual(['SC2154@5:17 $other']);
  });

  it('checks the command line and the bodies it feeds, as the shell reads them', () => {
    expect(found('FROM alpine\nRUN cat <<EOF > /etc/motd\nhello\nEOF\n')).toEqual([]);
    expect(found('FROM alpine\nRUN echo $1 && cat <<EOF > /etc/motd\nhello\nEOF\n')).toEqual(['SC2086@2:9 $1']);
    expect(found('FROM alpine\nRUN cat <<EOF > /etc/motd\nhello $name\nEOF\n')).toEqual(['SC2154@3:6 $name']);
    expect(found("FROM alpine\nRUN cat <<'EOF' > /etc/motd\nhello $name\nEOF\n")).toEqual([]);
    expect(found('FROM alpine\nRUN cat <<A && cat <<B\n$one\nA\n$two\nB\n')).toEqual(['SC2154@3:0 $one', 'SC2154@5:0 $two']);
  });
});

describe('shellcheck answers about the whole script', () => {
  const rule = runner ? createShellCheckRule(runner) : null;
  const found = (text: string): string[] =>
    rule ? lint(text, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.character}`) : ['no shellcheck'];

  it('reports a script cut short at the command’s last character, like the rest of the parse error', () => {
    expect(found('FROM alpine\nRUN if true; then \\\n  echo\n')).toEqual(['SC1046@2:4-4', 'SC1073@2:4-4', 'SC1047@3:5-6', 'SC1072@3:5-6']);
  });

  it('reports what ShellCheck says about the shell itself on the command’s first line', () => {
    expect(found('FROM alpine\nSHELL ["/bin/zsh", "-c"]\nRUN echo $1\n')).toEqual(['SC1071@3:4-11']);
    // ShellCheck 0.9 calls a fish #! line unrecognised (SC1008), 0.10 and later unsupported (SC1071).
    expect(found('FROM alpine\nSHELL ["/usr/bin/fish", "-c"]\nRUN echo "$1"\n')).toEqual([
      expect.stringMatching(/^SC10(?:08|71)@3:4-13$/),
    ]);
  });

  it('checks `env bash` as bash and `busybox sh` as the ash ShellCheck reads as dash, and skips `env pwsh`', () => {
    expect(found('FROM alpine\nSHELL ["/usr/bin/env", "bash", "-c"]\nRUN echo "$RANDOM"\n')).toEqual([]);
    expect(found('FROM alpine\nSHELL ["/bin/busybox", "sh", "-c"]\nRUN echo "$RANDOM"\n')).toEqual(['SC3028@3:10-17']);
    expect(found('FROM alpine\nSHELL ["/usr/bin/env", "pwsh", "-c"]\nRUN echo $1\n')).toEqual([]);
  });

  it('reports a comment ShellCheck repeats at the same place once', () => {
    const repeating = createShellCheckRule((script) => {
      // The command is the script's last line: the #! line and the exports come first.
      const line = script.trimEnd().split('\n').length;
      const twice = { line, endLine: line, column: 6, endColumn: 8, level: 'info', code: 2086, message: 'Double quote' };
      return [twice, twice, { ...twice, column: 1, endColumn: 5 }];
    });
    const findings = lint('FROM alpine\nRUN echo $1\n', { rules: [repeating] }).findings;
    expect(findings.map((f) => `${f.code}@${f.range.start.character}`)).toEqual(['SC2086@4', 'SC2086@9']);
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
      expect(answers.map((comments) => comments?.map((comment) => comment.code))).toEqual([[2086], [2164]]);
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
      expect(answers.map((comments) => comments?.map((comment) => comment.code))).toEqual([[2086], [], [2164]]);
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

describe('shellcheck, a script not checked', () => {
  it('names the RUN whose script the runner did not answer, and reports the others’ findings', () => {
    const text = 'FROM alpine\nRUN echo $1\nRUN echo "too long for ShellCheck"\nRUN echo $2\n';
    // A comment on the `$` of the script's last line, as ShellCheck would make it.
    const answer = (script: string) => {
      if (script.includes('too long')) return null;
      const lines = script.trimEnd().split('\n');
      const column = (lines.at(-1) ?? '').indexOf('$') + 1;
      return [{ line: lines.length, endLine: lines.length, column, endColumn: column + 2, level: 'info', code: 2086, message: 'Double quote' }];
    };
    const unchecked: number[] = [];
    for (const runner of [answer, Object.assign(answer, { batch: (scripts: readonly string[]) => scripts.map(answer) })]) {
      unchecked.length = 0;
      const rule = createShellCheckRule(runner, { onUnchecked: (node) => unchecked.push(node.range.start.line + 1) });
      const findings = lint(text, { rules: [rule] }).findings.map((f) => `${f.code}@${f.range.start.line + 1} ${text.slice(f.range.start.offset, f.range.end.offset)}`);
      expect(findings).toEqual(['SC2086@2 $1', 'SC2086@4 $2']);
      expect(unchecked).toEqual([3]);
    }
  });
});
