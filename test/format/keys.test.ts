/**
 * The formatter's hard requirement, checked against the planner: with the default options (and with fewer
 * builders to keep) formatting changes no step's cache key of any builder it keeps — over every example
 * Dockerfile and over generated ones. A second table shows exactly which steps the key-changing options change.
 */
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDockerfile, type CacheBuilder, type FormatOptions } from '../../src/format/index.js';
import { parse } from '../../src/parser/index.js';
import { corpus, mutatedDockerfile } from '../mutated-corpus.js';
import { dockerfile } from './generated.js';
import { changedSteps, filesOf, type Files } from './plan-keys.js';

const examplesRoot = resolve(__dirname, '../../examples');
const examples = readdirSync(examplesRoot)
  .map((name) => join(examplesRoot, name))
  .filter((dir) => existsSync(join(dir, 'Dockerfile')));

const GENERATED_FILES: Files = { 'app.txt': 'app', 'lib/a.js': 'a', 'lib/b.js': 'b' };

/** Option sets that promise to keep keys, with the builders they keep. */
const KEEPING: ReadonlyArray<{ name: string; options: FormatOptions; builders: readonly CacheBuilder[] }> = [
  { name: 'defaults (Docker\'s builders)', options: {}, builders: ['buildkit', 'classic'] },
  { name: 'lower case, indent 2', options: { keywordCase: 'lower', indent: 2 }, builders: ['buildkit', 'classic'] },
  { name: 'aligned indentation', options: { indent: 'align' }, builders: ['buildkit', 'classic'] },
  { name: 'with podman', options: { keepCacheKeysOf: ['buildkit', 'classic', 'podman'] }, builders: ['buildkit', 'classic', 'podman'] },
  {
    name: 'with podman, lower case, indent 2',
    options: { keepCacheKeysOf: ['buildkit', 'classic', 'podman'], keywordCase: 'lower', indent: 2 },
    builders: ['buildkit', 'classic', 'podman'],
  },
  { name: 'BuildKit only', options: { keepCacheKeysOf: ['buildkit'] }, builders: ['buildkit'] },
];

async function expectSameKeys(before: string, after: string, builders: readonly CacheBuilder[], files: Files): Promise<void> {
  for (const builder of builders) {
    expect({ builder, changed: await changedSteps(before, after, builder, files) }).toEqual({ builder, changed: [] });
  }
}

