import type { CopyLikeInstruction } from '../../parser/index.js';
import type { RuleContext, RuleModule } from '../types.js';

/** `COPY --chown` / `ADD --chown` must be `user`, `user:group` or numbers. */
export const validChown: RuleModule = {
  meta: {
    id: 'valid-chown',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: '`--chown` holds at most one `:`',
      description:
        'Flags a `COPY --chown` or `ADD --chown` value, written without variables, with more than one `:` ' +
        '(`--chown=app:app:app`).',
      rationale:
        'The classic builder refuses such a value ("invalid chown string format"). BuildKit takes everything ' +
        'after the first `:` as the group name, and no group name can hold a `:`, so the lookup in the ' +
        "image's `/etc/group` fails. Either way the build stops at this step.",
      example: 'FROM node:22-slim\nCOPY --chown=node:node:node . /app',
      useInstead: 'FROM node:22-slim\nCOPY --chown=node:node . /app',
    },
  },
  create(context) {
    const check = (node: CopyLikeInstruction): void => checkChown(node, context);
    return { COPY: check, ADD: check };
  },
};

function checkChown(node: CopyLikeInstruction, context: RuleContext): void {
  const flag = node.options.chown;
  if (!flag || flag.value === null || /[$'"\\`]/.test(flag.value)) return;
  const colon = flag.value.indexOf(':');
  if (colon === -1 || !flag.value.includes(':', colon + 1)) return;
  context.report({
    message: `--chown=${flag.value} has more than one ':': the classic builder refuses it and BuildKit finds no group of that name, so the build fails`,
    range: flag.valueRange ?? flag.range,
  });
}
