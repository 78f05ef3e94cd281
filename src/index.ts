/**
 * dfkit: a Dockerfile toolkit. This entry point re-exports every layer; each is also available on its own
 * (`dfkit/parser`, `dfkit/lint`, `dfkit/planner`, `dfkit/runtime`).
 */
export * from './parser/index.js';
export * from './lint/index.js';
