/**
 * The incremental parser is exact: after any sequence of edits, `parser.parse(text)` equals a fresh
 * `parse(text)` — every node, range, position and diagnostic. And it reuses: instructions that end before the
 * first changed character are the previous version's objects, and so are those after the changed lines, moved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDockerfile } from '../../bench/corpus.js';
import { editOrUndoArbitrary, exampleDockerfiles, nextText, type Edit, type UNDO } from '../edit-sequences.js';
import { createParser, parse, print, type ParseOptions, type Position } from '../../src/parser/index.js';

const PIECES = [
  'FROM debian:12 AS build\n', 'FROM alpine\n', 'ARG V=1\n', 'RUN apt-get update\n', 'RUN a \\\n  b\n', 'RUN a \\\n\n b\n',
  'RUN a \\\n# note\n b\n', 'RUN <<EOF\nls\nEOF\n', 'RUN <<-EOF cat >x\n\tsudo ls\n\tEOF\n', 'COPY <<A <<B /x\na\nA\nb\nB\n',
  'RUN <<EOF\nunterminated\n', 'SHELL ["/bin/bash", "-c"]\n', '# comment\n', '# hadolint ignore=DL3008\n', '# escape=`\n',
  '# syntax=docker/dockerfile:1\n', '\ufeff', 'RUN apt-get install `\n  curl\n', 'WORKDIR app\n', 'COPY a b c\n', '  RUN x\n',
  '\r\n', 'RUN x\r\n', '\n', '\\\n', 'RUN echo "unterminated\n', 'ENV A=1 B="two words"\n', 'LABEL a=b\n', 'EXPOSE 80/tcp\n',
  'HEALTHCHECK --interval=5s CMD true\n', 'ONBUILD RUN x\n', 'CMD ["a", "b"]\n', 'BOGUS x\n', 'RUN --mount=type=cache,target=/x y\n',
];
const INSERTS = ['a', ' ', '\n', '\r\n', '\\', '\\\n', '`', '#', '"', '<<EOF\n', 'EOF\n', '<<', '\t', '\n\n', ...PIECES];

const edit = editOrUndoArbitrary(INSERTS);

const observable = (text: string, options: ParseOptions, result: ReturnType<typeof parse>): string => {
  expect(print(result.ast)).toBe(text);
  return JSON.stringify(result);
};

function checkSession(start: string, edits: ReadonlyArray<Edit | typeof UNDO>, options: ParseOptions): void {
  const parser = createParser(options);
  const versions = [start];
  let text = start;
  expect(observable(text, options, parser.parse(text))).toBe(observable(text, options, parse(text, options)));
  for (const step of edits) {
    text = nextText(versions, step);
    versions.push(text);
    expect(observable(text, options, parser.parse(text)), JSON.stringify(text)).toBe(observable(text, options, parse(text, options)));
  }
}

/** A position's numbers, read now. */
const place = (position: Position | undefined) => position && { line: position.line, character: position.character, offset: position.offset };

const OPTIONS: readonly ParseOptions[] = [{}, { instructionChecks: false }];

