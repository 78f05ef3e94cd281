import { describe, expect, it } from 'vitest';
import { planWithContext } from '../../src/planner/plan-core.js';
import { explainChanges } from '../../src/planner/explain.js';
import { contextFromFiles, type MemoryFile } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { selectSources } from '../../src/planner/sources.js';
import { digestSelection } from '../../src/planner/source-digest.js';
import type { BuildContext, ContextEntry } from '../../src/planner/context-types.js';
import type { ContextAccess } from '../../src/planner/keys.js';
import type { Plan, PlanCoreOptions, RemoteSourceReader } from '../../src/planner/index.js';

type Files = Readonly<Record<string, MemoryFile>>;
/** A build: Dockerfile text, context files, and owners to give some of them (uid, gid). */
interface Build {
  readonly text: string;
  readonly files?: Files;
  readonly owners?: Readonly<Record<string, readonly [number, number]>>;
  readonly options?: PlanCoreOptions;
}

function withOwners(context: BuildContext, owners: Build['owners'] = {}): BuildContext {
  const entries = new Map<string, ContextEntry>();
  for (const [path, entry] of context.entries) {
    const owner = owners[path];
    entries.set(path, owner ? { ...entry, uid: owner[0], gid: owner[1] } : entry);
  }
  return { ...context, entries };
}

async function planOf(build: Build): Promise<Plan> {
  const files = contextFromFiles(build.files ?? {});
  const context = withOwners(files, build.owners);
  const hasher = memoryHasher(files);
  const access: ContextAccess = {
    select: (sources, options) => selectSources(context, sources, { ...options, builder: 'podman' }),
    digest: (selection, model) => digestSelection(selection, model, hasher),
  };
  return planWithContext(build.text, { context: access, contextInfo: { root: null, ignoreFile: null, files: 0, bytes: 0 } }, { builder: 'podman', ...build.options });
}

/** The lines whose step runs again in `after`, given that `before` was built. */
async function rebuilt(before: Build, after: Build): Promise<number[]> {
  const previous = await planOf(before);
  const current = await planOf(after);
  explainChanges(current, previous);
  return current.stages.filter((stage) => stage.needed).flatMap((stage) => stage.steps.filter((step) => step.rebuild).map((step) => step.line));
}

const BASE = 'FROM busybox\n';
const same = (text: string, files?: Files): [Build, Build] => [{ text, ...(files && { files }) }, { text, ...(files && { files }) }];

describe('podman model: steps and chaining', () => {
  it('keys every instruction, metadata included, and chains on the one before', async () => {
    const plan = await planOf({ text: `${BASE}LABEL a=b\nENV X=1\nRUN echo hi\nCMD ["sh"]\nWORKDIR /\n` });
    expect(plan.builder).toBe('podman');
    expect(plan.stages[0]!.steps.every((step) => step.key !== null)).toBe(true);
    expect(await rebuilt({ text: `${BASE}LABEL a=1\nRUN echo hi\n` }, { text: `${BASE}LABEL a=2\nRUN echo hi\n` })).toEqual([2, 3]);
  });

  it('changes nothing when nothing changed', async () => {
    expect(await rebuilt(...same(`${BASE}COPY a.txt /a\nRUN echo hi\n`, { 'a.txt': 'a' }))).toEqual([]);
  });

  it('misses on a base image whose ID changed even if its layers did not', async () => {
    const text = `${BASE}RUN echo hi\n`;
    const before = { text, options: { baseImages: { busybox: { id: 'sha256:1', layers: ['sha256:l'] } } } };
    const after = { text, options: { baseImages: { busybox: { id: 'sha256:2', layers: ['sha256:l'] } } } };
    expect(await rebuilt(before, after)).toEqual([1, 2]);
  });

  it('builds only the stages the target needs', async () => {
    const text = `FROM busybox AS unused\nRUN echo a\nFROM busybox\nRUN echo b\n`;
    const plan = await planOf({ text });
    expect(plan.stages.map((stage) => stage.needed)).toEqual([false, true]);
    expect(await rebuilt({ text }, { text: text.replace('echo a', 'echo c') })).toEqual([]);
  });

  it('ignores the network mode', async () => {
    const text = `${BASE}RUN echo hi\n`;
    expect(await rebuilt({ text, options: { network: 'none' } }, { text, options: { network: 'host' } })).toEqual([]);
  });
});

