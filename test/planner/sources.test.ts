import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/planner/context-types.js';
import { contextFromFiles, type MemoryFile } from '../../src/planner/memory-context.js';
import { selectSources, type SelectSourcesOptions } from '../../src/planner/sources.js';

const FILES: Record<string, MemoryFile> = {
  'package.json': '{}',
  'package-lock.json': '{}',
  'README.md': '# app',
  'secret.env': 'TOKEN=1',
  'src/app.js': 'app',
  'src/util.js': 'util',
  'src/lib/deep.js': 'deep',
  'src/link-to-lib': { symlink: 'lib' },
  'docs/a.md': 'a',
  'docs/sub/b.md': 'b',
  'docs/sub/keep.md': 'keep',
  'docs/img.png': 'png',
  'real/inner.txt': 'inner',
  'linkdir': { symlink: 'real' },
  'abslink': { symlink: '/real/inner.txt' },
  'escaping': { symlink: '../../../etc/passwd' },
  'etc/passwd': 'not the host one',
  'dangling': { symlink: 'missing.txt' },
  'loop-a': { symlink: 'loop-b' },
  'loop-b': { symlink: 'loop-a' },
  'to-root': { symlink: '.' },
  'empty': { dir: true },
};

const context: BuildContext = contextFromFiles(FILES, 'secret.env\n');

const select = (sources: string[], options?: SelectSourcesOptions) => selectSources(context, sources, options);
/** The matches of one source as [path, name] pairs. */
const matchesOf = (source: string, options?: SelectSourcesOptions) => {
  const { selections, errors } = select([source], options);
  expect(errors).toEqual([]);
  return (selections[0]?.matches ?? []).map((match) => [match.path, match.name]);
};
const takenBy = (source: string, options?: SelectSourcesOptions) =>
  select([source], options).selections.flatMap((selection) => selection.matches.flatMap((m) => m.entries.map((e) => e.path)));

describe('plain paths', () => {
  it('selects a file by its context path, named by its basename', () => {
    const { selections, errors } = select(['src/app.js']);
    expect(errors).toEqual([]);
    expect(selections).toEqual([
      {
        source: 'src/app.js',
        wildcard: false,
        matches: [{ path: 'src/app.js', name: 'app.js', entry: context.entries.get('src/app.js'), entries: [context.entries.get('src/app.js')] }],
      },
    ]);
  });

  it.each(['/src/app.js', './src/app.js', 'src//app.js', 'src/lib/../app.js', 'src/app.js/'])('%j is the same path', (source) => {
    expect(matchesOf(source)).toEqual([['src/app.js', 'app.js']]);
  });

  it('takes a directory with everything kept below it, symlinks as links', () => {
    expect(takenBy('src')).toEqual(['src', 'src/app.js', 'src/lib', 'src/lib/deep.js', 'src/link-to-lib', 'src/util.js']);
    expect(takenBy('empty')).toEqual(['empty']);
  });

  it.each(['.', './', '/', ''])('%j is the whole context, with no entry of its own and no name', (source) => {
    const [match] = select([source]).selections[0]?.matches ?? [];
    expect(match).toMatchObject({ path: '', name: '', entry: null });
    expect(match?.entries.map((entry) => entry.path)).toEqual([...context.entries.keys()]);
  });

  it('does not see files .dockerignore excluded', () => {
    expect(select(['secret.env']).errors).toEqual([
      { code: 'not-found', source: 'secret.env', message: 'failed to compute cache key: "/secret.env": not found' },
    ]);
    expect(takenBy('.')).not.toContain('secret.env');
  });

  it('words not-found as the chosen builder does', () => {
    expect(select(['nope.txt'], { builder: 'buildkit' }).errors[0]?.message).toBe('failed to compute cache key: "/nope.txt": not found');
    expect(select(['nope.txt'], { builder: 'classic' }).errors[0]?.message).toBe(
      'file not found in build context or excluded by .dockerignore: stat nope.txt: file does not exist',
    );
  });
});

