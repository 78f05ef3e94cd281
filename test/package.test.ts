/**
 * The published shape of the package: every entry point of the export map loads from both module systems
 * (the browser bundle: as an ES module), carries type declarations, and the `dfkit` bin runs. This checks the build that `npm install` makes
 * (`prepare`), so it runs against `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
interface DualExport {
  import: { types: string; default: string };
  require: { types: string; default: string };
}
interface EsmExport {
  types: string;
  default: string;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, DualExport | EsmExport>;
  bin: Record<string, string>;
  version: string;
  dependencies: Record<string, string>;
};

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('package', () => {
  it('has been built (npm install runs the build)', () => {
    expect(existsSync(join(root, 'dist/index.js')), 'run npm run build first').toBe(true);
  });

  const entries = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
  const specifierOf = (key: string): string => (key === '.' ? 'dfkit' : `dfkit/${key.slice(2)}`);
  const dual = entries.filter((entry): entry is [string, DualExport] => 'import' in entry[1]);
  const esmOnly = entries.filter((entry): entry is [string, EsmExport] => !('import' in entry[1]));

  it('has the expected entry points', () => {
    expect(entries.map(([key]) => key).sort()).toEqual(['.', './browser', './format', './lint', './lsp', './parser', './planner', './runtime']);
  });

  it.each(dual)('%s resolves in ESM and CommonJS with declarations', (key, target) => {
    for (const file of [target.import.types, target.import.default, target.require.types, target.require.default]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    const esm = node(['--input-type=module', '-e', `import * as m from '${specifierOf(key)}'; console.log(typeof m)`]);
    const cjs = node(['-e', `const m = require('${specifierOf(key)}'); console.log(typeof m)`]);
    expect(esm.trim()).toBe('object');
    expect(cjs.trim()).toBe('object');
  });

  // The browser bundle is one ES module (pages and workers have no require); it also loads in Node.
  it.each(esmOnly)('%s is an ES module with declarations', (key, target) => {
    for (const file of [target.types, target.default]) expect(existsSync(join(root, file)), file).toBe(true);
    const script = `import * as m from '${specifierOf(key)}'; console.log(m.format('from a\\n'), m.lint('FROM a:1\\nWORKDIR app\\n').findings.map((f) => f.code).join())`;
    expect(node(['--input-type=module', '-e', script]).trim()).toBe('FROM a\n DL3000');
  });

  it('parses from both module systems', () => {
    const script = "console.log(JSON.stringify(m.parse('FROM a\\nRUN b').ast.instructions.map((i) => i.name)))";
    expect(node(['--input-type=module', '-e', `import * as m from 'dfkit/parser'; ${script}`]).trim()).toBe('["FROM","RUN"]');
    expect(node(['-e', `const m = require('dfkit'); ${script}`]).trim()).toBe('["FROM","RUN"]');
  });

  // What an installed copy can load is its dependencies and Node's built-ins; anything else the build left as an
  // import (a development dependency, say, that was meant to be bundled) fails only on a user's machine.
  it('imports nothing at run time but its dependencies and Node built-ins', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const unknown = new Set<string>();
    for (const file of builtFiles(join(root, 'dist'))) {
      for (const specifier of bareImportsOf(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('node:') && !allowed.has(packageNameOf(specifier))) unknown.add(`${specifier} in ${file.slice(root.length + 1)}`);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('ships a runnable dfkit bin', () => {
    const bin = join(root, pkg.bin['dfkit'] as string);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(node([bin, '--version']).trim()).toBe(pkg.version);
  });
});

/** The built JavaScript files (not maps or declarations), the browser bundle aside: it carries everything. */
function builtFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'browser') files.push(...builtFiles(path));
    } else if (/\.(c|m)?js$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/** Package specifiers of `import … from`, `export … from`, `import()` and `require()` (not relative or absolute paths). */
function bareImportsOf(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s*)(["'])([^"'\n]+)\1/gm;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[2]!;
    // The pattern also meets prose and code inside strings ("from ', '"); only what reads as a package is kept.
    if (/^(?:node:|@[\w.-]+\/)?[\w.-]+(?:\/[\w.@-]+)*$/.test(specifier) && !specifier.startsWith('.')) found.push(specifier);
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
