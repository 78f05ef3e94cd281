import { defineConfig, type Options } from 'tsup';

const libraryEntries = {
  index: 'src/index.ts',
  'parser/index': 'src/parser/index.ts',
  'lint/index': 'src/lint/index.ts',
  'planner/index': 'src/planner/index.ts',
  'runtime/index': 'src/runtime/index.ts',
};

const common: Options = { entry: libraryEntries, dts: true, sourcemap: true, target: 'node20', splitting: true };

export default defineConfig([
  { ...common, format: ['esm'], clean: true },
  // chevrotain ships only ES modules, so the CommonJS build carries its own copy of it.
  { ...common, format: ['cjs'], noExternal: ['chevrotain', /^@chevrotain\//] },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
