import type { KeyValueInstruction } from '../../parser/index.js';
import type { ReportDescriptor, RuleModule, TextEdit } from '../types.js';

const SPACE = /\s/;

/** How many words the builder's key=value splitter makes of `text` (quotes and escapes keep words together). */
function wordCount(text: string, escapeChar: string): number {
  let count = 0;
  let inWord = false;
  let quote: string | null = null;
  for (let index = 0; index < text.length; index++) {
    const ch = text[index] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === escapeChar && quote !== "'") index++;
      continue;
    }
    if (SPACE.test(ch)) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      count++;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === escapeChar) index++;
  }
  return count;
}

/** LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`. */
export const legacyKeyValueFormat: RuleModule = {
  meta: {
    id: 'legacy-key-value-format',
    buildkit: 'LegacyKeyValueFormat',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Use key=value in ENV and LABEL',
      description:
        'Flags `ENV` and `LABEL` written in the legacy `key value` form, where everything after the first space ' +
        'is the value.',
      rationale:
        'The legacy form is deprecated. It also reads ambiguously: `ENV A B C=D` sets `A` to `B C=D`, not two ' +
        'variables, and it cannot set more than one variable per instruction.',
      example: 'ENV NODE_ENV production\nLABEL maintainer Jane',
      useInstead: 'ENV NODE_ENV=production\nLABEL maintainer=Jane',
      fixSafety:
        'The space after the key becomes `=`. A value of several words is wrapped in double quotes, which keeps ' +
        'its spaces, line continuations and variables exactly as before. A value of several words that already ' +
        'contains quotes or escape characters gets no fix, since quoting it would change its meaning.',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    const visit = (node: KeyValueInstruction): void => {
      if (!node.legacy) return;
      for (const pair of node.pairs) {
        const report: ReportDescriptor = {
          message: `"${node.keyword} key=value" should be used instead of legacy "${node.keyword} key value" format`,
          range: pair.range,
        };
        const keyEnd = pair.key.range.end.offset;
        const valueStart = pair.value.range.start.offset;
        const valueEnd = pair.value.range.end.offset;
        const value = pair.value.value;
        let edits: TextEdit[] | null = null;
        if (value === '' || valueStart <= keyEnd) edits = null;
        else if (wordCount(value, escapeChar) === 1) edits = [{ start: keyEnd, end: valueStart, text: '=' }];
        else if (!value.includes('"') && !value.includes("'") && !value.includes(escapeChar)) {
          edits = [
            { start: keyEnd, end: valueStart, text: '="' },
            { start: valueEnd, end: valueEnd, text: '"' },
          ];
        }
        context.report(edits ? { ...report, fix: { description: 'Use key=value', edits } } : report);
      }
    };
    return { ENV: visit, LABEL: visit };
  },
};
