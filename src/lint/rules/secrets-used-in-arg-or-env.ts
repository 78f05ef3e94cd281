import { expandWord, goQuote, type Word } from '../../parser/index.js';
import { rememberedVerdicts } from '../name-verdicts.js';
import type { RuleModule } from '../types.js';

/** `_`-separated words that name a credential (BuildKit's list). */
const SECRET_WORDS = new Set([
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
]);

/** Words that mark a name as not holding the secret itself (a public key, a path to a file, a version). */
const HARMLESS_WORDS = new Set(['public', 'file', 'version']);

/** Fragments hadolint looks for anywhere in a lower-cased name. */
const SECRET_FRAGMENTS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

/**
 * Well-known credential variables that neither the words nor the fragments above catch. hadolint's list also names
 * variables that hold no secret (an OS name, an app id, an org URL); those are left out.
 */
const KNOWN_SECRET_NAMES = new Set(['CI_DEPLOY_USER', 'HEROKU_API_USER', 'MYSQL_PWD', 'GH_PAT', 'GITHUB_PAT']);

/** Whether an ARG or ENV name looks like it holds a credential. */
export function looksSecret(name: string): boolean {
  const lower = name.toLowerCase();
  const words = lower.split('_');
  if (words.some((word) => HARMLESS_WORDS.has(word))) return false;
  return (
    words.some((word) => SECRET_WORDS.has(word)) ||
    SECRET_FRAGMENTS.some((fragment) => lower.includes(fragment)) ||
    KNOWN_SECRET_NAMES.has(name.toUpperCase())
  );
}

const looksSecretRemembered = rememberedVerdicts(looksSecret);

/** SecretsUsedInArgOrEnv / DL3064: an ARG or ENV whose name suggests it holds a secret. */
export const secretsUsedInArgOrEnv: RuleModule = {
  meta: {
    id: 'secrets-used-in-arg-or-env',
    hadolint: 'DL3064',
    buildkit: 'SecretsUsedInArgOrEnv',
    severity: 'warning',
    category: 'security',
    locality: 'stage',
    docs: {
      summary: 'Do not pass secrets in ARG or ENV',
      description:
        'Flags an `ARG` or `ENV` (ONBUILD triggers and ARGs before the first FROM included) whose name looks like ' +
        'a credential. It joins the detections of BuildKit and hadolint: a `_`-separated word of the name is one of ' +
        'apikey, auth, credential(s), key, password, pword, passwd, secret or token; or the name contains api_key, ' +
        'client_key, password, private, secret, token or username anywhere; or it is a well-known credential ' +
        'variable of a CI or cloud tool. A name with the word public, file or version (`PUBLIC_KEY`, ' +
        '`PASSWORD_FILE`, `TOKEN_VERSION`) is never flagged.',
      rationale:
        'Build arguments and environment variables are stored in the image: ENV values in its configuration, ARG ' +
        'values in the build history and provenance. Anyone who can pull the image can read them.',
      example: 'ARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > ~/.npmrc && npm ci',
      useInstead: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    },
  },
  create(context) {
    const escapeChar = context.ast.escapeChar;
    const check = (instruction: 'ARG' | 'ENV', word: Word): void => {
      const written = word.value;
      // Most names are plain words, which expand to themselves.
      let name = written;
      if (/[$"']/.test(written) || written.includes(escapeChar)) {
        const result = expandWord(written, {}, { escapeChar, skipUnset: true });
        if (result.ok) name = result.value;
      }
      if (!looksSecretRemembered(name)) return;
      context.report({
        // Findings carry hadolint's code, so its message comes first; the instruction and name follow, as
        // BuildKit gives them.
        message:
          'Potentially sensitive data should not be used in the `ARG` or `ENV` commands ' +
          `(${instruction} ${goQuote(name)})`,
        range: word.range,
      });
    };
    return {
      ARG(node) {
        for (const declaration of node.declarations) check('ARG', declaration.name);
      },
      ENV(node) {
        for (const pair of node.pairs) check('ENV', pair.key);
      },
    };
  },
};
