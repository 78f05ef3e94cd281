import { noRootFilesystemCopy } from '../../../src/lint/rules/no-root-filesystem-copy.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not copy an entire filesystem from another stage';

testRule(noRootFilesystemCopy, {
  valid: [
    'COPY / /',
    'COPY --from=build /app /',
    'COPY --from=build / /app',
    'FROM a:1 AS build\nFROM b:1\nCOPY --from=build /out/ /',
  ],
  invalid: [
    { code: 'COPY --from=build / /', errors: [{ message, line: 1, text: '/' }] },
    { code: 'COPY --from=build "/" "/"', errors: [{ message, line: 1, text: '"/"' }] },
    { code: 'FROM a:1\nCOPY --from=busybox:1.36 --chown=0:0 / /', errors: [{ line: 2, text: '/' }] },
    { code: 'FROM a:1\nCOPY --from=build ["/", "/"]', errors: [{ line: 2, text: '"/"' }] },
    { code: 'FROM a:1\nONBUILD COPY --from=build / /', errors: [{ line: 2, text: '/' }] },
  ],
});