describe('formatting keeps every cache key', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  describe.each(KEEPING)('$name', ({ options, builders }) => {
    it.each(examples.map((dir) => [dir.slice(examplesRoot.length + 1), dir]))('examples/%s', async (_name, dir) => {
      const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      const result = formatDockerfile(text, options);
      expect(result.refused).toBe(false);
      await expectSameKeys(text, result.text, builders, filesOf(dir));
    });

    it('generated Dockerfiles', async () => {
      let changed = 0;
      await fc.assert(
        fc.asyncProperty(dockerfile(), async ({ text }) => {
          const result = formatDockerfile(text, options);
          expect(result.refused).toBe(false);
          if (result.changed) changed++;
          await expectSameKeys(text, result.text, builders, GENERATED_FILES);
          // Idempotent, and the result parses to the same instructions.
          expect(formatDockerfile(result.text, options).text).toBe(result.text);
          expect(parse(result.text).ast.instructions.map((i) => i.kind)).toEqual(parse(text).ast.instructions.map((i) => i.kind));
        }),
        { numRuns: 150 },
      );
      // The generator writes sloppy files: most of them must actually have been reformatted.
      expect(changed).toBeGreaterThan(100);
    });
  });

  it('keeps the keys of Docker\'s builders on mutated examples and BuildKit vectors', async () => {
    const files: Files = { ...GENERATED_FILES, 'package.json': '{}', 'src/app.js': 'app', 'a.txt': 'a' };
    await fc.assert(
      fc.asyncProperty(mutatedDockerfile(corpus()), async (text) => {
        const result = formatDockerfile(text);
        if (result.refused || !result.changed) return;
        await expectSameKeys(text, result.text, ['buildkit', 'classic'], files);
        expect(formatDockerfile(result.text).text).toBe(result.text);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves COPY, ADD and VOLUME arguments that look like JSON but are not as written (respaced, they could become JSON)', async () => {
    // A tab inside a JSON string is not JSON, so the builder reads these as words; with the tab made a space
    // it would read an array of other paths.
    const text = 'FROM busybox\nVOLUME   ["/data\t", "/logs"]\nCOPY   ["app.txt\t",   "/app/"]\nRUN    echo ok\n';
    const result = formatDockerfile(text);
    expect(result.text).toBe('FROM busybox\nVOLUME   ["/data\t", "/logs"]\nCOPY   ["app.txt\t",   "/app/"]\nRUN echo ok\n');
    await expectSameKeys(text, result.text, ['buildkit', 'classic'], { 'app.txt': 'app' });
  });

  it('keeps a key=value pair split by a line continuation in one piece', async () => {
    // Spaced at the continuation, `ENV A \\` + `=1` would read as the legacy form: A set to "=1 B=2".
    const text = 'FROM busybox\nENV A\\\n=1 B=2\nLABEL title\\ \n="stage 0" \\\n      version=1\n';
    const result = formatDockerfile(text);
    expect(result.text).toBe('FROM busybox\nENV A\\\n=1 B=2\nLABEL title\\\n="stage 0" \\\n    version=1\n');
    await expectSameKeys(text, result.text, ['buildkit', 'classic'], {});
  });

  it('the generator only writes files that parse without errors', () => {
    fc.assert(
      fc.property(dockerfile(), ({ text }) => {
        expect(parse(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('options that change cache keys say so, and change exactly these steps', () => {
  const text = [
    'FROM busybox',
    'ENV  GREETING=hello',
    'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git && rm -rf /var/lib/apt/lists/*',
    'COPY  app.txt  /app/',
    'RUN echo a && \\',
    '        echo b',
    'CMD  ["sh"]',
    '',
  ].join('\n');
  const files: Files = { 'app.txt': 'app' };

  // Lines of the steps whose key changes, per builder. A changed step also changes every step chained on it:
  // BuildKit chains RUN and COPY only; the classic builder and podman chain every instruction.
  const table: ReadonlyArray<{ name: string; options: FormatOptions; changed: Record<CacheBuilder, string[]> }> = [
    {
      name: 'defaults (Docker\'s builders): podman misses from the first line it records as written',
      options: {},
      changed: { buildkit: [], classic: [], podman: ['2:ENV', '3:RUN', '4:COPY', '5:RUN', '7:CMD'] },
    },
    { name: 'keepCacheKeysOf with podman', options: { keepCacheKeysOf: ['buildkit', 'classic', 'podman'] }, changed: { buildkit: [], classic: [], podman: [] } },
    {
      name: 'wrapRunChains: the wrapped RUN and everything chained on it',
      options: { wrapRunChains: true, keepCacheKeysOf: ['buildkit', 'classic', 'podman'] },
      changed: { buildkit: ['3:RUN', '4:COPY', '5:RUN'], classic: ['3:RUN', '4:COPY', '5:RUN', '7:CMD'], podman: ['3:RUN', '4:COPY', '5:RUN', '7:CMD'] },
    },
    {
      name: 'indentShellContinuations: the re-indented RUN and everything chained on it',
      options: { indentShellContinuations: true, keepCacheKeysOf: ['buildkit', 'classic', 'podman'] },
      changed: { buildkit: ['5:RUN'], classic: ['5:RUN', '7:CMD'], podman: ['5:RUN', '7:CMD'] },
    },
  ];

  it.each(table)('$name', async ({ options, changed }) => {
    const result = formatDockerfile(text, options);
    for (const builder of ['buildkit', 'classic', 'podman'] as const) {
      expect({ builder, changed: await changedSteps(text, result.text, builder, files) }).toEqual({ builder, changed: changed[builder] });
    }
  });

  it('wrapRunChains wraps at top-level && only, one command a line', () => {
    expect(formatDockerfile(text, { wrapRunChains: true }).text.split('\n').slice(2, 5)).toEqual([
      'RUN apt-get update && \\',
      '    apt-get install -y --no-install-recommends ca-certificates curl git && \\',
      '    rm -rf /var/lib/apt/lists/*',
    ]);
    const quoted = `FROM a\nRUN sh -c "a && b && c && d && e && f && g && h && i && j && k && l" && $(x && y) && echo ${'z'.repeat(60)}\n`;
    expect(formatDockerfile(quoted, { wrapRunChains: true, lineWidth: 40 }).text).toBe(
      `FROM a\nRUN sh -c "a && b && c && d && e && f && g && h && i && j && k && l" && \\\n    $(x && y) && \\\n    echo ${'z'.repeat(60)}\n`,
    );
  });

  it('indentShellContinuations leaves lines that start inside a quoted string', () => {
    const quoted = 'FROM a\nRUN echo "one \\\n  two" && \\\n      ls\n';
    expect(formatDockerfile(quoted, { indentShellContinuations: true }).text).toBe('FROM a\nRUN echo "one \\\n  two" && \\\n    ls\n');
  });
});
