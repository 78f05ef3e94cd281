import { describe, expect, it } from 'vitest';
import { planWithContext, type PlanCoreOptions } from '../../src/planner/plan-core.js';
import { explainChanges } from '../../src/planner/explain.js';
import type { Plan, PlanStep } from '../../src/planner/plan-types.js';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { plan } from '../../src/planner/plan.js';
import { imageReferences } from '../../src/planner/image-references.js';

const noContext = { context: null, contextInfo: { root: null, ignoreFile: null, files: 0, bytes: 0 } };

async function planOf(text: string, options: PlanCoreOptions = {}): Promise<Plan> {
  return planWithContext(text, noContext, options);
}

/** Steps of the last stage by line. */
function steps(plan: Plan, stage = plan.stages.length - 1): PlanStep[] {
  return plan.stages[stage]!.steps;
}

/** The lines whose step would run again in `after`, given that `before` was built. */
async function rebuilt(beforeText: string, afterText: string, options: PlanCoreOptions = {}, afterOptions: PlanCoreOptions = options): Promise<number[]> {
  const before = await planOf(beforeText, options);
  const after = await planOf(afterText, afterOptions);
  explainChanges(after, before);
  return after.stages.flatMap((stage) => stage.steps.filter((step) => step.rebuild).map((step) => step.line));
}

const BASE = 'FROM busybox\n';

describe('keys: what is and is not a step', () => {
  it('BuildKit gives metadata instructions no key; the classic builder keys every instruction', async () => {
    const text = `${BASE}LABEL a=b\nENV X=1\nRUN echo hi\nCMD ["sh"]\nWORKDIR /\nWORKDIR /app\n`;
    const buildkit = steps(await planOf(text));
    expect(buildkit.map((step) => [step.kind, step.key !== null])).toEqual([
      ['FROM', true],
      ['LABEL', false],
      ['ENV', false],
      ['RUN', true],
      ['CMD', false],
      ['WORKDIR', false],
      ['WORKDIR', true],
    ]);
    const classic = steps(await planOf(text, { builder: 'classic' }));
    expect(classic.every((step) => step.key !== null)).toBe(true);
  });

  it('keys are stable across runs and differ between builders', async () => {
    const text = `${BASE}RUN echo hi\n`;
    expect(steps(await planOf(text))[1]!.key).toBe(steps(await planOf(text))[1]!.key);
    expect(steps(await planOf(text))[1]!.key).not.toBe(steps(await planOf(text, { builder: 'classic' }))[1]!.key);
  });
});

describe.each(['buildkit', 'classic'] as const)('keys under the %s builder', (builder) => {
  const opts = { builder };

  it('comments, keyword case, indentation and trailing white space change nothing', async () => {
    const before = `${BASE}RUN echo a && echo b\nCOPY a.txt /a\n`;
    const after = `${BASE}# a comment\n  run echo a && echo b   \ncopy a.txt /a\n`;
    expect(await rebuilt(before, after, opts)).toEqual([]);
  });

  it('inner white space of a RUN misses that RUN and everything after it', async () => {
    const before = `${BASE}RUN echo a && echo b\nRUN echo c\n`;
    const after = `${BASE}RUN echo a &&  echo b\nRUN echo c\n`;
    expect(await rebuilt(before, after, opts)).toEqual([2, 3]);
  });

  it('a continuation keeps the next line indentation, so re-wrapping a RUN misses', async () => {
    const before = `${BASE}RUN echo a && echo b\n`;
    expect(await rebuilt(before, `${BASE}RUN echo a && \\\n    echo b\n`, opts)).toEqual([2]);
    expect(await rebuilt(before, `${BASE}RUN echo a && \\\necho b\n`, opts)).toEqual([]);
  });

  it('a valued ARG misses every RUN after it when its value changes, used or not', async () => {
    const text = `${BASE}RUN echo early\nARG V=1\nRUN echo unrelated\nRUN echo $V\n`;
    expect(await rebuilt(text, text, opts, { ...opts, buildArgs: { V: '2' } })).toEqual([4, 5]);
    // Editing the default also misses the ARG step itself under the classic builder (its text is recorded).
    expect(await rebuilt(text, text.replace('V=1', 'V=3'), opts)).toEqual(builder === 'classic' ? [3, 4, 5] : [4, 5]);
  });

  it('an ARG without a value, an undeclared build arg and a global ARG not redeclared change nothing', async () => {
    const text = `ARG G=1\n${BASE}ARG NOVALUE\nRUN echo $G $NOVALUE\n`;
    expect(await rebuilt(text, text, opts, { ...opts, buildArgs: { UNDECLARED: 'x', G: '2' } })).toEqual([]);
  });

  it('undeclared proxy build args stay out of keys; a declared proxy ARG is keyed', async () => {
    const text = `${BASE}RUN echo hi\n`;
    // The classic builder still marks every RUN once any build arg is given (`|0` prefix), whatever its value.
    expect(await rebuilt(text, text, opts, { ...opts, buildArgs: { HTTP_PROXY: 'http://proxy', no_proxy: 'x' } })).toEqual(
      builder === 'classic' ? [2] : [],
    );
    const proxied = { ...opts, buildArgs: { HTTP_PROXY: 'http://one' } };
    expect(await rebuilt(text, text, proxied, { ...opts, buildArgs: { HTTP_PROXY: 'http://two' } })).toEqual([]);
    const declared = `${BASE}ARG HTTP_PROXY\nRUN echo hi\n`;
    expect(await rebuilt(declared, declared, opts, { ...opts, buildArgs: { HTTP_PROXY: 'http://proxy' } })).toEqual([3]);
  });

  it('global ARGs see the ones before them, redeclared ones included, however many there are', async () => {
    const chain = Array.from({ length: 5000 }, (_, index) => `ARG A${index}=\${A${Math.max(index - 1, 0)}}x`).join('\n');
    const last = await planOf(`${chain}\nARG A0\nARG B=\${A0}-\${A4999}\nFROM busybox:\${B}\n`, { builder });
    expect(last.stages[0]!.base).toBe(`busybox:-${'x'.repeat(5000)}`);
  });

  it('a global ARG reaches the FROM reference', async () => {
    const text = `ARG TAG=1\nFROM busybox:$TAG\nRUN echo hi\n`;
    const plan = await planOf(text, opts);
    expect(plan.stages[0]!.base).toBe('busybox:1');
    expect(await rebuilt(text, text, opts, { ...opts, buildArgs: { TAG: '2' } })).toEqual([2, 3]);
  });

  it('an ENV change misses the RUNs after it', async () => {
    const before = `${BASE}RUN echo a\nENV X=1\nRUN echo b\n`;
    expect(await rebuilt(before, before.replace('X=1', 'X=2'), opts)).toEqual(builder === 'classic' ? [3, 4] : [4]);
  });

  it('WORKDIR changes miss what follows', async () => {
    const before = `${BASE}WORKDIR /app\nRUN pwd\n`;
    expect(await rebuilt(before, before.replace('/app', '/srv'), opts)).toEqual([2, 3]);
  });
});

