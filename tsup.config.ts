import { defineConfig, type Options } from 'tsup';

const libraryEntries = {
  index: 'src/index.ts',
  'parser/index': 'src/parser/index.ts',
  'lint/index': 'src/lint/index.ts',
  'format/index': 'src/format/index.ts',
  'planner/index': 'src/planner/index.ts',
  'runtime/index': 'src/runtime/index.ts',
  'lsp/index': 'src/lsp/index.ts',
};

/** Dependencies the library builds carry inside them rather than import at run time. */
const bundledDependencies = ['chevrotain', /^@chevrotain\//];

const common: Options = { entry: libraryEntries, dts: true, sourcemap: true, target: 'node20', splitting: true };

/**
 * One self-contained ES module for browsers and web workers (`dist/browser/dfkit.js`): every dependency is
 * bundled, because a page has no `node_modules` to resolve bare imports from. Exported so that the playground's
 * server builds the bundle with exactly these settings (`scripts/serve-playground.ts`).
 */
export const browserBundle: Options = {
  entry: { dfkit: 'src/browser/index.ts' },
  outDir: 'dist/browser',
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  noExternal: [/.*/],
  minify: true,
  sourcemap: true,
  splitting: false,
  dts: true,
};

export default defineConfig([
  // dist/ is emptied by the build script before tsup starts: a `clean` here races with the other configurations'
  // declaration builds, which run in parallel, and can delete their output.
  // Both library builds carry their own copy of chevrotain. The CommonJS build must (chevrotain ships only ES
  // modules); the ES build does so because importing chevrotain means resolving and loading its hundreds of
  // lodash-es modules one by one: about half a second at every `import 'dfkit'`, against a tenth bundled.
  { ...common, format: ['esm'], noExternal: bundledDependencies },
  { ...common, format: ['cjs'], noExternal: bundledDependencies },
  {
    entry: { main: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    // Each command becomes a chunk of its own (next to main.js), loaded when it runs (see src/cli/run.ts).
    splitting: true,
    // Dependencies are bundled too: resolving chevrotain's hundreds of lodash-es modules and yaml's and semver's
    // files one by one took most of a second at every start. Bundled CommonJS code calls `require` for Node's
    // built-ins, which an ES module has to be given.
    noExternal: [/.*/],
    sourcemap: true,
    target: 'node20',
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __dfkitCreateRequire } from 'node:module';\nconst require = __dfkitCreateRequire(import.meta.url);" },
  },
  browserBundle,
]);
