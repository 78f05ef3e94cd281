import { noCdInRun } from '../../../src/lint/rules/no-cd-in-run.js';
import { testRule } from '../rule-tester.js';

const message = 'Use WORKDIR to switch to a directory';

testRule(noCdInRun, {
  valid: [
    'FROM debian:12\nRUN command -v cd',
    'FROM debian:12\nWORKDIR /usr/src/app\nRUN make',
    'FROM debian:12\nRUN echo cd /tmp',
    'FROM debian:12\nRUN make -C /usr/src/app',
    'FROM debian:12\nONBUILD RUN cd /app && make',
  ],
  invalid: [
    // A builtin that runs its operand is looked through.
    { code: 'FROM debian:12\nRUN command cd /tmp', errors: [{ message, line: 2, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN cd /usr/src/app && git clone x .', errors: [{ message, line: 2, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN git clone x \\\n  && cd x \\\n  && make', errors: [{ message, line: 3, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN <<EOF\ncd /app\nmake\nEOF\n', errors: [{ line: 3, text: 'cd' }] },
    { code: 'FROM debian:12\nRUN sh -c "cd /app && make"', errors: [{ line: 2, text: 'cd' }] },

    // The fix: a WORKDIR in place of a leading cd, and one back where later steps would see the difference.
    {
      code: 'FROM scratch\nRUN cd /usr/src && \\\n    make && \\\n    make install\nCMD ["x"]',
      errors: [{ line: 2, text: 'cd' }],
      output: 'FROM scratch\nWORKDIR /usr/src\nRUN make && \\\n    make install\nWORKDIR /\nCMD ["x"]',
    },
    // Above the RUN's comments (they may be its pragmas); a relative directory written out absolute.
    {
      code: 'FROM debian:12\nWORKDIR /app\n# build it\nRUN cd build && make\nCOPY . .',
      errors: [{ line: 4 }],
      output: 'FROM debian:12\nWORKDIR /app\nWORKDIR /app/build\n# build it\nRUN make\nWORKDIR /app\nCOPY . .',
    },
    // An absolute WORKDIR before anything that works in the directory: nothing to restore, so the base image's
    // unknown directory is not needed.
    {
      code: 'FROM debian:12\nRUN cd /src && make\nENV A=1\nCOPY x /x\nCMD ["a"]\nWORKDIR /app\nCOPY x y',
      errors: [{ line: 2 }],
      output: 'FROM debian:12\nWORKDIR /src\nRUN make\nENV A=1\nCOPY x /x\nCMD ["a"]\nWORKDIR /app\nCOPY x y',
    },
    // The directory the RUN ran in comes from the stage it is built on; line breaks, indentation, flags and
    // the keyword's case are kept.
    {
      code: 'FROM scratch AS base\r\nWORKDIR /opt\r\nFROM base\r\n  run --mount=type=cache,target=/c cd lib && \\\r\n  make\r\n',
      errors: [{ line: 4 }],
      output: 'FROM scratch AS base\r\nWORKDIR /opt\r\nFROM base\r\n  workdir /opt/lib\r\n  run --mount=type=cache,target=/c make\r\n  workdir /opt\r\n',
    },
    // A variable the Dockerfile defines is expanded by WORKDIR as by the shell.
    {
      code: 'FROM debian:12\nENV D=/x\nWORKDIR /w\nRUN cd $D && make\nRUN x',
      errors: [{ line: 4 }],
      output: 'FROM debian:12\nENV D=/x\nWORKDIR /w\nWORKDIR $D\nRUN make\nWORKDIR /w\nRUN x',
    },
    // A stage later stages only copy from needs no directory restored at its end.
    {
      code: 'FROM golang:1.22 AS build\nCOPY . /src\nRUN cd /src && go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
      errors: [{ line: 3 }],
      output: 'FROM golang:1.22 AS build\nCOPY . /src\nWORKDIR /src\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    },
    // No fix: the base image's directory would have to be restored (the last stage ends, or a later stage builds
    // on it, or a VOLUME follows).
    ...[
      'FROM debian:12\nRUN cd /src && make\nCMD ["a"]',
      'FROM debian:12 AS b\nRUN cd /x && make\nFROM b\nWORKDIR /y',
      'FROM debian:12\nRUN cd /x && make\nVOLUME data\nWORKDIR /y',
      // A relative directory against an unknown one.
      'FROM debian:12\nRUN cd build && make\nWORKDIR /y',
    ].map((code) => ({ code, errors: [{ text: 'cd' }], output: code })),
    // No fix: a variable WORKDIR does not know, a directory word that is not plain, cd not first, not followed
    // by &&, not alone, run in the background; a comment inside the continuation; a shell that is not POSIX.
    ...[
      'FROM scratch\nRUN cd $HOME && make\nWORKDIR /a',
      'FROM scratch\nRUN cd "/my dir" && make\nWORKDIR /a',
      'FROM scratch\nRUN cd ~/x && make\nWORKDIR /a',
      'FROM scratch\nRUN cd - && make\nWORKDIR /a',
      'FROM scratch\nRUN cd /x; make\nWORKDIR /a',
      'FROM scratch\nRUN (cd /x && make)\nWORKDIR /a',
      'FROM scratch\nRUN cd /x && make >/dev/null 2>&1 &\nWORKDIR /a',
      'FROM scratch\nRUN cd /x && echo a&b\nWORKDIR /a',
      'FROM scratch\nRUN cd /x && \\\n  # why\n  make\nWORKDIR /a',
      'FROM scratch\nRUN cd\nWORKDIR /a',
    ].map((code) => ({ code, errors: [{ text: 'cd' }], output: code })),
    {
      code: 'FROM scratch\nRUN cd /x && make && cd /y\nWORKDIR /a',
      errors: [{ text: 'cd' }, { text: 'cd' }],
      output: 'FROM scratch\nRUN cd /x && make && cd /y\nWORKDIR /a',
    },
    {
      code: 'FROM scratch\nSHELL ["pwsh", "-c"]\nRUN cd /x && make\nWORKDIR /a',
      errors: [{ text: 'cd' }],
      output: 'FROM scratch\nSHELL ["pwsh", "-c"]\nRUN cd /x && make\nWORKDIR /a',
    },
  ],
});
