/**
 * The registry client's token flow (Distribution's Bearer challenge, as Docker Hub and most hosted registries
 * answer): a HEAD without credentials gets a 401 naming a token service, the client asks that service for a
 * token — anonymously, with the Docker config's user and password, or by posting its identity token — and asks
 * again with the token. Debian's registry has no token service of its own, so the test serves the protocol from
 * an HTTP server on a free loopback port, which records what the client sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryManifestDigest } from '../../src/runtime/docker/registry-http.js';
import { RegistryError } from '../../src/runtime/docker/registry.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const USER = 'dfkit';
const PASSWORD = 'token-test-password';
const IDENTITY_TOKEN = 'refresh-me';

interface TokenRequest {
  readonly method: string;
  readonly service: string | null;
  readonly scope: string | null;
  readonly authorization: string | undefined;
  readonly form: Record<string, string>;
}

/** What the server does for a repository: how its challenge reads, and whether its token service gives tokens. */
interface RepositoryBehaviour {
  readonly challenge: (origin: string, repository: string) => string;
  readonly tokenService: 'anyone' | 'credentials' | 'nobody';
}

const standardChallenge = (origin: string, repository: string): string =>
  `Bearer realm="${origin}/token",service="registry.test",scope="repository:${repository}:pull"`;

const behaviours: Record<string, RepositoryBehaviour> = {
  public: { challenge: standardChallenge, tokenService: 'anyone' },
  private: { challenge: standardChallenge, tokenService: 'credentials' },
  refused: { challenge: standardChallenge, tokenService: 'nobody' },
  // Parameters in another order, a key in other case, and an error parameter before them (as a registry answers a
  // token that lacks the scope), after a long word that is no parameter.
  reordered: {
    challenge: (origin, repository) =>
      `Bearer ${'x'.repeat(5000)} error="insufficient_scope",Scope="repository:${repository}:pull",service="registry.test",REALM="${origin}/token"`,
    tokenService: 'anyone',
  },
  unnamed: { challenge: () => 'Bearer service="registry.test"', tokenService: 'anyone' },
  digestless: { challenge: standardChallenge, tokenService: 'anyone' },
};

const GOOD_TOKEN = 'good-token';