describe('createParser', () => {
  it('agrees with parse() after random edits of pieced-together Dockerfiles', () => {
    const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(fc.property(pieces, fc.array(edit, { minLength: 1, maxLength: 12 }), fc.constantFrom(...OPTIONS), checkSession), {
      numRuns: 600,
    });
  });

  it('agrees with parse() after random edits of corpus-like and example Dockerfiles', () => {
    const files = [...exampleDockerfiles(), generateDockerfile(1), generateDockerfile(2).replace(/\n/g, '\r\n'), generateDockerfile(3) + generateDockerfile(4)];
    fc.assert(fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 10 }), fc.constantFrom(...OPTIONS), checkSession), {
      numRuns: 150,
    });
  });

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['a continuation marker added to the last reusable line', 'FROM a\nRUN x\nRUN y\n', 'FROM a\nRUN x \\\nRUN y\n'],
    ['a heredoc opened on the last reusable line', 'FROM a\nRUN cat\nEOF\nRUN y\n', 'FROM a\nRUN cat <<EOF\nEOF\nRUN y\n'],
    ['the escape directive changed', '# escape=\\\nFROM a\nRUN x `\ny\n', '# escape=`\nFROM a\nRUN x `\ny\n'],
    ['a comment attached to the next instruction', 'FROM a\nRUN x\n\nRUN y\n', 'FROM a\nRUN x\n# about y\nRUN y\n'],
    ['the last instruction without a line break', 'FROM a\nRUN x', 'FROM a\nRUN x y'],
    ['text appended after the last line', 'FROM a\nRUN x\n', 'FROM a\nRUN x\nRUN y\n'],
    ['everything deleted', 'FROM a\nRUN x\n', ''],
    ['an instruction before the first FROM removed', 'RUN x\nFROM a\nRUN y\n', 'FROM a\nRUN y\n'],
    ['CRLF line ends', 'FROM a\r\nRUN x\r\nRUN y\r\n', 'FROM a\r\nRUN x\r\nRUN yz\r\n'],
    ['a heredoc opened that swallows later instructions', 'FROM a\nRUN x\nRUN y\nEOF\nRUN z\n', 'FROM a\nRUN x <<EOF\nRUN y\nEOF\nRUN z\n'],
    ['a heredoc closed before later instructions', 'FROM a\nRUN x <<EOF\nRUN y\nRUN z\n', 'FROM a\nRUN x <<EOF\nEOF\nRUN y\nRUN z\n'],
    ['a continuation that swallows the next line', 'FROM a\nRUN x\nRUN y\nRUN z\n', 'FROM a\nRUN x \\\nRUN y\nRUN z\n'],
    ['a comment detached by a blank line', 'FROM a\nRUN x\n# about y\nRUN y\nRUN z\n', 'FROM a\nRUN x\n# about y\n\nRUN y\nRUN z\n'],
    ['lines added before an ONBUILD trigger', 'FROM a\nRUN x\nONBUILD RUN y\n', 'FROM a\nRUN x\n\n\nONBUILD RUN y\n'],
    ['an instruction split in two', 'FROM a\nRUN x y\nRUN z\nBOGUS q\n', 'FROM a\nRUN x\nRUN y\nRUN z\nBOGUS q\n'],
    ['a line added after a continuation at the end of the file', 'FROM a\nRUN x \\\n', 'FROM a\nRUN x \\\ny'],
    ['a line added after a continuation and blank and comment lines', 'FROM a\nRUN x \\\n\n# c\n', 'FROM a\nRUN x \\\n\n# c\ny\n'],
    ['the first FROM removed before later stages', 'FROM a\nRUN x\nFROM b AS b\nRUN y\n', 'RUN x\nFROM b AS b\nRUN y\n'],
  ];
  it.each(cases)('is exact for %s', (_name, before, after) => {
    for (const options of OPTIONS) {
      const parser = createParser(options);
      for (const text of [before, after, before, after]) {
        expect(observable(text, options, parser.parse(text))).toBe(observable(text, options, parse(text, options)));
      }
    }
  });

  it('reuses the instructions before the first changed character as they are', () => {
    const parser = createParser();
    const first = parser.parse('FROM a\nRUN one\nRUN two\nRUN three\n');
    const second = parser.parse('FROM a\nRUN one\nRUN two!\nRUN three\n');
    const [from, one, two] = first.ast.instructions;
    expect(second.ast.instructions[0]).toBe(from);
    expect(second.ast.instructions[1]).toBe(one);
    expect(second.ast.instructions[2]).not.toBe(two);
    // An edit on the first line reuses nothing before it.
    const third = parser.parse('FROM b\nRUN one\nRUN two!\nRUN three\n');
    expect(third.ast.instructions[0]).not.toBe(second.ast.instructions[0]);
    expect(third.ast.instructions[1]).toBe(one);
  });

  it('reuses the instructions after the changed lines, moved to their new place', () => {
    const parser = createParser();
    const first = parser.parse('FROM a\nRUN one\nRUN --x=1 three\n# about four\nONBUILD RUN four\n');
    const [, one, three, four] = first.ast.instructions;
    const after = 'FROM a\nRUN one!\nRUN two\n\nRUN --x=1 three\n# about four\nONBUILD RUN four\n';
    const second = parser.parse(after);
    expect(second.ast.instructions[1]).not.toBe(one);
    expect(second.ast.instructions[3]).toBe(three);
    expect(second.ast.instructions[4]).toBe(four);
    // Moved: offsets and lines of the node, of the words and ranges made for it, and of its comment.
    expect(three?.startLine).toBe(5);
    expect(place(three?.range.start)).toEqual({ line: 4, character: 0, offset: 25 });
    expect(place(three?.flags[0]?.valueRange?.start)).toEqual({ line: 4, character: 8, offset: 33 });
    expect(place(four?.comments[0]?.range.start)).toEqual({ line: 5, character: 0, offset: 41 });
    expect(four?.kind === 'ONBUILD' && four.trigger?.startLine).toBe(7);
    expect(JSON.stringify(second)).toBe(JSON.stringify(parse(after)));
  });

  it('parses an instruction with a comment above it again, since an edit above may attach or detach comments', () => {
    const parser = createParser();
    const [, , commented, next] = parser.parse('FROM a\nRUN one\n# about two\nRUN two\nRUN three\n').ast.instructions;
    const second = parser.parse('FROM a\nRUN one!\n# about two\nRUN two\nRUN three\n');
    expect(second.ast.instructions[2]).not.toBe(commented);
    expect(second.ast.instructions[3]).toBe(next);
  });
});

  it('reuses the instructions after an edit that joins lines into a continuation, past the ones it swallowed', () => {
    const parser = createParser();
    const runs = Array.from({ length: 40 }, (_, index) => `RUN step${index}\n`).join('');
    // A stray character after the backslash ends the LABEL early: its next lines read as an instruction.
    const broken = `FROM a\nLABEL a=1 \\x\n  b=2 \\\n  c=3\nENV D=4\n${runs}`;
    const before = parser.parse(broken).ast.instructions;
    expect(before.slice(0, 5).map((instruction) => instruction.startLine)).toEqual([1, 2, 3, 5, 6]);
    // Removing it makes them continuation lines again. The instruction they formed cannot be reused; the first
    // one found to start where it did before is, and every one after it.
    const fixed = broken.replace('\\x', '\\');
    const after = parser.parse(fixed);
    expect(after.ast.instructions.slice(0, 4).map((instruction) => instruction.startLine)).toEqual([1, 2, 5, 6]);
    expect(after.ast.instructions).not.toContain(before[2]);
    expect(after.ast.instructions.slice(-30)).toEqual(before.slice(-30));
    for (const [index, instruction] of after.ast.instructions.slice(-30).entries()) expect(instruction).toBe(before.slice(-30)[index]);
    expect(JSON.stringify(after)).toBe(JSON.stringify(parse(fixed)));
  });

  it('keeps the trivia between reused instructions, moved with them, and makes new trivia where the text changed', () => {
    const parser = createParser();
    const trivia = (result: ReturnType<typeof parse>) => result.ast.nodes.filter((node) => node.type === 'Trivia');
    const first = trivia(parser.parse('FROM a\nRUN one\n\nRUN two\n\nRUN three\n'));
    const edited = 'FROM a\nRUN one!\n\nRUN two\n\nRUN three\n';
    const second = parser.parse(edited);
    // The gaps before the two reused instructions are the same text at their new places: kept, moved.
    expect(trivia(second).slice(1, 3)).toEqual(first.slice(1, 3));
    expect(trivia(second)[1]).toBe(first[1]);
    expect(trivia(second)[2]).toBe(first[2]);
    expect(place(trivia(second)[2]?.range.start)).toEqual({ line: 3, character: 7, offset: 24 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(parse(edited)));
    // A blank line added to a gap: that gap is new, the others are kept.
    const spaced = 'FROM a\nRUN one!\n\nRUN two\n\n\nRUN three\n';
    const third = parser.parse(spaced);
    expect(trivia(third)[1]).toBe(first[1]);
    expect(trivia(third)[2]).not.toBe(first[2]);
    expect(trivia(third)[2]?.raw).toBe('\n\n\n');
    expect(JSON.stringify(third)).toBe(JSON.stringify(parse(spaced)));
  });

  it('reuses the instructions after the stretch a heredoc swallows when its terminator line is edited', () => {
    const parser = createParser();
    const runs = Array.from({ length: 40 }, (_, index) => `RUN step${index}\n`).join('');
    const closed = `FROM a\nRUN <<EOF\nls\nEOF\nRUN one\nCOPY <<EOF /x\nbody\nEOF\n${runs}`;
    const before = parser.parse(closed).ast.instructions;
    // The first body now runs on to the next line reading `EOF`, the second heredoc's terminator.
    const open = closed.replace('ls\nEOF\n', 'ls\nEOFX\n');
    const after = parser.parse(open);
    expect(after.ast.instructions).toHaveLength(2 + 40);
    expect(after.ast.instructions[1]?.heredocs[0]?.content).toBe('ls\nEOFX\nRUN one\nCOPY <<EOF /x\nbody\n');
    for (const [index, instruction] of after.ast.instructions.slice(2).entries()) expect(instruction).toBe(before.slice(-40)[index]);
    expect(JSON.stringify(after)).toBe(JSON.stringify(parse(open)));
    // Put back: the swallowed instructions are parsed again, the ones after them are kept.
    const restored = parser.parse(closed);
    expect(restored.ast.instructions.slice(-40)).toEqual(after.ast.instructions.slice(2));
    for (const [index, instruction] of restored.ast.instructions.slice(-40).entries()) expect(instruction).toBe(after.ast.instructions[2 + index]);
    expect(JSON.stringify(restored)).toBe(JSON.stringify(parse(closed)));
  });

  it('puts back the nodes of the version before last when the last edit is taken back, and again on a redo', () => {
    const parser = createParser();
    const original = 'FROM a\nRUN one\n# about two\nRUN two\nRUN <<EOF\nthree\nEOF\nRUN four\n';
    const first = parser.parse(original).ast.instructions;
    // An instruction edited and a line added: it is made again, the ones after it move down a line.
    const typed = original.replace('RUN one\n', 'RUN one \\\n  x\n');
    const second = parser.parse(typed).ast.instructions;
    expect(second[1]).not.toBe(first[1]);
    expect(second[3]).toBe(first[3]);
    const undone = parser.parse(original);
    undone.ast.instructions.forEach((instruction, index) => expect(instruction).toBe(first[index]));
    expect(place(undone.ast.instructions[3]?.range.start)).toEqual({ line: 4, character: 0, offset: 35 });
    expect(undone.ast.instructions[3]?.startLine).toBe(5);
    expect(JSON.stringify(undone)).toBe(JSON.stringify(parse(original)));
    const redone = parser.parse(typed);
    redone.ast.instructions.forEach((instruction, index) => expect(instruction).toBe(second[index]));
    expect(JSON.stringify(redone)).toBe(JSON.stringify(parse(typed)));
    // Undone again, then an edit that swallows the rest (a heredoc left open) taken back: every node comes back.
    parser.parse(original).ast.instructions.forEach((instruction, index) => expect(instruction).toBe(first[index]));
    const open = original.replace('three\nEOF', 'three\nEOFX');
    expect(parser.parse(open).ast.instructions).toHaveLength(4);
    const closed = parser.parse(original);
    closed.ast.instructions.forEach((instruction, index) => expect(instruction).toBe(first[index]));
    expect(JSON.stringify(closed)).toBe(JSON.stringify(parse(original)));
    // Only the last edit can be taken back.
    parser.parse(typed);
    parser.parse(typed.replace('x\n', 'y\n'));
    expect(parser.parse(original).ast.instructions[1]).not.toBe(first[1]);
  });

  it('parses the rest again when an edit opens a heredoc that runs to the end', () => {
    const parser = createParser();
    const closed = 'FROM a\nRUN <<EOF\nls\nEOF\nRUN two\nRUN three\nRUN four\n';
    const last = parser.parse(closed).ast.instructions.at(-1);
    const open = closed.replace('<<EOF', '<<EOFX');
    const result = parser.parse(open);
    expect(result.ast.instructions).toHaveLength(2);
    expect(result.ast.instructions).not.toContain(last);
    expect(JSON.stringify(result)).toBe(JSON.stringify(parse(open)));
  });
