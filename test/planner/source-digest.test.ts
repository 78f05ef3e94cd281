import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  BuilderModel,
  ContentHasher,
  ContextEntry,
  SourceMatch,
  SourceSelection,
} from '../../src/planner/context-types.js';
import { createNodeRecordHash } from '../../src/planner/hash.js';
import {
  differsOnlyInDirModes,
  digestSelection,
  digestSelections,
  type SelectionDigest,
} from '../../src/planner/source-digest.js';

/**
 * A context written as a table: a string is a file's content; objects give a mode, a symlink target or a
 * directory. Parent directories appear on their own (mode 755).
 */
type Spec = Record<string, string | { content?: string; mode?: number; dir?: true; target?: string; mtimeMs?: number }>;

interface TestContext {
  readonly entries: Map<string, ContextEntry>;
  readonly hasher: ContentHasher & { readonly requested: string[] };
}

function makeContext(spec: Spec, mtimeMs = 1_700_000_000_000): TestContext {
  const entries = new Map<string, ContextEntry>();
  const contents = new Map<string, string>();
  let ino = 1;
  const add = (entry: ContextEntry): void => void entries.set(entry.path, entry);
  for (const [path, value] of Object.entries(spec)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!entries.has(dir) && !(dir in spec)) add({ path: dir, type: 'dir', mode: 0o755, size: 0, mtimeMs, ino: ino++, dev: 1 });
    }
    const item = typeof value === 'string' ? { content: value } : value;
    const base = { path, mtimeMs: item.mtimeMs ?? mtimeMs, ino: ino++, dev: 1 };
    if (item.dir) add({ ...base, type: 'dir', mode: item.mode ?? 0o755, size: 0 });
    else if (item.target !== undefined) add({ ...base, type: 'symlink', mode: 0o777, size: item.target.length, linkTarget: item.target });
    else {
      const content = item.content ?? '';
      contents.set(path, content);
      add({ ...base, type: 'file', mode: item.mode ?? 0o644, size: Buffer.byteLength(content) });
    }
  }
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const requested: string[] = [];
  const hasher = {
    requested,
    async contentDigest(entry: ContextEntry): Promise<string> {
      requested.push(entry.path);
      const content = contents.get(entry.path);
      if (content === undefined) throw new Error(`no content for ${entry.path}`);
      return createHash('sha256').update(content).digest('hex');
    },
  };
  return { entries: sorted, hasher };
}

/** What selectSources gives for a path that exists: the entry and everything below it. */
function matchOf(context: TestContext, path: string): SourceMatch {
  const entry = path === '' ? null : (context.entries.get(path) ?? null);
  if (path !== '' && entry === null) throw new Error(`no entry ${path}`);
  const below = [...context.entries.values()].filter(
    (candidate) => path === '' || candidate.path === path || candidate.path.startsWith(`${path}/`),
  );
  return { path, name: path === '' ? '.' : path.slice(path.lastIndexOf('/') + 1), entry, entries: below };
}

const plain = (context: TestContext, source: string): SourceSelection => ({
  source,
  wildcard: false,
  matches: [matchOf(context, source === '.' ? '' : source)],
});

const wildcard = (context: TestContext, source: string, paths: readonly string[]): SourceSelection => ({
  source,
  wildcard: true,
  matches: paths.map((path) => matchOf(context, path)),
});

async function digestOf(spec: Spec, source: string, builder: BuilderModel): Promise<SelectionDigest> {
  const context = makeContext(spec);
  return digestSelection(plain(context, source), builder, context.hasher);
}

const builders: readonly BuilderModel[] = ['buildkit', 'classic'];

const app: Spec = {
  'src/index.js': 'console.log(1)\n',
  'src/lib/util.js': 'export const x = 1;\n',
  'src/lib/link.js': { target: 'util.js' },
  'package.json': '{"name":"app"}\n',
};

