/**
 * Build arguments as the builders see them: global ARGs before the first FROM, the predefined platform and
 * proxy ARGs, `--build-arg` overrides, and the environment an instruction expands against.
 */
import {
  expandWord,
  getGlobalInstructions,
  type Dockerfile,
  type EscapeChar,
} from '../parser/index.js';

// Platform strings are read the same way by the linter, so their reading lives with the parser.
export {
  DEFAULT_PLATFORM,
  formatPlatform,
  parsePlatform,
  platformArgs,
  readPlatformSpecifier,
  type Platform,
} from '../parser/index.js';



/**
 * The proxy ARGs both builders accept without a declaration. Given as `--build-arg` they reach RUN steps but
 * stay out of every cache key (BuildKit carries them in a separate field; the classic builder leaves
 * undeclared ones out of its build-arg prefix). Declaring one with `ARG` makes it an ordinary, keyed ARG.
 */
export const PROXY_ARGS: ReadonlySet<string> = new Set(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((name) => [name, name.toLowerCase()]),
);

/** An ARG visible in a scope; `value` is `undefined` when it was declared without a value and none was given. */
export interface ArgValue {
  readonly name: string;
  readonly value: string | undefined;
}

/** Expands one word, falling back to the text as written when expansion fails (the caller reports that). */
export function expandOrKeep(text: string, env: ReadonlyMap<string, string>, escapeChar: EscapeChar): string {
  const result = expandWord(text, env, { escapeChar });
  return result.ok ? result.value : text;
}

/**
 * Global ARGs with their values: the default (expanded against earlier global ARGs and the platform ARGs)
 * unless `--build-arg` overrides it.
 */
export function resolveGlobalArgs(
  ast: Dockerfile,
  buildArgs: Readonly<Record<string, string>>,
  predefined: Readonly<Record<string, string>>,
): Map<string, string | undefined> {
  const globals = new Map<string, string | undefined>();
  // `fromLineEnv(globals, predefined)` kept up to date as each ARG is read, not rebuilt for each (quadratic).
  const env = fromLineEnv(globals, predefined);
  for (const instruction of getGlobalInstructions(ast)) {
    if (instruction.kind !== 'ARG') continue;
    for (const declaration of instruction.declarations) {
      const name = declaration.name.value;
      const fallback = declaration.defaultValue
        ? expandOrKeep(declaration.defaultValue.value, env, ast.escapeChar)
        : undefined;
      const value = Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback;
      globals.set(name, value);
      if (value !== undefined) env.set(name, value);
      else if (Object.hasOwn(predefined, name)) env.set(name, predefined[name] as string);
      else env.delete(name);
    }
  }
  return globals;
}

/** What a FROM line expands against: the platform ARGs, then the global ARGs that have a value. */
export function fromLineEnv(
  globals: ReadonlyMap<string, string | undefined>,
  predefined: Readonly<Record<string, string>>,
): Map<string, string> {
  const env = new Map(Object.entries(predefined));
  for (const [name, value] of globals) if (value !== undefined) env.set(name, value);
  return env;
}
