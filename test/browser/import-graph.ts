/**
 * Walks the static import graph of our TypeScript sources, to prove that the layers meant to run in a browser
 * or a web worker never load a Node built-in. Only statements that survive compilation count: `import type`
 * and `export type` are erased, so they are not edges; everything else is (with `verbatimModuleSyntax`, even
 * `import { type A } from 'x'` stays as `import {} from 'x'` and loads `x`). Dynamic `import('…')` and
 * `require('…')` with a literal specifier count too, so a lazily loaded built-in cannot slip through.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A module that must not be reached, and the chain of files that reaches it (entry first). */
export interface ForbiddenImport {
  readonly specifier: string;
  readonly chain: readonly string[];
}

/** The module specifiers a source file loads at run time. */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        found.push(node.moduleSpecifier.text);
      }
    } else if (ts.isImportEqualsDeclaration(node)) {
      const reference = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
        found.push(reference.expression.text);
      }
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isDynamicImport || isRequire) && first && ts.isStringLiteralLike(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Resolves a relative specifier the way our sources write them (`./x.js` names `./x.ts`). */
function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, resolve(base, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate)) ?? null;
}

/** Node built-ins by any of their names: `node:fs`, `fs`, `fs/promises`. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || isBuiltin(specifier);
}

/**
 * Every import of a forbidden module reachable from `entries` (breadth first, so each chain is a shortest
 * one). Package imports other than built-ins are not followed: bundling for the browser checks those.
 */
export function findForbiddenImports(
  entries: readonly string[],
  isForbidden: (specifier: string) => boolean = isNodeBuiltin,
  root: string = process.cwd(),
): ForbiddenImport[] {
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const entry of entries) {
    const file = resolve(root, entry);
    if (!parent.has(file)) {
      parent.set(file, null);
      queue.push(file);
    }
  }
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let at: string | null | undefined = file; at; at = parent.get(at)) chain.unshift(relative(root, at));
    return chain;
  };
  const problems: ForbiddenImport[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const specifier of runtimeSpecifiers(next, readFileSync(next, 'utf8'))) {
      if (isForbidden(specifier)) {
        problems.push({ specifier, chain: [...chainTo(next), specifier] });
      } else if (specifier.startsWith('.')) {
        const target = resolveRelative(next, specifier);
        if (target === null) {
          problems.push({ specifier, chain: [...chainTo(next), `${specifier} (unresolved)`] });
        } else if (!parent.has(target)) {
          parent.set(target, next);
          queue.push(target);
        }
      }
    }
  }
  return problems;
}

/** "Cannot find name …" in its variants (plain, "did you mean", "install @types/node", "change your lib"). */
const UNKNOWN_NAME_CODES = new Set([2304, 2552, 2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593]);

/**
 * Globals the files reachable from `entries` use that a web worker does not have (`process`, `Buffer`,
 * `window`, `document`…), as `file:line: message`. Type-checks them against the ES and web-worker libraries
 * only, with no `@types/node`; a worker's globals are, give or take, those a page and a worker share.
 */
export function unavailableGlobals(entries: readonly string[], root: string = process.cwd()): string[] {
  const configPath = resolve(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram(
    entries.map((entry) => resolve(root, entry)),
    { ...config.options, types: [], lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'], noEmit: true },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => UNKNOWN_NAME_CODES.has(diagnostic.code) && diagnostic.file)
    .map((diagnostic) => {
      const file = diagnostic.file as ts.SourceFile;
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${relative(root, file.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
}
