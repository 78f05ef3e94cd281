import { expandWord, type UserInstruction } from '../../parser/index.js';
import { startOffsetOf } from '../../parser/source.js';
import type { RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

const NUMERIC = /^[0-9]+$/;

/** The text before the first `:` that is not inside a `${…}` (where `:-` and friends live). */
function userPart(text: string): string {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '{') {
      depth++;
      index++;
    } else if (char === '}' && depth > 0) {
      depth--;
    } else if (char === ':' && depth === 0) {
      return text.slice(0, index);
    }
  }
  return text;
}

/** DL3066: USER should name a numeric uid. */
export const numericUser: RuleModule = {
  meta: {
    id: 'numeric-user',
    hadolint: 'DL3066',
    severity: 'info',
    category: 'compatibility',
    locality: 'stage',
    docs: {
      summary: 'Use a numeric user id in USER',
      description:
        'Flags a `USER` whose user part is a name rather than a numeric uid. A user taken from an ENV variable ' +
        'is judged by its value; a build argument (one no ENV overrides) is taken for a uid whatever its default ' +
        '(the build may pass one), as hadolint takes it, so `USER $APP_UID` passes and `USER ${APP_UID:+app}` ' +
        'does not.',
      rationale:
        'A user name is resolved through the image\'s `/etc/passwd` when the container starts. Kubernetes ' +
        '`runAsNonRoot` cannot verify a name and refuses to start the pod, and tools that inspect the image ' +
        'cannot tell which uid it runs as. A numeric uid works everywhere.',
      example: 'FROM alpine:3.19\nRUN adduser -D -u 10001 app\nUSER app',
      useInstead: 'FROM alpine:3.19\nRUN adduser -D -u 10001 app\nUSER 10001',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    // The ARGs declared before the first FROM, with where each is first declared, read when a USER needs them
    // (not gathered while visiting, so a stage is judged the same whether or not the text before the first
    // FROM was visited this time).
    let globalArgs: Map<string, number> | null = null;
    const globalArgsOf = (): Map<string, number> => {
      if (globalArgs) return globalArgs;
      globalArgs = new Map();
      for (const instruction of context.ast.instructions) {
        if (instruction.kind === 'FROM') break;
        if (instruction.kind !== 'ARG') continue;
        for (const declaration of instruction.declarations) {
          const name = declaration.name.value;
          if (!globalArgs.has(name)) globalArgs.set(name, startOffsetOf(instruction.range));
        }
      }
      return globalArgs;
    };
    /** Whether `name` is a global ARG declared before `user` (every one is, for a USER inside a stage). */
    const declaredGlobally = (name: string, user: UserInstruction): boolean => {
      const declaredAt = globalArgsOf().get(name);
      return declaredAt !== undefined && declaredAt < startOffsetOf(user.range);
    };
    return {
      USER(node, scope) {
        const word = node.args[0];
        if (!word || !node.user) return;
        const user = userPart(word.value);
        let uid: string;
        if (user.includes('$')) {
          const env: Record<string, string> = {};
          for (const [name, envValue] of scope.env) env[name] = envValue;
          let expanded = expandWord(user, env, { escapeChar });
          if (!expanded.ok) return;
          // A build argument no ENV overrides is trusted to hold a uid whatever its default, as hadolint trusts
          // it (the build passes the value): it stands for a number, and the rest of the word still counts.
          let trusted = false;
          for (const name of expanded.unmatched) {
            if (!scope.args.has(name) && !declaredGlobally(name, node)) continue;
            env[name] = '0';
            trusted = true;
          }
          if (trusted) expanded = expandWord(user, env, { escapeChar });
          if (!expanded.ok) return;
          uid = expanded.value;
        } else {
          uid = withoutSurrounding(user, `"'`);
        }
        if (NUMERIC.test(uid)) return;
        // The parser splits user and group before expansion, which a `${VAR:-default}` can fool.
        const range = word.value.includes('$') ? word.range : node.user.range;
        context.report({ message: 'Non-numeric user-id may not be resolvable by host system', range });
      },
    };
  },
};
