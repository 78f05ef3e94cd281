import { defineConfig } from 'tsup';

// One build for the library (ESM + CJS + declarations per entry point) and the CLI.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'parser/index': 'src/parser/index.ts',
      'lint/index': 'src/lint/index.ts',
      'planner/index': 'src/planner/index.ts',
      'runtime/index': 'src/runtime/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
