import { describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { completion } from '../../src/lsp/completion.js';
import { SAMPLE } from './fixture.js';

/** Completion at the `|` in `text`. */
function complete(text: string): CompletionItem[] {
  const offset = text.indexOf('|');
  const source = text.slice(0, offset) + text.slice(offset + 1);
  const before = source.slice(0, offset);
  const line = before.split('\n').length - 1;
  return completion(analyze(source), { line, character: offset - (before.lastIndexOf('\n') + 1) });
}
const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label);
const withLine = (line: string): string => SAMPLE.replace('RUN echo $APP_HOME', line);

describe('completion', () => {
  it('offers instruction keywords at the start of an instruction, in the case being typed', () => {
    expect(labels(complete('FROM alpine\nCO|\n'))).toEqual(expect.arrayContaining(['COPY', 'RUN', 'HEALTHCHECK']));
    expect(labels(complete('FROM alpine\nco|\n'))).toContain('copy');
    expect(complete('FROM alpine\nCO|\n').find((i) => i.label === 'COPY')?.textEdit).toEqual({
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } },
      newText: 'COPY ',
    });
    expect(labels(complete('FROM alpine\nONBUILD |\n'))).not.toContain('FROM');
    // A continuation line is not the start of an instruction.
    expect(labels(complete('FROM alpine\nRUN a && \\\n  |\n'))).not.toContain('COPY');
  });

  it('offers the flags of the instruction, not repeating a used one', () => {
    expect(labels(complete('FROM alpine\nCOPY --|\n'))).toEqual(['--from', '--chown', '--chmod', '--link', '--exclude', '--parents']);
    expect(labels(complete('FROM alpine\nCOPY --from=a --|\n'))).not.toContain('--from');
    expect(labels(complete('FROM alpine\nRUN --mount=type=cache,target=/a --|\n'))).toContain('--mount');
    expect(labels(complete('FROM alpine\nRUN --network=|\n'))).toEqual(['default', 'none', 'host']);
    // Flags come before the first argument; after it, `--x` is an argument.
    expect(complete('FROM alpine\nCOPY a --|\n')).toEqual([]);
    expect(complete('FROM alpine\nRUN --network=none echo -|\n')).toEqual([]);
  });

  it('reads only the word being typed on a long line (a line of thousands of `--a` once took seconds)', () => {
    expect(labels(complete(`FROM alpine\nRUN ${'--a '.repeat(30_000)}--network=|\n`))).toEqual(['default', 'none', 'host']);
    expect(complete(`FROM alpine\nRUN echo ${'--a'.repeat(40_000)}\u0000|\n`)).toEqual([]);
    // A flag starts its word: `x--network=` is no flag.
    expect(complete('FROM alpine\nRUN x--network=|\n')).toEqual([]);
  });

  it('offers --mount options and their values', () => {
    const first = labels(complete('FROM alpine\nRUN --mount=|\n'));
    expect(first[0]).toBe('type=cache,target=…');
    expect(first).toEqual(expect.arrayContaining(['type', 'target', 'from', 'source']));
    expect(labels(complete('FROM alpine\nRUN --mount=type=|\n'))).toEqual(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    const cache = labels(complete('FROM alpine\nRUN --mount=type=cache,|\n'));
    expect(cache).toEqual(expect.arrayContaining(['target', 'sharing', 'id']));
    expect(cache).not.toContain('type');
    expect(cache).not.toContain('size');
    expect(labels(complete('FROM alpine\nRUN --mount=type=cache,sharing=|\n'))).toEqual(['shared', 'private', 'locked']);
  });

  it('offers earlier stage names after --from=, from= and FROM', () => {
    expect(labels(complete(withLine('COPY --from=| /a /b')))).toEqual(['build']);
    expect(labels(complete(withLine('RUN --mount=type=bind,from=| ls')))).toEqual(['build']);
    expect(labels(complete(SAMPLE.replace('FROM alpine:3.19', 'FROM |')))).toEqual(['build', 'test']);
    expect(labels(complete('FROM alpine AS base\nFROM base |\n'))).toEqual(['AS']);
  });

  it('offers the ARG and ENV names visible at the cursor', () => {
    expect(labels(complete(withLine('RUN echo ${|}')))).toEqual(expect.arrayContaining(['APP_HOME', 'MODE']));
    // VERSION is an ARG of the stage `build`: a stage built on it does not see it without declaring it.
    expect(labels(complete(withLine('RUN echo $|')))).not.toContain('VERSION');
    const fromLine = labels(complete('ARG TAG=1\nFROM alpine:$|\n'));
    expect(fromLine).toEqual(expect.arrayContaining(['TAG', 'TARGETARCH', 'BUILDPLATFORM']));
    const item = complete('FROM alpine\nARG NAME=x\nRUN echo ${NA|}\n').find((i) => i.label === 'NAME');
    expect(item?.detail).toBe('ARG = x');
    expect(item?.textEdit).toEqual({ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 13 } }, newText: 'NAME' });
  });

  it('offers no variable without a name', () => {
    expect(labels(complete('FROM alpine\nENV =true\nRUN echo $|\n'))).not.toContain('');
    expect(labels(complete('FROM alpine\nARG =x\nRUN echo ${|}\n'))).not.toContain('');
    expect(labels(complete('ARG =x\nFROM alpine:$|\n'))).not.toContain('');
    expect(labels(complete('FROM alpine\nENV =true\n$|'))).not.toContain('');
  });
});
