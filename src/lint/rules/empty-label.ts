import { expandWord, type LabelInstruction, type Word } from '../../parser/index.js';
import type { LabelType, LintSettings, RuleDocs, RuleModule } from '../types.js';
import { NodeSlot } from '../node-slot.js';

/** A LABEL pair with its key and value as the builder reads them, before variable expansion. */
export interface LabelEntry {
  readonly key: string;
  readonly keyWord: Word;
  readonly value: string;
  readonly valueWord: Word;
  /** The value uses variables, so what it becomes is only known at build time. */
  readonly valueHasVariables: boolean;
}

/** Quotes and escapes removed, variable references kept as written. */
export function literalText(word: Word, escapeChar: '\\' | '`'): { text: string; hasVariables: boolean } {
  if (!/["'$\\`]/.test(word.value)) return { text: word.value, hasVariables: false };
  const result = expandWord(word.value, {}, { escapeChar, skipUnset: true });
  if (!result.ok) return { text: word.value, hasVariables: word.value.includes('$') };
  return { text: result.value, hasVariables: result.unmatched.size > 0 };
}

/** Keyed by node; entries hold words, whose ranges move with the node. */
const entriesOf = new NodeSlot<LabelInstruction, LabelEntry[]>();

/** The pairs of a LABEL as the builder reads them; worked out once per instruction for all the label rules. */
export function labelEntries(node: LabelInstruction, escapeChar: '\\' | '`'): LabelEntry[] {
  let entries = entriesOf.get(node);
  if (!entries) entriesOf.set(node, (entries = readLabelEntries(node, escapeChar)));
  return entries;
}

function readLabelEntries(node: LabelInstruction, escapeChar: '\\' | '`'): LabelEntry[] {
  return node.pairs.map((pair) => {
    const value = literalText(pair.value, escapeChar);
    return {
      key: literalText(pair.key, escapeChar).text,
      keyWord: pair.key,
      value: value.text,
      valueWord: pair.value,
      valueHasVariables: value.hasVariables,
    };
  });
}

/** The configured type of a label, or `undefined` when the schema does not list it. */
export function schemaType(settings: LintSettings, key: string): LabelType | undefined {
  return Object.prototype.hasOwnProperty.call(settings.labelSchema, key) ? settings.labelSchema[key] : undefined;
}

/** What distinguishes one typed label check from another. */
export interface LabelValueCheck {
  readonly id: string;
  readonly hadolint: string;
  readonly type: LabelType;
  readonly docs: RuleDocs;
  readonly message: (label: string) => string;
  readonly isValid: (value: string) => boolean;
}

/**
 * A rule that checks the values of the labels the schema gives `check.type`. An empty value is not of any type
 * (hadolint reports it under the type's code as well as `empty-label`'s); values built from variables are not
 * judged: they are only known at build time.
 */
export function labelValueRule(check: LabelValueCheck): RuleModule {
  return {
    meta: {
      id: check.id,
      hadolint: check.hadolint,
      severity: 'warning',
      category: 'maintainability',
      locality: 'stage',
      docs: check.docs,
    },
    create(context) {
      // Most configurations give no label this type: then there is nothing to look at.
      if (!Object.values(context.settings.labelSchema).includes(check.type)) return {};
      return {
        LABEL(node) {
          for (const entry of labelEntries(node, context.ast.escapeChar)) {
            if (schemaType(context.settings, entry.key) !== check.type) continue;
            if (entry.valueHasVariables || check.isValid(entry.value)) continue;
            context.report({ message: check.message(entry.key), range: entry.valueWord.range });
          }
        },
      };
    },
  };
}

/** DL3051: a label of the schema is set to an empty string. */
export const emptyLabel: RuleModule = {
  meta: {
    id: 'empty-label',
    hadolint: 'DL3051',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'Labels of the label schema should not be empty',
      description:
        'Flags a `LABEL` that sets a label listed in the `label-schema` setting to an empty string. Does nothing ' +
        'without a schema; values built from variables are not judged.',
      rationale: 'A required label that is present but empty passes the presence check while carrying no information.',
      example: '# label-schema: { org.opencontainers.image.version: semver }\nLABEL org.opencontainers.image.version=""',
      useInstead: 'LABEL org.opencontainers.image.version="1.4.2"',
    },
  },
  create(context) {
    if (Object.keys(context.settings.labelSchema).length === 0) return {};
    return {
      LABEL(node) {
        for (const entry of labelEntries(node, context.ast.escapeChar)) {
          if (schemaType(context.settings, entry.key) === undefined) continue;
          if (entry.valueHasVariables || entry.value !== '') continue;
          context.report({ message: `label \`${entry.key}\` is empty.`, range: entry.valueWord.range });
        }
      },
    };
  },
};
