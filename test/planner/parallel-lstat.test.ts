import { lstatSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LstatSession, STAT_FAILED, STAT_FIELDS, STAT_GONE, type LstatOptions } from '../../src/planner/parallel-lstat.js';

/** Every path's numbers from one session that is given them all at once. */
function lstatAll(paths: readonly string[], options: LstatOptions = {}): Promise<Float64Array> {
  const session = new LstatSession(options);
  session.add('', paths);
  return session.finish();
}

let root: string;
const present: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dfkit-lstat-'));
  // More than two batches of 256, so that several threads can take part.
  for (let dir = 0; dir < 8; dir++) {
    await mkdir(join(root, `d${dir}`));
    present.push(join(root, `d${dir}`));
    for (let file = 0; file < 90; file++) {
      const path = join(root, `d${dir}`, `f${file}.txt`);
      await writeFile(path, 'x'.repeat(file));
      present.push(path);
    }
  }
  await symlink('d0/f1.txt', join(root, 'link'));
  await symlink('nowhere', join(root, 'dangling'));
  await symlink('loop', join(root, 'loop'));
  present.push(join(root, 'link'), join(root, 'dangling'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function expected(path: string): number[] {
  const stats = lstatSync(path);
  return [stats.mode, stats.size, stats.mtimeMs, stats.ino, stats.dev, stats.ctimeMs, stats.uid, stats.gid];
}

const ways = [
  { name: 'on the main thread', options: { workers: 0 } },
  { name: 'shared with two workers', options: { workers: 2 } },
  { name: 'on one worker alone', options: { workers: 1, mainThread: false } },
  { name: 'on two workers alone', options: { workers: 2, mainThread: false } },
] as const;

describe('LstatSession', () => {
  for (const way of ways) {
    it(`gives every path's lstat ${way.name}`, async () => {
      const values = await lstatAll(present, way.options);
      expect(values.length).toBe(present.length * STAT_FIELDS);
      present.forEach((path, index) => {
        expect([...values.subarray(index * STAT_FIELDS, (index + 1) * STAT_FIELDS)], path).toEqual(expected(path));
      });
    });

    it(`marks missing and unreadable paths ${way.name}`, async () => {
      const paths = [
        ...present.slice(0, 300),
        join(root, 'missing'),
        join(root, 'd0', 'f2.txt', 'below-a-file'),
        join(root, 'loop', 'x'),
        ...present.slice(300),
      ];
      const values = await lstatAll(paths, way.options);
      const modeOf = (index: number): number => values[index * STAT_FIELDS]!;
      expect(modeOf(300)).toBe(STAT_GONE);
      expect(modeOf(301)).toBe(STAT_GONE);
      expect(modeOf(302)).toBe(STAT_FAILED); // ELOOP: the link on the way points at itself
      expect(modeOf(303)).toBe(expected(present[300]!)[0]);
      expect(modeOf(paths.length - 1)).toBe(expected(present.at(-1)!)[0]);
    });
  }

  it('takes paths added a few at a time, as a walk finds them', async () => {
    for (const options of [{ workers: 0 }, { workers: 1 }, { workers: 2, mainThread: false }]) {
      const session = new LstatSession(options);
      for (let start = 0; start < present.length; start += 37) session.add('', present.slice(start, start + 37));
      const values = await session.finish();
      present.forEach((path, index) => {
        expect([...values.subarray(index * STAT_FIELDS, (index + 1) * STAT_FIELDS)], path).toEqual(expected(path));
      });
    }
  });

  it('lets a cancelled session go without holding up the next', async () => {
    const cancelled = new LstatSession({ workers: 1 });
    cancelled.add('', present);
    cancelled.cancel();
    const values = await lstatAll(present, { workers: 1, mainThread: false });
    expect([...values.subarray(0, STAT_FIELDS)]).toEqual(expected(present[0]!));
  });

  it('handles no paths and one path', async () => {
    expect((await lstatAll([], { workers: 2 })).length).toBe(0);
    expect([...(await lstatAll([present[0]!], { workers: 2, mainThread: false }))]).toEqual(expected(present[0]!));
  });

  it('serves scans that overlap', async () => {
    const [a, b] = await Promise.all([lstatAll(present, { workers: 1 }), lstatAll([...present].reverse(), { workers: 1 })]);
    const last = present.length - 1;
    expect([...a.subarray(0, STAT_FIELDS)]).toEqual([...b.subarray(last * STAT_FIELDS)]);
    expect([...b.subarray(0, STAT_FIELDS)]).toEqual([...a.subarray(last * STAT_FIELDS)]);
  });
});