describe('podman model: the text of an instruction', () => {
  it.each([
    ['trailing white space after RUN misses', `${BASE}RUN echo a\nRUN echo b\n`, `${BASE}RUN echo a  \nRUN echo b\n`, [2, 3]],
    ['keyword case of RUN hits', `${BASE}RUN echo a\n`, `${BASE}run echo a\n`, []],
    ['inner white space of RUN misses', `${BASE}RUN echo a\n`, `${BASE}RUN  echo a\n`, [2]],
    ['trailing white space after LABEL misses', `${BASE}LABEL a=b\nRUN echo a\n`, `${BASE}LABEL a=b \nRUN echo a\n`, [2, 3]],
    ['keyword case of LABEL misses', `${BASE}LABEL a=b\n`, `${BASE}label a=b\n`, [2]],
    ['editing an ARG default hits the ARG but misses later RUNs', `${BASE}ARG Q=1\nRUN echo x\n`, `${BASE}ARG Q=2\nRUN echo x\n`, [3]],
    ['trailing white space after COPY hits', `${BASE}COPY a.txt /x/\n`, `${BASE}COPY a.txt /x/  \n`, []],
  ] as const)('%s', async (_name, before, after, lines) => {
    const files = { 'a.txt': 'a' };
    expect(await rebuilt({ text: before, files }, { text: after, files })).toEqual(lines);
  });
});

