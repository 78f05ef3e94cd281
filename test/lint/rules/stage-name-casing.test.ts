import { stageNameCasing } from '../../../src/lint/rules/stage-name-casing.js';
import { expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { testRule } from '../rule-tester.js';

testRule(stageNameCasing, {
  valid: [
    'FROM scratch AS base',
    'FROM scratch',
    'FROM Scratch',
    'FROM scratch AS build-2.0_x',
    'from scratch as base2',
  ],
  invalid: [
    {
      // BuildKit's own case: the comment lines above do not matter.
      code: '\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n',
      errors: [{ message: "Stage name 'BadStageName' should be lowercase", line: 4, text: 'BadStageName' }],
      output: '\n# warning: stage name should be lowercase\n#\nFROM scratch AS badstagename\n',
    },
    {
      code: 'FROM golang:1.22 AS Build\nRUN make\nFROM Build AS test\nFROM alpine\nCOPY --from=Build /out /app\nCOPY --from=BUILD /out /app2',
      errors: [{ line: 1, text: 'Build' }],
      output:
        'FROM golang:1.22 AS build\nRUN make\nFROM build AS test\nFROM alpine\nCOPY --from=build /out /app\nCOPY --from=build /out /app2',
    },
    {
      code: 'FROM alpine AS Deps\nFROM alpine\nRUN --mount=type=cache,target=/c --mount=type=bind,from=Deps,source=/x,target=/y make',
      errors: [{ text: 'Deps' }],
      output: 'FROM alpine AS deps\nFROM alpine\nRUN --mount=type=cache,target=/c --mount=type=bind,from=deps,source=/x,target=/y make',
    },
    {
      // An image that happens to share the name is not a reference: only FROMs built on the stage change.
      code: 'FROM Base AS Base\nFROM Base',
      errors: [{ line: 1, text: 'Base' }],
      output: 'FROM Base AS base\nFROM base',
    },
    {
      code: 'FROM a AS One\nFROM b AS TWO',
      errors: [
        { message: "Stage name 'One' should be lowercase", line: 1 },
        { message: "Stage name 'TWO' should be lowercase", line: 2 },
      ],
      output: 'FROM a AS one\nFROM b AS two',
    },
    {
      // Two stages of one name (itself an error): references by name go with the first one's fix only.
      code: 'FROM a AS Build\nFROM b AS Build\nFROM c\nCOPY --from=Build /x /y',
      errors: [
        { line: 1, text: 'Build' },
        { line: 2, text: 'Build' },
      ],
      output: 'FROM a AS build\nFROM b AS build\nFROM c\nCOPY --from=build /x /y',
    },
    {
      code: 'FROM --platform=$BUILDPLATFORM golang AS Builder\nFROM scratch\nCOPY --from=0 /a /a\nCOPY --from=Builder /b /b',
      errors: [{ text: 'Builder' }],
      output: 'FROM --platform=$BUILDPLATFORM golang AS builder\nFROM scratch\nCOPY --from=0 /a /a\nCOPY --from=builder /b /b',
    },
  ],
});

it('gives references by name to the first stage of that name only', () => {
  const code = 'FROM a AS Build\nFROM b AS Build\nFROM c\nCOPY --from=Build /x /y';
  const edited = lint(code, { rules: [stageNameCasing] }).findings.map((finding) =>
    (finding.fix?.edits ?? []).map((edit) => `${code.slice(edit.start, edit.end)}@${edit.start}`),
  );
  expect(edited).toEqual([['Build@10', `Build@${code.lastIndexOf('Build')}`], ['Build@26']]);
});
