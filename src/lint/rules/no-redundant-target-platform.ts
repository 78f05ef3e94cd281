import type { RuleModule } from '../types.js';

/** DL3065: `FROM --platform=$TARGETPLATFORM` says what the builder does anyway. */
export const noRedundantTargetPlatform: RuleModule = {
  meta: {
    id: 'no-redundant-target-platform',
    hadolint: 'DL3065',
    buildkit: 'RedundantTargetPlatform',
    severity: 'warning',
    category: 'maintainability',
    locality: 'stage',
    docs: {
      summary: 'FROM --platform=$TARGETPLATFORM is redundant',
      description: 'Flags `FROM --platform=$TARGETPLATFORM` and `FROM --platform=${TARGETPLATFORM}`.',
      rationale:
        'Stages are built for the target platform unless told otherwise, so the flag changes nothing. It ' +
        'suggests the stage is special and hides the stages where `--platform` does matter, such as ' +
        '`$BUILDPLATFORM` for cross-compiling.',
      example: 'FROM --platform=$TARGETPLATFORM alpine:3.19',
      useInstead: 'FROM alpine:3.19',
    },
  },
  create(context) {
    return {
      FROM(node, scope) {
        const flag = node.platform;
        if (scope.inOnbuild || !flag) return;
        if (flag.value !== '$TARGETPLATFORM' && flag.value !== '${TARGETPLATFORM}') return;
        context.report({
          message:
            'Setting `FROM --platform` to predefined `$TARGETPLATFORM` is redundant as this is the default behavior',
          range: flag.valueRange ?? flag.range,
        });
      },
    };
  },
};
