import { trustedRegistry } from '../../../src/lint/rules/trusted-registry.js';
import { testRule } from '../rule-tester.js';

const message = 'Use only an allowed registry in the FROM image';
const trusted = (...trustedRegistries: string[]) => ({ trustedRegistries });

testRule(trustedRegistry, {
  valid: [
    'FROM random.com/debian',
    { code: 'FROM random.com/debian', settings: trusted('x.com', 'random.com') },
    { code: 'FROM scratch', settings: trusted('x.com', 'random.com') },
    {
      code: 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3',
      settings: trusted('docker.io'),
    },
    { code: 'FROM ubuntu:18.04\nFROM index.docker.io/library/ubuntu:18.04', settings: trusted('hub.docker.com') },
    { code: 'FROM random.com/foo AS builder1\nFROM builder1 AS builder2', settings: trusted('random.com') },
    { code: 'FROM foo.random.com/debian', settings: trusted('x.com', '*.random.com') },
    { code: 'FROM corp-mirror.example/debian:12', settings: trusted('corp*') },
    { code: 'FROM Registry.Example.com/app:1', settings: trusted('registry.example.com') },
    {
      code: 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3',
      settings: trusted('*'),
    },
    { code: 'FROM trusted.com/a:1\nCOPY --from=trusted.com/repo/image:tag /foo /bar', settings: trusted('trusted.com') },
    {
      code: 'FROM trusted.com/a:1\nRUN --mount=type=bind,from=trusted.com/repo/image:tag,target=/foo foobar',
      settings: trusted('trusted.com'),
    },
    {
      code: 'FROM trusted.com/a:1\nRUN --mount=type=cache,from=trusted.com/repo/image:tag,target=/foo foobar',
      settings: trusted('trusted.com'),
    },
    // Stages, stage indexes and variables are not images to judge.
    {
      code: 'FROM trusted.com/go:1 AS build\nFROM trusted.com/base:1\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nRUN --mount=from=build,target=/src make',
      settings: trusted('trusted.com'),
    },
    { code: 'FROM trusted.com/base:1\nCOPY --from=later /a /a\nFROM trusted.com/x:1 AS later', settings: trusted('trusted.com') },
    { code: 'ARG BASE\nFROM $BASE\nCOPY --from=$TOOLS /a /a', settings: trusted('trusted.com') },
    { code: 'ARG REG=trusted.com\nFROM ${REG}/app:1', settings: trusted('trusted.com') },
    { code: 'FROM trusted.com/a:1\nRUN --mount=type=cache,target=/root/.cache make', settings: trusted('trusted.com') },
    // In a trigger, names without a registry are the downstream file's stages.
    { code: 'FROM trusted.com/a:1\nONBUILD COPY --from=build /a /a', settings: trusted('trusted.com') },
  ],
  invalid: [
    { code: 'FROM random.com/debian', settings: trusted('docker.io'), errors: [{ message, line: 1, text: 'random.com/debian' }] },
    { code: 'FROM x.com/debian', settings: trusted('*.random.com'), errors: [{ message, line: 1, text: 'x.com/debian' }] },
    // The bare domain is not a subdomain.
    { code: 'FROM random.com/debian', settings: trusted('*.random.com'), errors: [{ line: 1 }] },
    {
      code: 'COPY --from=untrusted.com/repo/image:tag /foo /bar',
      settings: trusted('trusted.com'),
      errors: [{ message, line: 1, text: 'untrusted.com/repo/image:tag' }],
    },
    {
      code: 'RUN --mount=type=bind,from=untrusted.com/repo/image:tag,target=/foo foobar',
      settings: trusted('trusted.com'),
      errors: [{ message, line: 1, text: 'untrusted.com/repo/image:tag' }],
    },
    {
      code: 'RUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo foobar',
      settings: trusted('trusted.com'),
      errors: [{ message, line: 1, text: 'untrusted.com/repo/image:tag' }],
    },
    {
      code: 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3',
      settings: trusted('trusted.com'),
      errors: [
        { line: 1, text: 'ubuntu:18.04' },
        { line: 2, text: 'zemanlx/ubuntu:18.04' },
        { line: 3, text: 'docker.io/zemanlx/ubuntu:18.04' },
      ],
    },
    { code: 'ARG REG=ghcr.io\nFROM ${REG}/app:1', settings: trusted('trusted.com'), errors: [{ line: 2, text: '${REG}/app:1' }] },
    {
      code: 'FROM trusted.com/a:1\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx',
      settings: trusted('trusted.com'),
      errors: [{ line: 2, text: 'nginx:1.25' }],
    },
    {
      code: 'FROM trusted.com/a:1\nONBUILD COPY --from=evil.example/tools:1 /t /t',
      settings: trusted('trusted.com'),
      errors: [{ line: 2, text: 'evil.example/tools:1' }],
    },
    {
      code: 'FROM trusted.com/a:1\nRUN --mount=type=bind,target=/x \\\n    --mount=target=/y,from=quay.io/x/y:1,source=/ make',
      settings: trusted('trusted.com'),
      errors: [{ line: 3, text: 'quay.io/x/y:1' }],
    },
  ],
});
