import { copyFromVariable } from '../../../src/lint/rules/copy-from-variable.js';
import { testRule } from '../rule-tester.js';

testRule(copyFromVariable, {
  valid: [
    'FROM busybox AS a\nFROM busybox\nCOPY --from=a /x /x',
    // Quotes are removed when the flag is read: this names stage a.
    'FROM busybox AS a\nFROM busybox\nCOPY --from="a" /x /x',
    'FROM busybox\nCOPY --from=alpine:3.19 /etc/os-release /x',
    // A `$` that starts no reference expands to itself.
    'FROM busybox\nCOPY --from=a$ /x /x',
    'FROM busybox\nCOPY /x /x',
  ],
  invalid: [
    { code: 'ARG X=a\nFROM busybox AS a\nFROM busybox\nCOPY --from=$X /x /x', errors: [{ line: 4, text: '$X' }] },
    { code: 'FROM busybox\nCOPY --from=${X:-a} /x /x', errors: [{ line: 2, text: '${X:-a}' }] },
    { code: 'FROM busybox\nCOPY --from=img:${TAG} /x /x', errors: [{ line: 2, text: 'img:${TAG}' }] },
    // A failing expansion fails the build just the same.
    { code: 'FROM busybox\nCOPY --from=${X:?unset} /x /x', errors: [{ line: 2 }] },
    { code: '# escape=`\nFROM busybox\nCOPY --from=$X /x /x', errors: [{ line: 3 }] },
    // A trigger is converted the same way in the downstream build.
    { code: 'FROM busybox\nONBUILD COPY --from=$X /x /x', errors: [{ line: 2 }] },
  ],
});
