import type { RuleModule } from '../types.js';

/** FromAsCasing: `AS` is not written in the same case as `FROM`. */
export const fromAsCasing: RuleModule = {
  meta: {
    id: 'from-as-casing',
    buildkit: 'FromAsCasing',
    severity: 'warning',
    category: 'style',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: "The 'as' keyword should match the case of the 'from' keyword",
      description:
        'Flags `FROM image as name` (or `from image AS name`): the `AS` keyword in another case than `FROM`. A ' +
        '`FROM` keyword in mixed case is left to `consistent-instruction-casing`.',
      rationale: 'Keywords in one case read as one statement; mixing cases looks like a mistake and distracts.',
      example: 'FROM golang:1.22 as build',
      useInstead: 'FROM golang:1.22 AS build',
      fixSafety: 'Keywords are case-insensitive, so changing the case of `AS` changes nothing else.',
    },
  },
  create(context) {
    return {
      FROM(node) {
        const keyword = node.keyword;
        const as = node.stageName ? node.args[1] : undefined;
        if (!as) return;
        const lower = keyword === keyword.toLowerCase();
        const upper = keyword === keyword.toUpperCase();
        // A mixed-case FROM has no case for AS to follow.
        if (lower === upper) return;
        const wanted = lower ? as.value.toLowerCase() : as.value.toUpperCase();
        if (as.value === wanted) return;
        context.report({
          message: `'${as.value}' and '${keyword}' keywords' casing do not match`,
          range: as.range,
          fix: {
            description: `Write '${wanted}'`,
            edits: [{ start: as.range.start.offset, end: as.range.end.offset, text: wanted }],
          },
        });
      },
    };
  },
};
