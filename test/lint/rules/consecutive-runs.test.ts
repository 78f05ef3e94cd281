import { consecutiveRuns } from '../../../src/lint/rules/consecutive-runs.js';
import { testRule } from '../rule-tester.js';

const message = 'Multiple consecutive `RUN` instructions. Consider consolidation.';

testRule(consecutiveRuns, {
  valid: [
    'FROM debian:12\nRUN mkdir /app',
    'FROM debian:12\nRUN mkdir /app\nWORKDIR /app\nRUN touch x',
    'FROM debian:12\nRUN a && b && c\nRUN d',
    'FROM debian:12\nRUN d\nRUN a && b && c',
    'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN b',
    'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/y b',
    'FROM debian:12\nRUN a\nFROM debian:12\nRUN b',
    'FROM debian:12\nRUN <<EOF\na\nb\nc\nEOF\nRUN d',
    // A chain on either side is a deliberate split (as in hadolint).
    'FROM debian:12\nRUN a && b\n# a comment\nRUN c && d',
    'FROM debian:12\nRUN a \\\n  && b\nRUN c',
    'FROM debian:12\nRUN a; b\nRUN c',
    'FROM debian:12\nRUN c\nRUN a | b',
    // `test` is a command like any other; a command in a substitution counts too.
    'FROM debian:12\nRUN c\nRUN test -e /f && b',
    'FROM debian:12\nRUN c\nRUN echo $(date)',
    // The exec form is read as its arguments joined by spaces, as hadolint reads it: `sh -c a && b` is two.
    'FROM debian:12\nRUN ["sh", "-c", "a && b"]\nRUN c',
    // A script string that does not parse is the inner shell's problem: the RUN still runs two commands.
    "FROM debian:12\nRUN a && sh -c 'echo \"'\nRUN b",
    // An ONBUILD stands between RUNs, and its trigger runs in another build.
    'FROM debian:12\nRUN a\nONBUILD RUN b\nRUN c',
    'FROM debian:12\nONBUILD RUN b\nRUN c\nONBUILD RUN d',
    // Any instruction stands between RUNs, one the builder does not know too.
    'FROM debian:12\nRUN a\nFOO bar\nRUN b',
    'FROM debian:12\nRUN a\nONBUILD COPY . /x\nRUN b',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN mkdir /app\nRUN chown app /app',
      errors: [{ message, line: 3, text: 'RUN' }],
      output: 'FROM debian:12\nRUN mkdir /app && \\\n    chown app /app',
    },
    // Comments between them move inside the merged RUN (the builder skips them there); blank lines go. A pragma
    // would no longer apply to anything there: no fix then.
    {
      code: 'FROM debian:12\nRUN a\n# a comment\nRUN c',
      errors: [{ line: 4, text: 'RUN' }],
      output: 'FROM debian:12\nRUN a && \\\n# a comment\n    c',
    },
    {
      code: 'FROM debian:12\r\nRUN a\r\n\r\n  # one\r\n\r\n# two\r\nRUN c\r\n',
      errors: [{ line: 7 }],
      output: 'FROM debian:12\r\nRUN a && \\\r\n  # one\r\n# two\r\n    c\r\n',
    },
    ...['# hadolint ignore=DL3008', '# dfkit-ignore apt-get-pinned-versions', '#check=skip=all'].map((pragma) => {
      const code = `FROM debian:12\nRUN a\n${pragma}\nRUN c`;
      return { code, errors: [{ line: 4 }], output: code };
    }),
    // A run of them becomes one RUN in one pass; blank lines between go; trailing blanks and comments stay put.
    {
      code: 'FROM debian:12\nRUN a  \nRUN b\n\n\nRUN c # last\nUSER x',
      errors: [{ line: 3 }, { line: 6 }],
      output: 'FROM debian:12\nRUN a && \\\n    b && \\\n    c # last\nUSER x',
    },
    {
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b',
      errors: [{ line: 3 }],
      output: 'FROM debian:12\nRUN --mount=type=cache,target=/x a && \\\n    b',
    },
    // The file's escape character and line breaks; the keyword's length sets the indentation.
    {
      code: '# escape=`\r\nFROM windows\r\nrun a\r\nRUN b\r\n',
      errors: [{ line: 4 }],
      output: '# escape=`\r\nFROM windows\r\nrun a && `\r\n    b\r\n',
    },
    // The first RUN's continuation lines are kept; the second's command may be grouped, negated or redirected.
    {
      code: 'FROM debian:12\nRUN apt-get install -y \\\n      curl\nRUN ! grep -q x /f > /dev/null 2>&1;',
      errors: [{ line: 4 }],
      output: 'FROM debian:12\nRUN apt-get install -y \\\n      curl && \\\n    ! grep -q x /f > /dev/null 2>&1;',
    },
    { code: 'FROM debian:12\nRUN a\nRUN (b)', errors: [{ line: 3 }], output: 'FROM debian:12\nRUN a && \\\n    (b)' },
    // A test in brackets is a condition, not a command, to hadolint: what remains is a single command. The
    // same goes for a command named by a variable, and a script the shell parser rejects has none (hadolint).
    ...[
      'FROM debian:12\nRUN a\nRUN [ -e /f ] && b',
      'FROM debian:12\nRUN a\nRUN [[ -e /f ]] && b',
      'FROM debian:12\nRUN a\nRUN $CC -o x x.c && b',
      'FROM debian:12\nRUN a\nRUN ["sh", "-c", "b"]',
      'FROM windows\nRUN mkdir C:\\tmp\nRUN Write-Host (\'a {0}\' -f $x); Remove-Item x',
    ].map((code) => ({ code, errors: [{ line: 3 }], output: code })),
    // Not offered: the first changes the shell the second would run in, or the text around the commands would
    // bind differently after `&&` (a background `&`, a bare assignment), or ends in a comment, or a heredoc,
    // exec form or incomplete script.
    ...[
      'FROM debian:12\nRUN cd /app\nRUN make',
      'FROM debian:12\nRUN export A=1\nRUN make',
      'FROM debian:12\nRUN set -o pipefail\nRUN make',
      'FROM debian:12\nRUN . /etc/profile\nRUN make',
      'FROM debian:12\nRUN exec a\nRUN b',
      'FROM debian:12\nRUN command cd /app\nRUN make',
      'FROM debian:12\nRUN A=1 a\nRUN b',
      'FROM debian:12\nRUN a\nRUN b &',
      'FROM debian:12\nRUN a\nRUN (b) &',
      'FROM debian:12\nRUN a\nRUN A=1; b',
      'FROM debian:12\nRUN a # note\nRUN b',
      'FROM debian:12\nRUN a\nRUN ["b"]',
      'FROM debian:12\nRUN ["a"]\nRUN b',
      'FROM debian:12\nRUN a "\nRUN b',
      'FROM debian:12\nRUN <<EOF\na\nEOF\nRUN b',
    ].map((code) => ({ code, errors: [{ text: 'RUN' }], output: code })),
    { code: 'FROM debian:12\nRUN a && b\nRUN c\nRUN d', errors: [{ line: 4, text: 'RUN' }] },
    { code: 'RUN a\nRUN b', errors: [{ line: 2, text: 'RUN' }] },
    { code: 'FROM debian:12\nONBUILD RUN a\nRUN b\nRUN c', errors: [{ line: 4, text: 'RUN' }] },
    {
      code: 'FROM debian:12\nRUN a\nRUN b\nONBUILD RUN c\nRUN d\nRUN e\nFROM debian:12\nRUN f\nRUN g',
      errors: [{ line: 3 }, { line: 6 }, { line: 9 }],
    },
  ],
});
