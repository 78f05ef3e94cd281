/**
 * The lossless printer. The AST's top-level nodes partition the text and each keeps its exact source, so
 * printing is concatenation; a tool that rewrites a node (a formatter, an autofix) replaces that node's
 * `raw` and the rest of the file comes back byte for byte.
 */
import type { Dockerfile } from './ast.js';

export function print(ast: Dockerfile): string {
  let out = '';
  for (const node of ast.nodes) out += node.raw;
  return out;
}
