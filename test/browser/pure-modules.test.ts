/**
 * The layers that run in browsers and web workers (parser, linter, formatter, and the browser entry that
 * gathers them) must not load Node built-ins: one `import … from 'node:fs'` anywhere below them breaks every
 * web user. Configuration loading (`src/lint/config.ts`) uses the file system, which is fine only because no
 * pure entry point reaches it.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { findForbiddenImports, runtimeSpecifiers, unavailableGlobals } from './import-graph.js';

const PURE_ENTRIES = ['src/parser/index.ts', 'src/lint/index.ts', 'src/format/index.ts', 'src/browser/index.ts'];

function describeChains(entries: readonly string[]): string[] {
  return findForbiddenImports(entries).map(({ chain }) => chain.join(' → '));
}

describe('pure modules', () => {
  it.each(PURE_ENTRIES)('nothing reachable from %s imports a Node built-in', (entry) => {
    expect(describeChains([entry])).toEqual([]);
  });

  it('uses no global a web worker lacks (process, Buffer, window, document…)', () => {
    // An import is not the only way to depend on Node: one `process.env.X` breaks the bundle at load time.
    expect(unavailableGlobals(PURE_ENTRIES)).toEqual([]);
  }, 60_000);

  it('names the chain that reaches a built-in (the walker finds what it is meant to)', () => {
    // config.ts reads configuration files, so it is a known offender, reached through itself.
    expect(describeChains(['src/lint/config.ts'])).toEqual([
      'src/lint/config.ts → node:fs',
      'src/lint/config.ts → node:path',
    ]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", ['node:fs']],
    ["import path from 'path';", ['path']],
    ["import './side-effect.js';", ['./side-effect.js']],
    ["export { x } from './x.js';", ['./x.js']],
    ["export * from 'fs/promises';", ['fs/promises']],
    ["import { type A, b } from './mixed.js';", ['./mixed.js']],
    ["import type { A } from 'node:fs';", []],
    ["export type { A } from 'node:fs';", []],
    ["const m = await import('node:child_process');", ['node:child_process']],
    ["import os = require('os');", ['os']],
  ])('reads the run-time imports of %s', (source, expected) => {
    expect(runtimeSpecifiers('example.ts', source)).toEqual(expected);
  });

  it('bundles for the browser, dependencies included, without a Node built-in', async () => {
    // The walk above stops at package boundaries; esbuild follows into chevrotain, semver and the rest, and
    // cannot resolve a built-in on the browser platform.
    const result = await build({
      entryPoints: ['src/browser/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    expect(inputs).toContain('src/parser/index.ts');
    expect(inputs.some((input) => input.includes('node_modules/chevrotain/'))).toBe(true);
  });
});
