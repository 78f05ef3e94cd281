import { noRedundantTargetPlatform } from '../../../src/lint/rules/no-redundant-target-platform.js';
import { testRule } from '../rule-tester.js';

const message =
  'Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior';

testRule(noRedundantTargetPlatform, {
  valid: [
    'FROM alpine:3.24',
    'FROM --platform=$FOOBAR alpine:3.24',
    'FROM --platform=foobar alpine:3.24',
    'FROM --platform=foobar/arm64 alpine:3.24',
    'FROM --platform=$BUILDPLATFORM alpine:3.24',
    'FROM --platform=$TARGETOS/$TARGETARCH alpine:3.24',
  ],
  invalid: [
    { code: 'FROM --platform=$TARGETPLATFORM alpine:3.24', errors: [{ message, line: 1, text: '$TARGETPLATFORM' }], output: 'FROM alpine:3.24' },
    { code: 'FROM --platform=${TARGETPLATFORM} alpine:3.24', errors: [{ message, line: 1, text: '${TARGETPLATFORM}' }], output: 'FROM alpine:3.24' },
    { code: 'FROM --platform="$TARGETPLATFORM" alpine:3.24 AS x', errors: [{ line: 1, text: '"$TARGETPLATFORM"' }], output: 'FROM alpine:3.24 AS x' },
    { code: 'FROM a:1\nFROM \\\n  --platform=$TARGETPLATFORM alpine:3.24', errors: [{ line: 3, text: '$TARGETPLATFORM' }], output: 'FROM a:1\nFROM \\\n  alpine:3.24' },
    { code: 'FROM --platform=$TARGETPLATFORM \\\n  alpine:3.24', errors: [{ text: '$TARGETPLATFORM' }], output: 'FROM \\\n  alpine:3.24' },
  ],
});