describe('symlinks on the source path', () => {
  it('follows a symlinked source to its target and keeps the name as written', () => {
    expect(matchesOf('linkdir')).toEqual([['real', 'linkdir']]);
    expect(takenBy('linkdir')).toEqual(['real', 'real/inner.txt']);
  });

  it('follows a symlinked parent directory', () => {
    expect(matchesOf('linkdir/inner.txt')).toEqual([['real/inner.txt', 'inner.txt']]);
    expect(matchesOf('src/link-to-lib/deep.js')).toEqual([['src/lib/deep.js', 'deep.js']]);
  });

  it('resolves absolute and escaping targets inside the context, as Docker does', () => {
    expect(matchesOf('abslink')).toEqual([['real/inner.txt', 'abslink']]);
    // `../../../etc/passwd` cannot climb above the context root: it lands on the context's own etc/passwd.
    expect(matchesOf('escaping')).toEqual([['etc/passwd', 'escaping']]);
  });

  it('follows a link to the root', () => {
    const [match] = select(['to-root']).selections[0]?.matches ?? [];
    expect(match).toMatchObject({ path: '', name: 'to-root', entry: null });
  });

  it.each(['dangling', 'loop-a', 'real/inner.txt/x'])('reports %j as not found', (source) => {
    expect(select([source]).errors.map((error) => error.code)).toEqual(['not-found']);
  });
});

describe('outside the context', () => {
  it.each([
    ['../x', '../x'],
    ['/../x', '../x'],
    ['./../x', '../x'],
    ['..', '..'],
    ['src/../../x', 'src/../../x'],
  ])('%j is refused with the classic builder’s words', (source, shown) => {
    expect(select([source]).errors).toEqual([
      { code: 'outside-context', source, message: `forbidden path outside the build context: ${shown} ()` },
    ]);
    expect(select([source], { builder: 'classic' }).errors[0]?.code).toBe('outside-context');
  });

  it('is clamped to the root under BuildKit', () => {
    expect(matchesOf('../src/app.js', { builder: 'buildkit' })).toEqual([['src/app.js', 'app.js']]);
    expect(select(['src/../../app.js'], { builder: 'buildkit' }).errors.map((error) => error.code)).toEqual(['not-found']);
  });

  it('lets `..` that stays inside pass', () => {
    expect(matchesOf('src/lib/../util.js')).toEqual([['src/util.js', 'util.js']]);
  });
});

