import type { MaintainerInstruction } from '../../parser/index.js';
import type { RuleModule, TextEdit } from '../types.js';

/** The author as the user wrote it: one pair of enclosing quotes is decoration, not part of the name. */
function authorOf(value: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(value);
  return quoted && !(quoted[2] as string).includes(quoted[1] as string) ? (quoted[2] as string) : value;
}

/** The MAINTAINER replaced by the label that carries the same information. */
function toLabel(node: MaintainerInstruction, escapeChar: string): TextEdit | null {
  const value = node.value?.value;
  if (!value) return null;
  // LABEL values are expanded, so the characters special inside double quotes are escaped.
  const escaped = authorOf(value).replace(/["$]|\\|`/g, (char) =>
    char === escapeChar || char === '"' || char === '$' ? `${escapeChar}${char}` : char,
  );
  const keyword = node.keyword === node.keyword.toLowerCase() ? 'label' : 'LABEL';
  return {
    start: node.keywordRange.start.offset,
    end: node.range.end.offset,
    text: `${keyword} org.opencontainers.image.authors="${escaped}"`,
  };
}

/** DL4000: MAINTAINER is deprecated. */
export const noMaintainer: RuleModule = {
  meta: {
    id: 'no-maintainer',
    hadolint: 'DL4000',
    buildkit: 'MaintainerDeprecated',
    severity: 'error',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'MAINTAINER is deprecated',
      description: 'Flags every `MAINTAINER` instruction.',
      rationale:
        '`MAINTAINER` fills the `Author` field, which the OCI image format has deprecated and most tools no ' +
        'longer show. The `org.opencontainers.image.authors` label is where registries, scanners and ' +
        '`docker inspect` users look for the author.',
      example: 'FROM alpine:3.19\nMAINTAINER Jane Doe <jane@example.com>',
      useInstead: 'FROM alpine:3.19\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
      fixSafety:
        'Replaces the instruction with `LABEL org.opencontainers.image.authors="…"` holding the same text ' +
        '(escaped so the label is not expanded; one pair of quotes around the whole value is dropped). Only ' +
        'image metadata changes: the author moves from the deprecated `Author` field to the label. Nothing ' +
        'in the filesystem, the environment or the way the container runs is affected.',
    },
  },
  create(context) {
    return {
      MAINTAINER(node, scope) {
        // A trigger MAINTAINER is refused outright; the ONBUILD rule reports it.
        if (scope.inOnbuild) return;
        const edit = toLabel(node, context.ast.escapeChar);
        context.report({
          message: 'MAINTAINER is deprecated',
          range: node.keywordRange,
          ...(edit ? { fix: { description: 'Replace MAINTAINER with an authors label', edits: [edit] } } : {}),
        });
      },
    };
  },
};
