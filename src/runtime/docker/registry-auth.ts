/**
 * Registry credentials, found the way the docker CLI finds them: the config file (`$DOCKER_CONFIG/config.json`,
 * else `~/.docker/config.json`), where a registry's entry is a credential helper (`credHelpers[host]`), else the
 * default helper (`credsStore`), else the inline `auths[host]` (`auth` = base64 of `user:password`, or an
 * `identitytoken`). The engine receives them in the `X-Registry-Auth` header, as URL-safe base64 of a JSON
 * `AuthConfig`.
 *
 * @example
 * const auth = await registryAuthFor('127.0.0.1:5000/app:1.0');
 * const header = encodeRegistryAuth(auth); // `e30=` ({}) when there are no credentials
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from './engine-host.js';

/** The engine's `AuthConfig`, as sent in `X-Registry-Auth`. */
export type RegistryAuth =
  | { readonly username: string; readonly password: string; readonly serveraddress: string }
  | { readonly identitytoken: string; readonly serveraddress: string };

export type RegistryAuthErrorCode = 'config-unreadable' | 'config-invalid' | 'helper-failed';

/** The config file could not be used, or a credential helper failed (not merely "no credentials"). */
export class RegistryAuthError extends Error {
  constructor(
    readonly code: RegistryAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryAuthError';
  }
}

/** The registry Docker Hub references (`busybox`, `library/busybox`, `docker.io/x/y`) resolve to. */
export const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials are stored under, in `auths` and in credential helpers. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);
// What helpers print (and exit non-zero with) when they hold nothing for a server: not an error.
const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
const HELPER_TIMEOUT_MS = 30_000;

/**
 * The registry host of an image reference: its first path component when that contains a `.` or a `:` or is
 * `localhost` (Docker's rule), else Docker Hub.
 */
export function registryHostOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    return HUB_ALIASES.has(first) ? DOCKER_HUB : first;
  }
  return DOCKER_HUB;
}

/** `https://host/v1/` → `host`, as the CLI normalises `auths` keys before comparing them. */
function hostnameOfKey(key: string): string {
  const withoutScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split('/')[0] ?? '';
  return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The path of the Docker config file for `env`. */
export function dockerConfigPath(env: Environment = process.env): string {
  const dir = env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
  return join(dir, 'config.json');
}

interface AuthEntry {
  readonly auth?: unknown;
  readonly identitytoken?: unknown;
}

/** The parts of the config file that concern registries. */
export interface DockerConfig {
  readonly auths?: Readonly<Record<string, AuthEntry>>;
  readonly credsStore?: string;
  readonly credHelpers?: Readonly<Record<string, string>>;
}

/** Reads the config file; `null` when there is none. Rejects with {@link RegistryAuthError} when it is unusable. */
export async function loadDockerConfig(env: Environment = process.env): Promise<DockerConfig | null> {
  const path = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RegistryAuthError('config-unreadable', `cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RegistryAuthError('config-invalid', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RegistryAuthError('config-invalid', `${path} does not hold a JSON object`);
  }
  return parsed as DockerConfig;
}

function serverAddressFor(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : host;
}

function fromAuths(config: DockerConfig, host: string, path: string): RegistryAuth | null {
  const auths = config.auths ?? {};
  const serveraddress = serverAddressFor(host);
  // An exact key wins over one that only normalises to the same host (`https://host/v1/`).
  const key = serveraddress in auths ? serveraddress : Object.keys(auths).find((candidate) => hostnameOfKey(candidate) === host);
  const entry = key === undefined ? undefined : auths[key];
  if (!entry) return null;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { identitytoken: entry.identitytoken, serveraddress };
  }
  if (typeof entry.auth !== 'string' || entry.auth === '') return null;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new RegistryAuthError('config-invalid', `${path}: auths["${key}"].auth is not base64 of user:password`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress };
}

/** Runs `docker-credential-<helper> get` with the server on stdin; `null` when the helper holds nothing for it. */
export function credentialsFromHelper(helper: string, serverAddress: string, env: Environment = process.env): Promise<RegistryAuth | null> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (error) => reject(new RegistryAuthError('helper-failed', `${program}: ${error.message}`)));
    // A helper that exits without reading stdin makes the write fail with EPIPE; its exit status says what happened.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      const output = stdout.trim();
      if (code !== 0) {
        if (output.includes(NOT_FOUND_MESSAGE) || stderr.includes(NOT_FOUND_MESSAGE)) {
          resolve(null);
          return;
        }
        const why = signal ? `killed by ${signal}` : `exit status ${String(code)}`;
        reject(new RegistryAuthError('helper-failed', `${program} get (${why}): ${(output || stderr.trim()).slice(0, 500)}`));
        return;
      }
      let answer: { Username?: unknown; Secret?: unknown };
      try {
        answer = JSON.parse(output) as typeof answer;
      } catch {
        reject(new RegistryAuthError('helper-failed', `${program} get printed something other than JSON`));
        return;
      }
      const username = typeof answer.Username === 'string' ? answer.Username : '';
      const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
      if (secret === '') resolve(null);
      // Helpers store identity tokens under this pseudo user name.
      else if (username === '<token>') resolve({ identitytoken: secret, serveraddress: serverAddress });
      else resolve({ username, password: secret, serveraddress: serverAddress });
    });
    child.stdin.end(serverAddress);
  });
}

