import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../src/parser/image-ref.js';

const HEX64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX96 = 'a'.repeat(96);
const HEX128 = 'b'.repeat(128);

describe('parseImageReference: valid references', () => {
  it.each([
    // Docker Hub shorthand and official images
    ['node', null, 'node', null, null, 'docker.io/library/node'],
    ['node:20', null, 'node', '20', null, 'docker.io/library/node:20'],
    ['node:20-alpine3.19', null, 'node', '20-alpine3.19', null, 'docker.io/library/node:20-alpine3.19'],
    ['library/node', null, 'library/node', null, null, 'docker.io/library/node'],
    ['bitnami/redis:7.2', null, 'bitnami/redis', '7.2', null, 'docker.io/bitnami/redis:7.2'],
    ['org/team/app', null, 'org/team/app', null, null, 'docker.io/org/team/app'],
    ['docker.io/node', 'docker.io', 'node', null, null, 'docker.io/library/node'],
    ['docker.io/library/node:18', 'docker.io', 'library/node', '18', null, 'docker.io/library/node:18'],
    ['index.docker.io/node', 'index.docker.io', 'node', null, null, 'docker.io/library/node'],
    ['index.docker.io/org/app:1', 'index.docker.io', 'org/app', '1', null, 'docker.io/org/app:1'],
    // registries, ports, localhost
    ['ghcr.io/org/app:1.2', 'ghcr.io', 'org/app', '1.2', null, 'ghcr.io/org/app:1.2'],
    ['gcr.io/distroless/static', 'gcr.io', 'distroless/static', null, null, 'gcr.io/distroless/static'],
    ['registry:5000/app', 'registry:5000', 'app', null, null, 'registry:5000/app'],
    [
      'my-registry.example.com:5000/a/b:tag',
      'my-registry.example.com:5000',
      'a/b',
      'tag',
      null,
      'my-registry.example.com:5000/a/b:tag',
    ],
    ['localhost/app', 'localhost', 'app', null, null, 'localhost/app'],
    ['localhost:5000/app:dev', 'localhost:5000', 'app', 'dev', null, 'localhost:5000/app:dev'],
    ['[::1]:5000/app', '[::1]:5000', 'app', null, null, '[::1]:5000/app'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', 'app', null, null, '127.0.0.1:5000/app'],
    // an upper-case first component names a registry host, which may use upper case
    ['Registry/app', 'Registry', 'app', null, null, 'Registry/app'],
    // separators inside path components
    ['a__b/c.d/e-f---g/h_i', null, 'a__b/c.d/e-f---g/h_i', null, null, 'docker.io/a__b/c.d/e-f---g/h_i'],
    // tags: word characters, dots and dashes, 128 at most
    ['node:_tag', null, 'node', '_tag', null, 'docker.io/library/node:_tag'],
    [`node:${'t'.repeat(128)}`, null, 'node', 't'.repeat(128), null, `docker.io/library/node:${'t'.repeat(128)}`],
    ['node:UPPER', null, 'node', 'UPPER', null, 'docker.io/library/node:UPPER'],
    // digests, alone and with a tag
    [`node@sha256:${HEX64}`, null, 'node', null, `sha256:${HEX64}`, `docker.io/library/node@sha256:${HEX64}`],
    [
      `ghcr.io/org/app:1.2@sha256:${HEX64}`,
      'ghcr.io',
      'org/app',
      '1.2',
      `sha256:${HEX64}`,
      `ghcr.io/org/app:1.2@sha256:${HEX64}`,
    ],
    [`alpine@sha384:${HEX96}`, null, 'alpine', null, `sha384:${HEX96}`, `docker.io/library/alpine@sha384:${HEX96}`],
    [`alpine@sha512:${HEX128}`, null, 'alpine', null, `sha512:${HEX128}`, `docker.io/library/alpine@sha512:${HEX128}`],
    // a first component that cannot be a host is part of the path
    ['foo_bar.com/x', null, 'foo_bar.com/x', null, null, 'foo_bar.com/x'],
  ])('%s', (text, registry, repository, tag, digest, familiar) => {
    expect(parseImageReference(text)).toEqual({
      registry,
      repository,
      tag,
      digest,
      familiar,
      hasVariables: false,
      valid: true,
    });
  });

  it('treats scratch as the empty image', () => {
    expect(parseImageReference('scratch')).toEqual({
      registry: null,
      repository: 'scratch',
      tag: null,
      digest: null,
      familiar: null,
      hasVariables: false,
      valid: true,
    });
  });

  it('accepts a repository path of exactly 255 characters once normalized', () => {
    const path = `a/${'b'.repeat(253)}`;
    expect(parseImageReference(path).valid).toBe(true);
  });
});

describe('parseImageReference: invalid references', () => {
  const wrap = (text: string, reason: string): string => `failed to parse stage name "${text}": ${reason}`;

  it.each([
    ['', 'invalid reference format'],
    ['Node', 'invalid reference format: repository name (library/Node) must be lowercase'],
    ['org/App', 'invalid reference format: repository name (org/App) must be lowercase'],
    ['localhost:5000/App:1', 'invalid reference format: repository name (App) must be lowercase'],
    ['node:', 'invalid reference format'],
    ['node:-bad', 'invalid reference format'],
    [`node:${'t'.repeat(129)}`, 'invalid reference format'],
    ['node:a/b', 'invalid reference format'],
    ['foo:bar/baz', 'invalid reference format'],
    ['no spaces', 'invalid reference format'],
    ['a//b', 'invalid reference format'],
    ['a/', 'invalid reference format'],
    ['-node', 'invalid reference format'],
    ['node-', 'invalid reference format'],
    ['registry:port/app', 'invalid reference format'],
    ['node@sha256:abc', 'invalid reference format'],
    ['node@latest', 'invalid reference format'],
    [`node@sha256:${HEX64.slice(2)}`, 'invalid checksum digest length'],
    [`node@sha256:${HEX64.toUpperCase()}`, 'invalid checksum digest format'],
    [`node@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    [`node:1@Sha256:${HEX64}`, 'invalid checksum digest format'],
    [`node@sha256_x:${HEX64}`, 'unsupported digest algorithm'],
    // the lower-case check looks at everything up to the first colon, digest included
    [`node@Sha256:${HEX64}`, 'invalid reference format: repository name (library/node@Sha256) must be lowercase'],
    [HEX64, `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`],
    [`a/${'b'.repeat(254)}`, 'repository name must not be more than 255 characters'],
    ['SCRATCH', 'invalid reference format: repository name (library/SCRATCH) must be lowercase'],
  ])('%j', (text, reason) => {
    const result = parseImageReference(text);
    expect(result.valid).toBe(false);
    expect(result.familiar).toBeNull();
    expect(result.hasVariables).toBe(false);
    expect(result.problem).toBe(wrap(text, reason));
  });

  it('quotes the name the way Go does', () => {
    expect(parseImageReference('a"b\tc').problem).toBe(
      'failed to parse stage name "a\\"b\\tc": invalid reference format',
    );
  });

  it('still splits an invalid reference into its written parts', () => {
    expect(parseImageReference('ghcr.io/Org/App:1')).toMatchObject({
      registry: 'ghcr.io',
      repository: 'Org/App',
      tag: '1',
      digest: null,
      valid: false,
    });
  });
});

describe('parseImageReference: variables', () => {
  it.each([
    ['$BASE', null, '$BASE', null, null],
    ['${BASE}', null, '${BASE}', null, null],
    ['node:${NODE_VERSION}', null, 'node', '${NODE_VERSION}', null],
    ['node:$V-alpine', null, 'node', '$V-alpine', null],
    ['${REGISTRY}/app:${TAG:-latest}', null, '${REGISTRY}/app', '${TAG:-latest}', null],
    ['ghcr.io/${ORG}/app', 'ghcr.io', '${ORG}/app', null, null],
    ['${BASE:-node:20}', null, '${BASE:-node:20}', null, null],
    ['${BASE:-node:20}:x', null, '${BASE:-node:20}', 'x', null],
    ['reg.io:${PORT}/app@${DIGEST}', 'reg.io:${PORT}', 'app', null, '${DIGEST}'],
    ['UPPER/${X}', 'UPPER', '${X}', null, null],
    ['${unterminated', null, '${unterminated', null, null],
  ])('%s', (text, registry, repository, tag, digest) => {
    expect(parseImageReference(text)).toEqual({
      registry,
      repository,
      tag,
      digest,
      familiar: null,
      hasVariables: true,
      valid: true,
    });
  });
});

describe('parseImageReference: robustness', () => {
  it('never throws and always answers with consistent fields', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({
            unit: fc.constantFrom('a', 'B', '0', '.', '-', '_', '/', ':', '@', '$', '{', '}', '['),
            maxLength: 60,
          }),
        ),
        (text) => {
          const result = parseImageReference(text);
          expect(typeof result.repository).toBe('string');
          expect(result.hasVariables).toBe(text.includes('$'));
          if (!result.valid) expect(result.problem).toMatch(/^failed to parse stage name /);
          if (result.familiar !== null) expect(result.valid).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('answers quickly on long pathological input', () => {
    const inputs = [
      `${'a'.repeat(20_000)}!`,
      `${'a-'.repeat(10_000)}!`,
      `${'a.'.repeat(10_000)}/!`,
      `${'a/'.repeat(10_000)}A`,
      `a@${'b'.repeat(20_000)}:`,
      `${'a_'.repeat(10_000)}`,
    ];
    const started = Date.now();
    for (const text of inputs) parseImageReference(text);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
