/** Which part of the context a build needs: the plan's sources, or everything when the plan cannot tell. */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { contextFromFiles, memoryHasher, plan, type BuilderModel } from '../../src/planner/index.js';
import { selectContextEntries } from '../../src/runtime/docker/context-selection.js';

const FILES = {
  'app.txt': 'app\n',
  'src/main.txt': 'main\n',
  'src/lib/util.txt': 'util\n',
  'assets/big.bin': 'x'.repeat(1000),
  'link.txt': { symlink: 'app.txt' },
  'docs/readme.md': 'docs\n',
};

async function select(dockerfile: string, options: { builder?: BuilderModel; target?: string; triggers?: boolean } = {}) {
  const context = contextFromFiles(FILES);
  const planned = await plan(dockerfile, {
    context,
    hasher: memoryHasher(context),
    builder: options.builder ?? 'buildkit',
    ...(options.target && { target: options.target }),
  });
  const selection = selectContextEntries({
    context,
    plan: planned,
    ast: parse(dockerfile).ast,
    text: dockerfile,
    baseImagesWithoutTriggers: options.triggers !== true,
  });
  return { ...selection, paths: selection.entries.map((entry) => entry.path) };
}

describe('selectContextEntries', () => {
  it('sends what COPY sources select, their parents and every symlink', async () => {
    const { partial, paths } = await select('FROM busybox\nCOPY app.txt /\nCOPY src/lib /lib\n');
    expect(partial).toBe(true);
    expect(paths).toEqual(['app.txt', 'link.txt', 'src', 'src/lib', 'src/lib/util.txt']);
  });

  it('follows wildcards and leaves out stages the target does not need', async () => {
    const dockerfile = 'FROM busybox AS docs\nCOPY docs /docs\nFROM busybox AS app\nCOPY src/*.txt /src/\n';
    const buildkit = await select(dockerfile, { target: 'app' });
    expect(buildkit.paths).toEqual(['link.txt', 'src', 'src/main.txt']);
    // The classic builder builds every stage up to the target.
    const classic = await select(dockerfile, { target: 'app', builder: 'classic' });
    expect(classic.paths).toEqual(['docs', 'docs/readme.md', 'link.txt', 'src', 'src/main.txt']);
  });

  it('sends nothing but symlinks when nothing is copied from the context', async () => {
    const { partial, paths } = await select('FROM busybox AS a\nRUN echo hi\nFROM busybox\nCOPY --from=a /etc/hostname /x\n');
    expect(partial).toBe(true);
    expect(paths).toEqual(['link.txt']);
  });

  it.each([
    ['FROM busybox\nCOPY . /app\n', 'copies the whole context'],
    ['FROM busybox\nCOPY ./src/.. /app\n', 'copies the whole context'],
    ['FROM busybox\nRUN --mount=type=bind,target=/src cat /src/app.txt\n', 'bind-mounts the context'],
    ['FROM busybox\nCOPY --parents src/*.txt /app/\n', 'uses --parents'],
    ['FROM busybox\nCOPY missing.txt /app/\n', 'the plan has errors'],
    ['# syntax=docker/dockerfile:1\nFROM busybox\nCOPY app.txt /\n', 'frontend'],
  ])('sends the whole context for %j', async (dockerfile, reason) => {
    const selection = await select(dockerfile);
    expect(selection.partial).toBe(false);
    expect(selection.reason).toContain(reason);
    expect(selection.paths).toContain('assets/big.bin');
  });

  it('sends the whole context when a base image may have ONBUILD triggers', async () => {
    const selection = await select('FROM busybox\nCOPY app.txt /\n', { triggers: true });
    expect(selection.partial).toBe(false);
    expect(selection.reason).toContain('ONBUILD');
  });

  it('keeps a bind mount from another stage partial', async () => {
    const selection = await select('FROM busybox AS a\nRUN echo\nFROM busybox\nRUN --mount=type=bind,from=a,target=/a ls /a\nCOPY app.txt /\n');
    expect(selection.partial).toBe(true);
  });
});
