/**
 * dfkit: a Dockerfile toolkit. This entry point re-exports every layer; each is also available on its own
 * (`dfkit/parser`, `dfkit/lint`, `dfkit/format`, `dfkit/planner`, `dfkit/runtime`, and `dfkit/browser`, one ESM bundle of the
 * parser, linter and formatter for browsers and web workers).
 */
export * from './parser/index.js';
export * from './lint/index.js';
export * from './format/index.js';
