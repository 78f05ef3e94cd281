import { mountFromEarlierStage } from '../../../src/lint/rules/mount-from-earlier-stage.js';
import { testRule } from '../rule-tester.js';

testRule(mountFromEarlierStage, {
  valid: [
    'FROM busybox AS tools\nFROM busybox\nRUN --mount=from=tools,target=/t ls /t',
    'FROM busybox AS Tools\nFROM busybox\nRUN --mount=from=TOOLS,target=/t ls /t',
    // Not a stage: an image.
    'FROM busybox\nRUN --mount=from=alpine:3.19,target=/t ls /t\nFROM busybox AS other',
    'FROM busybox\nRUN --mount=type=cache,target=/root/.cache true',
    // A trigger's names belong to the downstream Dockerfile.
    'FROM busybox AS a\nONBUILD RUN --mount=from=a,target=/t true',
  ],
  invalid: [
    {
      code: 'FROM busybox AS app\nRUN --mount=from=tools,target=/t /t/gen\nFROM busybox AS tools',
      errors: [
        {
          line: 2,
          message: '`RUN --mount` mounts from stage `tools`, which is defined further down: define it before this stage',
          text: '--mount=from=tools,target=/t',
        },
      ],
    },
    {
      code: 'FROM busybox AS app\nRUN --mount=from=APP,target=/t true',
      errors: [{ line: 2, message: '`RUN --mount` cannot mount from the stage it is in (`APP`)' }],
    },
    {
      code: 'FROM busybox\nRUN --mount=from=b,target=/b --mount=from=c,target=/c true\nFROM busybox AS b\nFROM busybox AS c',
      errors: [{ line: 2, text: '--mount=from=b,target=/b' }, { line: 2, text: '--mount=from=c,target=/c' }],
    },
  ],
});