describe.each(builders)('digestSelection (%s)', (builder) => {
  it('ignores mtime, of files and of directories', async () => {
    const before = await digestSelection(plain(makeContext(app), 'src'), builder, makeContext(app).hasher);
    const touched = makeContext(app, 1_800_000_000_000);
    expect(await digestSelection(plain(touched, 'src'), builder, touched.hasher)).toEqual(before);
  });

  it('changes when a file changes content', async () => {
    const before = await digestOf(app, 'src', builder);
    const after = await digestOf({ ...app, 'src/lib/util.js': 'export const x = 2;\n' }, 'src', builder);
    expect(after.digest).not.toBe(before.digest);
    expect(after.withoutDirModes).not.toBe(before.withoutDirModes);
    expect((await digestOf({ ...app, 'package.json': '{}' }, 'package.json', builder)).digest).not.toBe(
      (await digestOf(app, 'package.json', builder)).digest,
    );
  });

  it("changes when a file's mode changes (directory source and single file)", async () => {
    const chmod: Spec = { ...app, 'src/lib/util.js': { content: 'export const x = 1;\n', mode: 0o755 } };
    expect((await digestOf(chmod, 'src', builder)).digest).not.toBe((await digestOf(app, 'src', builder)).digest);
    expect((await digestOf(chmod, 'src/lib/util.js', builder)).digest).not.toBe(
      (await digestOf(app, 'src/lib/util.js', builder)).digest,
    );
  });

  it('changes when a symlink inside the copied tree points elsewhere', async () => {
    const retargeted: Spec = { ...app, 'src/lib/link.js': { target: '../index.js' } };
    const before = await digestOf(app, 'src', builder);
    const after = await digestOf(retargeted, 'src', builder);
    expect(after.digest).not.toBe(before.digest);
    expect(after.withoutDirModes).not.toBe(before.withoutDirModes);
  });

  it('changes when a file inside a copied directory is renamed', async () => {
    const { 'src/index.js': moved, ...rest } = app;
    const renamed: Spec = { ...rest, 'src/main.js': moved! };
    expect((await digestOf(renamed, 'src', builder)).digest).not.toBe((await digestOf(app, 'src', builder)).digest);
  });

  it('changes digest but not withoutDirModes when a directory mode changes, top-level or nested', async () => {
    const before = await digestOf(app, 'src', builder);
    for (const dir of ['src', 'src/lib']) {
      const after = await digestOf({ ...app, [dir]: { dir: true, mode: 0o700 } }, 'src', builder);
      expect(after.digest).not.toBe(before.digest);
      expect(after.withoutDirModes).toBe(before.withoutDirModes);
      expect(differsOnlyInDirModes(before, after)).toBe(true);
    }
    // Also when the whole context is copied (the root itself has no mode of its own in any key).
    const rootBefore = await digestOf(app, '.', builder);
    const rootAfter = await digestOf({ ...app, 'src/lib': { dir: true, mode: 0o700 } }, '.', builder);
    expect(rootAfter.digest).not.toBe(rootBefore.digest);
    expect(rootAfter.withoutDirModes).toBe(rootBefore.withoutDirModes);
  });

  it('has withoutDirModes equal to digest when no directory is involved', async () => {
    const single = await digestOf(app, 'package.json', builder);
    expect(single.withoutDirModes).toBe(single.digest);
    const context = makeContext({ 'a.json': '1', 'b.json': '2' });
    const files = await digestSelection(wildcard(context, '*.json', ['a.json', 'b.json']), builder, context.hasher);
    expect(files.withoutDirModes).toBe(files.digest);
    expect(differsOnlyInDirModes(single, single)).toBe(false);
  });

  it('changes when a wildcard gains a match', async () => {
    const two = makeContext({ 'package.json': '{}', 'package-lock.json': '{"v":1}', 'README.md': '#' });
    const three = makeContext({ ...{ 'package.json': '{}', 'package-lock.json': '{"v":1}', 'README.md': '#' }, 'package.extra.json': '[]' });
    const before = await digestSelection(wildcard(two, 'package*.json', ['package-lock.json', 'package.json']), builder, two.hasher);
    const after = await digestSelection(
      wildcard(three, 'package*.json', ['package-lock.json', 'package.extra.json', 'package.json']),
      builder,
      three.hasher,
    );
    expect(after.digest).not.toBe(before.digest);
    // A file the pattern does not match is not part of the selection at all.
    const unrelated = makeContext({ 'package.json': '{}', 'package-lock.json': '{"v":1}', 'README.md': 'changed' });
    const same = await digestSelection(wildcard(unrelated, 'package*.json', ['package-lock.json', 'package.json']), builder, unrelated.hasher);
    expect(same.digest).toBe(before.digest);
  });

  it('counts files and bytes, and reports every file digest', async () => {
    const result = await digestOf(app, 'src', builder);
    expect(result.files).toBe(2);
    expect(result.bytes).toBe(Buffer.byteLength('console.log(1)\n') + Buffer.byteLength('export const x = 1;\n'));
    expect([...result.fileDigests.keys()].sort()).toEqual(['src/index.js', 'src/lib/util.js']);
    expect(result.fileDigests.get('src/index.js')).toBe(createHash('sha256').update('console.log(1)\n').digest('hex'));
  });

  it('requests every file content before awaiting any (the hasher bounds concurrency)', async () => {
    const context = makeContext(app);
    let pending = 0;
    let mostPending = 0;
    const hasher: ContentHasher = {
      async contentDigest(entry) {
        pending++;
        mostPending = Math.max(mostPending, pending);
        await new Promise((resolve) => setTimeout(resolve, 1));
        pending--;
        return context.hasher.contentDigest(entry);
      },
    };
    await digestSelection(plain(context, '.'), builder, hasher);
    expect(mostPending).toBe(3);
  });

  it('does not depend on the order entries are listed in', async () => {
    const context = makeContext(app);
    const selection = plain(context, 'src');
    const match = selection.matches[0]!;
    const shuffled: SourceSelection = { ...selection, matches: [{ ...match, entries: [...match.entries].reverse() }] };
    expect(await digestSelection(shuffled, builder, context.hasher)).toEqual(
      await digestSelection(selection, builder, context.hasher),
    );
  });

  it('gives the file digests of a single match as a map by path, in path order however the entries were listed', async () => {
    const context = makeContext(app);
    const selection = plain(context, '.');
    const match = selection.matches[0]!;
    const shuffled: SourceSelection = { ...selection, matches: [{ ...match, entries: [...match.entries].reverse() }] };
    const expected = new Map<string, string>();
    for (const path of ['package.json', 'src/index.js', 'src/lib/util.js']) {
      expected.set(path, await context.hasher.contentDigest(context.entries.get(path)!));
    }
    for (const digest of [await digestSelection(selection, builder, context.hasher), await digestSelection(shuffled, builder, context.hasher)]) {
      const files = digest.fileDigests;
      expect(files.size).toBe(3);
      expect([...files]).toEqual([...expected]);
      expect([...files.keys()]).toEqual([...expected.keys()]);
      expect([...files.values()]).toEqual([...expected.values()]);
      expect(files.get('src/lib/util.js')).toBe(expected.get('src/lib/util.js'));
      expect(files.has('src/lib/link.js')).toBe(false);
      const seen: string[] = [];
      files.forEach((value, key, map) => {
        expect(map).toBe(files);
        seen.push(`${key}=${value}`);
      });
      expect(seen).toEqual([...expected].map(([key, value]) => `${key}=${value}`));
    }
  });

  it('gives the same digests with a node:crypto record hash as with the built-in one', async () => {
    const context = makeContext(app);
    const selection = plain(context, '.');
    const native = await digestSelection(selection, builder, context.hasher, { createHash: createNodeRecordHash });
    expect(native).toEqual(await digestSelection(selection, builder, context.hasher));
  });

  it('takes known digests without requesting them, with the same result', async () => {
    const context = makeContext(app);
    const selection = plain(context, '.');
    const expected = await digestSelection(selection, builder, context.hasher);
    const known = new Set(['src/index.js']);
    const requested: string[] = [];
    const hasher: ContentHasher = {
      contentDigest(entry) {
        requested.push(entry.path);
        return context.hasher.contentDigest(entry);
      },
      knownDigest: (entry) => (known.has(entry.path) ? createHash('sha256').update('console.log(1)\n').digest('hex') : undefined),
    };
    const result = await digestSelection(selection, builder, hasher);
    expect(result).toEqual(expected);
    expect([...result.fileDigests.keys()]).toEqual([...expected.fileDigests.keys()]);
    expect(requested).toEqual(['package.json', 'src/lib/util.js']);
  });

  it('gives the same digests with either record hash on a tree larger than one batch of records', async () => {
    // Names with a lone surrogate and other non-ASCII text, and more records than one update takes.
    const spec: Spec = {};
    for (let index = 0; index < 3000; index++) spec[`d${index % 17}/f\ud800${index}-é.txt`] = `content ${index}`;
    const context = makeContext(spec);
    const selection = plain(context, '.');
    const native = await digestSelection(selection, builder, context.hasher, { createHash: createNodeRecordHash });
    expect(native).toEqual(await digestSelection(selection, builder, context.hasher));
    const renamedSpec: Spec = { ...spec, 'd0/g\ud8000-é.txt': 'content 0' };
    delete renamedSpec['d0/f\ud8000-é.txt'];
    const renamed = makeContext(renamedSpec);
    expect((await digestSelection(plain(renamed, '.'), builder, renamed.hasher)).digest).not.toBe(native.digest);
  });

  it('digests several sources together, in order, and one source as that source alone', async () => {
    const context = makeContext(app);
    const one = await digestSelections([plain(context, 'src')], builder, context.hasher);
    expect(one).toEqual(await digestSelection(plain(context, 'src'), builder, context.hasher));
    const both = await digestSelections([plain(context, 'package.json'), plain(context, 'src')], builder, context.hasher);
    const swapped = await digestSelections([plain(context, 'src'), plain(context, 'package.json')], builder, context.hasher);
    expect(both.digest).not.toBe(one.digest);
    expect(both.digest).not.toBe(swapped.digest);
    expect(both.files).toBe(3);
  });
});

