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
    { code: 'FROM debian:12\nRUN curl -fsSL https://x \\\n  | tar -xz', errors: [{ line: 3, text: 'tar' }] },
    { code: 'FROM debian:12\nRUN <<EOF\ncurl -fsSL https://x | sh\nEOF\n', errors: [{ line: 3, text: 'sh' }] },
  ],
});
