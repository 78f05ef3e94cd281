import { expandWord, type KeyValuePair } from '../../parser/index.js';
import type { RuleModule } from '../types.js';
import { rangeWithin } from '../ranges.js';

const MESSAGE = 'Do not refer to an environment variable within the same `ENV` statement where it is defined.';


/** Where `$name` or `${name…}` first appears in a value, as `[start, end)`, or `null`. */
function referenceSpan(value: string, name: string): readonly [number, number] | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\$(?:\\{${escaped}(?![A-Za-z0-9_])[^}]*\\}?|${escaped}(?![A-Za-z0-9_]))`).exec(value);
  return match ? [match.index, match.index + match[0].length] : null;
}

/** DL3044: an ENV value must not use a variable that the same ENV defines. */
export const noEnvSelfReference: RuleModule = {
  meta: {
    id: 'no-env-self-reference',
    hadolint: 'DL3044',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Do not refer to a variable in the ENV statement that defines it',
      description:
        'Flags a `$VAR` or `${VAR}` in an `ENV` value when an earlier pair of the same `ENV` defines `VAR` and ' +
        'no ARG or ENV defined it before this instruction. A pair referring to its own previous value ' +
        '(`ENV PATH=/opt/bin:$PATH`) is fine.',
      rationale:
        'All values of one `ENV` are expanded with the variables as they were before the instruction, not ' +
        'with the pairs to their left. `ENV A=1 B=$A` therefore sets `B` to the old (usually empty) `A`, ' +
        'which is never what the line appears to say.',
      example: 'FROM alpine:3.19\nENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin',
      useInstead: 'FROM alpine:3.19\nENV APP_HOME=/srv/app\nENV APP_BIN=$APP_HOME/bin',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    return {
      ENV(node, scope) {
        // A value can only refer to another pair of the statement when there are two and one of them refers.
        if (node.pairs.length < 2 || !node.pairs.some((pair) => pair.value.value.includes('$'))) return;
        // Which pairs define each key. Like hadolint, a value is judged against every other pair of the
        // statement, whether it comes before or after (`ENV B=$A A=1` refers to an A the statement defines).
        const definedAt = new Map<string, number[]>();
        node.pairs.forEach((pair, index) => {
          const list = definedAt.get(pair.key.value);
          if (list) list.push(index);
          else definedAt.set(pair.key.value, [index]);
        });
        // References to a name an earlier pair defines are reported; those to a name only a later pair defines
        // are reported when there is nothing else to report (hadolint flags the statement either way).
        const later: Array<{ pair: KeyValuePair; span: readonly [number, number] | null }> = [];
        let reported = false;
        node.pairs.forEach((pair, index) => {
          if (!pair.value.value.includes('$')) return;
          // Expanding with no variables lists every name the value looks up, with the builder's quoting rules.
          const expanded = expandWord(pair.value.value, {}, { escapeChar });
          if (!expanded.ok) return;
          for (const name of expanded.unmatched) {
            const defined = definedAt.get(name);
            if (defined === undefined || defined.every((at) => at === index) || scope.env.has(name) || scope.args.has(name)) continue;
            const span = referenceSpan(pair.value.value, name);
            if (!defined.some((at) => at < index)) {
              later.push({ pair, span });
              continue;
            }
            reported = true;
            context.report({
              message: MESSAGE,
              range: span ? rangeWithin(context.text, pair.value, span[0], span[1]) : pair.value.range,
            });
          }
        });
        if (reported) return;
        for (const { pair, span } of later) {
          context.report({
            message: MESSAGE,
            range: span ? rangeWithin(context.text, pair.value, span[0], span[1]) : pair.value.range,
          });
        }
      },
    };
  },
};