describe('where the builders differ', () => {
  it('a LABEL edit or a metadata reordering: BuildKit keeps everything, classic misses from there', async () => {
    const before = `${BASE}LABEL a=1\nEXPOSE 80\nRUN echo hi\n`;
    const after = `${BASE}EXPOSE 80\nLABEL a=2\nRUN echo hi\n`;
    expect(await rebuilt(before, after)).toEqual([]);
    expect(await rebuilt(before, after, { builder: 'classic' })).toEqual([2, 3, 4]);
  });

  it('the network mode is part of BuildKit RUN keys only', async () => {
    const text = `${BASE}RUN echo a\nCOPY x /x\n`;
    expect(await rebuilt(text, text, { network: 'none' }, { network: 'host' })).toEqual([2, 3]);
    expect(await rebuilt(text, text, { builder: 'classic', network: 'none' }, { builder: 'classic', network: 'host' })).toEqual([]);
  });

  it('a cache mount is keyed on its id (the target by default), namespace and sharing mode, as Docker 20.10 does', async () => {
    const run = (mount: string): string => `${BASE}RUN --mount=type=cache,${mount} ls /cache\nRUN echo after\n`;
    expect(await rebuilt(run('id=one,target=/cache'), run('id=two,target=/cache'))).toEqual([2, 3]);
    expect(await rebuilt(run('target=/cache'), run('id=/cache,target=/cache'))).toEqual([]);
    expect(await rebuilt(run('target=/cache'), run('target=/cache,sharing=shared'))).toEqual([]);
    expect(await rebuilt(run('target=/cache'), run('target=/cache,sharing=locked'))).toEqual([2, 3]);
    const namespace = (value: string): PlanCoreOptions => ({ buildArgs: { BUILDKIT_CACHE_MOUNT_NS: value } });
    expect(await rebuilt(run('target=/cache'), run('target=/cache'), namespace('a'), namespace('b'))).toEqual([2, 3]);
    const after = await planOf(run('id=two,target=/cache'));
    explainChanges(after, await planOf(run('id=one,target=/cache')));
    expect(steps(after)[1]!.reason).toMatch(/id=two,target=\/cache ls \/cache` on line 2 changed/);
  });

  it('mounts are keyed in order of target, their numbers by value', async () => {
    const run = (mounts: string): string => `${BASE}RUN ${mounts} true\nRUN echo after\n`;
    const a = '--mount=type=cache,target=/a';
    const b = '--mount=type=tmpfs,target=/b';
    expect(await rebuilt(run(`${a} ${b}`), run(`${b} ${a}`))).toEqual([]);
    // Secret mounts come after the others, in the order written.
    const s1 = '--mount=type=secret,id=one';
    const s2 = '--mount=type=secret,id=two';
    expect(await rebuilt(run(`${s1} ${a}`), run(`${a} ${s1}`))).toEqual([]);
    expect(await rebuilt(run(`${s1} ${s2}`), run(`${s2} ${s1}`))).toEqual([2, 3]);
    expect(await rebuilt(run(`${a},mode=0755`), run(`${a},mode=755`))).toEqual([]);
    expect(await rebuilt(run(`${a},uid=0,gid=0`), run(`${a},uid=00,gid=000`))).toEqual([]);
    expect(await rebuilt(run(`${a},mode=0755`), run(`${a},mode=0700`))).toEqual([2, 3]);
    expect(await rebuilt(run(`${a},uid=1`), run(`${a},uid=10`))).toEqual([2, 3]);
  });

  it('a secret mount is keyed on which secret it mounts where, never on the secret itself', async () => {
    const run = (mount: string): string => `${BASE}RUN --mount=type=secret,${mount} ls /run/secrets\nRUN echo after\n`;
    expect(await rebuilt(run('id=one'), run('id=two'))).toEqual([2, 3]);
    expect(await rebuilt(run('id=one'), run('id=one,required=true'))).toEqual([2, 3]);
    expect(await rebuilt(run('id=one'), run('id=one,target=/s'))).toEqual([2, 3]);
    // The defaults written out: the id is the target's basename, the target /run/secrets/<id>.
    expect(await rebuilt(run('id=one'), run('id=one,target=/run/secrets/one'))).toEqual([]);
    expect(await rebuilt(run('target=/run/secrets/one'), run('id=one'))).toEqual([]);
    expect(await rebuilt(run('id=one'), run('source=one'))).toEqual([]);
    // The file's owner and mode are always set (0, 0 and 0400 unless given).
    expect(await rebuilt(run('id=one'), run('id=one,mode=0400'))).toEqual([]);
    expect(await rebuilt(run('id=one'), run('id=one,mode=400,uid=0,gid=0'))).toEqual([]);
    expect(await rebuilt(run('id=one'), run('id=one,mode=0444'))).toEqual([2, 3]);
    expect(await rebuilt(run('id=one'), run('id=one,uid=1'))).toEqual([2, 3]);
  });

  it('an SSH mount is keyed on the agent id as written, its target, owner, mode and whether it is required', async () => {
    const run = (mounts: string): string => `${BASE}RUN ${mounts} true
RUN echo after
`;
    const ssh = '--mount=type=ssh';
    // No id is not `id=default`, though both forward the default agent.
    expect(await rebuilt(run(ssh), run(`${ssh},id=default`))).toEqual([2, 3]);
    expect(await rebuilt(run(ssh), run(`${ssh},id=deploy`))).toEqual([2, 3]);
    expect(await rebuilt(run(ssh), run(`${ssh},required=true`))).toEqual([2, 3]);
    expect(await rebuilt(run(ssh), run(`${ssh},required=false`))).toEqual([]);
    // The defaults written out: owner 0:0, mode 0600, target /run/buildkit/ssh_agent.<n> for the n-th SSH mount.
    expect(await rebuilt(run(ssh), run(`${ssh},mode=0600,uid=0,gid=0`))).toEqual([]);
    expect(await rebuilt(run(ssh), run(`${ssh},mode=0666`))).toEqual([2, 3]);
    expect(await rebuilt(run(ssh), run(`${ssh},target=/run/buildkit/ssh_agent.0`))).toEqual([]);
    const two = (second: string): string => run(`--mount=type=secret,id=s ${ssh},id=a ${ssh},id=b${second}`);
    expect(await rebuilt(two(''), two(',target=/run/buildkit/ssh_agent.1'))).toEqual([]);
    expect(await rebuilt(two(''), two(',target=/run/buildkit/ssh_agent.2'))).toEqual([2, 3]);
  });

  it('the classic builder records a CMD or ENTRYPOINT as the command it sets, the shell in front of a shell form', async () => {
    const classic = { builder: 'classic' } as const;
    const metadata = (line: string, shell = ''): string => `${BASE}${shell}${line}\nRUN echo after\n`;
    for (const name of ['CMD', 'ENTRYPOINT']) {
      expect(await rebuilt(metadata(`${name} echo hi`), metadata(`${name} ["/bin/sh", "-c", "echo hi"]`), classic)).toEqual([]);
      expect(await rebuilt(metadata(`${name} echo hi`), metadata(`${name} echo  hi`), classic)).toEqual([2, 3]);
      const shell = 'SHELL ["/bin/sh", "-e", "-c"]\n';
      expect(await rebuilt(metadata(`${name} echo hi`, shell), metadata(`${name} ["/bin/sh", "-e", "-c", "echo hi"]`, shell), classic)).toEqual([]);
      expect(await rebuilt(metadata(`${name} ["echo", "hi"]`), metadata(`${name} ["echo", "hi "]`), classic)).toEqual([2, 3]);
    }
  });

  it('mount options are read with their variables expanded, as current BuildKit reads them', async () => {
    const run = (lines: string): string => `${BASE}ARG CID=a\nENV T=/c\n${lines}\nRUN echo after\n`;
    expect(await rebuilt(run('RUN --mount=type=cache,id=$CID,target=/c true'), run('RUN --mount=type=cache,id=a,target=/c true'))).toEqual([]);
    expect(await rebuilt(run('RUN --mount=type=cache,target=$T true'), run('RUN --mount=type=cache,target=/c true'))).toEqual([]);
    expect(await rebuilt(run('RUN --mount=type=$NOPE${CID:+cache},target=/c true'), run('RUN --mount=type=cache,target=/c true'))).toEqual([]);
    expect(await rebuilt(run('RUN --mount=type=cache,id=$CID,target=/c true'), run('RUN --mount=type=cache,id=b,target=/c true'))).toEqual([4, 5]);
    // What the value expands to must be a value the field takes.
    const invalid = await planOf(`${BASE}ARG S=bogus\nRUN --mount=type=cache,target=/c,sharing=$S true\n`);
    expect(invalid.diagnostics.map((d) => [d.code, d.message])).toEqual([['invalid-mount', 'unsupported sharing value "bogus"']]);
  });

  it('a bind mount of the context reads the path its source expands to', async () => {
    const text = `${BASE}ARG S=a.txt\nRUN --mount=type=bind,source=$S,target=/m cat /m\n`;
    const planIn = (files: Record<string, string>) => {
      const context = contextFromFiles(files);
      return plan(text, { context, hasher: memoryHasher(context) });
    };
    const before = await planIn({ 'a.txt': 'one', 'b.txt': 'x' });
    expect(before.stages[0]!.steps[2]!.inputs.sources?.map((source) => source.matches)).toEqual([['a.txt']]);
    const other = await planIn({ 'a.txt': 'one', 'b.txt': 'y' });
    explainChanges(other, before);
    expect(steps(other).filter((step) => step.rebuild)).toEqual([]);
    const edited = await planIn({ 'a.txt': 'two', 'b.txt': 'x' });
    explainChanges(edited, before);
    expect(steps(edited).filter((step) => step.rebuild).map((step) => step.line)).toEqual([3]);
  });

  it('a --chown or --chmod that expands to nothing is no flag', async () => {
    const copy = (flags: string): string => `${BASE}COPY ${flags}a /a\nRUN echo after\n`;
    for (const builder of ['buildkit', 'classic'] as const) {
      expect(await rebuilt(copy('--chown=$NOPE '), copy(''), { builder })).toEqual([]);
    }
    expect(await rebuilt(copy('--chmod=${NOPE} '), copy(''))).toEqual([]);
    expect(await rebuilt(copy('--chown=${NOPE:-1} '), copy(''))).toEqual([2, 3]);
  });

  it('BuildKit reads `root` in --chown as 0; the classic builder keys the flag as written', async () => {
    const copy = (chown: string): string => `${BASE}COPY --chown=${chown} a /a\nRUN echo after\n`;
    expect(await rebuilt(copy('0:0'), copy('root:root'))).toEqual([]);
    expect(await rebuilt(copy('0:0'), copy('root:0'))).toEqual([]);
    expect(await rebuilt(copy('0:0'), copy('00:0'))).toEqual([]);
    expect(await rebuilt(copy('0:0'), copy('root'))).toEqual([2, 3]);
    expect(await rebuilt(copy('1:1'), copy('daemon:daemon'))).toEqual([2, 3]);
    expect(await rebuilt(copy('0:0'), copy('root:root'), { builder: 'classic' })).toEqual([2, 3]);
  });

  it('a config-only change of the base image: BuildKit keys the layer chain, classic the image ID', async () => {
    const text = `${BASE}RUN echo hi\n`;
    const before = { baseImages: { busybox: { id: 'sha256:aaa', layers: ['sha256:l1'] } } };
    const after = { baseImages: { busybox: { id: 'sha256:bbb', layers: ['sha256:l1'] } } };
    expect(await rebuilt(text, text, before, after)).toEqual([]);
    expect(await rebuilt(text, text, { ...before, builder: 'classic' }, { ...after, builder: 'classic' })).toEqual([1, 2]);
  });

  it('BuildKit skips stages the target does not need; the classic builder builds every stage up to the target', async () => {
    const text = 'FROM busybox AS unused\nRUN echo u\nFROM busybox AS deps\nRUN echo d\nFROM busybox AS app\nCOPY --from=deps /x /x\nFROM busybox AS after\n';
    expect((await planOf(text, { target: 'app' })).stages.map((s) => s.needed)).toEqual([false, true, true, false]);
    expect((await planOf(text, { target: 'app', builder: 'classic' })).stages.map((s) => s.needed)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe("BuildKit's environment: ENV and ARG values in one ordered list", () => {
  const classic = { builder: 'classic' } as const;

  it('the same ENV pairs in another order rerun the RUNs after them', async () => {
    const before = `${BASE}ENV A=1 B=2\nRUN echo $A$B\n`;
    const after = `${BASE}ENV B=2 A=1\nRUN echo $A$B\n`;
    expect(await rebuilt(before, after)).toEqual([3]);
    const plan = await planOf(after);
    explainChanges(plan, await planOf(before));
    expect(steps(plan)[2]!.reason).toMatch(/environment variables come in another order/);
    // Setting a variable again moves it last.
    expect(await rebuilt(`${BASE}ENV A=1 B=2\nRUN echo\n`, `${BASE}ENV A=1 B=2\nENV A=1\nRUN echo\n`)).toEqual([4]);
    // The classic builder replaces a variable where it stands (its ENV steps miss anyway, being text).
    expect(await rebuilt(before, after, classic)).toEqual([2, 3]);
  });

  it('an ARG redeclared without a value keeps the earlier value under BuildKit and loses it under classic', async () => {
    const text = `${BASE}ARG V=1\nARG V\nRUN echo $V\n`;
    expect(await rebuilt(text, text, {}, { buildArgs: { V: '1' } })).toEqual([]);
    expect(await rebuilt(text, text, classic, { ...classic, buildArgs: { V: '1' } })).toEqual([4]);
    expect(steps(await planOf(text))[3]!.inputs.env).toEqual({ V: '1' });
  });

  it("an ARG's value replaces an earlier ENV of the name under BuildKit, for RUN and for expansion", async () => {
    const text = `${BASE}ENV V=e\nARG V=1\nWORKDIR /w-$V\nRUN echo $V\n`;
    const plan = await planOf(text);
    expect(steps(plan)[3]!.inputs.workdir).toBe('/w-1');
    expect(steps(plan)[4]!.inputs.env).toEqual({ V: '1' });
    expect(steps(await planOf(text, classic))[3]!.inputs.workdir).toBe('/w-e');
    expect(await rebuilt(text, text.replace('V=1', 'V=2'))).toEqual([4, 5]);
  });

  it('a stage built on another inherits its ARG values under BuildKit only', async () => {
    const text = `FROM busybox AS parent\nARG V=1\nFROM parent\nRUN echo $V\n`;
    expect(await rebuilt(text, text, {}, { buildArgs: { V: '2' } })).toEqual([4]);
    expect(await rebuilt(text, text, classic, { ...classic, buildArgs: { V: '2' } })).toEqual([]);
  });
});

describe('stage outputs are compared by content', () => {
  const text = 'FROM busybox AS build\nRUN echo build > /out\nFROM busybox\nCOPY --from=build /out /out\nRUN cat /out\n';

  it('a rebuilt stage makes its consumers conditional, not certain, misses', async () => {
    const before = await planOf(text);
    const after = await planOf(text.replace('echo build', 'echo  build'));
    const explanation = explainChanges(after, before);
    const final = after.stages[1]!.steps;
    expect(final.map((step) => [step.line, step.rebuild, step.conditional ?? false])).toEqual([
      [3, false, false],
      [4, true, true],
      [5, true, true],
    ]);
    expect(explanation.stages[1]!.summary).toMatch(/may rebuild/);
    expect(after.stages[0]!.steps[1]!.conditional).toBeUndefined();
  });
});

describe('the stage graph', () => {
  it('reports unknown targets and self references with ranges', async () => {
    const plan = await planOf('FROM busybox AS a\nCOPY --from=a /x /y\n', { target: 'nope' });
    expect(plan.diagnostics.map((d) => d.code).sort()).toEqual(['stage-self-reference', 'unknown-target']);
    const self = plan.diagnostics.find((d) => d.code === 'stage-self-reference')!;
    expect(self.range.start.line).toBe(1);
  });

  it('the classic builder has no image for a target that is scratch with nothing on it', async () => {
    const codes = async (text: string, options: PlanCoreOptions = {}): Promise<string[]> =>
      (await planOf(text, { builder: 'classic', ...options })).diagnostics.map((d) => d.code);
    expect(await codes('FROM scratch\n')).toEqual(['no-image-generated']);
    expect(await codes('FROM scratch AS a\nFROM a\n')).toEqual(['no-image-generated']);
    expect(await codes('ARG B=scratch\nFROM $B AS s\nFROM busybox\n', { target: 's' })).toEqual(['no-image-generated']);
    expect(await codes('FROM scratch AS a\nARG X\nFROM a\n')).toEqual([]);
    expect(await codes('FROM scratch\nFROM busybox\n')).toEqual([]);
    expect(await codes('FROM busybox AS a\nFROM a\n')).toEqual([]);
    expect((await planOf('FROM scratch\n')).diagnostics).toEqual([]);
    const [diagnostic] = (await planOf('FROM busybox\nFROM scratch\n', { builder: 'classic' })).diagnostics;
    expect(diagnostic!.range.start.line).toBe(1);
  });

  it('detects cycles through --from and orders stages by dependency level', async () => {
    const cycle = await planOf('FROM busybox AS a\nCOPY --from=b /x /x\nFROM busybox AS b\nCOPY --from=a /y /y\n');
    expect(cycle.diagnostics.map((d) => d.code)).toContain('stage-cycle');
    const diamond = await planOf(
      'FROM busybox AS base\nFROM base AS left\nFROM base AS right\nFROM busybox\nCOPY --from=left /a /a\nCOPY --from=right /b /b\n',
    );
    expect(diamond.stages.map((stage) => stage.level)).toEqual([0, 1, 1, 2]);
    expect(diamond.stages[3]!.dependsOn).toEqual([1, 2]);
  });

  it('reports a stage used before it is defined, in each builder\'s words, only when the user is built', async () => {
    const text = 'FROM busybox AS b\nCOPY --from=a /x /x\nRUN --mount=from=a,target=/m true\nFROM busybox AS a\nRUN touch /x\n';
    const buildkit = await planOf(text, { target: 'b' });
    const forward = buildkit.diagnostics.filter((d) => d.code === 'stage-used-before-definition');
    expect(forward.map((d) => [d.range.start.line, d.message])).toEqual([
      [1, 'cannot copy from stage "a", it needs to be defined before current stage "b"'],
      [2, 'cannot mount from stage "a" to "/m", stage needs to be defined before current command'],
    ]);
    // The COPY's diagnostic points at the stage name.
    expect(forward[0]!.range.start.character).toBe('COPY --from='.length);
    const unnamed = await planOf('FROM busybox\nCOPY --from=1 /x /x\nFROM busybox\n', { target: undefined });
    expect(unnamed.diagnostics).toEqual([]); // stage 0 is not needed for the last stage under BuildKit
    const classic = await planOf('FROM busybox\nCOPY --from=1 /x /x\nFROM busybox\n', { builder: 'classic' });
    expect(classic.diagnostics.map((d) => d.message)).toEqual(['invalid from flag value 1: index out of bounds']);
    const target = await planOf('FROM busybox\nCOPY --from=2 /x /x\nFROM busybox AS t\nCOPY --from=0 /x /y\nFROM busybox AS c\n', {
      target: 't',
    });
    expect(target.diagnostics.map((d) => d.message)).toEqual([
      'cannot copy from stage "2", it needs to be defined before current stage "stage-0"',
    ]);
    // A cycle is all BuildKit reports.
    const cycle = await planOf('FROM busybox\nCOPY --from=1 /x /x\nFROM busybox\nCOPY --from=0 /x /y\n');
    expect(cycle.diagnostics.map((d) => d.code)).toEqual(['stage-cycle']);
    // Classic refuses every --mount, which its own diagnostic says; the forward use is not reported twice.
    const classicMount = await planOf(text, { target: 'b', builder: 'classic' });
    expect(classicMount.diagnostics.map((d) => d.code).sort()).toEqual(['stage-used-before-definition', 'unsupported-flag']);
  });

  it('reports --from values that need expansion, which neither builder performs', async () => {
    const text = 'ARG X=a\nFROM busybox AS a\nRUN touch /x\nFROM busybox AS b\nCOPY --from=$X /x /x\nCOPY --from=${X} /x /y\nCOPY --from="a" /x /z\n';
    const buildkit = await planOf(text);
    expect(buildkit.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['from-flag-variable', 4],
      ['from-flag-variable', 5],
    ]);
    expect(buildkit.diagnostics[0]!.message).toMatch(/^variable expansion is not supported for --from/);
    // Quotes are gone when the flag is read, so "a" names the stage.
    expect(buildkit.stages[1]!.dependsOn).toEqual([0]);
    const classic = await planOf(text, { builder: 'classic' });
    expect(classic.diagnostics[0]!.message).toBe('invalid from flag value $X: invalid reference format (the classic builder does not expand --from)');
  });

  it('reports a stage index out of range', async () => {
    const text = 'FROM busybox AS a\nFROM busybox AS b\nCOPY --from=5 /x /x\n';
    expect((await planOf(text)).diagnostics.map((d) => [d.code, d.message])).toEqual([['invalid-stage-index', 'invalid stage index 5']]);
    expect((await planOf(text, { builder: 'classic' })).diagnostics.map((d) => d.message)).toEqual([
      'invalid from flag value 5: index out of bounds',
    ]);
  });

  it('reports base names that fail the build: blank, invalid, or a stage name in another case under BuildKit', async () => {
    const blank = await planOf('ARG B=\nFROM $B\n');
    expect(blank.diagnostics.map((d) => [d.code, d.message])).toEqual([['blank-base-image', 'base name ($B) should not be blank']]);
    // BuildKit reads every stage's base name, needed or not; classic only the stages it builds.
    const unneeded = 'FROM Busybox AS x\nFROM busybox\n';
    expect((await planOf(unneeded)).diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['invalid-base-image', 0, 'failed to parse stage name "Busybox": invalid reference format: repository name (library/Busybox) must be lowercase'],
    ]);
    expect((await planOf(unneeded, { builder: 'classic', target: 'x' })).diagnostics.map((d) => d.message)).toEqual([
      'invalid reference format: repository name (library/Busybox) must be lowercase',
    ]);
    expect((await planOf('FROM Scratch\n')).diagnostics.map((d) => d.code)).toEqual(['invalid-base-image']);
    // BuildKit matches FROM against lower-cased stage names as written; the classic builder ignores case.
    const cased = 'FROM busybox AS build\nFROM Build\nRUN true\n';
    const buildkit = await planOf(cased);
    expect(buildkit.diagnostics.map((d) => d.code)).toEqual(['invalid-base-image']);
    expect(buildkit.stages[1]!.dependsOn).toEqual([]);
    const classic = await planOf(cased, { builder: 'classic' });
    expect(classic.diagnostics).toEqual([]);
    expect(classic.stages[1]!.dependsOn).toEqual([0]);
    expect((await planOf('FROM busybox AS Build\nFROM build\n')).stages[1]!.dependsOn).toEqual([0]);
  });

  it('reads FROM --platform as the builders do and reports values they refuse', async () => {
    const platformOf = async (text: string, options: PlanCoreOptions = {}) => {
      const plan = await planOf(text, options);
      return { keys: plan.stages.map((stage) => stage.steps[0]!.key), diagnostics: plan.diagnostics.map((d) => d.message) };
    };
    // One part: an OS takes the building machine's architecture, an architecture its OS.
    const arm = await platformOf('FROM --platform=arm64 busybox\nFROM --platform=linux/arm64 busybox\nFROM busybox\n');
    expect(arm.diagnostics).toEqual([]);
    expect(arm.keys[0]).toBe(arm.keys[1]);
    expect(arm.keys[0]).not.toBe(arm.keys[2]);
    const os = await platformOf('FROM --platform=linux busybox\nFROM --platform=linux/arm64 busybox\n', { buildPlatform: 'linux/arm64' });
    expect(os.keys[0]).toBe(os.keys[1]);
    expect((await platformOf('FROM --platform=linux/amd64/v2/x busybox\n')).diagnostics).toEqual([
      'failed to parse platform linux/amd64/v2/x: "linux/amd64/v2/x": cannot parse platform specifier: invalid argument',
    ]);
    expect((await platformOf('FROM --platform=linux/x86.64 busybox\n')).diagnostics[0]).toMatch(/"x86.64" is an invalid component/);
    expect((await platformOf('FROM --platform=nope busybox\n')).diagnostics).toEqual([
      'failed to parse platform nope: "nope": unknown operating system or architecture: invalid argument',
    ]);
    expect((await platformOf('FROM --platform=$NOPE busybox\n')).diagnostics).toEqual(['empty platform value from expression $NOPE']);
    // The classic builder defines no platform ARGs, so the common cross-build line fails there (measured).
    expect((await platformOf('FROM --platform=$BUILDPLATFORM busybox\n')).diagnostics).toEqual([]);
    expect((await platformOf('FROM --platform=$BUILDPLATFORM busybox\n', { builder: 'classic' })).diagnostics).toEqual([
      'failed to parse platform : "" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument',
    ]);
  });

  it('reports an empty VOLUME path, and nothing of a stage the builder skips', async () => {
    for (const volume of ['VOLUME ""', 'VOLUME /data ""', 'VOLUME $UNSET']) {
      const plan = await planOf(`FROM busybox\n${volume}\n`);
      expect(plan.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
        ['empty-volume', 'VOLUME specified can not be an empty string', 1],
      ]);
    }
    // In the JSON form the parser reports it.
    expect((await planOf('FROM busybox\nVOLUME [""]\n')).diagnostics.map((d) => d.code)).toEqual(['parse-empty-volume']);
    // BuildKit never reaches the unneeded stage's VOLUME; the classic builder builds it.
    const unneeded = 'FROM busybox AS x\nVOLUME ""\nFROM busybox\n';
    expect((await planOf(unneeded)).diagnostics).toEqual([]);
    expect((await planOf(unneeded, { builder: 'classic' })).diagnostics.map((d) => d.code)).toEqual(['empty-volume']);
  });

  it('reports EXPOSE items that do not read as ports once expanded, and COPY of a URL or git repository', async () => {
    const expose = await planOf('FROM busybox\nENV P="80 http"\nEXPOSE 443/tcp 8000-8010 $P 80/xyz\n');
    expect(expose.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['invalid-port', 'invalid containerPort: http'],
      ['invalid-port', 'invalid port: "80/xyz": invalid proto: xyz'],
    ]);
    const copy = await planOf('FROM busybox\nCOPY https://example.com/x git@github.com:a/b.git /d/\nADD https://example.com/x /e\n');
    expect(copy.diagnostics.map((d) => [d.code, d.message, d.range.start.character])).toEqual([
      ['copy-remote-source', "source can't be a URL for COPY", 5],
      ['copy-remote-source', "source can't be a git ref for COPY", 27],
    ]);
  });

  it('reports a STOPSIGNAL the engines do not know, and for classic an empty WORKDIR and several files copied to a file path', async () => {
    expect((await planOf('FROM busybox\nENV S=SIGNOPE\nSTOPSIGNAL $S\n')).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['invalid-signal', 'Invalid signal: SIGNOPE'],
    ]);
    expect((await planOf('FROM busybox\nSTOPSIGNAL sigkill\nSTOPSIGNAL 15\n')).diagnostics).toEqual([]);
    const workdir = 'FROM busybox\nWORKDIR $UNSET\n';
    expect((await planOf(workdir)).diagnostics).toEqual([]);
    expect((await planOf(workdir, { builder: 'classic' })).diagnostics.map((d) => d.message)).toEqual(['cannot normalize nothing']);
    // Without a context the sources are counted as written.
    const copy = 'FROM busybox AS a\nFROM busybox\nCOPY --from=a /x /y /dest\n';
    expect((await planOf(copy)).diagnostics).toEqual([]);
    expect((await planOf(copy, { builder: 'classic' })).diagnostics.map((d) => d.code)).toEqual(['copy-destination-not-directory']);
    expect((await planOf('FROM busybox AS a\nFROM busybox\nCOPY --from=a /x /y /dest/\n', { builder: 'classic' })).diagnostics).toEqual([]);
    expect((await planOf('FROM busybox\nCOPY a b /dest\n', { builder: 'classic' })).diagnostics.map((d) => d.code)).toEqual([
      'copy-destination-not-directory',
    ]);
  });

  it('reports RUN flags the classic builder refuses', async () => {
    const text = 'FROM busybox\nRUN --mount=type=cache,target=/c --network=none true\n';
    expect((await planOf(text)).diagnostics).toEqual([]);
    const classic = await planOf(text, { builder: 'classic' });
    expect(classic.diagnostics.map((d) => [d.code, d.message.split(' (')[0]])).toEqual([
      ['unsupported-flag', 'the --mount option requires BuildKit'],
      ['unsupported-flag', 'Unknown flag: network'],
    ]);
  });

  it('expands platform ARGs in FROM from --platform', async () => {
    const plan = await planOf('FROM --platform=$BUILDPLATFORM busybox:$TARGETARCH\n', { platform: 'linux/arm64' });
    expect(plan.stages[0]!.base).toBe('busybox:arm64');
    expect(plan.platform).toBe('linux/arm64');
    const bad = await planOf(BASE, { platform: 'nonsense' });
    expect(bad.diagnostics.map((d) => d.code)).toContain('invalid-platform');
  });
});

describe('ONBUILD triggers of a base stage', () => {
  const parent = (trigger: string): string => `FROM busybox AS parent\nONBUILD ${trigger}\nFROM parent\nRUN echo $V\n`;

  it('run first in the stage built on it under BuildKit: an edited trigger reruns that stage from its FROM', async () => {
    expect(await rebuilt(parent('RUN echo one'), parent('RUN echo two'))).toEqual([3, 4]);
    // Under the classic builder the ONBUILD line is a step of the base stage, so the chain misses there.
    expect(await rebuilt(parent('RUN echo one'), parent('RUN echo two'), { builder: 'classic' })).toEqual([2, 3, 4]);
  });

  it('apply their metadata to the stage that runs them', async () => {
    const plan = await planOf(parent('ENV V=from-trigger'));
    expect(steps(plan).find((step) => step.kind === 'RUN')!.inputs.env).toMatchObject({ V: 'from-trigger' });
  });

  it('run in the stage built directly on the base; the next stage inherits its output', async () => {
    const chain = (trigger: string): string => `FROM busybox AS grand\nONBUILD ${trigger}\nFROM grand AS parent\nRUN echo p\nFROM parent\nRUN echo c\n`;
    expect(await rebuilt(chain('RUN echo one'), chain('RUN echo two'))).toEqual([3, 4, 5, 6]);
    const plan = await planOf(chain('ENV V=x'));
    expect(steps(plan, 1).find((step) => step.kind === 'RUN')!.inputs.env).toMatchObject({ V: 'x' });
  });
});

describe('ONBUILD triggers of a base image', () => {
  const identity = (onbuild: readonly string[]) => ({ baseImages: { 'onbuild-base': { id: 'sha256:aaa', layers: ['sha256:l1'], onbuild } } });
  const TEXT = 'FROM onbuild-base\nRUN echo own\n';
  const COPYING = ['COPY app.txt /app/', 'RUN make -C /app'];
  const inContext = (files: Record<string, string>) => {
    const context = contextFromFiles(files);
    return (options: PlanCoreOptions) => plan(TEXT, { ...options, context, hasher: memoryHasher(context) });
  };

  it.each(['buildkit', 'classic'] as const)('run first under %s: a file a trigger copies, when edited, reruns the stage from its FROM', async (builder) => {
    const options = { ...identity(COPYING), builder };
    const before = await inContext({ 'app.txt': 'one', 'other.txt': 'x' })(options);
    const from = before.stages[0]!.steps[0]!;
    expect(from.inputs.triggers?.map((trigger) => trigger.instruction)).toEqual(COPYING);
    expect(from.inputs.sources?.map((source) => [source.source, source.matches])).toEqual([['app.txt', ['app.txt']]]);

    const edited = await inContext({ 'app.txt': 'two', 'other.txt': 'x' })(options);
    const explanation = explainChanges(edited, before);
    expect(edited.stages[0]!.steps.filter((step) => step.rebuild).map((step) => step.line)).toEqual([1, 2]);
    expect(explanation.stages[0]!.summary).toBe(
      '`app.txt` changed; it is copied by the ONBUILD triggers `COPY app.txt /app/`, `RUN make -C /app` of the base, which run at line 1, so lines 1–2 rebuild',
    );

    const untouched = await inContext({ 'app.txt': 'one', 'other.txt': 'y' })(options);
    explainChanges(untouched, before);
    expect(untouched.stages[0]!.steps.some((step) => step.rebuild)).toBe(false);
  });

  it('keys each trigger as a step of the builder model, and folds them into the FROM step', async () => {
    const triggers = ['ENV V=1', 'WORKDIR /w', 'RUN echo $V'];
    const buildkit = await planOf(TEXT, identity(triggers));
    expect(buildkit.stages[0]!.steps[0]!.inputs.triggers!.map((trigger) => trigger.key !== null)).toEqual([false, true, true]);
    const classic = await planOf(TEXT, { ...identity(triggers), builder: 'classic' });
    expect(classic.stages[0]!.steps[0]!.inputs.triggers!.map((trigger) => trigger.key !== null)).toEqual([true, true, true]);
    // What the triggers set holds for the stage's own steps.
    const own = buildkit.stages[0]!.steps[1]!;
    expect([own.inputs.env, own.inputs.workdir]).toEqual([{ V: '1' }, '/w']);
    // An edited trigger is a new base: the stage reruns from its FROM.
    expect(await rebuilt(TEXT, TEXT, identity(triggers), identity(['ENV V=2', 'WORKDIR /w', 'RUN echo $V']))).toEqual([1, 2]);
    expect(await rebuilt(TEXT, TEXT, {}, identity(triggers))).toEqual([1, 2]);
  });

  it("reports what a trigger fails on at the FROM, naming the base image; a trigger that is not one instruction too", async () => {
    const failing = await planOf(TEXT, identity(['STOPSIGNAL NOPE']));
    expect(failing.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['invalid-signal', 0]]);
    expect(failing.diagnostics[0]!.message).toContain('(in an ONBUILD trigger of onbuild-base)');
    const garbled = await planOf(TEXT, identity(['RUN a\nRUN b']));
    expect(garbled.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['invalid-onbuild-trigger', 0]]);
  });
});

describe("the base image's config", () => {
  it("runs shell-form RUNs under the image's SHELL: a base given another SHELL, same layers, reruns them", async () => {
    const text = 'FROM onbuild-base\nRUN ["echo", "exec"]\nRUN echo own\n';
    const withShell = (shell?: readonly string[]) => ({ baseImages: { 'onbuild-base': { id: 'sha256:aaa', layers: ['sha256:l1'], ...(shell && { shell }) } } });
    const plan = await planOf(text, withShell(['/bin/bash', '-c']));
    expect(plan.stages[0]!.steps[2]!.inputs.text).toBe('/bin/bash -c echo own');
    expect(plan.stages[0]!.steps[2]!.key).not.toBe((await planOf(text, withShell())).stages[0]!.steps[2]!.key);
    // The exec form runs no shell: only the shell-form RUN misses.
    expect(await rebuilt(text, text, withShell(), withShell(['/bin/sh', '-e', '-c']))).toEqual([3]);
    expect(await rebuilt(text, text, withShell(['/bin/sh', '-c']), withShell())).toEqual([]);
  });
});

describe('how COPY sources are written', () => {
  const context = contextFromFiles({ 'a1.txt': 'one', 'a2.txt': 'two', 'b.txt': 'b' });
  const copyKey = async (copy: string, builder: 'buildkit' | 'classic') =>
    (await plan(`FROM busybox\n${copy}\n`, { context, hasher: memoryHasher(context), builder })).stages[0]!.steps[1]!.key;

  it('the classic builder keys the flat list of what the sources matched; BuildKit each source as written', async () => {
    const spellings = ['COPY a1.txt a2.txt /d/', 'COPY a*.txt /d/', 'COPY a1.txt *2.txt /d/', 'COPY a1.txt nomatch* a2.txt /d/'];
    const classic = await Promise.all(spellings.map((copy) => copyKey(copy, 'classic')));
    expect(new Set(classic).size).toBe(1);
    const buildkit = await Promise.all(spellings.map((copy) => copyKey(copy, 'buildkit')));
    expect(new Set(buildkit).size).toBe(spellings.length);
    // The order of the matches still counts, as does what they are.
    expect(await copyKey('COPY a2.txt a1.txt /d/', 'classic')).not.toBe(classic[0]);
    expect(await copyKey('COPY a1.txt b.txt /d/', 'classic')).not.toBe(classic[0]);
  });
});

describe('the name BuildKit keys a context source by', () => {
  const context = contextFromFiles({ 'app.txt': 'a', 'src/main.txt': 'm' });
  const copyKey = async (copy: string) => (await plan(`FROM busybox\n${copy}\n`, { context, hasher: memoryHasher(context) })).stages[0]!.steps[1]!.key;

  it('is the last element of the clean path, the context root aside', async () => {
    expect(await copyKey('COPY src/. /d')).toBe(await copyKey('COPY src /d'));
    expect(await copyKey('COPY src/../app.txt /d')).toBe(await copyKey('COPY app.txt /d'));
    expect(await copyKey('COPY src/ /d')).toBe(await copyKey('COPY src /d'));
    const roots = await Promise.all(['.', './', './.', './/'].map((root) => copyKey(`COPY ${root} /d`)));
    expect(new Set(roots).size).toBe(4);
  });

  it('is read from a path ending in a long run of slashes (a pattern trimmed them in quadratic time)', async () => {
    expect(await copyKey(`COPY src${'/'.repeat(40_000)} /d`)).toBe(await copyKey('COPY src /d'));
  });

  it('is found for a --parents pattern too long for JavaScript\'s expressions (it once threw)', async () => {
    const parents = await plan(`FROM busybox\nCOPY --parents ${'?'.repeat(20_000)} /d/\n`, { context, hasher: memoryHasher(context) });
    expect(parents.stages[0]!.steps[1]!.key).toMatch(/^sha256:/);
  });
});

describe('a COPY --from path', () => {
  const text = (path: string) => `FROM busybox AS s\nRUN make\nFROM busybox\nCOPY --from=s ${path} /x\n`;
  const copyKey = async (path: string, builder: 'buildkit' | 'classic') => (await planOf(text(path), { builder })).stages[1]!.steps[1]!.key;

  it.each(['buildkit', 'classic'] as const)('is taken from the stage root and cleaned under %s', async (builder) => {
    const keys = await Promise.all(['/out', 'out', '/out/', '/out/.', '/out/sub/..'].map((path) => copyKey(path, builder)));
    expect(new Set(keys).size).toBe(1);
    expect(await copyKey('/', builder)).not.toBe(keys[0]);
  });
});

describe('images that COPY --from and RUN --mount=from take', () => {
  const TEXT = 'FROM busybox\nCOPY --from=tools:1 /bin/x /x\nRUN --mount=from=tools:2,target=/m true\n';
  const identities = (one: string, two: string) => ({
    baseImages: { 'tools:1': { id: one, layers: [`${one}-layer`] }, 'tools:2': { id: two, layers: [`${two}-layer`] } },
  });

  it('are keyed on their identity when it is known: another tag of the same image is the same source', async () => {
    expect(await rebuilt(TEXT, TEXT.replace('tools:1', 'tools:2'), identities('sha256:a', 'sha256:a'))).toEqual([]);
    expect(await rebuilt(TEXT, TEXT, identities('sha256:a', 'sha256:b'), identities('sha256:c', 'sha256:b'))).toEqual([2, 3]);
    expect(await rebuilt(TEXT, TEXT, identities('sha256:a', 'sha256:b'), identities('sha256:a', 'sha256:c'))).toEqual([3]);
    // Unresolved, they are keyed on their names.
    expect(await rebuilt(TEXT, TEXT.replace('tools:1', 'tools:2'))).toEqual([2, 3]);
  });

  it('are named in the explanation when their identity changed', async () => {
    const before = await planOf(TEXT, identities('sha256:a', 'sha256:b'));
    const copied = await planOf(TEXT, identities('sha256:c', 'sha256:b'));
    expect(explainChanges(copied, before).stages[0]!.summary).toBe(
      'the image `tools:1` is new or changed; `COPY --from=tools:1 /bin/x /x` on line 2 copies from it, so lines 2–3 rebuild',
    );
    const mounted = await planOf(TEXT, identities('sha256:a', 'sha256:c'));
    expect(explainChanges(mounted, before).stages[0]!.summary).toBe(
      'the image `tools:2` is new or changed; `RUN --mount=from=tools:2,target=/m true` on line 3 mounts it, so line 3 rebuilds',
    );
  });

  it('are listed with the bases by imageReferences, each once, for a caller to resolve', async () => {
    const text = 'FROM golang:1.22 AS build\nCOPY --from=tools:1 /x /x\nFROM build\nRUN --mount=from=tools:1,target=/m --mount=from=tools:2,target=/n true\nFROM scratch\n';
    expect(imageReferences((await planOf(text)).stages)).toEqual(['golang:1.22', 'tools:1', 'tools:2']);
  });
});

describe('the platform of a stage', () => {
  const CROSS = [
    'FROM --platform=$BUILDPLATFORM golang AS build',
    'RUN go mod download',
    'ARG TARGETARCH',
    'RUN GOARCH=$TARGETARCH go build -o /app',
    'FROM build AS tested',
    'RUN go test ./...',
    'FROM scratch',
    'COPY --from=tested /app /app',
    'WORKDIR /srv',
    '',
  ].join('\n');
  const on = (platform: string): PlanCoreOptions => ({ platform, buildPlatform: 'linux/amd64' });

  it('is the one FROM --platform names: a cross build keeps such stages cached up to the target ARGs', async () => {
    // The build stage and the stage based on it run on the build platform; only what reads TARGETARCH, and
    // the final stage, which targets the new platform, are keyed anew (FROM scratch is no step under BuildKit).
    expect(await rebuilt(CROSS, CROSS, on('linux/amd64'), on('linux/arm64'))).toEqual([4, 5, 6, 8, 9]);
    // Without the flag every stage is keyed for the target platform.
    const plain = CROSS.replace('--platform=$BUILDPLATFORM ', '');
    expect(await rebuilt(plain, plain, on('linux/amd64'), on('linux/arm64'))).toEqual([1, 2, 4, 5, 6, 8, 9]);
  });

  it('does not reach the classic builder, which defines no platform ARGs', async () => {
    const text = `${BASE}ARG TARGETARCH\nRUN echo $TARGETARCH\n`;
    const classic = (platform: string): PlanCoreOptions => ({ ...on(platform), builder: 'classic' });
    expect(await rebuilt(text, text, classic('linux/amd64'), classic('linux/arm64'))).toEqual([]);
    const planned = await planOf(text, classic('linux/arm64'));
    expect(steps(planned).find((step) => step.kind === 'RUN')!.inputs.env).not.toHaveProperty('TARGETARCH');
    expect(await rebuilt(text, text, on('linux/amd64'), on('linux/arm64'))).toEqual([1, 3]);
  });

  it('is expanded against the global ARGs and normalised; a value that is not a platform keys the target', async () => {
    const fixed = (platform: string): string => `ARG P=${platform}\nFROM --platform=$P busybox\nRUN echo hi\n`;
    expect(await rebuilt(fixed('linux/arm64'), fixed('linux/aarch64/v8'), on('linux/amd64'), on('linux/s390x'))).toEqual([]);
    expect(await rebuilt(fixed('linux/arm64'), fixed('linux/arm/v7'), on('linux/amd64'))).toEqual([2, 3]);
    expect(await rebuilt(fixed('not a platform'), fixed('not a platform'), on('linux/amd64'), on('linux/arm64'))).toEqual([2, 3]);
  });
});
