/**
 * The table-driven cases of BuildKit's parser and instruction tests (transcribed as JSON in
 * ../shared/conformance/buildkit/extracted), run against our parser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chompHeredocContent,
  detectSyntax,
  findDirective,
  parse,
  print,
  type Instruction,
} from '../../src/parser/index.js';
import { parseJsonArray, splitQuoteAware } from '../../src/parser/line-syntax.js';
import { dumpInstruction } from './dump.js';
import { conformancePath } from './paths.js';

function load<T>(name: string): T {
  return JSON.parse(readFileSync(conformancePath('extracted', name), 'utf8')) as T;
}

function errors(text: string): string[] {
  return parse(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

interface HeredocExpectation {
  name: string;
  content: string;
  expand: boolean;
  chomp: boolean;
  fileDescriptor: number;
}

describe('parser-heredoc.json', () => {
  const data = load<{
    extractAll: { dockerfile: string; expectedHeredocsForChildren1toN: (HeredocExpectation[] | null)[] };
    jsonFormHasNoHeredocs: { dockerfile: string };
    chomp: { input: string; expected: string };
  }>('parser-heredoc.json');

  const { ast } = parse(data.extractAll.dockerfile);
  it.each(data.extractAll.expectedHeredocsForChildren1toN.map((expected, index) => [index + 1, expected] as const))(
    'extractAll: instruction %i has the expected heredocs',
    (index, expected) => {
      const instruction = ast.instructions[index] as Instruction;
      const actual = instruction.heredocs.map((h) => ({
        name: h.name,
        content: h.content,
        expand: h.expand,
        chomp: h.chomp,
        fileDescriptor: h.fileDescriptor ?? 0,
      }));
      expect(actual).toEqual(expected ?? []);
    },
  );

  it('extractAll: instruction count and lossless print', () => {
    expect(ast.instructions).toHaveLength(data.extractAll.expectedHeredocsForChildren1toN.length + 1);
    expect(print(ast)).toBe(data.extractAll.dockerfile);
  });

  it('jsonFormHasNoHeredocs', () => {
    const parsed = parse(data.jsonFormHasNoHeredocs.dockerfile).ast;
    expect(parsed.instructions.slice(1, 4).map((i) => i.heredocs.length)).toEqual([0, 0, 0]);
  });

  it('chomp', () => {
    expect(chompHeredocContent(data.chomp.input)).toBe(data.chomp.expected);
  });
});

describe('parser-directives.json', () => {
  const data = load<{
    parseAll: { cases: { input: string; expected: { name: string; value: string }[] }[] };
    detectSyntax: { cases: { input?: string; inputBase64?: string; found: boolean; ref?: string; cmdline?: string; line?: number }[] };
    parseDirectiveCheck: { cases: { input: string; found: boolean; ref?: string; cmdline?: string; line?: number }[] };
  }>('parser-directives.json');

  it.each(data.parseAll.cases)('parseAll %#', ({ input, expected }) => {
    expect(parse(input).ast.directives.map((d) => ({ name: d.name, value: d.value }))).toEqual(expected);
  });

  it.each(data.detectSyntax.cases)('detectSyntax %#', (c) => {
    const input = c.input ?? Buffer.from(c.inputBase64 ?? '', 'base64').toString('utf8');
    const found = detectSyntax(input);
    expect(found !== null).toBe(c.found);
    if (found && c.ref !== undefined) expect(found.ref).toBe(c.ref);
    if (found && c.cmdline !== undefined) expect(found.cmdline).toBe(c.cmdline);
    if (found && c.line !== undefined) expect(found.line).toBe(c.line);
  });

  it.each(data.parseDirectiveCheck.cases)('check directive %#', (c) => {
    const found = findDirective(c.input, 'check');
    expect(found !== null).toBe(c.found);
    if (found && c.ref !== undefined) expect(found.ref).toBe(c.ref);
    if (found && c.cmdline !== undefined) expect(found.cmdline).toBe(c.cmdline);
    if (found && c.line !== undefined) expect(found.line).toBe(c.line);
  });
});

describe('parser-misc.json', () => {
  const data = load<{
    jsonArrays: { valid: { input: string; expected: string[] }[]; invalidNonStringElements: string[] };
    parseWords: { cases: { input: string; expected: string[] }[] };
    lineNumbers: { file: string; root: { startLine: number; endLine: number }; children: [number, number][] };
    emptyContinuationWarnings: { dockerfile: string; expectedCount: number; expectedShortContains: string[][] };
    lineTooLong: { dockerfileTemplate: string; expectedError: string };
    nameVal: { cases: { instruction: string; args: string; expected?: string[]; expectedError?: string }[] };
  }>('parser-misc.json');

  it.each(data.jsonArrays.valid)('exec form $input', ({ input, expected }) => {
    const result = parseJsonArray(input, 0, input.length);
    expect(result.kind).toBe('strings');
    if (result.kind === 'strings') expect(result.elements.map((e) => e.value)).toEqual(expected);
    const { ast } = parse(`FROM x\nCMD ${input}`);
    const cmd = ast.instructions[1];
    expect(cmd?.kind === 'CMD' && cmd.command?.form).toBe('exec');
    expect(cmd?.args.map((a) => a.value)).toEqual(expected);
  });

  it.each(data.jsonArrays.invalidNonStringElements)('non-string exec form %s is an error', (input) => {
    expect(parseJsonArray(input, 0, input.length).kind).toBe('not-strings');
    expect(errors(`FROM x\nCMD ${input}`)).toContain('when using JSON array syntax, arrays must be comprised of strings only');
  });

  it.each(data.parseWords.cases)('quote-aware words $input', ({ input, expected }) => {
    expect(splitQuoteAware(input, 0, input.length, '\\').map((w) => w.value)).toEqual(expected);
  });

  it('line numbers', () => {
    const text = readFileSync(conformancePath(data.lineNumbers.file), 'utf8');
    const { ast } = parse(text);
    expect(ast.instructions.map((i) => [i.startLine, i.endLine])).toEqual(data.lineNumbers.children);
    expect(ast.instructions[0]?.startLine).toBe(data.lineNumbers.root.startLine);
    expect(ast.instructions.at(-1)?.endLine).toBe(data.lineNumbers.root.endLine);
  });

  it('empty continuation warnings', () => {
    const warnings = parse(data.emptyContinuationWarnings.dockerfile).diagnostics.filter(
      (d) => d.code === 'empty-continuation-line',
    );
    expect(warnings).toHaveLength(data.emptyContinuationWarnings.expectedCount);
    data.emptyContinuationWarnings.expectedShortContains.forEach((parts, index) => {
      for (const part of parts) expect(warnings[index]?.message).toContain(part);
    });
  });

  it('line too long', () => {
    const text = data.lineTooLong.dockerfileTemplate.replace('<65536 x "a">', 'a'.repeat(65536));
    const { ast, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.message)).toContain(data.lineTooLong.expectedError);
    expect(print(ast)).toBe(text);
  });

  it.each(data.nameVal.cases)('$instruction $args', ({ instruction, args, expected, expectedError }) => {
    const { ast, diagnostics } = parse(`FROM x\n${instruction} ${args}`);
    if (expectedError) {
      expect(diagnostics.map((d) => d.message)).toContain(expectedError);
    } else {
      expect(ast.instructions[1]?.args.map((a) => a.value)).toEqual(expected);
    }
  });
});

describe('instructions.json', () => {
  const data = load<{
    exactlyOneArgument: { dockerfile: string; expectedError: string }[];
    atLeastOneArgument: { dockerfile: string; expectedError: string }[];
    noDestination: { dockerfile: string; expectedError: string }[];
    syntheticNodes: { cases: { command: string; args: string[]; expectedError?: string; expectedHealthTest?: string[] }[] };
    errorCases: { name: string; dockerfile: string; expectedErrorContains: string }[];
    commentsDetection: {
      dockerfile: string;
      expected: {
        stage0DocComment: string;
        metaArg0: { key: string; docComment: string };
        stage0Commands: { args: { key: string; docComment: string }[] }[];
      };
    };
    runFlagsUsed: { dockerfile: string; expectedFlagsUsed: string[] };
    copyHeredoc: {
      dockerfile: string;
      destPath: string;
      sourcePaths: string[];
      sourceContents: { path: string; data: string; expand: boolean }[];
    }[];
    runHeredoc: {
      dockerfile: string;
      prependShell: boolean;
      cmdLine: string[];
      files: { name: string; data: string; chomp: boolean }[];
    }[];
  }>('instructions.json');

  it.each([...data.exactlyOneArgument, ...data.atLeastOneArgument, ...data.noDestination])(
    '$dockerfile → $expectedError',
    ({ dockerfile, expectedError }) => {
      expect(errors(dockerfile)).toContain(expectedError);
    },
  );

  it.each(data.errorCases)('$name', ({ dockerfile, expectedErrorContains }) => {
    expect(errors(dockerfile).some((m) => m.includes(expectedErrorContains))).toBe(true);
  });

  // BuildKit's synthetic cases feed the instruction layer hand-built nodes. Those that a real Dockerfile can
  // express are run through the parser; "too many arguments" needs a node chain no parser produces.
  it('synthetic: blank ENV/LABEL names', () => {
    expect(errors('FROM x\nENV =arg2')).toContain('ENV names can not be blank');
    expect(errors('FROM x\nLABEL =arg2')).toContain('LABEL names can not be blank');
    expect(data.syntheticNodes.cases.filter((c) => c.args[0] === '')).toHaveLength(2);
  });

  it('synthetic: HEALTHCHECK CMD shell form', () => {
    const { ast } = parse('FROM x\nHEALTHCHECK CMD hello world');
    const health = ast.instructions[1];
    expect(health?.kind).toBe('HEALTHCHECK');
    if (health?.kind === 'HEALTHCHECK') {
      expect(['CMD-SHELL', ...(health.command?.args.map((a) => a.value) ?? [])]).toEqual(
        data.syntheticNodes.cases.find((c) => c.expectedHealthTest)?.expectedHealthTest,
      );
    }
  });

  it('comments directly above instructions are attached', () => {
    const { ast } = parse(data.commentsDetection.dockerfile);
    const [metaArg, from, argFoo, argBarBaz] = ast.instructions;
    const expected = data.commentsDetection.expected;
    const describeFor = (instruction: Instruction | undefined, key: string): string => {
      for (const comment of instruction?.comments ?? []) {
        if (comment.text.startsWith(`${key} `)) return comment.text.slice(key.length + 1);
      }
      return '';
    };
    expect(describeFor(metaArg, expected.metaArg0.key)).toBe(expected.metaArg0.docComment);
    expect(describeFor(from, 'base')).toBe(expected.stage0DocComment);
    expect(describeFor(argFoo, 'foo')).toBe(expected.stage0Commands[0]?.args[0]?.docComment);
    const barBaz = expected.stage0Commands[1]?.args ?? [];
    expect(barBaz.map((a) => describeFor(argBarBaz, a.key))).toEqual(barBaz.map((a) => a.docComment));
  });

  it('RUN flags used', () => {
    const { ast } = parse(`FROM x\n${data.runFlagsUsed.dockerfile}`);
    expect(ast.instructions[1]?.flags.map((f) => f.name)).toEqual(data.runFlagsUsed.expectedFlagsUsed);
  });

  it.each(data.copyHeredoc)('COPY heredoc: $dockerfile', ({ dockerfile, destPath, sourcePaths, sourceContents }) => {
    const { ast } = parse(`FROM x\n${dockerfile}`);
    const copy = ast.instructions[1];
    expect(copy?.kind).toBe('COPY');
    if (copy?.kind !== 'COPY') return;
    expect(copy.destination?.value).toBe(destPath);
    expect(copy.sources.filter((s) => !s.heredoc).map((s) => s.value)).toEqual(sourcePaths);
    expect(
      copy.sources
        .filter((s) => s.heredoc)
        .map((s) => ({
          path: s.heredoc?.name,
          data: s.heredoc?.chomp ? chompHeredocContent(s.heredoc.content) : s.heredoc?.content,
          expand: s.heredoc?.expand,
        })),
    ).toEqual(sourceContents);
  });

  it.each(data.runHeredoc)('RUN heredoc: $dockerfile', ({ dockerfile, prependShell, cmdLine, files }) => {
    const { ast } = parse(`FROM x\n${dockerfile}`);
    const run = ast.instructions[1];
    expect(run?.kind).toBe('RUN');
    if (run?.kind !== 'RUN') return;
    expect(run.command?.form === 'shell').toBe(prependShell);
    expect(run.command?.args.map((a) => a.value)).toEqual(cmdLine);
    expect(run.heredocs.map((h) => ({ name: h.name, data: h.content, chomp: h.chomp }))).toEqual(files);
    expect(dumpInstruction(run).startsWith('run')).toBe(true);
  });
});
