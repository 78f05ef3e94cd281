/**
 * Where the Docker engine listens, resolved the way the docker CLI resolves it from the environment:
 * `DOCKER_HOST` (`unix://…` or `tcp://…`), with TLS when `DOCKER_TLS_VERIFY` or `DOCKER_TLS` is set and the
 * client certificates in `DOCKER_CERT_PATH` (default `~/.docker`). CLI contexts (`docker context use`) are not
 * read: a caller that needs one passes its host explicitly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface TlsSettings {
  /** Check the server certificate against `ca` (DOCKER_TLS_VERIFY); without it any certificate is accepted. */
  readonly verify: boolean;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls: TlsSettings | null };

/** A `DOCKER_HOST` this client cannot use (e.g. `ssh://` or `npipe://`). */
export class EngineHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineHostError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

function readIfPresent(dir: string, file: string): Buffer | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path) : undefined;
}

function tlsFrom(env: Environment): TlsSettings | null {
  const verify = Boolean(env['DOCKER_TLS_VERIFY']);
  if (!verify && !env['DOCKER_TLS']) return null;
  const dir = env['DOCKER_CERT_PATH'] || join(homedir(), '.docker');
  const ca = readIfPresent(dir, 'ca.pem');
  const cert = readIfPresent(dir, 'cert.pem');
  const key = readIfPresent(dir, 'key.pem');
  return { verify, ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}

/**
 * Resolves `host` (or `DOCKER_HOST`, or the default socket) to an endpoint. Throws {@link EngineHostError} for an
 * unsupported or malformed host: that is a configuration mistake, not a runtime condition.
 */
export function resolveEndpoint(host?: string, env: Environment = process.env): EngineEndpoint {
  const raw = host ?? (env['DOCKER_HOST'] || `unix://${DEFAULT_SOCKET}`);
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (socketPath === '') throw new EngineHostError(`no socket path in ${raw}`);
    return { kind: 'unix', socketPath };
  }
  const tcp = /^(tcp|http|https):\/\/([^/]+?)(?::(\d+))?\/?$/.exec(raw);
  if (!tcp) throw new EngineHostError(`unsupported engine host ${JSON.stringify(raw)} (use unix:// or tcp://)`);
  const tls = tlsFrom(env) ?? (tcp[1] === 'https' ? { verify: true } : null);
  // Like the CLI: 2376 is the TLS port, 2375 the plain one.
  const port = tcp[3] ? Number(tcp[3]) : tls ? 2376 : 2375;
  const hostname = (tcp[2] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host: hostname, port, tls };
}
