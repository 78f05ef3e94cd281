/** Reading a saved plan back (`--since`): every plan written reads back; any damaged one gives a PlanFormatError. */
import { describe, expect, it } from 'vitest';
import { explainChanges } from '../../src/planner/explain.js';
import { planFromJson, PlanFormatError, planToJson } from '../../src/planner/export/json.js';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { plan } from '../../src/planner/plan.js';

const context = contextFromFiles({ 'a.txt': 'a', 'src/b.js': 'b' });
// ONBUILD: the stage built on `base` runs it first, so its FROM step lists the trigger and the file it copies.
const text = 'FROM alpine AS base\nENV A=1\nWORKDIR /app\nCOPY . .\nRUN make\nONBUILD COPY a.txt /t\nFROM base\nCOPY --from=base /app /x\nRUN ls\n';

/** Every path into a JSON value, the root aside. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const paths = at.length > 0 ? [at] : [];
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

describe('planFromJson', () => {
  it('reads back what planToJson wrote', async () => {
    const written = await plan(text, { context, hasher: memoryHasher(context) });
    const read = planFromJson(planToJson(written));
    expect(read).toEqual(JSON.parse(planToJson(written)));
    expect(explainChanges(written, read).stages.map((stage) => stage.rebuilds)).toEqual([[], []]);
  });

  it('names the damaged place of a plan with a null step or stage', async () => {
    const json = JSON.parse(planToJson(await plan(text, { context, hasher: memoryHasher(context) }))) as { stages: { steps: unknown[] }[] };
    json.stages[1]!.steps[0] = null;
    expect(() => planFromJson(JSON.stringify(json))).toThrow(new PlanFormatError('stages[1].steps[0] is not a step'));
    json.stages[0] = null as never;
    expect(() => planFromJson(JSON.stringify(json))).toThrow(new PlanFormatError('stages[0] is not a stage'));
  });

  it('refuses triggers that are not a list of instructions', async () => {
    const json = JSON.parse(planToJson(await plan(text, { context, hasher: memoryHasher(context) }))) as {
      stages: { steps: { inputs: { triggers?: unknown } }[] }[];
    };
    expect(json.stages[1]!.steps[0]!.inputs.triggers).toEqual([{ instruction: 'COPY a.txt /t', key: expect.any(String) }]);
    json.stages[1]!.steps[0]!.inputs.triggers = [{ key: null }];
    expect(() => planFromJson(JSON.stringify(json))).toThrow(new PlanFormatError('stages[1].steps[0].inputs.triggers is not a list of triggers'));
  });

  it('says what is wrong with the top-level fields, by name and type', async () => {
    const json = JSON.parse(planToJson(await plan(text, { context, hasher: memoryHasher(context) }))) as Record<string, unknown>;
    const refusal = (replaced: Record<string, unknown>): string => {
      try {
        planFromJson(JSON.stringify({ ...json, ...replaced }));
      } catch (error) {
        return (error as Error).message;
      }
      return 'read';
    };
    expect(() => planFromJson('[]')).toThrow(new PlanFormatError('not a plan: the JSON is a list, not an object'));
    expect(() => planFromJson('{"format":"nope"}')).toThrow(new PlanFormatError('not a plan: it has no "schema" (a dfkit plan has "dfkit.plan/v1")'));
    expect(refusal({ builder: {} })).toBe('"builder" must be one of buildkit, classic, podman, got an object');
    expect(refusal({ builder: null })).toBe('"builder" must be one of buildkit, classic, podman, got null');
    expect(refusal({ builder: 7 })).toBe('"builder" must be one of buildkit, classic, podman, got 7');
    expect(refusal({ builder: 'kaniko' })).toBe('"builder" must be one of buildkit, classic, podman, got "kaniko"');
    expect(refusal({ stages: 'x' })).toBe('"stages" must be a list, got a string');
    expect(refusal({ stages: undefined })).toBe('"stages" is missing');
    expect(refusal({ target: 5 })).toBe('"target" must be a stage name or null, got a number');
    expect(refusal({ platform: {} })).toBe('"platform" must be a platform string, got an object');
    expect(refusal({ files: [] })).toBe('"files" must be an object of digests by path, got a list');
    expect(refusal({ target: 'base' })).toBe('read');
  });

  it('never lets a damaged plan through to fail later: each value removed or replaced is refused or explained', async () => {
    const current = await plan(text, { context, hasher: memoryHasher(context) });
    const json = JSON.parse(planToJson(current)) as unknown;
    const replacements = [undefined, null, 1, 'x', [], {}, true];
    let refused = 0;
    for (const path of pathsOf(json)) {
      for (const replacement of replacements) {
        const copy = JSON.parse(JSON.stringify(json)) as Record<string | number, unknown>;
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        parent[path.at(-1)!] = replacement;
        try {
          explainChanges(current, planFromJson(JSON.stringify(copy)));
        } catch (error) {
          expect(error).toBeInstanceOf(PlanFormatError);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
