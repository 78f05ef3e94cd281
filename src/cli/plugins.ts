/**
 * Custom rules from the configuration's `plugins:` list: module paths (relative to the working directory
 * unless the config resolved them) or package names. A plugin exports `rules` (an array of rule modules),
 * a default export that is such an array or a single rule, or named rule exports.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleModule } from '../lint/index.js';

function isRuleModule(value: unknown): value is RuleModule {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as { meta?: { id?: unknown; docs?: unknown }; create?: unknown };
  return typeof candidate.create === 'function' && typeof candidate.meta?.id === 'string' && !!candidate.meta.docs;
}

function rulesOf(exports: Record<string, unknown>): RuleModule[] {
  const found: RuleModule[] = [];
  const take = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(take);
    else if (isRuleModule(value) && !found.includes(value)) found.push(value);
  };
  take(exports['rules']);
  take(exports['default']);
  for (const [name, value] of Object.entries(exports)) if (name !== 'rules' && name !== 'default') take(value);
  return found;
}

export async function loadPlugins(
  specifiers: readonly string[],
  cwd: string,
): Promise<{ rules: RuleModule[]; problems: string[] }> {
  const rules: RuleModule[] = [];
  const problems: string[] = [];
  for (const specifier of specifiers) {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    const target = isPath ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
    try {
      const loaded = rulesOf((await import(target)) as Record<string, unknown>);
      if (loaded.length === 0) problems.push(`plugin '${specifier}' exports no rule (expected { meta, create } objects)`);
      rules.push(...loaded);
    } catch (error) {
      problems.push(`cannot load plugin '${specifier}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { rules, problems };
}
