/**
 * `dfkit/browser`: what runs in a browser or a web worker: the parser, the linter with its fixes and rule
 * metadata, and the formatter. Nothing here touches the file system, the network or the DOM, so the same
 * bundle serves a page, a worker and an editor extension's web host. Configuration files, the planner's
 * context scan and the runtime adapters stay with the Node entry points.
 *
 * @example
 * ```ts
 * import { lint, applyFixes, format } from 'dfkit/browser';
 * const text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';
 * const { findings } = lint(text);
 * const fixed = applyFixes(text, findings).text; // copies package.json and package-lock.json first
 * format(fixed); // the same file, laid out the canonical way
 * ```
 */
export * from '../parser/index.js';
export * from '../lint/index.js';
export {
  ALL_BUILDERS,
  FormatError,
  format,
  formatDockerfile,
  type CacheBuilder,
  type FormatOptions,
  type FormatResult,
} from '../format/index.js';
