import { endOffsetOf, startOffsetOf } from '../../parser/source.js';
import type { RuleModule } from '../types.js';

/** The offset after the spaces and tabs from `at`. */
function blanksEnd(text: string, at: number): number {
  let end = at;
  while (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) end++;
  return end;
}

/** DL3065: `FROM --platform=$TARGETPLATFORM` says what the builder does anyway. */
export const noRedundantTargetPlatform: RuleModule = {
  meta: {
    id: 'no-redundant-target-platform',
    hadolint: 'DL3065',
    buildkit: 'RedundantTargetPlatform',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'FROM --platform=$TARGETPLATFORM is redundant',
      description: 'Flags `FROM --platform=$TARGETPLATFORM` and `FROM --platform=${TARGETPLATFORM}`.',
      rationale:
        'Stages are built for the target platform unless told otherwise, so the flag changes nothing. It ' +
        'suggests the stage is special and hides the stages where `--platform` does matter, such as ' +
        '`$BUILDPLATFORM` for cross-compiling.',
      example: 'FROM --platform=$TARGETPLATFORM alpine:3.19',
      useInstead: 'FROM alpine:3.19',
      fixSafety:
        'Removes the flag and the blanks after it. The stage is then built for the target platform, which ' +
        'is what the flag asks for. Unsafe only because the flag follows the `TARGETPLATFORM` build argument: ' +
        'a build that overrides it with `--build-arg TARGETPLATFORM=…` would build this stage for that platform ' +
        'with the flag and for the target platform without it.',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        const flag = node.platform;
        if (scope.inOnbuild || !flag) return;
        if (flag.value !== '$TARGETPLATFORM' && flag.value !== '${TARGETPLATFORM}') return;
        const start = startOffsetOf(flag.range);
        const end = blanksEnd(context.text, endOffsetOf(flag.range));
        context.report({
          // hadolint's words exactly, its slip ("in is") included, so reports and baselines stay the same.
          message:
            'Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior',
          range: flag.valueRange ?? flag.range,
          fix: { description: 'Remove --platform', edits: [{ start, end, text: '' }] },
        });
      },
    };
  },
};