describe('digestSelection: where the builders differ', () => {
  const moved = (from: string, to: string): [Spec, Spec] => [
    { [`${from}/a.txt`]: 'same bytes', other: 'x' },
    { [`${to}/a.txt`]: 'same bytes', other: 'x' },
  ];

  it('keeps the BuildKit digest when a source moves to another directory (the key keeps only its basename)', async () => {
    const [before, after] = moved('dir1', 'dir2');
    expect((await digestOf(after, 'dir2/a.txt', 'buildkit')).digest).toBe(
      (await digestOf(before, 'dir1/a.txt', 'buildkit')).digest,
    );
    // A directory source moved elsewhere under the same name hashes its entries relative to itself.
    const [treeBefore, treeAfter] = moved('one/pkg', 'two/pkg');
    expect((await digestOf(treeAfter, 'two/pkg', 'buildkit')).digest).toBe(
      (await digestOf(treeBefore, 'one/pkg', 'buildkit')).digest,
    );
  });

  it('changes the classic digest when a source moves, as tarsum hashes the full path', async () => {
    const [before, after] = moved('dir1', 'dir2');
    expect((await digestOf(after, 'dir2/a.txt', 'classic')).digest).not.toBe(
      (await digestOf(before, 'dir1/a.txt', 'classic')).digest,
    );
    const [treeBefore, treeAfter] = moved('one/pkg', 'two/pkg');
    expect((await digestOf(treeAfter, 'two/pkg', 'classic')).digest).not.toBe(
      (await digestOf(treeBefore, 'one/pkg', 'classic')).digest,
    );
  });

  it('uses file:, dir: and multi: for classic and sha256: for BuildKit', async () => {
    const context = makeContext({ ...app, 'b.json': '2' });
    const classic = async (selection: SourceSelection) => (await digestSelection(selection, 'classic', context.hasher)).digest;
    expect(await classic(plain(context, 'package.json'))).toMatch(/^file:[0-9a-f]{64}$/);
    expect(await classic(plain(context, 'src'))).toMatch(/^dir:[0-9a-f]{64}$/);
    expect(await classic(plain(context, '.'))).toMatch(/^dir:[0-9a-f]{64}$/);
    expect(await classic(wildcard(context, '*.json', ['b.json', 'package.json']))).toMatch(/^multi:[0-9a-f]{64}$/);
    // One wildcard match is one copied item: classic names it like a plain file.
    expect(await classic(wildcard(context, 'p*.json', ['package.json']))).toBe(await classic(plain(context, 'package.json')));
    const buildkit = await digestSelection(plain(context, 'src'), 'buildkit', context.hasher);
    expect(buildkit.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('lists wildcard matches by basename under BuildKit: renaming a match changes the digest', async () => {
    const before = makeContext({ 'a.json': '1', 'b.json': '2' });
    const after = makeContext({ 'a.json': '1', 'c.json': '2' });
    const digest = async (context: TestContext, paths: string[]) =>
      (await digestSelection(wildcard(context, '*.json', paths), 'buildkit', context.hasher)).digest;
    expect(await digest(after, ['a.json', 'c.json'])).not.toBe(await digest(before, ['a.json', 'b.json']));
  });
});
