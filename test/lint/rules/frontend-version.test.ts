import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { frontendVersion } from '../../../src/lint/rules/frontend-version.js';
import { fixedBy, fixPasses } from '../fix-passes.js';
import { testRule } from '../rule-tester.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

testRule(frontendVersion, {
  valid: [
    'FROM alpine:3.19\nCOPY --link . /app\nRUN --mount=type=cache,target=/root/.cache true',
    '# syntax=docker/dockerfile:1\nFROM alpine:3.19\nRUN --mount=type=cache,target=/x --security=insecure true\nCOPY --link --chmod=755 --parents a/b /app/\nRUN <<EOF\necho hi\nEOF',
    '# syntax=docker/dockerfile:1.4\nFROM alpine:3.19\nCOPY --link a /b\nRUN --network=none true',
    '# syntax=docker/dockerfile:1.5-labs\nFROM alpine:3.19\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /bk',
    '# syntax=docker/dockerfile:1.6\nFROM alpine:3.19\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /bk',
    '# syntax=docker/dockerfile:latest\nFROM alpine:3.19\nCOPY --link a /b',
    `# syntax=docker/dockerfile:1.2@${DIGEST}\nFROM alpine:3.19\nCOPY --link a /b`,
    '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.19\nRUN --device=/dev/fuse true\nCOPY --parents a/b /c/',
    '# syntax=docker/dockerfile:1.7-labs\nFROM alpine:3.19\nCOPY --parents a/b /c/\nCOPY --exclude=*.md . /d/\nRUN --security=insecure true',
    '# syntax=example.com/acme/frontend:1.0\nFROM alpine:3.19\nCOPY --link . /app',
    '# syntax=docker/dockerfile:1.2\nFROM alpine:3.19\nONBUILD COPY --link . /app',
    '# syntax=docker/dockerfile:1.6\nFROM alpine:3.19\nHEALTHCHECK --start-interval=5s CMD true\nADD --checksum=sha256:abc https://example.com/a.tgz /a\nADD https://github.com/moby/buildkit.git#v0.10.1 /bk',
    '# syntax=docker/dockerfile:1.3-labs\nFROM alpine:3.19\nRUN <<EOF\necho hi\nEOF',
    '# syntax=docker/dockerfile:1.2\nFROM alpine:3.19\nADD https://example.com/app.tar.gz /app/\nCOPY --chown=1000 --from=build /a /b',
  ],
  invalid: [
    {
      code: '# syntax=docker/dockerfile:1.2\nFROM alpine:3.19\nCOPY --link . /app',
      errors: [
        {
          message: 'COPY --link needs Dockerfile frontend 1.4 or newer; this file pins docker/dockerfile:1.2',
          line: 3,
          text: '--link',
        },
      ],
      // Unsafe: the pin is raised to the release that brought the feature.
      output: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.19\nCOPY --link . /app',
    },
    // The rest of the reference, the labs channel and the directive's spacing are kept.
    {
      code: '#syntax = docker.io/docker/dockerfile:1.2-labs \nFROM alpine\nCOPY --exclude=x . .',
      errors: [{ text: '--exclude' }],
      output: '#syntax = docker.io/docker/dockerfile:1.7-labs \nFROM alpine\nCOPY --exclude=x . .',
    },
    // A feature only the labs channel has is not offered under a stable pin.
    {
      code: '# syntax=docker/dockerfile:1.2\nFROM alpine\nRUN --device=x true',
      errors: [{ text: '--device' }],
      output: '# syntax=docker/dockerfile:1.2\nFROM alpine\nRUN --device=x true',
    },
    {
      code:
        '# syntax=docker.io/docker/dockerfile:1.1\nFROM alpine:3.19\nRUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc --network=none npm ci\nCOPY --chmod=755 a /b',
      errors: [
        { message: 'RUN --mount needs Dockerfile frontend 1.2 or newer; this file pins docker.io/docker/dockerfile:1.1', line: 3, text: '--mount' },
        { message: 'RUN --network needs Dockerfile frontend 1.3 or newer; this file pins docker.io/docker/dockerfile:1.1', text: '--network' },
        { message: 'COPY --chmod needs Dockerfile frontend 1.2 or newer; this file pins docker.io/docker/dockerfile:1.1', line: 4, text: '--chmod' },
      ],
    },
    {
      code: '# syntax=docker/dockerfile:1.3\nFROM alpine:3.19\nRUN <<EOF\necho hi\nEOF\nCOPY <<-EOT /etc/motd\n\thello\n\tEOT',
      errors: [
        { message: 'The heredoc <<EOF needs Dockerfile frontend 1.4 or newer; this file pins docker/dockerfile:1.3', line: 3, text: '<<EOF' },
        { line: 6, text: '<<-EOT' },
      ],
    },
    {
      code: '# syntax=docker/dockerfile:1.2-labs\nFROM alpine:3.19\nRUN <<EOF\necho hi\nEOF',
      errors: [{ message: 'The heredoc <<EOF needs Dockerfile frontend 1.3-labs or newer; this file pins docker/dockerfile:1.2-labs' }],
    },
    {
      code: '# syntax=docker/dockerfile:1\nFROM alpine:3.19\nRUN --device=/dev/fuse true',
      errors: [
        {
          message: 'RUN --device needs the labs channel of the Dockerfile frontend (1.14-labs or newer); this file pins docker/dockerfile:1',
          text: '--device',
        },
      ],
    },
    {
      code: '# syntax=docker/dockerfile:1.13-labs\nFROM alpine:3.19\nRUN --device=/dev/fuse true',
      errors: [{ message: 'RUN --device needs Dockerfile frontend 1.14-labs or newer; this file pins docker/dockerfile:1.13-labs' }],
    },
    {
      code: '# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\nFROM alpine:3.19',
      errors: [
        {
          message: 'The # check= directive needs Dockerfile frontend 1.8 or newer; this file pins docker/dockerfile:1.7',
          line: 2,
          text: 'check=skip=JSONArgsRecommended',
        },
      ],
    },
    {
      code:
        '# syntax=docker/dockerfile:1.5.2\nFROM alpine:3.19\nADD --checksum=sha256:abc https://example.com/a.tgz /a\nADD --keep-git-dir=true git@github.com:moby/buildkit.git /bk\nHEALTHCHECK --start-interval=5s CMD true',
      errors: [
        { message: 'ADD --checksum needs Dockerfile frontend 1.6 or newer; this file pins docker/dockerfile:1.5.2', line: 3, text: '--checksum' },
        { message: 'ADD --keep-git-dir needs Dockerfile frontend 1.6 or newer; this file pins docker/dockerfile:1.5.2', line: 4, text: '--keep-git-dir' },
        { message: 'ADD of a git repository needs Dockerfile frontend 1.6 or newer; this file pins docker/dockerfile:1.5.2', line: 4, text: 'git@github.com:moby/buildkit.git' },
        { message: 'HEALTHCHECK --start-interval needs Dockerfile frontend 1.6 or newer; this file pins docker/dockerfile:1.5.2', line: 5, text: '--start-interval' },
      ],
    },
    {
      code: '# syntax=docker/dockerfile:1.19\nFROM alpine:3.19\nCOPY --exclude=*.md --parents a/b /c/\nRUN --security=insecure true',
      errors: [
        { message: 'COPY --parents needs Dockerfile frontend 1.20 or newer; this file pins docker/dockerfile:1.19', line: 3, text: '--parents' },
        { message: 'RUN --security needs Dockerfile frontend 1.20 or newer; this file pins docker/dockerfile:1.19', line: 4, text: '--security' },
      ],
    },
    {
      // Measured: Docker 20.10's built-in frontend has RUN --mount (1.2) and refuses ADD --keep-git-dir.
      code: '# syntax=docker/dockerfile:1.4-labs\nFROM alpine:3.19\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /bk',
      errors: [
        { message: 'ADD --keep-git-dir needs Dockerfile frontend 1.5-labs or newer; this file pins docker/dockerfile:1.4-labs', text: '--keep-git-dir' },
        { message: 'ADD of a git repository needs Dockerfile frontend 1.5-labs or newer; this file pins docker/dockerfile:1.4-labs' },
      ],
    },
    {
      code: '# syntax=docker/dockerfile:1.6-labs\nFROM alpine:3.19\nCOPY --parents a/b /c/',
      errors: [{ message: 'COPY --parents needs Dockerfile frontend 1.7-labs or newer; this file pins docker/dockerfile:1.6-labs' }],
    },
    {
      code: '# syntax=docker/dockerfile:1.16.0\nFROM alpine:3.19\nADD --unpack=true https://example.com/a.tar.gz /a/\nCOPY --link --exclude=*.md . /d/',
      errors: [
        { message: 'ADD --unpack needs Dockerfile frontend 1.17 or newer; this file pins docker/dockerfile:1.16.0', text: '--unpack' },
        { message: 'COPY --exclude needs Dockerfile frontend 1.19 or newer; this file pins docker/dockerfile:1.16.0', text: '--exclude' },
      ],
    },
  ],
});

describe('frontend-version fixes, pass after pass', () => {
  it('raise the pin until every feature is covered', () => {
    const original = '# syntax=docker/dockerfile:1.2\nFROM alpine:3.19\nCOPY --link app/ /app/\nCOPY --parents a/ /b/\nRUN <<EOF\necho\nEOF\n';
    const passes = fixPasses(original, { options: { rules: [frontendVersion] }, allow: ['safe', 'unsafe'], limit: 5 });
    const pins = passes.map((pass) => pass.text.split('\n')[0] as string);
    const text = fixedBy(original, passes);
    // One fix a pass (they all edit the tag), the first finding's: --link's 1.4, then --parents' 1.20, which
    // the heredoc needs no more than.
    expect(pins).toEqual(['# syntax=docker/dockerfile:1.4', '# syntax=docker/dockerfile:1.20']);
    expect(lint(text, { rules: [frontendVersion] }).findings).toEqual([]);
  });
});
