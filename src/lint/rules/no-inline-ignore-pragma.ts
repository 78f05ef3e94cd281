import type { RuleModule } from '../types.js';

/**
 * hadolint's inline form, the one that silences the next instruction only: a list of rule codes, optionally
 * followed by a `# reason`. The `global` and `stage` forms are deliberate, file-level decisions and are not
 * matched.
 */
const INLINE_IGNORE = /^#\s*hadolint\s+ignore\s*=\s*[DLSC0-9]+(?:\s*,\s*[DLSC0-9]+)*\s*(?:#.*)?$/;

/** DL1001: flags inline `# hadolint ignore=` comments (off by default). */
export const noInlineIgnorePragma: RuleModule = {
  meta: {
    id: 'no-inline-ignore-pragma',
    hadolint: 'DL1001',
    severity: 'ignore',
    category: 'maintainability',
    docs: {
      summary: 'Do not use inline ignore pragmas',
      description:
        'Flags every `# hadolint ignore=…` comment that silences the instruction below it. Off by default; ' +
        'meant for teams that want findings fixed or ignored in configuration, where they can be reviewed, ' +
        'rather than waved away line by line. `global` and `stage` pragmas are not flagged.',
      rationale:
        'Inline suppressions are easy to add and easy to forget: they outlive the reason they were added for ' +
        'and hide new problems on the same instruction. Pair this rule with disabling ignore pragmas to make ' +
        'the configuration the only place where rules are switched off.',
      example: 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl',
      useInstead: 'FROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u5',
    },
  },
  create(context) {
    return {
      Dockerfile(ast) {
        for (const comment of ast.comments) {
          if (!INLINE_IGNORE.test(comment.raw.trim())) continue;
          context.report({
            // Two spaces before the pragma, as hadolint's message has them.
            message: 'Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`.',
            range: comment.range,
          });
        }
      },
    };
  },
};
