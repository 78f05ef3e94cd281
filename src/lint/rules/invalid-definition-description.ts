import type { Comment, Instruction } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** Suppression comments of BuildKit, hadolint and dfkit describe nothing. */
const PRAGMA = /^#\s*(?:check\s*=|hadolint\s|dfkit-ignore)/;

/** InvalidDefinitionDescription: the comment right above a named FROM or an ARG does not start with its name. */
export const invalidDefinitionDescription: RuleModule = {
  meta: {
    id: 'invalid-definition-description',
    buildkit: 'InvalidDefinitionDescription',
    buildkitExperimental: true,
    // Experimental in BuildKit: off unless enabled.
    severity: 'ignore',
    category: 'style',
    docs: {
      summary: 'Descriptions of stages and ARGs should start with their name',
      description:
        'Looks at the comment line directly above a `FROM … AS name` or an `ARG` (a blank line or an empty `#` ' +
        'line separates a comment from the instruction; suppression comments are skipped) and flags it when its ' +
        'first word is not the stage name or one of the ARG names. Off by default, like the experimental BuildKit ' +
        'check it mirrors; a file that opts in as BuildKit reads it (`# check=experimental=' +
        'InvalidDefinitionDescription`, or `all`) turns it on.',
      rationale:
        '`docker build --call=outline` and `--call=targets` show such comments as descriptions of build targets ' +
        'and arguments. A comment that was not meant as one shows up there anyway, or a description is lost ' +
        'because it is not recognised.',
      example: '# compile everything\nFROM golang:1.22 AS build',
      useInstead: '# build compiles everything\nFROM golang:1.22 AS build',
    },
  },
  create(context) {
    const describedBy = (instruction: Instruction): Comment | undefined => {
      const comments = instruction.comments.filter((c) => !PRAGMA.test(c.raw.trim()));
      return comments[comments.length - 1];
    };
    const check = (instruction: Instruction, kind: 'FROM' | 'ARG', names: readonly string[]): void => {
      const comment = describedBy(instruction);
      if (!comment || names.length === 0) return;
      const first = comment.text.split(' ')[0] ?? '';
      if (names.includes(first)) return;
      const example = names.length > 1 ? '<arg_key>' : (names[0] as string);
      context.report({
        message: `Comment for ${kind} should follow the format: \`# ${example} <description>\``,
        range: comment.range,
      });
    };
    return {
      FROM(node, scope) {
        if (scope.inOnbuild || !node.stageName) return;
        // The builder keeps stage names in lower case, and that is the name an outline shows.
        check(node, 'FROM', [node.stageName.value.toLowerCase()]);
      },
      ARG(node, scope) {
        if (scope.inOnbuild) return;
        check(
          node,
          'ARG',
          node.declarations.map((d) => d.name.value),
        );
      },
    };
  },
};