/**
 * The credentials the Docker config holds for the registry of the image `reference`, or `null` when it holds
 * none. Rejects with {@link RegistryAuthError} for an unusable config file or a failing credential helper.
 */
export function registryAuthFor(reference: string, env: Environment = process.env): Promise<RegistryAuth | null> {
  return registryAuthForHost(registryHostOf(reference), env);
}

/** {@link registryAuthFor} for a registry host (`registry.example.com:5000`; `docker.io` for Docker Hub). */
export async function registryAuthForHost(host: string, env: Environment = process.env): Promise<RegistryAuth | null> {
  const config = await loadDockerConfig(env);
  if (!config) return null;
  const target = hostnameOfKey(host);
  const serverAddress = serverAddressFor(target);
  const helpers = config.credHelpers ?? {};
  const helper = helpers[serverAddress] ?? Object.entries(helpers).find(([key]) => hostnameOfKey(key) === target)?.[1] ?? config.credsStore;
  if (typeof helper === 'string' && helper !== '') return credentialsFromHelper(helper, serverAddress, env);
  return fromAuths(config, target, dockerConfigPath(env));
}

/**
 * The `X-Registry-Auth` value for `auth`: URL-safe base64 *with* padding of its JSON (`{}` without credentials).
 * Engines of the 20.10 line decode it strictly, so the unpadded `base64url` form would be refused.
 */
export function encodeRegistryAuth(auth: RegistryAuth | null): string {
  return paddedBase64Url(JSON.stringify(auth ?? {}));
}

/**
 * The `X-Registry-Config` value of a build: every registry's credentials by server address, encoded like
 * `X-Registry-Auth`.
 */
export function encodeRegistryConfig(auths: Readonly<Record<string, RegistryAuth>>): string {
  return paddedBase64Url(JSON.stringify(auths));
}

function paddedBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The credentials for the registries `references` are pulled from, by server address; registries without
 * credentials are left out. Rejects with a {@link RegistryAuthError} when the config or a helper fails.
 */
export async function registryConfigFor(references: Iterable<string>, env: Environment = process.env): Promise<Record<string, RegistryAuth>> {
  const auths: Record<string, RegistryAuth> = {};
  for (const host of new Set([...references].map(registryHostOf))) {
    const auth = await registryAuthForHost(host, env);
    if (auth) auths[auth.serveraddress] = auth;
  }
  return auths;
}