describe('wildcards', () => {
  it('match one path element per `*`, against kept entries only', () => {
    expect(matchesOf('package*.json')).toEqual([
      ['package-lock.json', 'package-lock.json'],
      ['package.json', 'package.json'],
    ]);
    expect(matchesOf('*.env', { builder: 'buildkit' })).toEqual([]);
    expect(matchesOf('src/*.js')).toEqual([
      ['src/app.js', 'app.js'],
      ['src/util.js', 'util.js'],
    ]);
    expect(matchesOf('*/*.md')).toEqual([['docs/a.md', 'a.md']]);
    expect(matchesOf('src/?til.js')).toEqual([['src/util.js', 'util.js']]);
    expect(matchesOf('[Rr][Ee]*')).toEqual([
      ['README.md', 'README.md'],
      ['real', 'real'],
    ]);
  });

  it('takes a matched directory whole', () => {
    expect(takenBy('do*')).toEqual(['docs', 'docs/a.md', 'docs/img.png', 'docs/sub', 'docs/sub/b.md', 'docs/sub/keep.md']);
    expect(select(['do*']).selections[0]?.wildcard).toBe(true);
  });

  it('follows a matched symlink, naming the match by the link', () => {
    expect(matchesOf('abs*')).toEqual([['real/inner.txt', 'abslink']]);
  });

  it('fails on a matched symlink that leads nowhere', () => {
    expect(select(['dang*']).errors.map((error) => error.code)).toEqual(['not-found']);
  });

  it('follows symlinks before the first wildcard under BuildKit, not under the classic builder', () => {
    expect(matchesOf('linkdir/*.txt', { builder: 'buildkit' })).toEqual([['real/inner.txt', 'inner.txt']]);
    expect(select(['linkdir/*.txt'], { builder: 'classic' }).errors.map((error) => error.code)).toEqual(['no-match']);
  });

  it('needs the part before the first wildcard to exist under BuildKit', () => {
    expect(select(['nodir/*.js'], { builder: 'buildkit' }).errors).toEqual([
      { code: 'not-found', source: 'nodir/*.js', message: 'lstat /nodir: no such file or directory' },
    ]);
  });

  it('reports no-match only when no source of the instruction selected anything', () => {
    expect(select(['*.nothing', 'README.md']).errors).toEqual([]);
    expect(select(['*.nothing', '*.none']).errors).toEqual([
      { code: 'no-match', source: '*.nothing', message: 'no source files were specified' },
      { code: 'no-match', source: '*.none', message: 'no source files were specified' },
    ]);
    const buildkit = select(['*.nothing'], { builder: 'buildkit' });
    expect(buildkit.errors).toEqual([]);
    expect(buildkit.selections).toEqual([{ source: '*.nothing', wildcard: true, matches: [] }]);
  });

  it('treats an escaped wildcard character literally inside a pattern', () => {
    const withStar = contextFromFiles({ 'a*b': 'x', axb: 'y' });
    const paths = (source: string) => selectSources(withStar, [source]).selections[0]?.matches.map((m) => m.path);
    expect(paths('a*b')).toEqual(['a*b', 'axb']);
    expect(paths('a\\*?')).toEqual(['a*b']);
    // Without another wildcard the source is a plain path, backslash and all, as in Docker.
    expect(selectSources(withStar, ['a\\*b']).errors.map((error) => error.code)).toEqual(['not-found']);
  });
});

describe('--exclude', () => {
  it('matches relative to the source directory, anchored there', () => {
    expect(takenBy('docs', { exclude: ['*.md'] })).toEqual(['docs', 'docs/img.png', 'docs/sub', 'docs/sub/b.md', 'docs/sub/keep.md']);
    expect(takenBy('docs', { exclude: ['**/*.md'] })).toEqual(['docs', 'docs/img.png', 'docs/sub']);
  });

  it('brings back an excluded directory when an exception keeps something below it', () => {
    expect(takenBy('docs', { exclude: ['sub', '!sub/keep.md'] })).toEqual(['docs', 'docs/a.md', 'docs/img.png', 'docs/sub', 'docs/sub/keep.md']);
  });

  it('applies inside each wildcard match, never to the match itself', () => {
    expect(takenBy('do*', { exclude: ['*.png', 'sub'] })).toEqual(['docs', 'docs/a.md']);
    expect(matchesOf('package*.json', { exclude: ['*.json'] })).toHaveLength(2);
  });
});

