/**
 * End to end: every example under `examples/` that a registry-less machine can build is built from its own
 * directory as the context, through the adapters' library path (`buildWithPlan` behind `DockerAdapter` and
 * `PodmanAdapter`), with its Dockerfile replaced in memory by a stand-in whose base images are the local
 * busybox image and whose RUN steps are busybox commands (see `example-variant.ts`). Docker builds it with both
 * builders, podman with buildah; each adapter then runs the image once (network none) and checks what the
 * stand-in steps, the COPY/WORKDIR/USER instructions and the image config left there.
 *
 * Examples that cannot be built this way, and why (each is a property of the Dockerfile and the engine, not of
 * the stand-in: the real Dockerfile fails the same way there):
 * - `heredocs`: its RUN and COPY heredocs need Dockerfile syntax 1.4+. The daemon's built-in frontend (BuildKit
 *   0.8 in Docker 20.10) and buildah 1.28 reject them, and the `# syntax=` frontend image cannot be pulled here.
 * - `windows-escape`: a Windows image (`powershell` SHELL, `C:\` paths); only a Windows engine builds it.
 * - with the classic builder: examples with `RUN --mount` (`multi-target`, `rust-cache-mounts`), which is
 *   BuildKit syntax the classic builder refuses; and `FROM --platform=$BUILDPLATFORM` (`go-multistage`), an ARG
 *   only BuildKit sets by itself (the classic builder expands it to nothing and fails to parse the platform).
 * - with podman: examples whose RUN mounts have a relative target (`rust-cache-mounts`: `target=src`); BuildKit
 *   resolves it against WORKDIR, buildah 1.28 refuses it ("must be an absolute path").
 *
 * Secret mounts stay: BuildKit builds are given every secret the example mounts (a file made here) and the
 * stand-in checks that each arrived; podman builds keep the mounts without checking them.
 *
 * Docker builds each example with BuildKit and runs that image; the classic build is a test of its own that
 * checks the image config (one container run per example per adapter keeps the added time small).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { DFKIT_IMAGE_VALUE, DFKIT_LABEL, type BuildOutcome } from '../../src/runtime/adapter.js';
import { DockerAdapter } from '../../src/runtime/docker/adapter.js';
import type { EngineClient } from '../../src/runtime/docker/engine-client.js';
import {
  BASE_IMAGE,
  describeWithEngine,
  engine,
  engineAvailable,
  ensureBaseImage,
  nonce,
  removeCreatedImages,
  testTag,
} from './engine-harness.js';
import { exampleVariant, RAN_FILE, type ExampleVariant } from './example-variant.js';
import { describeWithPodman, podmanSuite, startOrReusePodman } from './podman-harness.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** Examples no engine on this machine can build, stand-in or not (details in the header). */
const UNBUILDABLE: Readonly<Record<string, string>> = {
  heredocs: 'heredocs need Dockerfile syntax 1.4+, which neither the built-in frontend nor buildah 1.28 has',
  'windows-escape': 'a Windows image; only a Windows engine builds it',
};

const examples = readdirSync(EXAMPLES)
  .filter((name) => existsSync(join(EXAMPLES, name, 'Dockerfile')))
  .sort();

const status = await engineAvailable();
const podmanService = await startOrReusePodman();
// The stand-in Dockerfiles (outside the examples, which stay untouched) and the planner's digest cache.
const scratch = await mkdtemp(join(tmpdir(), 'dfkit-examples-'));
const adapterEnv = { DFKIT_CACHE_DIR: join(scratch, 'cache') };
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the examples', () => {
  it('are all either built below or named with the reason they cannot be', () => {
    for (const name of Object.keys(UNBUILDABLE)) if (!examples.includes(name)) throw new Error(`UNBUILDABLE names a missing example: ${name}`);
    if (examples.length - Object.keys(UNBUILDABLE).length < 5) throw new Error(`only ${examples.length} examples found in ${EXAMPLES}`);
  });
});

/** The stand-in of each example's Dockerfile, for Docker (which checks that secrets arrive) and for podman. */
const variants = new Map(
  examples.map((name) => {
    const text = readFileSync(join(EXAMPLES, name, 'Dockerfile'), 'utf8');
    return [name, { docker: exampleVariant(text, BASE_IMAGE, { checkSecrets: true }), podman: exampleVariant(text, BASE_IMAGE) }] as const;
  }),
);

/** Writes a stand-in next to the others (the build reads it from there) and returns its path. */
async function standIn(name: string, flavour: 'docker' | 'podman', builder: string): Promise<{ path: string; variant: ExampleVariant }> {
  const variant = variants.get(name)![flavour];
  // One file per build: builds of the same example run at the same time.
  const path = join(scratch, `${name}.${builder}.Dockerfile`);
  await writeFile(path, variant.text);
  return { path, variant };
}

function checkBuild(expect: ExpectStatic, outcome: BuildOutcome, name: string): void {
  expect(outcome.error, `${name}: ${outcome.error?.message ?? ''}`).toBeUndefined();
  expect(outcome.imageId).toMatch(/^sha256:/);
}

/** The image config the Dockerfile's metadata instructions promise, and dfkit's label. */
async function checkConfig(expect: ExpectStatic, client: EngineClient, image: string, variant: ExampleVariant): Promise<void> {
  const config = (await client.inspectImage(image)).Config;
  expect(config?.Labels?.[DFKIT_LABEL]).toBe(DFKIT_IMAGE_VALUE);
  expect(config?.User ?? '').toBe(variant.user);
  if (variant.cmd) expect(config?.Cmd).toEqual(variant.cmd);
  if (variant.entrypoint) expect(config?.Entrypoint).toEqual(variant.entrypoint);
}