describe('podman model: what COPY digests', () => {
  it('ignores a single file source name when the destination names the file', async () => {
    expect(
      await rebuilt(
        { text: `${BASE}COPY a.txt /app/app.txt\nRUN cat /app/app.txt\n`, files: { 'a.txt': 'same' } },
        { text: `${BASE}COPY b.txt /app/app.txt\nRUN cat /app/app.txt\n`, files: { 'b.txt': 'same' } },
      ),
    ).toEqual([]);
  });

  it('keeps the name when the file lands in a directory under it', async () => {
    expect(
      await rebuilt({ text: `${BASE}COPY a.txt /app/\n`, files: { 'a.txt': 'same' } }, { text: `${BASE}COPY b.txt /app/\n`, files: { 'b.txt': 'same' } }),
    ).toEqual([2]);
  });

  it('ignores a copied directory name and its own mode, but not nested directory modes', async () => {
    const tree = (top: string, mode: number, nested: number): Files => ({
      [top]: { dir: true, mode },
      [`${top}/sub`]: { dir: true, mode: nested },
      [`${top}/sub/f`]: 'f',
    });
    expect(await rebuilt({ text: `${BASE}COPY d1 /d/\n`, files: tree('d1', 0o755, 0o755) }, { text: `${BASE}COPY d2 /d/\n`, files: tree('d2', 0o700, 0o755) })).toEqual([]);
    expect(await rebuilt({ text: `${BASE}COPY d1 /d/\n`, files: tree('d1', 0o755, 0o755) }, { text: `${BASE}COPY d1 /d/\n`, files: tree('d1', 0o755, 0o700) })).toEqual([2]);
  });

  it('includes owners of the source files', async () => {
    const files = { 'a.txt': 'a' };
    const text = `${BASE}COPY a.txt /a\n`;
    expect(await rebuilt({ text, files }, { text, files, owners: { 'a.txt': [1000, 1000] } })).toEqual([2]);
  });

  it('ignores the source mode under --chmod, not the --chmod value', async () => {
    const before = { text: `${BASE}COPY --chmod=700 a.txt /a\n`, files: { 'a.txt': { content: 'a', mode: 0o644 } } };
    expect(await rebuilt(before, { ...before, files: { 'a.txt': { content: 'a', mode: 0o600 } } })).toEqual([]);
    expect(await rebuilt(before, { ...before, text: `${BASE}COPY --chmod=755 a.txt /a\n` })).toEqual([2]);
    const plain = { text: `${BASE}COPY a.txt /a\n`, files: { 'a.txt': { content: 'a', mode: 0o644 } } };
    expect(await rebuilt(plain, { ...plain, files: { 'a.txt': { content: 'a', mode: 0o600 } } })).toEqual([2]);
  });

  it('keys --chown on the numeric owner, --chmod by value, and a --from path from the stage root', async () => {
    const files = { 'a.txt': 'a' };
    const copy = (flags: string): Build => ({ text: `${BASE}COPY ${flags}a.txt /a\nRUN echo\n`, files });
    expect(await rebuilt(copy('--chown=1 '), copy('--chown=1:1 '))).toEqual([]);
    expect(await rebuilt(copy('--chown=0 '), copy('--chown=root:0 '))).toEqual([]);
    expect(await rebuilt(copy('--chown=1 '), copy('--chown=1:5 '))).toEqual([2, 3]);
    // A name's primary group is the image's to say: keyed as written.
    expect(await rebuilt(copy('--chown=app '), copy('--chown=app:app '))).toEqual([2, 3]);
    expect(await rebuilt(copy('--chmod=755 '), copy('--chmod=0755 '))).toEqual([]);
    const from = (path: string): Build => ({ text: `FROM busybox AS s\nRUN touch /x\nFROM busybox\nCOPY --from=s ${path} /y\n` });
    expect(await rebuilt(from('/x'), from('x'))).toEqual([]);
    expect(await rebuilt(from('/x'), from('./x'))).toEqual([]);
  });

  it('does not see the setuid and setgid bits of a copied file, but sees the sticky bit', async () => {
    const text = `${BASE}COPY a.txt /a\n`;
    const moded = (mode: number): Build => ({ text, files: { 'a.txt': { content: 'a', mode } } });
    expect(await rebuilt(moded(0o644), moded(0o4644))).toEqual([]);
    expect(await rebuilt(moded(0o644), moded(0o2644))).toEqual([]);
    expect(await rebuilt(moded(0o644), moded(0o1644))).toEqual([2]);
  });

  it('keys a downloaded ADD URL on its content, and on its name only when it lands in a directory', async () => {
    const remoteSources: RemoteSourceReader = {
      read: async (url) => ({ digest: `sha256:${url.endsWith('new.txt') ? 'b' : 'a'}`, name: url.slice(url.lastIndexOf('/') + 1), bytes: 1 }),
    };
    const add = (path: string, destination: string): Build => ({ text: `${BASE}ADD https://example.com${path} ${destination}\n`, options: { remoteSources } });
    expect(await rebuilt(add('/a/tool.txt', '/d/tool.txt'), add('/b/other.txt', '/d/tool.txt'))).toEqual([]);
    expect(await rebuilt(add('/a/tool.txt', '/d/'), add('/b/other.txt', '/d/'))).toEqual([2]);
    expect(await rebuilt(add('/a/tool.txt', '/d/tool.txt'), add('/a/new.txt', '/d/tool.txt'))).toEqual([2]);
  });

  it('misses on a content change', async () => {
    const text = `${BASE}COPY a.txt /a\nRUN echo\n`;
    expect(await rebuilt({ text, files: { 'a.txt': 'a' } }, { text, files: { 'a.txt': 'b' } })).toEqual([2, 3]);
  });
});

describe('podman model leaves the other models alone', () => {
  it('gives keys different from both Docker builders', async () => {
    const text = `${BASE}RUN echo hi\n`;
    const keyOf = async (builder: 'buildkit' | 'classic' | 'podman'): Promise<string | null> =>
      (await planOf({ text, options: { builder } })).stages[0]!.steps[1]!.key;
    expect(new Set([await keyOf('buildkit'), await keyOf('classic'), await keyOf('podman')]).size).toBe(3);
  });
});