describe('--parents', () => {
  it('keeps context paths and supports `**`', () => {
    expect(matchesOf('src/**/*.js', { parents: true })).toEqual([
      ['src/app.js', 'app.js'],
      ['src/lib/deep.js', 'deep.js'],
      ['src/util.js', 'util.js'],
    ]);
  });

  it('takes a matched directory with its contents, and a matched symlink as a link', () => {
    expect(takenBy('docs/s*', { parents: true })).toEqual(['docs/sub', 'docs/sub/b.md', 'docs/sub/keep.md']);
    expect(matchesOf('src/link-*', { parents: true })).toEqual([['src/link-to-lib', 'link-to-lib']]);
    expect(select(['src/link-*'], { parents: true }).selections[0]?.matches[0]?.entry?.type).toBe('symlink');
  });

  it('starts below a `/./` pivot', () => {
    expect(matchesOf('docs/./sub/*.md', { parents: true })).toEqual([
      ['docs/sub/b.md', 'b.md'],
      ['docs/sub/keep.md', 'keep.md'],
    ]);
    expect(matchesOf('docs/./a.md', { parents: true })).toEqual([['docs/a.md', 'a.md']]);
  });

  it('requires a path without wildcards to exist, and excludes relative to the source root', () => {
    expect(select(['docs/./nope.md'], { parents: true }).errors).toEqual([
      { code: 'not-found', source: 'docs/./nope.md', message: 'failed to compute cache key: "/docs/nope.md": not found' },
    ]);
    expect(matchesOf('docs/**/*.md', { parents: true, exclude: ['docs/sub/b.md'] })).toEqual([
      ['docs/a.md', 'a.md'],
      ['docs/sub/keep.md', 'keep.md'],
    ]);
  });
});

describe('--parents follows BuildKit whatever the builder', () => {
  it('clamps `..` at the root and allows an empty wildcard', () => {
    expect(matchesOf('../docs/./a.md', { parents: true })).toEqual([['docs/a.md', 'a.md']]);
    expect(select(['**/*.nothing'], { parents: true }).errors).toEqual([]);
  });
});

describe('a wildcard that cleaning removes', () => {
  it('leaves a plain path (`src/*/..` is `src`)', () => {
    const { selections, errors } = select(['src/*/..']);
    expect(errors).toEqual([]);
    expect(selections[0]?.wildcard).toBe(true);
    expect(selections[0]?.matches.map((match) => [match.path, match.name])).toEqual([['src', 'src']]);
  });
});

describe('selectSources on a context assembled out of path order', () => {
  it('puts the entries in Go order first, astral names after U+E000 as Go sorts them', () => {
    const sorted = contextFromFiles({ '😀/a': 'x', '\ue000/b': 'y', 'é/c': 'z', 'a.b': 'w', 'a/d': 'v' });
    // The same entries in JavaScript's order, which puts the astral name before U+E000.
    const shuffled: BuildContext = {
      ...sorted,
      entries: new Map([...sorted.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    expect([...shuffled.entries.keys()]).not.toEqual([...sorted.entries.keys()]);
    const taken = (context: BuildContext, source: string) =>
      selectSources(context, [source]).selections[0]!.matches.flatMap((match) => match.entries.map((entry) => entry.path));
    expect(taken(shuffled, '.')).toEqual([...sorted.entries.keys()]);
    expect(taken(shuffled, '\ue000')).toEqual(['\ue000', '\ue000/b']);
    expect(taken(shuffled, '😀')).toEqual(['😀', '😀/a']);
  });
});

describe('literal sources (a RUN bind mount of the context)', () => {
  const starred = contextFromFiles({ 'a.txt': 'a', 'b.txt': 'b', '*.txt': 'star', 'dir/[x].md': 'x', 'dir/x.md': 'plain' }, null);

  it('take a path with wildcard characters as the name it is', () => {
    const { selections, errors } = selectSources(starred, ['*.txt', 'dir/[x].md'], { builder: 'buildkit', literal: true });
    expect(errors).toEqual([]);
    expect(selections.map((selection) => [selection.wildcard, selection.matches.map((match) => match.path)])).toEqual([
      [false, ['*.txt']],
      [false, ['dir/[x].md']],
    ]);
    // The same sources in a COPY are patterns.
    const copied = selectSources(starred, ['*.txt'], { builder: 'buildkit' }).selections[0];
    expect(copied?.matches.map((match) => match.path)).toEqual(['*.txt', 'a.txt', 'b.txt']);
  });

  it('are not found when no file has that name, whatever the wildcard would match', () => {
    const { selections, errors } = selectSources(starred, ['*.md'], { builder: 'buildkit', literal: true });
    expect(selections).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(['not-found']);
  });
});
