import type { UserInstruction } from '../../parser/index.js';
import type { RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

const MESSAGE = 'Last USER should not be root';

/** `root` by name or uid 0 however it is zero-padded; the group does not matter. */
function isRoot(user: string): boolean {
  const name = withoutSurrounding(user, `"'`);
  return name === 'root' || /^0+$/.test(name);
}

/** DL3002: a stage must not end running as root. */
export const nonRootLastUser: RuleModule = {
  meta: {
    id: 'non-root-last-user',
    hadolint: 'DL3002',
    severity: 'warning',
    category: 'security',
    locality: 'stage',
    docs: {
      summary: 'Last USER should not be root',
      description:
        'Flags the last `USER` of a stage when it switches to `root` (by name or as uid `0`, with or without a ' +
        'group). Each stage is judged on its own; a stage without any `USER` is not flagged.',
      rationale:
        'The user a stage ends with is the user its container runs as. A process running as root inside the ' +
        'container turns any compromise of the application into root access to the container, and to the host ' +
        'when the isolation has a flaw. Switching to root for installation steps is fine as long as the stage ' +
        'switches back to an unprivileged user afterwards.',
      example: 'FROM debian:12\nUSER root\nRUN apt-get update\nCMD ["app"]',
      useInstead: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER 10001\nCMD ["app"]',
    },
  },
  create(context) {
    let last: UserInstruction | null = null;
    return {
      Stage() {
        last = null;
      },
      USER(node, scope) {
        // A trigger's USER takes effect in some other build, not in this stage.
        if (scope.inOnbuild || !scope.stage) return;
        last = node;
      },
      'Stage:exit'() {
        const user = last?.user;
        if (user && isRoot(user.value)) context.report({ message: MESSAGE, range: user.range });
        last = null;
      },
    };
  },
};
