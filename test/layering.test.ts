/**
 * The shape of the house (STYLE.md): data flows one way, text → parser → AST → (lint | planner) → runtime, and
 * each layer imports only the layers to its left. The CLI, the language server and the browser entry are shells
 * over the library. This reads every import of every file under `src/` and names each one that goes the wrong
 * way, so a shortcut across layers fails here rather than in review.
 *
 * Type-only imports count: a type from the planner in a lint rule still ties the linter to the planner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

const LIBRARY = ['parser', 'lint', 'format', 'planner', 'runtime'] as const;

/** For each top-level folder of `src/` (and `src/index.ts`, the package entry), the other folders it may import. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  parser: [],
  lint: ['parser'],
  format: ['parser'],
  planner: ['parser'],
  runtime: ['parser', 'planner'],
  // Shells: thin over the library, never over one another.
  cli: LIBRARY,
  lsp: LIBRARY,
  browser: LIBRARY,
  index: LIBRARY,
};

/**
 * Imports that break the rule today on purpose, as `file → imported file` (paths under `src/`), each with the
 * reason. Keep this list short; an entry here is a debt, not a precedent.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  // `dfkit lsp --stdio` is a command like any other: the CLI starts the language server, which holds the logic.
  'cli/lsp.ts → lsp/server.ts': 'the CLI command that runs the language server',
};

/** The module specifiers a file names in import and export declarations (type-only ones included). */
function staticImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(statement.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      found.push(statement.moduleReference.expression.text);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A path under `src/` with forward slashes, whatever the platform. */
function underSrc(path: string): string {
  return relative(SRC, path).split(sep).join(posix.sep);
}

/** The layer of a path under `src/`: its top-level folder, or `index` for the package entry. */
function layerOf(srcPath: string): string {
  const slash = srcPath.indexOf('/');
  return slash < 0 ? srcPath.replace(/\.ts$/, '') : srcPath.slice(0, slash);
}

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

/** Every import from one layer into a layer it may not import, as `file → imported file` with the specifier. */
function findViolations(): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = underSrc(file);
    const layer = layerOf(from);
    for (const specifier of staticImports(file, readFileSync(file, 'utf8'))) {
      // Packages and Node built-ins are not layers; the browser test keeps Node out of the pure ones.
      if (!specifier.startsWith('.')) continue;
      const to = underSrc(resolve(dirname(file), specifier)).replace(/\.js$/, '.ts');
      const target = layerOf(to);
      if (target === layer) continue;
      if (!(ALLOWED[layer] ?? []).includes(target)) violations.push({ from, to, specifier });
    }
  }
  return violations;
}

describe('layering', () => {
  const violations = findViolations();

  it('knows every top-level folder of src/', () => {
    const layers = new Set(sourceFiles(SRC).map((file) => layerOf(underSrc(file))));
    expect([...layers].filter((layer) => !(layer in ALLOWED))).toEqual([]);
  });

  it('no layer imports a layer to its right, and no shell imports another shell', () => {
    const unexpected = violations
      .filter(({ from, to }) => !(`${from} → ${to}` in EXCEPTIONS))
      .map(({ from, to, specifier }) => `src/${from} imports '${specifier}' (src/${to})`);
    expect(unexpected).toEqual([]);
  });

  it('lists no exception that no longer happens', () => {
    const seen = new Set(violations.map(({ from, to }) => `${from} → ${to}`));
    expect(Object.keys(EXCEPTIONS).filter((exception) => !seen.has(exception))).toEqual([]);
  });

  it('finds a wrong-way import when there is one (the reader sees what it is meant to)', () => {
    expect(
      staticImports(
        'example.ts',
        [
          "import type { A } from '../planner/a.js';",
          "import { b, type B } from '../runtime/b.js';",
          "export { c } from './c.js';",
          "export * from '../lint/d.js';",
          "import e = require('../cli/e.js');",
          "const f = 'not an import';",
        ].join('\n'),
      ),
    ).toEqual(['../planner/a.js', '../runtime/b.js', './c.js', '../lint/d.js', '../cli/e.js']);
  });
});
