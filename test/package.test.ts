/**
 * The published shape of the package: every entry point of the export map loads from both module systems,
 * carries type declarations, and the `dfkit` bin runs. This checks the build that `npm install` makes
 * (`prepare`), so it runs against `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } }>;
  bin: Record<string, string>;
  version: string;
};

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('package', () => {
  it('has been built (npm install runs the build)', () => {
    expect(existsSync(join(root, 'dist/index.js')), 'run npm run build first').toBe(true);
  });

  const entries = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
  it.each(entries)('%s resolves in ESM and CommonJS with declarations', (key, target) => {
    for (const file of [target.import.types, target.import.default, target.require.types, target.require.default]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    const specifier = key === '.' ? 'dfkit' : `dfkit/${key.slice(2)}`;
    const esm = node(['--input-type=module', '-e', `import * as m from '${specifier}'; console.log(typeof m)`]);
    const cjs = node(['-e', `const m = require('${specifier}'); console.log(typeof m)`]);
    expect(esm.trim()).toBe('object');
    expect(cjs.trim()).toBe('object');
  });

  it('parses from both module systems', () => {
    const script = "console.log(JSON.stringify(m.parse('FROM a\\nRUN b').ast.instructions.map((i) => i.name)))";
    expect(node(['--input-type=module', '-e', `import * as m from 'dfkit/parser'; ${script}`]).trim()).toBe('["FROM","RUN"]');
    expect(node(['-e', `const m = require('dfkit'); ${script}`]).trim()).toBe('["FROM","RUN"]');
  });

  it('ships a runnable dfkit bin', () => {
    const bin = join(root, pkg.bin['dfkit'] as string);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(node([bin, '--version']).trim()).toBe(pkg.version);
  });
});
