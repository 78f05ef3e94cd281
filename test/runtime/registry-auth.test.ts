/**
 * Registry credentials from Docker config files written to temporary directories, and credential helpers
 * played by small shell scripts put first on PATH.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCKER_HUB_CONFIG_KEY,
  RegistryAuthError,
  dockerConfigPath,
  encodeRegistryAuth,
  registryAuthFor,
  registryAuthForHost,
  registryHostOf,
  type RegistryAuth,
} from '../../src/runtime/docker/registry-auth.js';

let root: string;
let counter = 0;

const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64');

/** A fresh DOCKER_CONFIG directory holding `config` (a string is written as is), with `bin` first on PATH. */
async function configDir(config: unknown): Promise<{ DOCKER_CONFIG: string; PATH: string; HOME: string }> {
  const dir = join(root, `config-${++counter}`);
  await mkdir(dir);
  if (config !== undefined) await writeFile(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { DOCKER_CONFIG: dir, PATH: `${join(root, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: join(root, 'no-home') };
}

/** A `docker-credential-<name>` script: `body` runs with the server address read from stdin in `$server`. */
async function helper(name: string, body: string): Promise<void> {
  const path = join(root, 'bin', `docker-credential-${name}`);
  await writeFile(path, `#!/bin/sh\n[ "$1" = get ] || exit 3\nread -r server\n${body}\n`);
  await chmod(path, 0o755);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dfkit-registry-auth-'));
  await mkdir(join(root, 'bin'));
  await helper('echo', `printf '{"ServerURL":"%s","Username":"helper-user","Secret":"pw-for-%s"}' "$server" "$server"`);
  await helper('token', `printf '{"ServerURL":"%s","Username":"<token>","Secret":"tok"}' "$server"`);
  await helper('empty', `echo "credentials not found in native keychain"; exit 1`);
  await helper('broken', `echo "keychain locked" >&2; exit 1`);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('registryHostOf', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['library/busybox:1.36', 'docker.io'],
    ['user/app', 'docker.io'],
    ['docker.io/user/app:1', 'docker.io'],
    ['index.docker.io/user/app', 'docker.io'],
    ['127.0.0.1:5000/team/app:1.0', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
    ['localhost:5000/app', 'localhost:5000'],
    ['registry.example.com/app@sha256:abc', 'registry.example.com'],
    ['ghcr.io/org/app', 'ghcr.io'],
  ])('%s → %s', (reference, host) => {
    expect(registryHostOf(reference)).toBe(host);
  });
});

describe('dockerConfigPath', () => {
  it('prefers DOCKER_CONFIG, then HOME/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe(join('/cfg', 'config.json'));
    expect(dockerConfigPath({ HOME: '/home/u' })).toBe(join('/home/u', '.docker', 'config.json'));
  });
});

