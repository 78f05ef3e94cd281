import { chmodProblem, type CopyLikeInstruction } from '../../parser/index.js';
import type { RuleContext, RuleModule } from '../types.js';

/** `COPY --chmod` / `ADD --chmod` must hold a mode BuildKit can read. */
export const validChmod: RuleModule = {
  meta: {
    id: 'valid-chmod',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: '`--chmod` must be an octal mode up to 7777 or a symbolic mode',
      description:
        'Flags a `COPY --chmod` or `ADD --chmod` value, written without variables, that is neither an octal number ' +
        'up to `7777` nor a symbolic mode in chmod\'s grammar (`u+x`, `go-w`, `a=rX`, `u=rw,g=u`).',
      rationale:
        'BuildKit reads the mode when it reaches the instruction and fails the build on one it cannot read ' +
        '("invalid chmod parameter"). Older BuildKit releases (Docker 20.10\'s, for one) silently ignored such a ' +
        'value and copied the files with their own modes, which is no better: the image is not what the ' +
        'Dockerfile says.',
      example: 'FROM alpine:3.20\nCOPY --chmod=0855 entrypoint.sh /usr/local/bin/',
      useInstead: 'FROM alpine:3.20\nCOPY --chmod=0755 entrypoint.sh /usr/local/bin/',
    },
  },
  create(context) {
    const check = (node: CopyLikeInstruction): void => checkChmod(node, context);
    return { COPY: check, ADD: check };
  },
};

function checkChmod(node: CopyLikeInstruction, context: RuleContext): void {
  const flag = node.options.chmod;
  if (!flag || flag.value === null || /[$'"\\`]/.test(flag.value)) return;
  const problem = chmodProblem(flag.value);
  if (problem) context.report({ message: `${problem}: the build fails`, range: flag.valueRange ?? flag.range });
}
