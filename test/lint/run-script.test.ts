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

  it('reads exec form as one command whose words map to the JSON strings', () => {
    const text = 'FROM a\nRUN ["apt-get", "install", "it\'s"]';
    const [script] = runScripts(runOf(text));
    expect(words(text)).toEqual([["apt-get install it's"]]);
    const arg = script?.script.commands[0]?.args[1];
    const range = script?.rangeOf(arg?.start ?? 0, arg?.end ?? 0);
    expect(text.slice(range?.start.offset, range?.end.offset)).toBe('"it\'s"');
  });
});
