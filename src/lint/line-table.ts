/**
 * One line table per linted file, for the rules that map offsets of their own texts to positions: each of
 * them building its own meant a scan of the whole file per rule.
 */
import { LineTable, lineTableOfAst, type Dockerfile } from '../parser/index.js';
import { NodeSlot } from './node-slot.js';
import type { RuleContext } from './types.js';

const tables = new NodeSlot<Dockerfile, LineTable>();

/** The line table of the file a rule is linting. */
export function lineTableOf(context: Pick<RuleContext, 'ast' | 'text'>): LineTable {
  let table = tables.get(context.ast);
  // The parser's own table, when the AST is one `parse` made (a rule test may hand in any AST).
  if (!table) tables.set(context.ast, (table = lineTableOfAst(context.ast) ?? new LineTable(context.text)));
  return table;
}