describe('registry digests behind a token service', () => {
  let server: Server;
  let origin = '';
  let host = '';
  let dir = '';
  const tokenRequests: TokenRequest[] = [];
  let anonymous: Record<string, string | undefined> = {};
  let withPassword: Record<string, string | undefined> = {};
  let withIdentityToken: Record<string, string | undefined> = {};

  const readBody = (request: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => resolve(body));
    });

  const answerToken = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const form = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readBody(request))) : {};
    const scope = url.searchParams.get('scope') ?? form['scope'] ?? null;
    tokenRequests.push({
      method: request.method ?? '',
      service: url.searchParams.get('service') ?? form['service'] ?? null,
      scope,
      authorization: request.headers.authorization,
      form,
    });
    const repository = /^repository:([^:]+):pull$/.exec(scope ?? '')?.[1] ?? '';
    const behaviour = behaviours[repository];
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const identified = request.headers.authorization === basic || form['refresh_token'] === IDENTITY_TOKEN;
    const allowed = behaviour?.tokenService === 'anyone' || (behaviour?.tokenService === 'credentials' && identified);
    response.writeHead(allowed ? 200 : 401, { 'Content-Type': 'application/json' });
    // A refresh-token grant answers with `access_token`, a plain token request with `token`, as Docker's do.
    response.end(JSON.stringify(!allowed ? { errors: [{ code: 'UNAUTHORIZED' }] } : request.method === 'POST' ? { access_token: GOOD_TOKEN } : { token: GOOD_TOKEN }));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dfkit-token-registry-'));
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', origin);
      if (url.pathname === '/token') {
        void answerToken(request, response, url);
        return;
      }
      const manifest = /^\/v2\/([^/]+)\/manifests\/([^/]+)$/.exec(url.pathname);
      const behaviour = manifest ? behaviours[manifest[1] as string] : undefined;
      if (!manifest || !behaviour || request.method !== 'HEAD') {
        response.writeHead(404).end();
        return;
      }
      if (request.headers.authorization !== `Bearer ${GOOD_TOKEN}`) {
        response.writeHead(401, { 'WWW-Authenticate': behaviour.challenge(origin, manifest[1] as string) }).end();
        return;
      }
      if (manifest[2] === 'missing') response.writeHead(404).end();
      else if (manifest[1] === 'digestless') response.writeHead(200).end();
      else response.writeHead(200, { 'Docker-Content-Digest': DIGEST }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    origin = `http://${host}`;
    for (const [name, entry] of [
      ['none', {}],
      ['password', { auths: { [host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }],
      ['identity', { auths: { [host]: { identitytoken: IDENTITY_TOKEN } } }],
    ] as const) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'config.json'), JSON.stringify(entry));
    }
    anonymous = { ...process.env, DOCKER_CONFIG: join(dir, 'none') };
    withPassword = { ...process.env, DOCKER_CONFIG: join(dir, 'password') };
    withIdentityToken = { ...process.env, DOCKER_CONFIG: join(dir, 'identity') };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('asks the token service the challenge names, with its service and scope, then the registry with the token', async () => {
    tokenRequests.length = 0;
    expect(await registryManifestDigest(`${host}/public:1`, anonymous)).toBe(DIGEST);
    expect(tokenRequests).toEqual([
      { method: 'GET', service: 'registry.test', scope: 'repository:public:pull', authorization: undefined, form: {} },
    ]);
  });

  it('sends the Docker config’s user and password to the token service', async () => {
    tokenRequests.length = 0;
    expect(await registryManifestDigest(`${host}/private:1`, withPassword)).toBe(DIGEST);
    expect(tokenRequests.map((request) => request.authorization)).toEqual([`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`]);
  });

  it('trades an identity token for an access token in a form post', async () => {
    tokenRequests.length = 0;
    expect(await registryManifestDigest(`${host}/private:1`, withIdentityToken)).toBe(DIGEST);
    expect(tokenRequests).toEqual([
      {
        method: 'POST',
        service: 'registry.test',
        scope: 'repository:private:pull',
        authorization: undefined,
        form: { grant_type: 'refresh_token', refresh_token: IDENTITY_TOKEN, service: 'registry.test', scope: 'repository:private:pull', client_id: 'dfkit' },
      },
    ]);
  });

  it('reads challenge parameters in any order and case, past words that are no parameter', async () => {
    tokenRequests.length = 0;
    expect(await registryManifestDigest(`${host}/reordered:1`, anonymous)).toBe(DIGEST);
    expect(tokenRequests.map(({ service, scope }) => ({ service, scope }))).toEqual([{ service: 'registry.test', scope: 'repository:reordered:pull' }]);
  });

  it('answers null for a tag the registry does not have', async () => {
    expect(await registryManifestDigest(`${host}/public:missing`, anonymous)).toBeNull();
  });

  it('says why when no digest can be had', async () => {
    const failure = (reference: string, environment = anonymous): Promise<unknown> => registryManifestDigest(`${host}/${reference}`, environment).catch((error: unknown) => error);
    const refused = await failure('private:1');
    expect(refused).toBeInstanceOf(RegistryError);
    expect((refused as RegistryError).message).toBe(`cannot resolve ${host}/private:1: the token service answered HTTP 401`);
    expect(((await failure('refused:1', withPassword)) as RegistryError).message).toMatch(/the token service answered HTTP 401$/);
    expect(((await failure('unnamed:1')) as RegistryError).message).toMatch(/the registry named no token service$/);
    expect(((await failure('digestless:1')) as RegistryError).message).toMatch(/the registry named no digest$/);
  });
});