describe('registryAuthFor with inline auths', () => {
  const cases: ReadonlyArray<{ name: string; config: unknown; reference: string; expected: RegistryAuth | null }> = [
    {
      name: 'user and password from auth',
      config: { auths: { 'registry.example.com': { auth: basic('alice', 's3cret') } } },
      reference: 'registry.example.com/team/app:1',
      expected: { username: 'alice', password: 's3cret', serveraddress: 'registry.example.com' },
    },
    {
      name: 'a password containing colons is kept whole',
      config: { auths: { 'registry.example.com': { auth: basic('alice', 'a:b:c') } } },
      reference: 'registry.example.com/app',
      expected: { username: 'alice', password: 'a:b:c', serveraddress: 'registry.example.com' },
    },
    {
      name: 'a key with scheme and path matches its host',
      config: { auths: { 'https://registry.example.com/v1/': { auth: basic('bob', 'pw') } } },
      reference: 'registry.example.com/app',
      expected: { username: 'bob', password: 'pw', serveraddress: 'registry.example.com' },
    },
    {
      name: 'a registry with a port',
      config: { auths: { '127.0.0.1:5000': { auth: basic('u', 'p') } } },
      reference: '127.0.0.1:5000/dfkit-test/app:x',
      expected: { username: 'u', password: 'p', serveraddress: '127.0.0.1:5000' },
    },
    {
      name: 'Docker Hub under its v1 key',
      config: { auths: { [DOCKER_HUB_CONFIG_KEY]: { auth: basic('hubuser', 'hubpw') } } },
      reference: 'busybox:latest',
      expected: { username: 'hubuser', password: 'hubpw', serveraddress: DOCKER_HUB_CONFIG_KEY },
    },
    {
      name: 'an identity token wins over auth',
      config: { auths: { 'registry.example.com': { auth: basic('x', 'y'), identitytoken: 'idtok' } } },
      reference: 'registry.example.com/app',
      expected: { identitytoken: 'idtok', serveraddress: 'registry.example.com' },
    },
    {
      name: 'another registry gets nothing',
      config: { auths: { 'registry.example.com': { auth: basic('alice', 's3cret') } } },
      reference: 'other.example.com/app',
      expected: null,
    },
    {
      name: 'an entry without auth gets nothing',
      config: { auths: { 'registry.example.com': {} } },
      reference: 'registry.example.com/app',
      expected: null,
    },
    { name: 'a config without auths', config: {}, reference: 'registry.example.com/app', expected: null },
    { name: 'no config file at all', config: undefined, reference: 'registry.example.com/app', expected: null },
  ];

  it.each(cases)('$name', async ({ config, reference, expected }) => {
    expect(await registryAuthFor(reference, await configDir(config))).toEqual(expected);
  });

  it('takes a bare registry host', async () => {
    const env = await configDir({ auths: { 'localhost:5000': { auth: basic('l', 'p') } } });
    expect(await registryAuthForHost('localhost:5000', env)).toEqual({ username: 'l', password: 'p', serveraddress: 'localhost:5000' });
  });

  it.each([
    ['invalid JSON', '{"auths": ', 'config-invalid'],
    ['not an object', '[1, 2]', 'config-invalid'],
    ['auth without a colon', JSON.stringify({ auths: { 'r.example.com': { auth: Buffer.from('nocolon').toString('base64') } } }), 'config-invalid'],
  ])('rejects %s', async (_name, text, code) => {
    const env = await configDir(text);
    await expect(registryAuthFor('r.example.com/app', env)).rejects.toMatchObject({ name: 'RegistryAuthError', code });
  });
});

describe('registryAuthFor with credential helpers', () => {
  it('asks the registry’s own helper, with the host on stdin', async () => {
    const env = await configDir({ credHelpers: { 'registry.example.com': 'echo' }, auths: { 'registry.example.com': { auth: basic('inline', 'x') } } });
    expect(await registryAuthFor('registry.example.com/app:1', env)).toEqual({
      username: 'helper-user',
      password: 'pw-for-registry.example.com',
      serveraddress: 'registry.example.com',
    });
  });

  it('falls back to credsStore, and passes Hub’s v1 key', async () => {
    const env = await configDir({ credsStore: 'echo', credHelpers: { 'other.example.com': 'broken' } });
    expect(await registryAuthFor('alpine', env)).toEqual({
      username: 'helper-user',
      password: `pw-for-${DOCKER_HUB_CONFIG_KEY}`,
      serveraddress: DOCKER_HUB_CONFIG_KEY,
    });
  });

  it('reads the <token> user as an identity token', async () => {
    const env = await configDir({ credsStore: 'token' });
    expect(await registryAuthFor('registry.example.com/app', env)).toEqual({ identitytoken: 'tok', serveraddress: 'registry.example.com' });
  });

  it('treats "credentials not found" as no credentials', async () => {
    const env = await configDir({ credsStore: 'empty' });
    expect(await registryAuthFor('registry.example.com/app', env)).toBeNull();
  });

  it('rejects when the helper fails or is missing', async () => {
    const broken = await configDir({ credsStore: 'broken' });
    await expect(registryAuthFor('registry.example.com/app', broken)).rejects.toThrow(/docker-credential-broken get \(exit status 1\): keychain locked/);
    const missing = await configDir({ credHelpers: { 'registry.example.com': 'does-not-exist' } });
    const error = await registryAuthFor('registry.example.com/app', missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as RegistryAuthError).code).toBe('helper-failed');
  });
});

describe('encodeRegistryAuth', () => {
  const decode = (value: string): unknown => JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));

  it('encodes no credentials as {} with padding', () => {
    expect(encodeRegistryAuth(null)).toBe('e30=');
  });

  it('round-trips credentials with URL-safe characters only', () => {
    // Chosen so that standard base64 would contain both `+` and `/`.
    const auth: RegistryAuth = { username: 'u>>>?', password: '~~~???>>>', serveraddress: 'registry.example.com' };
    expect(Buffer.from(JSON.stringify(auth)).toString('base64')).toMatch(/\+.*\/|\/.*\+/);
    const encoded = encodeRegistryAuth(auth);
    expect(encoded).toMatch(/^[A-Za-z0-9_=-]+$/);
    expect(encoded.length % 4).toBe(0);
    expect(decode(encoded)).toEqual(auth);
  });
});
