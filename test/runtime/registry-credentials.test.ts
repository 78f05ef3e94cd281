/**
 * Builds FROM an image in a registry that wants credentials: both builders pull it with the credentials of the
 * Docker config (the classic builder through `X-Registry-Config`, BuildKit by asking the build session), and
 * without credentials the build fails with the registry's refusal; a digest asked of the registry directly
 * answers its challenge the same way. The test starts its own registry, with
 * basic authentication, on a free loopback port, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWithPlan } from '../../src/runtime/docker/build.js';
import { EngineError, type Builder } from '../../src/runtime/docker/engine-client.js';
import { pushImage, tagImage } from '../../src/runtime/docker/registry.js';
import { registryManifestDigest } from '../../src/runtime/docker/registry-http.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage, nonce, removeCreatedImages } from './engine-harness.js';

const status = await engineAvailable();

const USER = 'dfkit';
const PASSWORD = 'dfkit-test-password';
/** bcrypt of PASSWORD (the registry's htpasswd accepts bcrypt only). */
const PASSWORD_HASH = '$2b$05$.7MU83UT07UMNBgpP.LkDOx7TL0gX.kbx47gNxFBNiOuICKP2PJg2';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function removeIfPresent(reference: string): Promise<void> {
  try {
    await engine().removeImage(reference, { force: true });
  } catch (error) {
    if (!(error instanceof EngineError && error.notFound)) throw error;
  }
}

describeWithEngine(status, 'builds FROM a registry that wants credentials', () => {
  let dir = '';
  let registry: ChildProcess | null = null;
  let address = '';
  let reference = '';
  let pushedDigest = '';
  const withCredentials: Record<string, string | undefined> = { ...process.env };
  const withoutCredentials: Record<string, string | undefined> = { ...process.env };

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'dfkit-private-registry-'));
    address = `127.0.0.1:${await freePort()}`;
    await mkdir(join(dir, 'storage'));
    await writeFile(join(dir, 'htpasswd'), `${USER}:${PASSWORD_HASH}\n`);
    await writeFile(
      join(dir, 'config.yml'),
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'storage')}`,
        'http:',
        `  addr: ${address}`,
        'auth:',
        '  htpasswd:',
        '    realm: dfkit-test',
        `    path: ${join(dir, 'htpasswd')}`,
        '',
      ].join('\n'),
    );
    registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
    let answered = 0;
    for (let i = 0; i < 100 && answered !== 401; i++) {
      answered = await fetch(`http://${address}/v2/`).then((r) => r.status, () => 0);
      if (answered !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (answered !== 401) throw new Error(`the registry at ${address} did not come up asking for credentials`);

    await mkdir(join(dir, 'with'));
    await mkdir(join(dir, 'without'));
    await writeFile(join(dir, 'with', 'config.json'), JSON.stringify({ auths: { [address]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }));
    await writeFile(join(dir, 'without', 'config.json'), '{}');
    withCredentials['DOCKER_CONFIG'] = join(dir, 'with');
    withoutCredentials['DOCKER_CONFIG'] = join(dir, 'without');

    reference = `${address}/dfkit-test/private:${nonce()}`;
    await tagImage(engine(), BASE_IMAGE, reference);
    pushedDigest = (await pushImage(engine(), reference, { env: withCredentials })).digest;
  }, 120_000);

  afterAll(async () => {
    if (reference) await removeIfPresent(reference);
    await removeCreatedImages();
    registry?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('asks the registry itself for a digest, answering its Basic challenge with the Docker config\'s credentials', async () => {
    expect(await registryManifestDigest(reference, withCredentials)).toBe(pushedDigest);
    expect(await registryManifestDigest(`${reference}-missing`, withCredentials)).toBeNull();
    expect(await registryManifestDigest(`${reference}@${pushedDigest}`, withoutCredentials)).toBe(pushedDigest);
    await expect(registryManifestDigest(reference, withoutCredentials)).rejects.toMatchObject({
      name: 'RegistryError',
      code: 'resolve-failed',
      message: `cannot resolve ${reference}: the registry wants credentials and the Docker config has none for it`,
    });
  });

  const builders: readonly Builder[] = ['classic', 'buildkit'];
  for (const builder of builders) {
    it(`pulls with the Docker config's credentials, and is refused without them [${builder}]`, async () => {
      const context = await mkdtemp(join(dir, `ctx-${builder}-`));
      const token = nonce();
      await writeFile(join(context, 'Dockerfile'), `FROM ${reference}\nRUN echo private-${builder}-${token}\n`);
      const build = (env: Record<string, string | undefined>) => {
        const logs: string[] = [];
        return buildWithPlan(engine(), { context, builder, network: 'none' }, { cacheDir: false, env, onEvent: (event) => event.type === 'log' && logs.push(event.text) }).then((outcome) => ({ outcome, logs: logs.join('') }));
      };

      await removeIfPresent(reference);
      const refused = await build(withoutCredentials);
      expect(refused.outcome.imageId).toBeNull();
      expect(refused.outcome.error?.message).toMatch(/no basic auth credentials|unauthorized|authentication required/i);

      await removeIfPresent(reference);
      const pulled = await build(withCredentials);
      expect(pulled.outcome.error).toBeUndefined();
      expect(pulled.logs).toContain(`private-${builder}-${token}`);
    });
  }
});
