/** The built-in rules, in a stable order. */
import type { RuleModule } from '../types.js';
import { absoluteWorkdir } from './absolute-workdir.js';
import { dependencyInstallOrder } from './dependency-install-order.js';
import { invalidInstruction } from './invalid-instruction.js';
import { cacheRules } from './set-cache.js';
import { checkRules } from './set-checks.js';
import { packageRules } from './set-packages.js';
import { shellRules } from './set-shell.js';
import { structureRules } from './set-structure.js';

export const builtinRules: readonly RuleModule[] = [
  invalidInstruction,
  absoluteWorkdir,
  ...structureRules,
  ...checkRules,
  ...packageRules,
  ...shellRules,
  dependencyInstallOrder,
  ...cacheRules,
];
