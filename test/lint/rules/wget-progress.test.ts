import { wgetProgress } from '../../../src/lint/rules/wget-progress.js';
import { testRule } from '../rule-tester.js';

const message =
  'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).';

testRule(wgetProgress, {
  valid: [
    // A program is known by its name as written, as hadolint knows it: not behind sudo, nor in sh -c's script.
    "FROM debian:12\nRUN sh -c 'sudo wget https://example.com/x'",
    'FROM debian:12\nRUN sudo wget https://example.com/x',
    'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/x',
    'FROM debian:12\nRUN wget -q https://example.com/x',
    'FROM debian:12\nRUN wget --quiet https://example.com/x',
    'FROM debian:12\nRUN wget -nv https://example.com/x',
    'FROM debian:12\nRUN wget --no-verbose https://example.com/x',
    'FROM debian:12\nRUN wget -o /tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget --output-file=/tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget -a /tmp/log https://example.com/x',
    'FROM debian:12\nRUN wget -qO- https://example.com/x | sh',
    'FROM debian:12\nRUN curl -fsSL https://example.com/x',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN wget https://example.com/x',
      errors: [{ message, line: 2, text: 'wget' }],
      output: 'FROM debian:12\nRUN wget --progress=dot:giga https://example.com/x',
    },
    {
      code: 'FROM debian:12\nRUN wget -O /tmp/x https://example.com/x',
      errors: [{ text: 'wget' }],
      output: 'FROM debian:12\nRUN wget --progress=dot:giga -O /tmp/x https://example.com/x',
    },
    { code: 'FROM debian:12\nRUN wget -O -q https://example.com/x', errors: [{ text: 'wget' }] },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && wget https://example.com/x',
      errors: [{ line: 3, text: 'wget' }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && wget --progress=dot:giga https://example.com/x',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\nwget https://example.com/x\nEOF\n',
      errors: [{ line: 3, text: 'wget' }],
      output: 'FROM debian:12\nRUN <<EOF\nwget --progress=dot:giga https://example.com/x\nEOF\n',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN wget https://example.com/x',
      errors: [{ line: 2, text: 'wget' }],
      output: 'FROM debian:12\nONBUILD RUN wget --progress=dot:giga https://example.com/x',
    },
    // BusyBox's wget refuses --progress; a word split by a line continuation, or the exec form, takes no insertion.
    { code: 'FROM debian:12\nRUN busybox wget https://example.com/x', errors: [{ text: 'wget' }], output: 'FROM debian:12\nRUN busybox wget https://example.com/x' },
    // On Alpine and BusyBox images, also through an earlier stage, wget is BusyBox's unless GNU wget is installed.
    { code: 'FROM alpine:3.19\nRUN wget https://example.com/x', errors: [{ text: 'wget' }], output: 'FROM alpine:3.19\nRUN wget https://example.com/x' },
    {
      code: 'FROM golang:1.22-alpine AS base\nFROM base\nRUN wget https://example.com/x',
      errors: [{ text: 'wget' }],
      output: 'FROM golang:1.22-alpine AS base\nFROM base\nRUN wget https://example.com/x',
    },
    { code: 'FROM busybox:1.36\nRUN wget https://example.com/x', errors: [{ text: 'wget' }], output: 'FROM busybox:1.36\nRUN wget https://example.com/x' },
    { code: 'FROM debian:12\nRUN wg\\\net https://example.com/x', errors: [{ text: 'wg\\\net' }], output: 'FROM debian:12\nRUN wg\\\net https://example.com/x' },
    { code: 'FROM debian:12\nRUN ["wget", "https://example.com/x"]', errors: [{ text: '"wget"' }], output: 'FROM debian:12\nRUN ["wget", "https://example.com/x"]' },
  ],
});
