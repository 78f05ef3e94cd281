import { pipefail } from '../../../src/lint/rules/pipefail.js';
import { testRule } from '../rule-tester.js';

const message =
  'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check';

testRule(pipefail, {
  valid: [
    'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN wget -O - https://x | wc -l',
    'FROM debian:12\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN wget -O - https://x | wc -l',
    'FROM alpine:3.19\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -O - https://x | wc -l',
    'FROM debian:12\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\nRUN a | b',
    'FROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-command"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    'FROM mcr.microsoft.com/windows/servercore\nSHELL ["pwsh", "-c"]\nRUN a | b',
    'FROM mcr.microsoft.com/windows/servercore\nSHELL ["cmd", "/S", "/C"]\nRUN a | b',
    'FROM mcr.microsoft.com/windows/servercore\nSHELL ["C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "-command"]\nRUN a | b',
    // The `# hadolint shell=` pragma names a non-POSIX shell: in the stage, in stages built on it, or for all
    // stages when it comes before the first FROM.
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n# hadolint shell=powershell\nRUN Get-Process notepad | Stop-Process',
    '# hadolint shell=pwsh\nFROM mcr.microsoft.com/powershell\nRUN a | b\nFROM mcr.microsoft.com/powershell\nRUN c | d',
    'FROM mcr.microsoft.com/powershell AS base\n# hadolint shell=pwsh # Windows\nFROM base\nRUN a | b',
    'FROM debian:12\nRUN wget -O - https://x > /tmp/x',
    'FROM debian:12\nRUN a || b',
    'FROM debian:12\nRUN echo "a | b"',
    'FROM debian:12\nONBUILD RUN a | b',
    // The pipe runs in another shell, which the SHELL's pipefail would not reach (hadolint does not read it).
    'FROM debian:12\nRUN sh -c "a | b"',
    "FROM debian:12\nRUN bash -c 'set -e; curl -fsSL https://x | tar -xz'",
    'FROM debian:12\nRUN bash <<EOF\na | b\nEOF',
    'FROM debian:12\nRUN <<EOF bash\na | b\nEOF',
    // Not shell: hadolint's shell parser rejects it and finds no pipe.
    'FROM mcr.microsoft.com/windows/servercore\nRUN powershell -Command (Get-Content x ^| Where-Object { $_ -match "a" })',
  ],
  invalid: [
    {
      code: 'FROM mcr.microsoft.com/powershell\n# hadolint shell=pwsh\nRUN a | b\nFROM debian:12\nRUN c | d',
      errors: [{ message, line: 5, text: 'd' }],
    },
    {
      code: '# hadolint shell=powershell\nFROM debian:12\nSHELL ["/bin/sh", "-c"]\nRUN a | b',
      errors: [{ line: 4, text: 'b' }],
    },
    { code: 'FROM debian:12\n# hadolint shell=bash\nRUN a | b', errors: [{ line: 3, text: 'b' }] },
    { code: 'FROM debian:12\nRUN wget -O - https://x | wc -l', errors: [{ message, line: 2, text: 'wc' }] },
    // A substitution runs in the SHELL, double-quoted in a `bash -c` string too; a bare heredoc is its script.
    { code: 'FROM debian:12\nRUN bash -c "v=$(a | b)"', errors: [{ line: 2, text: 'b' }] },
    { code: 'FROM debian:12\nRUN <<EOF\na | b\nEOF', errors: [{ line: 3, text: 'b' }] },
    // The script's own pipe, past one in a string; a string that does not parse does not hide it.
    { code: 'FROM debian:12\nRUN sh -c "x | y" && a | b', errors: [{ line: 2, text: 'b' }] },
    { code: 'FROM debian:12\nRUN a | sh -c "if x; then"', errors: [{ line: 2, text: 'sh' }] },
    { code: 'FROM debian:12\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b', errors: [{ line: 3, text: 'b' }] },
    { code: 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN a | b', errors: [{ line: 3, text: 'b' }] },
    {
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\nRUN a | b',
      errors: [{ line: 4, text: 'b' }],
    },
    {
      code: 'FROM mcr.microsoft.com/windows/servercore\nSHELL ["pwsh", "-c"]\nSHELL ["/bin/bash", "-c"]\nRUN a | b',
      errors: [{ line: 4 }],
    },
    // The fix: one SHELL line above the stage's first RUN with a pipe (and above that RUN's comments), in the
    // keyword's case and with the file's line breaks.
    {
      code: 'FROM debian:12\nRUN echo hi\n# hadolint ignore=DL3008\nRUN a | b\nRUN c | d\nFROM python:3.12-slim AS app\n  run e | f',
      errors: [{ line: 4, text: 'b' }, { line: 5, text: 'd' }, { line: 7, text: 'f' }],
      output:
        'FROM debian:12\nRUN echo hi\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n# hadolint ignore=DL3008\nRUN a | b\nRUN c | d\n' +
        'FROM python:3.12-slim AS app\n  shell ["/bin/bash", "-o", "pipefail", "-c"]\n  run e | f',
    },
    {
      code: 'FROM ubuntu AS base\r\nFROM base\r\nRUN a | b\r\n',
      errors: [{ line: 3, text: 'b' }],
      output: 'FROM ubuntu AS base\r\nFROM base\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN a | b\r\n',
    },
    {
      code: 'ARG TAG=12\nFROM docker.io/library/debian:${TAG}\nRUN a | b',
      errors: [{ line: 3 }],
      output: 'ARG TAG=12\nFROM docker.io/library/debian:${TAG}\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b',
    },
    // Not offered: an image not known to have bash, a SHELL already set, a shell named by a pragma.
    ...[
      'FROM alpine:3.20\nRUN a | b',
      'FROM node:20-alpine\nRUN a | b',
      'FROM busybox\nRUN a | b',
      'FROM gcr.io/distroless/base\nRUN a | b',
      'FROM mycompany/debian\nRUN a | b',
      'FROM scratch\nRUN a | b',
      'FROM $BASE\nRUN a | b',
      'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN a | b',
      'FROM debian:12\n# hadolint shell=bash\nRUN a | b',
    ].map((code) => ({ code, errors: [{}], output: code })),
    { code: 'FROM debian:12\nRUN curl -fsSL https://x \\\n  | tar -xz', errors: [{ line: 3, text: 'tar' }] },
    { code: 'FROM debian:12\nRUN <<EOF\ncurl -fsSL https://x | sh\nEOF\n', errors: [{ line: 3, text: 'sh' }] },
  ],
});
