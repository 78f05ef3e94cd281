import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // The example projects are fixtures, not our code; the playground is ours and is linted.
    ignores: ['dist/**', 'node_modules/**', 'examples/**/*', '!examples/playground/', '!examples/playground/**', 'coverage/**', '.scratch/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // The playground runs as plain scripts in a page and a module worker, with no build step.
    files: ['examples/playground/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'self', 'window', 'document', 'console', 'performance', 'setTimeout', 'clearTimeout', 'URL', 'Worker',
          'WorkerGlobalScope', 'Option',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