// Prints what the image holds; the entrypoint is replaced, since the examples' own commands (node, java…) are
// not in busybox.
function probeScript(variant: ExampleVariant): string {
  const paths = variant.copiedPaths.map((path) => `'${path}'`).join(' ');
  return [
    `echo "ran=$(cat ${RAN_FILE} 2>/dev/null | tr '\\n' ' ')"`,
    'echo "uid=$(id -u)"',
    'echo "pwd=$(pwd)"',
    `for p in ${paths}; do [ -e "$p" ] || echo "missing=$p"; done`,
    'exit 7',
  ].join('; ');
}

async function checkRun(expect: ExpectStatic, adapter: DockerAdapter, image: string, variant: ExampleVariant): Promise<void> {
  let output = '';
  const run = await adapter.run(
    { image, entrypoint: ['/bin/sh', '-c'], command: [probeScript(variant)], network: 'none', timeoutMs: 60_000 },
    { onEvent: (event) => (output += Buffer.from(event.data).toString('utf8')) },
  );
  expect(run.exitCode).toBe(7);
  const expected = [`ran=${variant.ranInTarget.map((step) => `${step} `).join('')}`, `uid=${variant.finalUid}`];
  if (variant.finalWorkdir !== null) expected.push(`pwd=${variant.finalWorkdir}`);
  const lines = output.split('\n').filter((line) => line !== '' && (variant.finalWorkdir !== null || !line.startsWith('pwd=')));
  expect(lines).toEqual(expected);
}

function unbuildable(name: string, reason = UNBUILDABLE[name] ?? ''): void {
  it.skip(`${name}: ${reason}`, () => undefined);
}

describeWithEngine(status, 'examples built and run with docker (classic and BuildKit)', () => {
  const adapter = new DockerAdapter(engine(), adapterEnv);
  const startedAt = Math.floor(Date.now() / 1000) - 1;

  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);

  afterAll(async () => {
    await removeCreatedImages();
    // The classic builder leaves the image of every stage before the target untagged. Those of this suite are
    // recognised by the stand-in's marker in their last step, so other files' images are left alone.
    for (const image of await engine().listImages({ dangling: ['true'], label: ['dfkit.test=1'] })) {
      if (image.Created < startedAt) continue;
      const history = await engine().request<Array<{ CreatedBy: string }>>('GET', `/images/${image.Id}/history`).catch(() => []);
      if (history[0]?.CreatedBy.includes(RAN_FILE)) await engine().removeImage(image.Id).catch(() => undefined);
    }
  }, 120_000);

  /** Builds the example's stand-in and checks the image config; resolves to the image's tag. */
  async function buildExample(expect: ExpectStatic, name: string, builder: 'classic' | 'buildkit'): Promise<{ tag: string; variant: ExampleVariant }> {
    const { path, variant } = await standIn(name, 'docker', builder);
    const tag = testTag(`example-${name}-${builder}`);
    const secretFile = join(scratch, 'example-secret');
    await writeFile(secretFile, 'a secret the stand-in checks for\n');
    const secrets = builder === 'buildkit' ? variant.secretIds.map((id) => ({ id, file: secretFile })) : [];
    const outcome = await adapter.build({ context: join(EXAMPLES, name), dockerfile: path, tags: [tag], builder, network: 'none', ...(secrets.length > 0 && { secrets }) });
    checkBuild(expect, outcome, `${name} (${builder})`);
    await checkConfig(expect, engine(), tag, variant);
    return { tag, variant };
  }

  /** Why the classic builder cannot build an example as written, or `null`. */
  function classicRefuses(variant: ExampleVariant): string | null {
    if (variant.usesRunMount) return 'RUN --mount is BuildKit syntax, which the classic builder refuses';
    if (variant.fromPlatformArg) return 'FROM --platform=$BUILDPLATFORM: only BuildKit sets that ARG by itself';
    return null;
  }

  describe.concurrent('each example', () => {
    for (const name of examples) {
      if (name in UNBUILDABLE) {
        unbuildable(name);
        continue;
      }
      it(`${name} [buildkit, run]`, async ({ expect }) => {
        const { tag, variant } = await buildExample(expect, name, 'buildkit');
        await checkRun(expect, adapter, tag, variant);
      }, 180_000);
      const refused = classicRefuses(variants.get(name)!.docker);
      if (refused) unbuildable(`${name} [classic]`, refused);
      else it(`${name} [classic]`, async ({ expect }) => void (await buildExample(expect, name, 'classic')), 180_000);
    }
  });
});

describeWithPodman(podmanService, 'examples built and run with podman', () => {
  const suite = podmanSuite(podmanService, adapterEnv);

  describe.concurrent('each example', () => {
    for (const name of examples) {
      if (name in UNBUILDABLE) {
        unbuildable(name);
        continue;
      }
      if (variants.get(name)?.podman.relativeMountTarget) {
        unbuildable(name, 'buildah 1.28 refuses the relative target of a RUN mount, which BuildKit resolves against WORKDIR');
        continue;
      }
      it(name, async ({ expect }) => {
        const { path, variant } = await standIn(name, 'podman', 'podman');
        const tag = `dfkit-test/example-${name}-${nonce()}:latest`;
        suite.tags.push(tag);
        const outcome = await suite.adapter.build({ context: join(EXAMPLES, name), dockerfile: path, tags: [tag], network: 'none' });
        checkBuild(expect, outcome, `${name} (podman)`);
        await checkConfig(expect, suite.adapter.client, tag, variant);
        await checkRun(expect, suite.adapter, tag, variant);
      }, 180_000);
    }
  });
});
