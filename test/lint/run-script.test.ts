/** RUN scripts for rules: shell form, script heredocs and exec form, with exact source ranges. */
import { describe, expect, it } from 'vitest';
import { parse, type RunInstruction } from '../../src/parser/index.js';
import { runScripts } from '../../src/lint/run-script.js';

function runOf(text: string): RunInstruction {
  const run = parse(text).ast.instructions.find((i) => i.kind === 'RUN');
  if (run?.kind !== 'RUN') throw new Error('no RUN');
  return run;
}

function words(text: string): string[][] {
  return runScripts(runOf(text)).map((s) =>
    s.script.commands.map((c) => [c.name?.value ?? '', ...c.args.map((a) => a.value)].join(' ')),
  ).flat().map((c) => [c]);
}

describe('runScripts', () => {
  it('parses shell form across continuations and maps words back to the source', () => {
    const text = 'FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n';
    const [script] = runScripts(runOf(text));
    const install = script?.script.commands[1];
    const curl = install?.args[2];
    expect(curl?.value).toBe('curl');
    const range = script?.rangeOf(curl?.start ?? 0, curl?.end ?? 0);
    expect(text.slice(range?.start.offset, range?.end.offset)).toBe('curl');
    expect(range?.start.line).toBe(2);
  });

  it('parses heredoc scripts with ranges inside the body', () => {
    const text = 'FROM a\nRUN <<EOF\nset -e\napt-get install -y curl\nEOF\n';
    const scripts = runScripts(runOf(text));
    const body = scripts.find((s) => s.origin === 'heredoc');
    const install = body?.script.commands.find((c) => c.name?.value === 'apt-get');
    const word = install?.args[2];
    const range = body?.rangeOf(word?.start ?? 0, word?.end ?? 0);
    expect(text.slice(range?.start.offset, range?.end.offset)).toBe('curl');
    expect([range?.start.line, range?.start.character]).toEqual([3, 19]);
  });

  it('does not run heredocs that are data', () => {
    expect(runScripts(runOf('FROM a\nRUN cat <<EOF > /x\nrm -rf /\nEOF\n')).map((s) => s.origin)).toEqual(['command']);
    expect(runScripts(runOf('FROM a\nRUN bash <<EOF\nls\nEOF\n')).map((s) => s.origin)).toEqual(['command', 'heredoc']);
  });

  // Each case: the RUN (bodies are named after their heredoc) and the bodies the build runs as shell scripts.
  it.each([
    ['RUN <<A\nA-body\nA', ['A-body']],
    ['RUN <<-A\n\tA-body\n\tA', ['\tA-body']],
    ['RUN 3<<A\nA-body\nA', ['A-body']],
    // BuildKit runs a lone heredoc with a #! line by that interpreter.
    ['RUN <<A\n#!/usr/bin/env python3\nA-body\nA', []],
    ['RUN <<A\n#!/usr/bin/env -S bash -e\nA-body\nA', ['#!/usr/bin/env -S bash -e\nA-body']],
    ['RUN <<A\n#!/bin/busybox sh\nA-body\nA', ['#!/bin/busybox sh\nA-body']],
    // With no command and two heredocs the shell gets only redirections and runs neither body.
    ['RUN <<A <<B\nA-body\nA\nB-body\nB', []],
    // A shell reading the body on standard input runs it; options do not change that.
    ['RUN bash <<A\nA-body\nA', ['A-body']],
    ['RUN /bin/sh -eux <<A\nA-body\nA', ['A-body']],
    ['RUN bash -o pipefail --norc <<A\nA-body\nA', ['A-body']],
    ['RUN sh -s -- x y <<A\nA-body\nA', ['A-body']],
    ['RUN if true; then sh <<A ; fi\nA-body\nA', ['A-body']],
    // Data: another program, another descriptor, or a shell that already has its program.
    ['RUN bash <<A && cat <<B > /etc/motd\nA-body\nA\nB-body\nB', ['A-body']],
    ['RUN cat <<B > /x && bash <<A\nB-body\nB\nA-body\nA', ['A-body']],
    ['RUN python3 <<A\nA-body\nA', []],
    ['RUN bash 3<<A\nA-body\nA', []],
    ['RUN bash -c "cat" <<A\nA-body\nA', []],
    ['RUN bash -ec "cat" <<A\nA-body\nA', []],
    ['RUN bash script.sh <<A\nA-body\nA', []],
    ['RUN $SHELL <<A\nA-body\nA', []],
    ['RUN echo "$(cat <<A)"\nA-body\nA', []],
  ])('%j runs %j as scripts', (run, bodies) => {
    const scripts = runScripts(runOf(`FROM a\n${run}\n`)).filter((s) => s.origin === 'heredoc');
    expect(scripts.map((s) => s.text.replace(/\n$/, ''))).toEqual(bodies);
  });

  it('reads exec form as one command whose words map to the JSON strings', () => {
    const text = 'FROM a\nRUN ["apt-get", "install", "it\'s"]';
    const [script] = runScripts(runOf(text));
    expect(words(text)).toEqual([["apt-get install it's"]]);
    const arg = script?.script.commands[0]?.args[1];
    const range = script?.rangeOf(arg?.start ?? 0, arg?.end ?? 0);
    expect(text.slice(range?.start.offset, range?.end.offset)).toBe('"it\'s"');
  });
});
