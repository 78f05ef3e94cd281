/** The engine: parse errors, suppression comments, configuration, scope, ONBUILD and rule isolation. */
import { describe, expect, it } from 'vitest';
import { lint, type InstructionScope, type RuleModule } from '../../src/lint/index.js';
import { absoluteWorkdir } from '../../src/lint/rules/absolute-workdir.js';

const codes = (text: string, options: Parameters<typeof lint>[1] = {}): string[] =>
  lint(text, { rules: [absoluteWorkdir], ...options }).findings.map((f) => f.code);

describe('engine', () => {
  it('reports unreadable files as DL1000 errors', () => {
    const { findings } = lint('FROM a\nRUN <<EOF\n', { rules: [] });
    expect(findings.map((f) => [f.code, f.severity, f.message])).toEqual([['DL1000', 'error', 'unterminated heredoc']]);
  });

  it('reports an unknown instruction as DL1000, as hadolint does, which no ignore list hides', () => {
    const { findings } = lint('FROM a\nRUNN x\n', { rules: [], ignored: ['DL1000', 'invalid-instruction'] });
    expect(findings.map((f) => [f.code, f.severity, f.message, f.range.start.line])).toEqual([
      ['DL1000', 'error', 'unknown instruction: RUNN (did you mean RUN?)', 1],
    ]);
  });

  it.each([
    ['# hadolint ignore=DL3000\nWORKDIR a', []],
    ['# hadolint ignore=DL3000 # because\nWORKDIR a', []],
    ['# hadolint ignore=crazy,DL3000\nWORKDIR a', ['DL3000']],
    ['# hadolint ignore=DL3000\n\nWORKDIR a', ['DL3000']],
    // hadolint keys a pragma by the line below it: a comment in between, or a second pragma, takes its place.
    ['# hadolint ignore=DL3000\n# why\nWORKDIR a', ['DL3000']],
    ['# hadolint ignore=DL3000\n# hadolint ignore=DL3006\nWORKDIR a', ['DL3000']],
    ['# hadolint ignore=DL3006\n# hadolint ignore=DL3000\nWORKDIR a', []],
    ['# dfkit-ignore DL3000\n# why\nWORKDIR a', []],
    ['# dfkit-ignore absolute-workdir\nWORKDIR a', []],
    ['# hadolint global ignore=DL3000\nWORKDIR a\nWORKDIR b', []],
    ['WORKDIR a\nFROM b\nWORKDIR c', ['DL3000', 'DL3000']],
  ])('honours suppression comments: %j', (body, expected) => {
    expect(codes(`FROM x\n${body}`)).toEqual(expected);
  });

  it('scopes stage ignores to their stage', () => {
    const text = '# hadolint stage ignore=DL3000\nFROM a\nWORKDIR x\nFROM b\nWORKDIR y\n';
    const { findings } = lint(text, { rules: [absoluteWorkdir] });
    expect(findings.map((f) => f.range.start.line)).toEqual([4]);
  });

  it.each([
    // Above a later FROM: that stage, not the one before.
    ['FROM a\nWORKDIR x\n# hadolint stage ignore=DL3000\nFROM b\nWORKDIR y\n', [2]],
    // Inside a stage: from after the instruction right below it to the next FROM, as hadolint has it.
    ['FROM a\n# hadolint stage ignore=DL3000\nWORKDIR x\nWORKDIR y\nFROM b\nWORKDIR z\n', [3, 6]],
    // A later stage pragma replaces the codes of an earlier one, after the instruction right below it.
    ['# hadolint stage ignore=DL3000\nFROM a\nWORKDIR x\n# hadolint stage ignore=DL3002\nWORKDIR y\nWORKDIR z\n', [6]],
  ])('scopes stage ignores as hadolint does: %j', (text, lines) => {
    const { findings } = lint(text, { rules: [absoluteWorkdir] });
    expect(findings.map((f) => f.range.start.line + 1)).toEqual(lines);
  });

  it('applies severity overrides and ignore lists by code or id', () => {
    expect(lint('FROM a\nWORKDIR x', { rules: [absoluteWorkdir], severities: { DL3000: 'style' } }).findings[0]?.severity).toBe('style');
    expect(codes('FROM a\nWORKDIR x', { ignored: ['absolute-workdir'] })).toEqual([]);
    expect(codes('FROM a\nWORKDIR x', { severities: { DL3000: 'ignore' } })).toEqual([]);
    expect(codes('FROM a\nWORKDIR x', { disableIgnorePragma: true })).toEqual(['DL3000']);
  });

  it('visits ONBUILD triggers with their scope marked', () => {
    const seen: boolean[] = [];
    const probe: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'probe' },
      create: () => ({ RUN: (_node, scope) => void seen.push(scope.inOnbuild) }),
    };
    lint('FROM a\nRUN x\nONBUILD RUN y', { rules: [probe] });
    expect(seen).toEqual([false, true]);
  });

  it('gives rules stages, ancestors, ARG/ENV values and the active shell', () => {
    const scopes: InstructionScope[] = [];
    const probe: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'probe' },
      create: () => ({ RUN: (_node, scope) => void scopes.push(scope) }),
    };
    const text = [
      'ARG BASE=alpine:3.20',
      'FROM $BASE AS base',
      'ARG VERSION=1',
      'ENV HOME_DIR=/app PATH=/app/bin:$PATH',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN one',
      'FROM base AS test',
      'RUN two',
      'FROM scratch',
      'COPY --from=test /x /x',
    ].join('\n');
    const result = lint(text, { rules: [probe], settings: { buildArgs: { VERSION: '2' } } });
    expect(result.findings).toEqual([]);
    const [first, second] = scopes;
    expect(first?.stage?.baseImage).toBe('alpine:3.20');
    expect(first?.args.get('VERSION')).toBe('2');
    expect(first?.env.get('HOME_DIR')).toBe('/app');
    expect(first?.shell).toEqual(['/bin/bash', '-o', 'pipefail', '-c']);
    expect(second?.stage?.parent?.name).toBe('base');
    expect(second?.stage?.ancestors.map((s) => s.name)).toEqual(['base']);
    expect(second?.env.get('HOME_DIR')).toBe('/app');
    expect(second?.shell[0]).toBe('/bin/bash');
    expect(second?.stage?.usedLater).toBe(true);
    expect(first?.stage?.usedLater).toBe(true);
  });

  it('credits each report to the rule that made it, from create, handlers and file and stage hooks', () => {
    const reporting = (id: string, where: string): RuleModule => ({
      meta: { ...absoluteWorkdir.meta, id, hadolint: undefined, buildkit: undefined },
      create: (context) => {
        const say = (range = context.ast.instructions[0]!.range) => context.report({ message: `${id} ${where}`, range });
        if (where === 'create') say();
        return where === 'create' ? {} : where === 'Dockerfile' ? { Dockerfile: () => say() } : where === 'Stage' ? { Stage: () => say() } : { WORKDIR: (node) => say(node.range) };
      },
    });
    const rules = [reporting('a', 'create'), reporting('b', 'WORKDIR'), reporting('c', 'Stage'), reporting('d', 'Dockerfile'), absoluteWorkdir];
    const { findings } = lint('FROM a\nWORKDIR x', { rules });
    expect(findings.map((f) => [f.ruleId, f.code, f.message])).toEqual([
      ['a', 'a', 'a create'],
      ['c', 'c', 'c Stage'],
      ['d', 'd', 'd Dockerfile'],
      ['b', 'b', 'b WORKDIR'],
      ['absolute-workdir', 'DL3000', 'Use absolute WORKDIR'],
    ]);
  });

  it('drops a report made after the lint returned, without touching its result', () => {
    let later: (() => void) | undefined;
    const late: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'late' },
      create: (context) => {
        later = () => context.report({ message: 'too late', range: context.ast.range });
        return {};
      },
    };
    const result = lint('FROM a\nWORKDIR x', { rules: [late, absoluteWorkdir] });
    const before = result.findings.map((f) => f.message);
    expect(() => later?.()).not.toThrow();
    expect(result.findings.map((f) => f.message)).toEqual(before);
    expect(before).toEqual(['Use absolute WORKDIR']);
  });

  it('keeps going when a rule throws, and says which rule failed', () => {
    const broken: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'broken' },
      create: () => ({
        FROM: () => {
          throw new Error('boom');
        },
      }),
    };
    const { findings } = lint('FROM a\nWORKDIR x', { rules: [broken, absoluteWorkdir] });
    expect(findings.map((f) => f.message)).toEqual(['rule broken failed: boom', 'Use absolute WORKDIR']);
  });

  it.each([
    [{ start: 5 }, 'range.start must be a position {line, character, offset}, got 5'],
    [null, 'range must be an object {start, end}, got null'],
    [{ start: { line: 0, character: 0, offset: 0 } }, 'range.end must be a position {line, character, offset}, got nothing'],
    [{ start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 2.5, offset: 2 } }, 'range.end.character must be a whole number ≥ 0, got 2.5'],
    [{ start: { line: 0, character: 0, offset: 0 }, end: { line: 9, character: 0, offset: 99 } }, 'range.end.offset 99 is past the end of the text (16)'],
    [{ start: { line: 0, character: 4, offset: 4 }, end: { line: 0, character: 1, offset: 1 } }, 'range.start.offset 4 is after range.end.offset 1'],
  ])('fails a rule that reports an invalid range, by name, and keeps going: %j', (range, problem) => {
    const sloppy: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'sloppy' },
      create: (context) => ({
        FROM: () => context.report({ message: 'x', range: range as never }),
      }),
    };
    const { findings } = lint('FROM a\nWORKDIR x', { rules: [sloppy, absoluteWorkdir] });
    expect(findings.map((f) => f.message)).toEqual([`rule sloppy failed: reported an invalid range: ${problem}`, 'Use absolute WORKDIR']);
  });

  it('takes a valid range a rule builds from positions', () => {
    const own: RuleModule = {
      meta: { ...absoluteWorkdir.meta, id: 'own' },
      create: (context) => ({
        FROM: () => context.report({ message: 'x', range: { start: { line: 0, character: 5, offset: 5 }, end: { line: 0, character: 6, offset: 6 } } }),
      }),
    };
    expect(lint('FROM a\n', { rules: [own] }).findings.map((f) => [f.message, f.range.start.offset])).toEqual([['x', 5]]);
  });
});
