import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPodmanAdapter, detectPodman, type PodmanAdapter } from '../../src/runtime/podman/adapter.js';
import { explainChanges, plan } from '../../src/planner/index.js';
import type { PlannedBuildOutcome } from '../../src/runtime/docker/build.js';
import { describeWithPodman, startOrReusePodman } from './podman-harness.js';
import { TEST_REGISTRY, registryAvailable } from './registry-harness.js';
import { runCommand } from '../cli/recording-io.js';

const service = await startOrReusePodman();
const registry = await registryAvailable();
const BUSYBOX = process.env['DFKIT_BUSYBOX'] ?? ['/bin/busybox', '/usr/bin/busybox'].find((path) => existsSync(path));

function nonce(): string {
  return randomBytes(8).toString('hex');
}

describeWithPodman(service, 'podman adapter against a real podman service', () => {
  let podman: PodmanAdapter;
  let base = '';
  const tags: string[] = [];
  const dirs: string[] = [];
  const startedAt = Math.floor(Date.now() / 1000) - 1;

  async function contextDir(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dfkit-podman-ctx-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return dir;
  }

  function tag(name: string): string {
    const tagged = `dfkit-test/podman-${name}-${nonce()}:latest`;
    tags.push(tagged);
    return tagged;
  }

  async function build(dir: string, tagged: string): Promise<PlannedBuildOutcome> {
    const outcome = await podman.build({ context: dir, tags: [tagged], network: 'none' });
    expect(outcome.error).toBeUndefined();
    return outcome;
  }

  /** Engine cache flags by Dockerfile line, FROM steps left out. */
  function cachedByLine(outcome: PlannedBuildOutcome): Record<number, boolean> {
    const flags: Record<number, boolean> = {};
    for (const step of outcome.steps) if (step.line !== undefined && !/^FROM\b/i.test(step.name.replace(/^.*?: /, ''))) flags[step.line] = step.cached;
    return flags;
  }

  beforeAll(async () => {
    if (!service.ok) return;
    if (!BUSYBOX) throw new Error('no statically linked busybox (install busybox-static or set DFKIT_BUSYBOX)');
    // The planner's digest cache goes into a directory of the test's, not the user's cache directory.
    podman = createPodmanAdapter({ CONTAINER_HOST: service.host, DFKIT_CACHE_DIR: await contextDir({}) });
    const dir = await contextDir({ Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' });
    await copyFile(BUSYBOX, join(dir, 'busybox'));
    base = tag('busybox');
    await build(dir, base);
  }, 120_000);

  afterAll(async () => {
    if (!service.ok) return;
    try {
      for (const tagged of tags.reverse()) await podman.removeImage(tagged, { force: true }).catch(() => undefined);
      // The intermediate images buildah kept for its cache, from this suite's builds only.
      const dangling = await podman.client.listImages({ dangling: ['true'] });
      for (const image of dangling) {
        if (Number(image['Created'] ?? 0) >= startedAt) await podman.removeImage(image.Id, { force: true }).catch(() => undefined);
      }
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    } finally {
      await service.stop();
    }
  }, 120_000);

  it('builds on an image whose ONBUILD triggers podman does not report: the whole context goes up, no step is misread', async () => {
    const token = nonce();
    const triggerBase = tag('onbuild');
    await build(await contextDir({ Dockerfile: `FROM ${base}\nRUN echo ${token} > /case\nONBUILD COPY a.txt /a\nONBUILD RUN cat /a\n` }), triggerBase);
    // Measured: podman's inspect shows the OCI config, without the triggers buildah keeps and runs.
    expect((await podman.client.inspectImage(triggerBase)).Config?.OnBuild ?? null).toBeNull();
    const dir = await contextDir({ Dockerfile: `FROM ${triggerBase}\nRUN echo ${token}\nRUN true\n`, 'a.txt': 'a' });
    const image = tag('agree');
    await build(dir, image); // the trigger's COPY finds a.txt: the context was not cut down to what the plan saw
    await writeFile(join(dir, 'a.txt'), 'b');
    const after = await build(dir, image);
    // The triggers shift buildah's numbers: the steps after them are not lined up with the wrong lines.
    expect(after.steps.map((step) => [step.name.replace(/^.*?: /, ''), step.line ?? null, step.cached])).toEqual([
      [`FROM ${triggerBase}`, 1, false],
      ['COPY a.txt /a', null, false],
      ['RUN cat /a', null, false],
      [`RUN echo ${token}`, null, false],
      ['RUN true', null, false],
      [expect.stringMatching(/^LABEL /), null, false],
    ]);
    expect(after.mismatches).toEqual([]);
  });

  it('is detected as podman through CONTAINER_HOST and DOCKER_HOST', async () => {
    if (!service.ok) return;
    expect(await detectPodman({ CONTAINER_HOST: service.host })).toBe(service.host);
    expect(await detectPodman({ DOCKER_HOST: service.host })).toBe(service.host);
    expect(await detectPodman({ CONTAINER_HOST: 'unix:///nonexistent/podman.sock' })).toBeNull();
    const info = await podman.ping();
    expect(info.adapter).toBe('podman');
    expect(info.engineVersion).toMatch(/^\d+\.\d+/);
  });

  it('builds with network none, runs the image, and reports cached steps on a rebuild', async () => {
    const token = nonce();
    const dir = await contextDir({
      Dockerfile: `FROM ${base}\nCOPY app.txt /app/app.txt\nRUN echo ${token} > /app/token\nCMD ["sh", "-c", "cat /app/app.txt /app/token; ip -o link | wc -l; exit 3"]\n`,
      'app.txt': `hello ${token}\n`,
    });
    const image = tag('app');
    const first = await build(dir, image);
    expect(first.imageId).toMatch(/^sha256:/);
    expect(Object.values(cachedByLine(first))).not.toContain(true);

    const chunks: string[] = [];
    const run = await podman.run({ image, network: 'none' }, { onEvent: (event) => chunks.push(Buffer.from(event.data).toString('utf8')) });
    expect(run.exitCode).toBe(3);
    // Only the loopback interface exists with network none.
    expect(chunks.join('').split('\n').map((line) => line.trim())).toEqual([`hello ${token}`, token, '1', '']);
    expect(await podman.listContainers()).toEqual([]);

    const second = await build(dir, image);
    expect(cachedByLine(second)).toEqual({ 2: true, 3: true, 4: true });
    expect(second.mismatches).toEqual([]);
  });

  it('agrees with a plan that downloads ADD URLs: podman keys the content, and the name only under a directory', async () => {
    const served = new Map<string, string>([
      ['/a/tool.txt', 'one\n'],
      ['/b/tool.txt', 'one\n'],
      ['/b/other.txt', 'one\n'],
    ]);
    const server = createServer((request, response) => {
      const body = served.get(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (body === undefined) response.writeHead(404).end();
      else response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const text = (token: string, path: string, destination: string): string =>
        `FROM ${base}\nRUN echo ${token}\nADD ${origin}${path} ${destination}\nRUN true\n`;
      const cases = [
        { name: 'another directory, same file', before: ['/a/tool.txt', '/d/tool.txt'], after: ['/b/tool.txt', '/d/tool.txt'], edit: null, rebuilds: [] },
        { name: 'another file name into a named file', before: ['/a/tool.txt', '/d/tool.txt'], after: ['/b/other.txt', '/d/tool.txt'], edit: null, rebuilds: [] },
        { name: 'another file name into a directory', before: ['/a/tool.txt', '/d/'], after: ['/b/other.txt', '/d/'], edit: null, rebuilds: [3, 4] },
        { name: 'new content', before: ['/a/tool.txt', '/d/tool.txt'], after: ['/a/tool.txt', '/d/tool.txt'], edit: 'two\n', rebuilds: [3, 4] },
      ];
      for (const { name, before, after, edit, rebuilds } of cases) {
        const token = nonce();
        const dir = await contextDir({ Dockerfile: text(token, before[0]!, before[1]!) });
        const options = { context: dir, builder: 'podman' as const, cacheDir: false as const, fetchRemoteSources: true };
        const previous = await plan(text(token, before[0]!, before[1]!), options);
        await build(dir, tag('url'));
        if (edit) served.set(before[0]!, edit);
        await writeFile(join(dir, 'Dockerfile'), text(token, after[0]!, after[1]!));
        const next = await plan(text(token, after[0]!, after[1]!), options);
        const outcome = await build(dir, tag('url'));
        explainChanges(next, previous);
        const predicted = next.stages[0]!.steps.filter((step) => step.rebuild).map((step) => step.line);
        const engine = Object.entries(cachedByLine(outcome)).filter(([, cached]) => !cached).map(([line]) => Number(line));
        expect({ name, predicted, engine }).toEqual({ name, predicted: rebuilds, engine: rebuilds });
        if (edit) served.set(before[0]!, 'one\n');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // One instruction written two ways after `FROM base` and a RUN of the token (line 2): where podman keys
  // what the instruction means and where it keys the text (measured on podman 4.3).
  const respellings: ReadonlyArray<{ name: string; files?: Record<string, string>; before: string; after: string; cached: Record<number, boolean> }> = [
    {
      name: 'COPY --chown of a number alone is that user and group',
      files: { 'a.txt': 'a' },
      before: 'COPY --chown=7 a.txt /d/\nRUN true\n',
      after: 'COPY --chown=7:7 a.txt /d/\nRUN true\n',
      cached: { 2: true, 3: true, 4: true },
    },
    {
      name: 'COPY --chown of another group misses',
      files: { 'a.txt': 'a' },
      before: 'COPY --chown=7 a.txt /d/\nRUN true\n',
      after: 'COPY --chown=7:8 a.txt /d/\nRUN true\n',
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'COPY --chmod by value',
      files: { 'a.txt': 'a' },
      before: 'COPY --chmod=755 a.txt /d/\nRUN true\n',
      after: 'COPY --chmod=0755 a.txt /d/\nRUN true\n',
      cached: { 2: true, 3: true, 4: true },
    },
    {
      name: 'a COPY source written with ./ and in JSON form',
      files: { 'a.txt': 'a' },
      before: 'COPY a.txt /d/\nRUN true\n',
      after: 'COPY ["./a.txt", "/d/"]\nRUN true\n',
      cached: { 2: true, 3: true, 4: true },
    },
    {
      name: 'the sources of one COPY reordered',
      files: { 'a.txt': 'a', 'b.txt': 'b' },
      before: 'COPY a.txt b.txt /d/\nRUN true\n',
      after: 'COPY b.txt a.txt /d/\nRUN true\n',
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'an ARG default written in quotes',
      before: 'ARG A=1\nRUN true\n',
      after: 'ARG A="1"\nRUN true\n',
      cached: { 2: true, 3: true, 4: true },
    },
    {
      name: 'an ENV value written in quotes misses',
      before: 'ENV A=a\\ b\nRUN true\n',
      after: 'ENV A="a b"\nRUN true\n',
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'a WORKDIR given a trailing slash misses',
      before: 'WORKDIR /app\nRUN true\n',
      after: 'WORKDIR /app/\nRUN true\n',
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'a RUN keyword in lower case and a comment added keep the cache',
      before: 'RUN true\n',
      after: '# note\nrun true\n',
      cached: { 2: true, 4: true },
    },
  ];

  /** A context of one file, `a.txt`, that the Dockerfile copies on line 3 (the mode scenarios change only the file). */
  const copyingOneFile = (token: string, base: string): Record<string, string> => ({
    Dockerfile: `FROM ${base}\nRUN echo ${token}\nCOPY a.txt /d/\nRUN true\n`,
    'a.txt': 'a',
  });

  // The planner's podman model against the engine: after building `before`, building `after` from the same
  // directory must hit and miss exactly where the plan says (the adapter compares them as `mismatches`).
  const scenarios: ReadonlyArray<{
    name: string;
    before: (token: string, base: string) => Record<string, string>;
    change: (dir: string, token: string, base: string) => Promise<void>;
    cached: Record<number, boolean>;
  }> = [
    {
      name: 'a LABEL edit misses from the LABEL on',
      before: (token, base) => ({ Dockerfile: `FROM ${base}\nRUN echo ${token}\nLABEL a=1\nRUN echo two\n` }),
      change: async (dir, token, base) => writeFile(join(dir, 'Dockerfile'), `FROM ${base}\nRUN echo ${token}\nLABEL a=2\nRUN echo two\n`),
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'trailing white space after a RUN misses it',
      before: (token, base) => ({ Dockerfile: `FROM ${base}\nRUN echo ${token}\nRUN echo two\n` }),
      change: async (dir, token, base) => writeFile(join(dir, 'Dockerfile'), `FROM ${base}\nRUN echo ${token}  \nRUN echo two\n`),
      cached: { 2: false, 3: false },
    },
    {
      name: 'renaming a single copied file, with the Dockerfile edited to match, hits',
      before: (token, base) => ({ Dockerfile: `FROM ${base}\nCOPY a.txt /app/app.txt\nRUN cat /app/app.txt\n`, 'a.txt': `${token}\n` }),
      change: async (dir, _token, base) => {
        await rename(join(dir, 'a.txt'), join(dir, 'b.txt'));
        await writeFile(join(dir, 'Dockerfile'), `FROM ${base}\nCOPY b.txt /app/app.txt\nRUN cat /app/app.txt\n`);
      },
      cached: { 2: true, 3: true },
    },
    {
      name: 'a COPY --from source written without its leading /',
      before: (token, base) => ({ Dockerfile: `FROM ${base} AS s\nRUN echo ${token} > /x\nFROM ${base}\nCOPY --from=s /x /y\nRUN true\n` }),
      change: async (dir, token, base) => writeFile(join(dir, 'Dockerfile'), `FROM ${base} AS s\nRUN echo ${token} > /x\nFROM ${base}\nCOPY --from=s x /y\nRUN true\n`),
      cached: { 2: true, 4: true, 5: true },
    },
    {
      name: 'the setuid bit set on a copied file keeps the cache',
      before: copyingOneFile,
      change: (dir) => chmod(join(dir, 'a.txt'), 0o4644),
      cached: { 2: true, 3: true, 4: true },
    },
    {
      name: 'the sticky bit set on a copied file misses',
      before: copyingOneFile,
      change: (dir) => chmod(join(dir, 'a.txt'), 0o1644),
      cached: { 2: true, 3: false, 4: false },
    },
    {
      name: 'a file an ONBUILD trigger of the base stage copies, edited, reruns the stage from its FROM (every trigger a step)',
      before: (token, base) => ({
        Dockerfile: `FROM ${base} AS parent\nRUN echo ${token}\nONBUILD ENV V=1\nONBUILD COPY a.txt /a\nFROM parent\nRUN true\n`,
        'a.txt': 'a',
      }),
      change: (dir) => writeFile(join(dir, 'a.txt'), 'b'),
      // Line 5 is the FROM that runs the triggers: the ENV trigger hits, the COPY after it misses.
      cached: { 2: true, 3: true, 4: true, 5: false, 6: false },
    },
    {
      name: 'editing a stage the target does not need builds nothing of it',
      before: (token, base) => ({ Dockerfile: `FROM ${base} AS unused\nRUN echo unused\nFROM ${base}\nRUN echo ${token}\n` }),
      change: async (dir, token, base) => writeFile(join(dir, 'Dockerfile'), `FROM ${base} AS unused\nRUN echo changed\nFROM ${base}\nRUN echo ${token}\n`),
      cached: { 4: true },
    },
    ...respellings.map(({ name, files, before, after, cached }) => ({
      name,
      before: (token: string, base: string) => ({ ...files, Dockerfile: `FROM ${base}\nRUN echo ${token}\n${before}` }),
      change: async (dir: string, token: string, base: string) => writeFile(join(dir, 'Dockerfile'), `FROM ${base}\nRUN echo ${token}\n${after}`),
      cached,
    })),
  ];

  it.each(scenarios)('agrees with the planner: $name', async (scenario) => {
    const token = nonce();
    const dir = await contextDir(scenario.before(token, base));
    const image = tag('agree');
    await build(dir, image);
    await scenario.change(dir, token, base);
    const after = await build(dir, image);
    expect(cachedByLine(after)).toEqual(scenario.cached);
    expect(after.mismatches).toEqual([]);
    // A stage the target does not need is never built, so none of its steps is reported.
    expect(after.steps.map((step) => step.name).filter((name) => /echo (unused|changed)/.test(name))).toEqual([]);
  });

  it(`pushes to and pulls from the registry at ${TEST_REGISTRY} over plain HTTP, and builds FROM it`, async (context) => {
    if (!registry.ok) {
      if (process.env['CI'] === 'true') throw new Error(`no registry at ${TEST_REGISTRY} (${registry.reason}); CI must provide one`);
      context.skip();
      return;
    }
    const token = nonce();
    const remote = `${TEST_REGISTRY}/dfkit-test/podman-${token}:1`;
    tags.push(remote);
    await podman.tag(base, remote);
    const pushed = await podman.push(remote);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const baseId = (await podman.inspectImage(base))?.id;

    await podman.removeImage(remote);
    expect(await podman.inspectImage(remote)).toBeNull();
    expect(await podman.pull(remote)).toEqual({ id: baseId?.replace(/^sha256:/, '') });
    expect(await podman.inspectImage(remote)).not.toBeNull();
    await expect(podman.pull(`${TEST_REGISTRY}/dfkit-test/podman-${token}:missing`)).rejects.toMatchObject({ name: 'RegistryError', code: 'pull-failed' });
    // Podman's API cannot ask the registry for a digest; the adapter asks the registry itself.
    expect(await podman.resolveDigest(remote)).toBe(pushed.digest);
    expect(await podman.resolveDigest(`${TEST_REGISTRY}/dfkit-test/podman-${token}:missing`)).toBeNull();

    // buildah pulls the base itself: over plain HTTP too, since the registry is on loopback.
    await podman.removeImage(remote);
    const dir = await contextDir({ Dockerfile: `FROM ${remote}\nRUN echo from-registry-${token}\n` });
    const logs: string[] = [];
    const built = await podman.build({ context: dir, tags: [tag('from-registry')], network: 'none' }, { onEvent: (event) => event.type === 'log' && logs.push(event.text) });
    expect(built.error).toBeUndefined();
    expect(logs.join('')).toContain(`from-registry-${token}`);
  }, 120_000);

  it('dfkit build and dfkit run --runtime podman go through the podman service', async () => {
    const token = nonce();
    const dir = await contextDir({ Dockerfile: `FROM ${base}\nRUN echo ${token} > /token\nCMD ["cat", "/token"]\n` });
    const image = tag('cli');
    const env = { CONTAINER_HOST: service.ok ? service.host : '', DFKIT_CACHE_DIR: join(dir, '.cache') };
    const built = await runCommand(['build', dir, '-t', image, '--runtime', 'podman', '--progress', 'plain'], { cwd: dir, env });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const ran = await runCommand(['run', '--runtime', 'podman', image], { cwd: dir, env });
    expect(ran).toMatchObject({ code: 0, stdout: `${token}\n` });
  }, 120_000);
});
