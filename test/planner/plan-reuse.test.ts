import { chmod, mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../src/planner/context.js';
import type { ContentHasher, ContextEntry } from '../../src/planner/context-types.js';
import { createContentHasher } from '../../src/planner/hash.js';
import { contextFromFiles } from '../../src/planner/memory-context.js';
import { memoryHasher } from '../../src/planner/memory-hasher.js';
import { plan } from '../../src/planner/plan.js';

const DOCKERFILE = 'FROM scratch\nCOPY . /app\nCOPY src/*.ts /ts/\nCOPY --exclude=*.md docs /docs\n';

describe('plans of a context that did not change', () => {
  const context = contextFromFiles({ 'src/a.ts': 'a', 'src/b.ts': 'b', 'docs/x.md': 'x', 'docs/y.txt': 'y' });

  /** A hasher that counts the digests asked of it and names its answers with the given key. */
  function countingHasher(answers: object | undefined): ContentHasher & { asked: number } {
    const inner = memoryHasher(context);
    const hasher = {
      asked: 0,
      contentDigest(entry: ContextEntry): Promise<string> {
        hasher.asked++;
        return inner.contentDigest(entry);
      },
      answersKey: () => answers,
    };
    return hasher;
  }

  it('reuses source digests while the hasher gives the same answers key, and only then', async () => {
    const key = {};
    const first = countingHasher(key);
    const planned = await plan(DOCKERFILE, { context, hasher: first });
    expect(first.asked).toBeGreaterThan(0);
    const again = countingHasher(key);
    expect(await plan(DOCKERFILE, { context, hasher: again })).toEqual(planned);
    expect(again.asked).toBe(0);
    // Other answers (another cache file, another day) or none at all: the digests are made again.
    for (const answers of [{}, undefined]) {
      const other = countingHasher(answers);
      expect(await plan(DOCKERFILE, { context, hasher: other })).toEqual(planned);
      expect(other.asked).toBe(first.asked);
    }
  });

  it('does not keep a digest made while the hasher read files', async () => {
    const before = {};
    let answers: object = before;
    const reading = countingHasher(undefined);
    const hasher: ContentHasher = {
      // Reading a file changes the key: the answers from then on are no longer the ones `before` names.
      contentDigest: (entry) => {
        answers = {};
        return reading.contentDigest(entry);
      },
      answersKey: () => answers,
    };
    await plan(DOCKERFILE, { context, hasher });
    const next = countingHasher(before);
    await plan(DOCKERFILE, { context, hasher: next });
    expect(next.asked).toBe(reading.asked);
  });
});

describe('plans of a directory while it changes', () => {
  let base: string;
  let root: string;
  let cacheDir: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'dfkit-replan-'));
    root = join(base, 'ctx');
    cacheDir = join(base, 'cache');
    const old = Math.floor(Date.now() / 1000) - 3600;
    for (const [path, content] of Object.entries({ 'src/a.ts': 'aaaa', 'src/b.ts': 'bbbb', 'docs/x.md': 'x', 'docs/y.txt': 'y' })) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
      await utimes(join(root, path), old, old);
    }
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** The plan as a process that has never seen the context would make it: no stat cache, a hasher reading every file. */
  async function freshPlan() {
    const context = await scanContext(root);
    return plan(DOCKERFILE, { context, hasher: createContentHasher(root, { cacheDir: false }) });
  }

  const edits: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    ['nothing', async () => {}],
    [
      'a same-size edit with the old mtime put back',
      async () => {
        const before = await stat(join(root, 'src/a.ts'));
        await writeFile(join(root, 'src/a.ts'), 'AAAA');
        await utimes(join(root, 'src/a.ts'), before.atime, before.mtime);
      },
    ],
    ['a file added', () => writeFile(join(root, 'src/c.ts'), 'c')],
    ['a file removed', () => rm(join(root, 'src/b.ts'))],
    ['a mode changed', () => chmod(join(root, 'src/a.ts'), 0o755)],
    ['an ignore file added', () => writeFile(join(root, '.dockerignore'), 'docs/y.txt\n')],
  ];

  it('gives each time the plan a fresh process would', async () => {
    let previous = await plan(DOCKERFILE, { context: root, cacheDir });
    for (const [name, edit] of edits) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // a later ctime for what is edited
      await edit();
      // Twice: the first plan after an edit reads files, the second answers from the cache alone.
      for (let round = 0; round < 2; round++) {
        const current = await plan(DOCKERFILE, { context: root, cacheDir });
        expect(current, `${name}, plan ${round + 1}`).toEqual(await freshPlan());
        if (name === 'nothing' || round === 1) expect(current).toEqual(previous);
        else expect(current, name).not.toEqual(previous);
        previous = current;
      }
    }
  });
});
