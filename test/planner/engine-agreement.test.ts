/**
 * The planner's predictions against a real Docker engine. Each scenario is a context, a Dockerfile and a
 * mutation; it is built twice with each builder (classic and BuildKit, network `none` unless the scenario
 * says otherwise), and the engine's own report of which steps were cached is compared with the plan's
 * prediction (`rebuild` from comparing the plan after the mutation with the plan before it).
 *
 * Every scenario starts its stages with a fresh token, so no result cached by another scenario or an earlier
 * run can answer a lookup. The context goes to the engine as a tar of exactly what the planner selected
 * (`.dockerignore` applied by us, as the docker CLI does), which is also how dfkit's runtime sends it. The
 * stale hits Docker 20.10's BuildKit gives through the docker CLI's incremental context sync (directory
 * modes, same-size edits with the old mtime) do not happen with an uploaded tar: those scenarios show the
 * engine rerunning the steps, as the plan says.
 */
import { chmod, chown, link, mkdir, mkdtemp, rename, rm, symlink, truncate, unlink, utimes, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { explainChanges, hostPlatform, imageReferences, plan, scanContext, type BaseImageIdentity, type Plan, type PlanStep } from '../../src/planner/index.js';
import type { TarEntry } from '../../src/runtime/context-tar.js';
import { baseImageIdentity } from '../../src/runtime/docker/image-identity.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import type { BuildStep } from '../../src/runtime/docker/build-progress.js';
import { PlanStepLocator } from '../../src/runtime/docker/plan-steps.js';
import {
  BASE_IMAGE,
  buildContext,
  TEST_PREFIX,
  describeWithEngine,
  engine,
  engineAvailable,
  ensureBaseImage,
  nonce,
  removeCreatedImages,
  testTag,
} from '../runtime/engine-harness.js';

type Files = Record<string, string | { content: string; mode?: number } | { symlink: string } | { dir: true; mode?: number }>;

interface BuildSettings {
  readonly buildArgs?: Record<string, string>;
  readonly target?: string;
  readonly network?: 'none' | 'host';
  /** Target platform; the engine builds on its own (this machine's), which the plan is told too. */
  readonly platform?: string;
  /** BuildKit only: secret values by ID (they never enter a key, so the plan is not told them). */
  readonly secrets?: Record<string, string>;
  /** BuildKit only: the IDs of SSH agents to offer (each is the test file's one agent). */
  readonly ssh?: readonly string[];
}

/** The socket of the SSH agent this file starts for scenarios that mount one. */
let sshSocket = '';

interface Scenario {
  readonly name: string;
  readonly files?: Files;
  /** Makes what `files` cannot describe (archives, hard links), after the files are written. */
  readonly setup?: (dir: string) => Promise<void> | void;
  /** `{{nonce}}` is replaced by a fresh token; `{{base}}` by the local busybox image (in build arg values too). */
  readonly dockerfile: string;
  readonly settings?: BuildSettings;
  /** The edit between the two builds. */
  readonly mutate?: (dir: string) => Promise<void>;
  readonly dockerfileAfter?: string;
  readonly settingsAfter?: BuildSettings;
  /** Lines the plan must say rebuild, per builder (a check that the scenario exercises what it claims). */
  readonly expect: Readonly<Record<Builder, readonly number[]>>;
  readonly builders?: readonly Builder[];
  /**
   * Where Docker 20.10's built-in Dockerfile frontend is older than the BuildKit the plan follows: the lines this
   * engine's BuildKit reruns instead, and why. The plan must still predict `expect`.
   */
  readonly olderFrontend?: { readonly reran: readonly number[]; readonly why: string };
  /** The mutation changes what a stage outputs, so the steps that consume it (conditional in the plan) rerun. */
  readonly outputsChange?: true;
}

const BUILDERS: readonly Builder[] = ['classic', 'buildkit'];

async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, spec] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    if (typeof spec === 'string') await writeFile(target, spec);
    else if ('content' in spec) {
      await writeFile(target, spec.content);
      if (spec.mode !== undefined) await chmod(target, spec.mode);
    } else if ('symlink' in spec) await symlink(spec.symlink, target);
    else {
      await mkdir(target, { recursive: true });
      if (spec.mode !== undefined) await chmod(target, spec.mode);
    }
  }
}

/** The entries the docker CLI would send: the context after `.dockerignore`, plus the Dockerfile and ignore file. */
async function contextEntries(dir: string): Promise<TarEntry[]> {
  const context = await scanContext(dir);
  const entries = new Map<string, TarEntry>();
  for (const entry of context.entries.values()) {
    if (entry.type === 'other') continue;
    entries.set(entry.path, {
      path: entry.path,
      type: entry.type,
      mode: entry.mode,
      ...(entry.type === 'file' ? { size: entry.size } : {}),
      ...(entry.linkTarget !== undefined ? { linkTarget: entry.linkTarget } : {}),
    });
  }
  for (const always of ['Dockerfile', '.dockerignore']) {
    if (entries.has(always)) continue;
    try {
      const info = await stat(join(dir, always));
      entries.set(always, { path: always, type: 'file', mode: info.mode & 0o7777, size: info.size });
    } catch {
      // not there
    }
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * What the planner learns about images from the engine: ID, layer chain and config, for every image the plan
 * takes content from as it expands them (`FROM $IMAGE` included), as `dfkit plan --resolve-images` asks.
 */
async function baseImages(text: string, settings: BuildSettings): Promise<Record<string, BaseImageIdentity>> {
  const out: Record<string, BaseImageIdentity> = {};
  const unresolved = await plan(text, { context: null, ...(settings.buildArgs ? { buildArgs: settings.buildArgs } : {}) });
  for (const image of imageReferences(unresolved.stages)) {
    if (!image.includes('/')) continue;
    try {
      out[image] = baseImageIdentity(await engine().inspectImage(image));
    } catch {
      // an image the engine does not have
    }
  }
  return out;
}

/**
 * The plan step each engine step reports on, through the runtime's own locator; `null` only for global ARGs,
 * which the classic builder numbers but never commits. Anything else that does not line up fails the test.
 */
function stepFor(planned: Plan, engineStep: BuildStep, builder: Builder, text: string): PlanStep | null {
  const located = new PlanStepLocator(planned, parse(text).ast, builder).locate(engineStep);
  if (located) return located.step;
  if (builder === 'classic' && /^ARG\b/i.test(engineStep.instruction)) return null;
  throw new Error(`${builder} step ${engineStep.name} does not line up with the plan`);
}

interface Run {
  readonly dir: string;
  readonly text: string;
  readonly plan: Plan;
  readonly steps: readonly BuildStep[];
}

async function planAndBuild(dir: string, text: string, builder: Builder, settings: BuildSettings): Promise<Run> {
  await writeFile(join(dir, 'Dockerfile'), text);
  const network = settings.network ?? 'none';
  const planned = await plan(text, {
    context: dir,
    builder,
    network,
    cacheDir: false,
    baseImages: await baseImages(text, settings),
    ...(settings.buildArgs ? { buildArgs: settings.buildArgs } : {}),
    ...(settings.target ? { target: settings.target } : {}),
    ...(settings.platform ? { platform: settings.platform } : {}),
    buildPlatform: hostPlatform(),
    // ADD URLs are downloaded, as the engine downloads them, from the scenarios' own server.
    fetchRemoteSources: true,
  });
  expect(planned.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  const build = await buildContext(dir, null, builder, {
    entries: await contextEntries(dir),
    networkMode: network,
    ...(settings.buildArgs ? { buildArgs: settings.buildArgs } : {}),
    ...(settings.target ? { target: settings.target } : {}),
    ...(settings.platform ? { platform: settings.platform } : {}),
    ...(settings.secrets ? { secrets: settings.secrets } : {}),
    ...(settings.ssh ? { ssh: Object.fromEntries(settings.ssh.map((id) => [id, sshSocket])) } : {}),
  });
  if (build.error) throw new Error(`${builder} build failed: ${build.error.message}`);
  return { dir, text, plan: planned, steps: build.steps };
}

const scenarios: Scenario[] = [];
const scenario = (s: Scenario): void => {
  scenarios.push(s);
};

const APP = { 'app.txt': 'hello\n', 'src/main.txt': 'main\n', 'src/sub/lib.txt': 'lib\n' };
const COPY_APP = 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /app/app.txt\nCOPY src /app/src\nRUN cat /app/app.txt\n';

scenario({
  name: 'touching a file (mtime only) keeps every step',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => utimes(join(dir, 'app.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1)),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a content change reruns the COPY and what follows',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => writeFile(join(dir, 'app.txt'), 'hello, world\n'),
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  name: 'a same-size edit with the old mtime is still seen through an uploaded context',
  files: APP,
  dockerfile: COPY_APP,
  mutate: async (dir) => {
    const file = join(dir, 'app.txt');
    const before = await stat(file);
    await writeFile(file, 'HELLO\n');
    await utimes(file, before.atime, before.mtime);
  },
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  name: 'chmod of a copied file',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => chmod(join(dir, 'app.txt'), 0o755),
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  // Through the docker CLI, Docker 20.10's BuildKit misses this (its incremental context sync); a context
  // uploaded as a tar is checksummed afresh, and the engine reruns the copy as it should.
  name: 'chmod of a copied directory',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => chmod(join(dir, 'src/sub'), 0o700),
  expect: { classic: [4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'a glob source gaining a match',
  files: { 'package.json': '{}\n', 'other.txt': 'x\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY package*.json /app/\nRUN ls /app\n',
  mutate: (dir) => writeFile(join(dir, 'package-lock.json'), '{"lock":1}\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a new file the glob does not match',
  files: { 'package.json': '{}\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY package*.json /app/\nRUN ls /app\n',
  mutate: (dir) => writeFile(join(dir, 'README.md'), 'readme\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'adding a file .dockerignore excludes',
  files: { ...APP, '.dockerignore': '*.log\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /ctx/\nRUN ls /ctx\n',
  mutate: (dir) => writeFile(join(dir, 'debug.log'), 'noise\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'editing a .dockerignore that is itself copied',
  files: { ...APP, '.dockerignore': '*.log\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /ctx/\nRUN ls /ctx\n',
  mutate: (dir) => writeFile(join(dir, '.dockerignore'), '*.log\n*.tmp\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a .dockerignore edit that newly excludes a copied file',
  files: { ...APP, '.dockerignore': '.dockerignore\nDockerfile\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /ctx/\nRUN ls -R /ctx\n',
  mutate: (dir) => writeFile(join(dir, '.dockerignore'), '.dockerignore\nDockerfile\nsrc/sub\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

const ARGS = 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG USED=1\nARG UNUSED=1\nARG NOVALUE\nRUN echo $USED\n';
scenario({
  name: 'a used ARG given a new value',
  dockerfile: ARGS,
  settingsAfter: { buildArgs: { USED: '2' } },
  expect: { classic: [6], buildkit: [6] },
});
scenario({
  name: 'an unused ARG given a new value still reruns later RUNs',
  dockerfile: ARGS,
  settingsAfter: { buildArgs: { UNUSED: '2' } },
  expect: { classic: [6], buildkit: [6] },
});
scenario({
  name: 'an ARG without a value and an undeclared build arg',
  dockerfile: ARGS,
  settingsAfter: { buildArgs: { NOPE: 'x' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an undeclared proxy build arg appearing',
  dockerfile: ARGS,
  settingsAfter: { buildArgs: { HTTP_PROXY: 'http://proxy.invalid' } },
  // The classic builder adds a `|0` build-arg prefix to every RUN once any build arg is given.
  expect: { classic: [2, 3, 4, 5, 6], buildkit: [] },
});
scenario({
  name: 'an undeclared proxy build arg changing value',
  dockerfile: ARGS,
  settings: { buildArgs: { HTTP_PROXY: 'http://one.invalid' } },
  settingsAfter: { buildArgs: { HTTP_PROXY: 'http://two.invalid' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ARG declared late only affects the RUNs after it',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo early\nARG LATE=1\nRUN echo late\n',
  settingsAfter: { buildArgs: { LATE: '2' } },
  expect: { classic: [5], buildkit: [5] },
});
scenario({
  name: 'a global ARG not redeclared in the stage',
  dockerfile: 'ARG GLOBAL=1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo $GLOBAL\n',
  settingsAfter: { buildArgs: { GLOBAL: '2' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a global ARG redeclared in the stage',
  dockerfile: 'ARG GLOBAL=1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG GLOBAL\nRUN echo $GLOBAL\n',
  settingsAfter: { buildArgs: { GLOBAL: '2' } },
  expect: { classic: [5], buildkit: [5] },
});
scenario({
  name: 'an ENV edit',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV MODE=a\nRUN echo $MODE\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV MODE=b\nRUN echo $MODE\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'RUN white space: indentation, keyword case and trailing blanks keep the cache',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a && echo b\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\n   run echo a && echo b   \n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'RUN white space inside the command and re-wrapping miss',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a && echo b\nRUN echo c\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a && \\\n    echo b\nRUN echo c\n',
  expect: { classic: [3, 5], buildkit: [3, 5] },
});
scenario({
  name: 'comments',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a\n',
  dockerfileAfter: '# a comment\nFROM {{base}}\n# another\nRUN echo {{nonce}} > /nonce\nRUN echo a\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'metadata edits and reordering',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nLABEL a=1\nEXPOSE 80\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nEXPOSE 80\nLABEL a=2\nRUN echo a\n',
  expect: { classic: [3, 4, 5], buildkit: [] },
});
scenario({
  name: 'an ONBUILD trigger edit',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo x\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo y\nRUN echo a\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'ONBUILD keyword case and the blanks after it keep the cache',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo x\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nonbuild   RUN echo x\nRUN echo a\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'trailing blanks after an ONBUILD trigger miss (the trigger is recorded as written)',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo x\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo x   \nRUN echo a\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a HEALTHCHECK written differently with the same meaning',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK --interval=30s CMD true\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK --interval=30000ms cmd true\nRUN echo a\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a WORKDIR edit',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nRUN pwd\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /srv\nRUN pwd\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an edit in a stage the target does not use',
  dockerfile:
    'FROM {{base}} AS unused\nRUN echo {{nonce}} unused\nFROM {{base}} AS app\nRUN echo {{nonce}} > /nonce\nRUN echo app\n',
  dockerfileAfter:
    'FROM {{base}} AS unused\nRUN echo {{nonce}} unused changed\nFROM {{base}} AS app\nRUN echo {{nonce}} > /nonce\nRUN echo app\n',
  expect: { classic: [2], buildkit: [] },
});
scenario({
  name: 'COPY --from a rebuilt stage with identical output',
  dockerfile:
    'FROM {{base}} AS build\nRUN echo {{nonce}} > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=build /out /out\nRUN cat /out\n',
  dockerfileAfter:
    'FROM {{base}} AS build\nRUN echo  {{nonce}} > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=build /out /out\nRUN cat /out\n',
  // The plan says the consumers rerun only if the output changed (conditional); the engine compares by content.
  expect: { classic: [2, 5, 6], buildkit: [2, 5, 6] },
});
scenario({
  name: 'ADD of a local tar re-packed with new member mtimes',
  files: { 'payload/a.txt': 'a\n' },
  setup: packTar,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD files.tar /x/\nRUN ls /x\n',
  mutate: async (dir) => {
    await utimes(join(dir, 'payload/a.txt'), new Date(2002, 2, 2), new Date(2002, 2, 2));
    packTar(dir);
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a symlink inside a copied directory gets a new target',
  files: { 'tree/a.txt': 'a\n', 'tree/b.txt': 'b\n', 'tree/link': { symlink: 'a.txt' } },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls -l /tree\n',
  mutate: async (dir) => {
    await unlink(join(dir, 'tree/link'));
    await symlink('b.txt', join(dir, 'tree/link'));
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an empty directory appears in a copied directory',
  files: { 'tree/a.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls -R /tree\n',
  mutate: (dir) => mkdir(join(dir, 'tree/empty')),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a source moved to another directory with the same name and content',
  files: { 'dir1/a.txt': 'same\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY dir1/a.txt /a.txt\nRUN cat /a.txt\n',
  mutate: async (dir) => {
    await mkdir(join(dir, 'dir2'));
    await rename(join(dir, 'dir1/a.txt'), join(dir, 'dir2/a.txt'));
  },
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY dir2/a.txt /a.txt\nRUN cat /a.txt\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a source renamed',
  files: { 'a.txt': 'same\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY a.txt /a.txt\nRUN cat /a.txt\n',
  mutate: (dir) => rename(join(dir, 'a.txt'), join(dir, 'b.txt')),
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY b.txt /a.txt\nRUN cat /a.txt\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'the network mode of the build',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo net\n',
  settings: { network: 'none' },
  settingsAfter: { network: 'host' },
  expect: { classic: [], buildkit: [2, 3] },
});

// BuildKit only: the classic builder has no RUN --mount.
const MOUNTED = { 'data/a.txt': 'a\n', 'data/b.txt': 'b\n', 'other.txt': 'other\n' };
const MOUNT_DATA =
  'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=data,target=/data cat /data/a.txt\nRUN echo after\n';
scenario({
  name: 'a file under a RUN bind mount of the context changes',
  files: MOUNTED,
  dockerfile: MOUNT_DATA,
  mutate: (dir) => writeFile(join(dir, 'data/b.txt'), 'b, changed\n'),
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});
scenario({
  name: 'a file outside what a RUN bind mount takes changes',
  files: MOUNTED,
  dockerfile: MOUNT_DATA,
  mutate: (dir) => writeFile(join(dir, 'other.txt'), 'other, changed\n'),
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'touching a bind-mounted file (mtime only)',
  files: MOUNTED,
  dockerfile: MOUNT_DATA,
  mutate: (dir) => utimes(join(dir, 'data/a.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1)),
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'any file changing under a bind mount of the whole context',
  files: MOUNTED,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=target=/ctx cat /ctx/data/a.txt\nRUN echo after\n',
  mutate: (dir) => writeFile(join(dir, 'other.txt'), 'other, changed\n'),
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});

scenario({
  name: 'chmod of a file a RUN bind-mounts on its own',
  files: MOUNTED,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=data/a.txt,target=/a.txt cat /a.txt\nRUN echo after\n',
  mutate: (dir) => chmod(join(dir, 'data/a.txt'), 0o755),
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});

// Instructions and sources a real Dockerfile changes often.
scenario({
  name: 'a COPY --chown edit',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chown=1:1 app.txt /app/\nRUN ls -ln /app\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chown=2:2 app.txt /app/\nRUN ls -ln /app\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a USER edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nUSER 1:1\nRUN id\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nUSER 2:2\nRUN id\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'a SHELL edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-c"]\nRUN echo a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-ec"]\nRUN echo a\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'an ENV whose value comes from a build arg given a new value',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=1\nENV E=$V\nRUN echo $E\n',
  settings: { buildArgs: { V: '1' } },
  settingsAfter: { buildArgs: { V: '2' } },
  expect: { classic: [4, 5], buildkit: [5] },
});
scenario({
  name: 'sources of one COPY given in another order',
  files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY a.txt b.txt /d/\nRUN ls /d\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY b.txt a.txt /d/\nRUN ls /d\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a file renamed inside a copied directory',
  files: { 'tree/a.txt': 'a\n', 'tree/b.txt': 'b\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls /tree\n',
  mutate: (dir) => rename(join(dir, 'tree/a.txt'), join(dir, 'tree/c.txt')),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a COPY source that is a symlink to a directory whose file changes',
  files: { 'real/a.txt': 'a\n', current: { symlink: 'real' } },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY current /x\nRUN ls /x\n',
  mutate: (dir) => writeFile(join(dir, 'real/a.txt'), 'changed\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
const REINCLUDED = { '.dockerignore': '*.md\n!README.md\n', 'README.md': 'read me\n', 'NOTES.md': 'notes\n', 'app.txt': 'app\n' };
const COPY_ALL = 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /app\nRUN ls /app\n';
scenario({
  name: 'an edit of a file a .dockerignore pattern excludes',
  files: REINCLUDED,
  dockerfile: COPY_ALL,
  mutate: (dir) => writeFile(join(dir, 'NOTES.md'), 'other notes\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an edit of a file a .dockerignore exception brings back',
  files: REINCLUDED,
  dockerfile: COPY_ALL,
  mutate: (dir) => writeFile(join(dir, 'README.md'), 'read me again\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a COPY --chmod edit',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=644 app.txt /app/\nRUN ls -l /app\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=600 app.txt /app/\nRUN ls -l /app\n',
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount given another id',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,id=one,target=/cache ls /cache\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,id=two,target=/cache ls /cache\nRUN echo after\n',
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});

scenario({
  name: 'a cache mount given its default id and sharing mode explicitly',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/cache ls /cache\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,id=/cache,sharing=shared,target=/cache ls /cache\nRUN echo after\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount given another sharing mode',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/cache ls /cache\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/cache,sharing=locked ls /cache\nRUN echo after\n',
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});

scenario({
  name: 'chmod of a file copied with --chmod',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=600 app.txt /app/\nRUN ls -l /app\n',
  mutate: (dir) => chmod(join(dir, 'app.txt'), 0o755),
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});
scenario({
  name: 'COPY --from a stage whose other outputs changed',
  dockerfile:
    'FROM {{base}} AS build\nRUN mkdir /out && echo {{nonce}} > /out/a && echo one > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=build /out/a /a\nRUN cat /a\n',
  dockerfileAfter:
    'FROM {{base}} AS build\nRUN mkdir /out && echo {{nonce}} > /out/a && echo two > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=build /out/a /a\nRUN cat /a\n',
  expect: { classic: [2, 5, 6], buildkit: [2, 5, 6] },
});
scenario({
  name: 'a wildcard source matching directories, a file deep in one changing',
  files: { 'src/one/deep/a.txt': 'a\n', 'src/two/b.txt': 'b\n', 'src/top.txt': 'top\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY src/* /x/\nRUN ls -R /x\n',
  mutate: (dir) => writeFile(join(dir, 'src/one/deep/a.txt'), 'A\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

scenario({
  name: 'an ONBUILD trigger of a stage used as a base is edited',
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo one > /onbuilt\nFROM parent\nRUN cat /onbuilt || echo none\n',
  dockerfileAfter: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nONBUILD RUN echo two > /onbuilt\nFROM parent\nRUN cat /onbuilt || echo none\n',
  expect: { classic: [3, 4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'an edit after the FROM of a stage built on another stage',
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nFROM parent\nRUN echo one\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nFROM parent\nRUN echo two\nRUN echo after\n',
  expect: { classic: [4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'a build arg given the value of its default',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=1\nRUN echo $V\n',
  settingsAfter: { buildArgs: { V: '1' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a LABEL whose value comes from a build arg given a new value',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG REVISION=1\nLABEL revision=$REVISION\nRUN echo after\n',
  settings: { buildArgs: { REVISION: 'a' } },
  settingsAfter: { buildArgs: { REVISION: 'b' } },
  expect: { classic: [4, 5], buildkit: [5] },
});
scenario({
  name: 'a CMD edit',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD ["echo", "one"]\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD ["echo", "two"]\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a COPY destination written as the directory instead of the file path',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /app/app.txt\nRUN cat /app/app.txt\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /app/\nRUN cat /app/app.txt\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a copied file replaced by a symlink to a file with the same content',
  files: { 'tree/a.txt': 'same\n', 'other.txt': 'same\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls -l /tree\n',
  mutate: async (dir) => {
    await unlink(join(dir, 'tree/a.txt'));
    await symlink('../other.txt', join(dir, 'tree/a.txt'));
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an ENV no later step reads, edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV UNUSED=1\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV UNUSED=2\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'a stage redeclaring a global ARG with another default',
  dockerfile: 'ARG V=global\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=one\nRUN echo $V\n',
  dockerfileAfter: 'ARG V=global\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=two\nRUN echo $V\n',
  expect: { classic: [4, 5], buildkit: [5] },
});

scenario({
  name: 'a WORKDIR set from an ENV edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV DIR=/one\nWORKDIR $DIR\nRUN pwd\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV DIR=/two\nWORKDIR $DIR\nRUN pwd\n',
  expect: { classic: [3, 4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'an ADD of a plain file whose content changes',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD app.txt /app/\nRUN cat /app/app.txt\n',
  mutate: (dir) => writeFile(join(dir, 'app.txt'), 'changed\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'COPY --from switched to a stage the build did not need before',
  dockerfile:
    'FROM {{base}} AS one\nRUN echo {{nonce}} one > /out\nFROM {{base}} AS two\nRUN echo {{nonce}} two > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=one /out /out\nRUN cat /out\n',
  dockerfileAfter:
    'FROM {{base}} AS one\nRUN echo {{nonce}} one > /out\nFROM {{base}} AS two\nRUN echo {{nonce}} two > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=two /out /out\nRUN cat /out\n',
  // BuildKit skipped stage two before: now needed, it runs (line 4). The classic builder builds every stage.
  expect: { classic: [7, 8], buildkit: [4, 7, 8] },
});
scenario({
  name: 'a global ARG used only in FROM, given on the command line with its default value',
  dockerfile: 'ARG BASE={{base}}\nFROM $BASE\nRUN echo {{nonce}} > /nonce\nRUN echo after\n',
  settingsAfter: { buildArgs: { BASE: '{{base}}' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a hidden file appears in a copied directory',
  files: { 'tree/a.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls -a /tree\n',
  mutate: (dir) => writeFile(join(dir, 'tree/.hidden'), 'h\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

scenario({
  name: 'a build arg naming the COPY source given another file',
  files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG SOURCE=a.txt\nCOPY $SOURCE /copied\nRUN cat /copied\n',
  settingsAfter: { buildArgs: { SOURCE: 'b.txt' } },
  expect: { classic: [4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'an ENV used in a COPY destination edited',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV DEST=/one\nCOPY app.txt $DEST/\nRUN ls /one /two || true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV DEST=/two\nCOPY app.txt $DEST/\nRUN ls /one /two || true\n',
  expect: { classic: [3, 4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'the first of two relative WORKDIRs edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR one\nWORKDIR sub\nRUN pwd\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR two\nWORKDIR sub\nRUN pwd\n',
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
const KEPT = { '.dockerignore': 'docs\n!docs/keep.txt\n', 'docs/keep.txt': 'keep\n', 'docs/other.txt': 'other\n', 'app.txt': 'app\n' };
scenario({
  name: 'an edit of a file in an excluded directory',
  files: KEPT,
  dockerfile: COPY_ALL,
  mutate: (dir) => writeFile(join(dir, 'docs/other.txt'), 'edited\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an edit of the file an exception keeps in an excluded directory',
  files: KEPT,
  dockerfile: COPY_ALL,
  mutate: (dir) => writeFile(join(dir, 'docs/keep.txt'), 'edited\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a stage ARG without a default given a new value',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG MODE\nRUN echo $MODE\n',
  settings: { buildArgs: { MODE: 'debug' } },
  settingsAfter: { buildArgs: { MODE: 'release' } },
  expect: { classic: [4], buildkit: [4] },
});
scenario({
  name: 'a file with a space in its name, copied in the JSON form, edited',
  files: { 'a b.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY ["a b.txt", "/x/"]\nRUN ls /x\n',
  mutate: (dir) => writeFile(join(dir, 'a b.txt'), 'A\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a directory named like the wildcard appears next to the matched files',
  files: { 'a.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY *.txt /x/\nRUN ls -R /x\n',
  mutate: async (dir) => {
    await mkdir(join(dir, 'd.txt'));
    await writeFile(join(dir, 'd.txt', 'inner'), 'i\n');
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

// A cross build: the engine builds for another platform. Only the stage FROM --platform=$BUILDPLATFORM puts on
// this machine's platform can run here, and it is the one a cross build keeps cached whatever the target.
const CROSS = 'FROM --platform=$BUILDPLATFORM {{base}} AS build\nRUN echo {{nonce}} > /nonce\nARG TARGETARCH\nRUN echo $TARGETARCH\n';
scenario({
  name: 'another target platform: a stage on the build platform keeps its steps before the target ARG',
  dockerfile: CROSS,
  settings: { target: 'build', platform: hostPlatform() },
  settingsAfter: { target: 'build', platform: hostPlatform() === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64' },
  expect: { classic: [], buildkit: [4] },
  builders: ['buildkit'],
});

// Metadata instructions the classic builder commits as steps of their own; BuildKit keys none of them.
scenario({
  name: 'a VOLUME edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME /data\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME /data /more\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a STOPSIGNAL edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSTOPSIGNAL SIGTERM\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSTOPSIGNAL SIGINT\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'an ENTRYPOINT edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT ["echo", "one"]\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT ["echo", "two"]\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a HEALTHCHECK interval edit before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK --interval=30s CMD true\nRUN echo after\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK --interval=40s CMD true\nRUN echo after\n',
  expect: { classic: [3, 4], buildkit: [] },
});

// ARG and ENV values. BuildKit keeps them in one ordered environment, where each ENV pair or valued ARG goes
// last; the classic builder keeps ARGs apart, below ENV, and per declaration.
scenario({
  name: 'an ARG redeclared without a value, the first default edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=1\nARG V\nRUN echo $V\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=2\nARG V\nRUN echo $V\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});
scenario({
  name: 'an ARG redeclared without a value, given its first default as a build arg',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=1\nARG V\nRUN echo $V\n',
  settingsAfter: { buildArgs: { V: '1' } },
  // The classic builder forgets the first default at the second declaration; BuildKit keeps it, so the build arg
  // gives the value the RUN had.
  expect: { classic: [5], buildkit: [] },
});
scenario({
  name: 'an ARG declared after an ENV of the same name, its default edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV V=e\nARG V=1\nRUN echo $V\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV V=e\nARG V=2\nRUN echo $V\n',
  // Under BuildKit the ARG's value replaces the ENV's for the RUN (it prints 1, then 2); classic keeps the ENV.
  expect: { classic: [4, 5], buildkit: [5] },
});
scenario({
  name: 'an ARG of a base stage given a new value, a RUN in the stage built on it',
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nARG V=1\nFROM parent\nRUN echo $V\n',
  settingsAfter: { buildArgs: { V: '2' } },
  // BuildKit carries the parent stage's ARG values into the stage built on it; the classic builder does not.
  expect: { classic: [], buildkit: [5] },
});
scenario({
  name: 'an ARG redeclared with another default, given a build arg',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V=1\nRUN echo early\nARG V=2\nRUN echo $V\n',
  settingsAfter: { buildArgs: { V: '3' } },
  expect: { classic: [4, 5, 6], buildkit: [4, 6] },
});
scenario({
  name: 'a build arg given an empty value where none was given',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG V\nRUN echo "[$V]"\n',
  settingsAfter: { buildArgs: { V: '' } },
  expect: { classic: [4], buildkit: [4] },
});
scenario({
  name: 'an ARG default referencing an earlier ARG whose default is edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG A=1\nARG B=x$A\nRUN echo $B\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG A=2\nARG B=x$A\nRUN echo $B\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});
scenario({
  name: 'a stage ARG default referencing a global ARG the stage does not redeclare',
  dockerfile: 'ARG G=1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG B=x$G\nRUN echo $B\n',
  settingsAfter: { buildArgs: { G: '2' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'the pairs of one ENV given in another order',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1 B=2\nRUN echo $A$B\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV B=2 A=1\nRUN echo $A$B\n',
  // The same variables in another order are another environment for BuildKit.
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'an ENV referencing an earlier ENV, the earlier one edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nENV B=$A/x\nRUN echo $B\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=2\nENV B=$A/x\nRUN echo $B\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});

// Other stages and images as sources.
scenario({
  name: 'COPY --from a local image, a later RUN edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from={{base}} /bin/busybox /bb\nRUN ls -l /bb\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from={{base}} /bin/busybox /bb\nRUN ls /bb\n',
  expect: { classic: [4], buildkit: [4] },
});
scenario({
  name: 'COPY --from a stage name rewritten as its index',
  dockerfile: 'FROM {{base}} AS build\nRUN echo {{nonce}} > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=build /out /out\nRUN cat /out\n',
  dockerfileAfter: 'FROM {{base}} AS build\nRUN echo {{nonce}} > /out\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=0 /out /out\nRUN cat /out\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'COPY --from by index, a stage edit that keeps the copied file',
  dockerfile:
    'FROM {{base}}\nRUN mkdir /out && echo {{nonce}} > /out/a && echo one > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=0 /out/a /a\nRUN cat /a\n',
  dockerfileAfter:
    'FROM {{base}}\nRUN mkdir /out && echo {{nonce}} > /out/a && echo two > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --from=0 /out/a /a\nRUN cat /a\n',
  expect: { classic: [2, 5, 6], buildkit: [2, 5, 6] },
});
scenario({
  name: 'an edit in a stage another stage is built FROM',
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nRUN echo one > /one\nFROM parent\nRUN cat /one\n',
  dockerfileAfter: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nRUN echo two > /one\nFROM parent\nRUN cat /one\n',
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  name: 'an edit in a stage after the target',
  dockerfile: 'FROM {{base}} AS app\nRUN echo {{nonce}} > /nonce\nRUN echo app\nFROM {{base}} AS later\nRUN echo {{nonce}} later\n',
  dockerfileAfter: 'FROM {{base}} AS app\nRUN echo {{nonce}} > /nonce\nRUN echo app\nFROM {{base}} AS later\nRUN echo {{nonce}} later, changed\n',
  settings: { target: 'app' },
  expect: { classic: [], buildkit: [] },
});

// ADD and COPY sources.
scenario({
  name: 'ADD of a local .tar.gz whose member content changes',
  files: { 'payload/a.txt': 'a\n' },
  setup: packTarGz,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD files.tar.gz /x/\nRUN cat /x/a.txt\n',
  mutate: async (dir) => {
    await writeFile(join(dir, 'payload/a.txt'), 'A, changed\n');
    packTarGz(dir);
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'ADD of a directory, a file in it changes',
  files: { 'tree/a.txt': 'a\n', 'tree/sub/b.txt': 'b\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD tree /tree\nRUN ls -R /tree\n',
  mutate: (dir) => writeFile(join(dir, 'tree/sub/b.txt'), 'b, changed\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a wildcard source losing one of its matches',
  files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY *.txt /d/\nRUN ls /d\n',
  mutate: (dir) => unlink(join(dir, 'b.txt')),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an empty file appears in a copied directory',
  files: { 'tree/a.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls /tree\n',
  mutate: (dir) => writeFile(join(dir, 'tree/empty'), ''),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a copied file truncated to empty',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => truncate(join(dir, 'app.txt')),
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  name: 'a hard-linked file edited through its other name',
  files: { 'tree/a.txt': 'a\n' },
  setup: (dir) => link(join(dir, 'tree/a.txt'), join(dir, 'tree/b.txt')),
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree/a.txt /a.txt\nRUN cat /a.txt\n',
  mutate: (dir) => writeFile(join(dir, 'tree/b.txt'), 'changed through b\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'the setuid bit set on a copied file',
  files: { 'tool.sh': { content: '#!/bin/sh\n', mode: 0o755 } },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tool.sh /tool.sh\nRUN ls -l /tool.sh\n',
  mutate: (dir) => chmod(join(dir, 'tool.sh'), 0o4755),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'the sticky bit set on a copied directory',
  files: { 'tree/a.txt': 'a\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY tree /tree\nRUN ls -ld /tree\n',
  mutate: (dir) => chmod(join(dir, 'tree'), 0o1777),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  // The docker CLI, and dfkit's runtime, send every file as owned by root: a chown in the context is not seen.
  name: 'chown of a copied file',
  files: APP,
  dockerfile: COPY_APP,
  mutate: (dir) => chown(join(dir, 'app.txt'), 1234, 1234),
  expect: { classic: [], buildkit: [] },
});

// RUN and WORKDIR.
scenario({
  name: 'a WORKDIR an earlier RUN created, that RUN edited',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN mkdir /app && echo one > /app/f\nWORKDIR /app\nRUN cat f\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN mkdir /app && echo two > /app/f\nWORKDIR /app\nRUN cat f\n',
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
const PASSWD = "RUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\n";
scenario({
  // BuildKit reads `root` as 0 before keying the copy (other names are keyed as written); the classic builder
  // records the flag as written.
  name: 'COPY --chown by name instead of by number',
  files: APP,
  dockerfile: `FROM {{base}}\n${PASSWD}COPY --chown=0:0 app.txt /app/\nRUN ls -ln /app\n`,
  dockerfileAfter: `FROM {{base}}\n${PASSWD}COPY --chown=root:root app.txt /app/\nRUN ls -ln /app\n`,
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  // The classic builder removes the Dockerfile from an uploaded context that .dockerignore says excludes it, as
  // the docker CLI leaves it out. BuildKit reads the Dockerfile from the uploaded tar and does not filter it, so
  // there `COPY .` takes it and an edit reruns the copy: a property of uploading a tar, not of the cache model.
  name: 'the Dockerfile listed in .dockerignore, a RUN after COPY . edited',
  files: { ...APP, '.dockerignore': 'Dockerfile\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /ctx/\nRUN ls /ctx\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY . /ctx/\nRUN ls -a /ctx\n',
  expect: { classic: [4], buildkit: [4] },
  builders: ['classic'],
});

scenario({
  // BuildKit keys the environment a RUN sees, which is the same; the classic builder has one more step.
  name: 'an ENV set again to the value it has, before a RUN',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nRUN echo $A\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nENV A=1\nRUN echo $A\n',
  expect: { classic: [4, 5], buildkit: [] },
});
scenario({
  // Both builders keep an absolute WORKDIR as written: BuildKit makes the same directory but runs the RUN in
  // `/app/`, which is another working directory to its cache; the classic builder records another WORKDIR.
  name: 'a WORKDIR given a trailing slash',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nRUN pwd\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app/\nRUN pwd\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'an EXPOSE written with its protocol',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nEXPOSE 80\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nEXPOSE 80/tcp\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  // BuildKit keys the mode, not the text.
  name: 'a COPY --chmod written with a leading zero',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=755 app.txt /app/\nRUN ls -l /app\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=0755 app.txt /app/\nRUN ls -l /app\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a WORKDIR written as a relative path to the same directory',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nWORKDIR /app/sub\nRUN pwd\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nWORKDIR sub\nRUN pwd\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a USER written with a group',
  dockerfile: `FROM {{base}}\n${PASSWD}USER 0\nRUN id\n`,
  dockerfileAfter: `FROM {{base}}\n${PASSWD}USER 0:0\nRUN id\n`,
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  // The mount's target is keyed as written, though the cache it names (its id, the clean target) is the same.
  name: 'a cache mount target written with a trailing slash',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c/ true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});

scenario({
  name: 'an ENV value written in quotes',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nRUN echo $A\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A="1"\nRUN echo $A\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV rewritten in its legacy form',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nRUN echo $A\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A 1\nRUN echo $A\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a LABEL value written in quotes',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nLABEL a=b\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nLABEL a="b"\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a JSON CMD written with other spacing',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD ["a","b"]\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD [ "a", "b" ]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ARG default written in quotes (the classic builder records the value)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG A=1\nRUN echo $A\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG A="1"\nRUN echo $A\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV of two pairs split into two ENVs',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1 B=2\nRUN echo $A\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nENV B=2\nRUN echo $A\n',
  expect: { classic: [3, 4, 5], buildkit: [] },
});
scenario({
  name: 'a VOLUME rewritten in the JSON form',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME /v\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME ["/v"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'the ports of one EXPOSE reordered (the instruction parser sorts them)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nEXPOSE 80 81\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nEXPOSE 81 80\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a WORKDIR written with more blanks',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR   /app\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'the flags of a COPY given in another order',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chown=1:1 --chmod=644 app.txt /a\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=644 --chown=1:1 app.txt /a\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

scenario({
  name: 'a bind mount source written as an absolute path with a trailing /',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=src,target=/m ls /m\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=/src/,target=/m ls /m\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a bind mount source written with ./',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=app.txt,target=/m cat /m\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=./app.txt,target=/m cat /m\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a COPY source written with ./',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /a/\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY ./app.txt /a/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY destination written with /./',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /a/b\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /a/./b\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a COPY destination written with //',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /a/b\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /a//b\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'the default SHELL written out before a RUN',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo hi\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-c"]\nRUN echo hi\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a COPY source directory written with a trailing /',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY src /s\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY src/ /s\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});

scenario({
  name: 'a COPY destination . written as ./ (BuildKit copies to the same directory; classic records the text)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt .\nRUN ls\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt ./\nRUN ls\n',
  expect: { classic: [4, 5], buildkit: [] },
});
scenario({
  name: 'a COPY destination . written as the absolute path of the working directory',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt .\nRUN ls\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt /app/\nRUN ls\n',
  expect: { classic: [4, 5], buildkit: [] },
});
scenario({
  name: 'a relative COPY destination written as an absolute path',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt x.txt\nRUN ls\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /app\nCOPY app.txt /app/x.txt\nRUN ls\n',
  expect: { classic: [4, 5], buildkit: [] },
});
scenario({
  name: 'a COPY --from source written without its leading /',
  files: APP,
  dockerfile: 'FROM {{base}} AS a\nRUN echo {{nonce}} > /x\nFROM {{base}}\nCOPY --from=a /x /y\nRUN cat /y\n',
  dockerfileAfter: 'FROM {{base}} AS a\nRUN echo {{nonce}} > /x\nFROM {{base}}\nCOPY --from=a x /y\nRUN cat /y\n',
  expect: { classic: [], buildkit: [] },
});

scenario({
  name: 'a COPY --chown of a user given its group too',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nCOPY --chown=0 app.txt /a/\nRUN ls -ln /a\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nCOPY --chown=0:0 app.txt /a/\nRUN ls -ln /a\n',
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount given uid=0 explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nRUN --mount=type=cache,target=/c,uid=0 true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a USER edit before a COPY (BuildKit copies as root)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nUSER 0\nCOPY app.txt /a/\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nUSER 1\nCOPY app.txt /a/\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a tmpfs mount added to a RUN',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nRUN --mount=type=tmpfs,target=/t true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});

// Short scenarios: two spellings of one instruction, or one small edit, and what each builder keys of it.
const BASE = 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\n';
scenario({
  name: 'a bind mount made writable',
  files: MOUNTED,
  dockerfile: BASE + 'RUN --mount=type=bind,source=data,target=/d cat /d/a.txt\n',
  dockerfileAfter: BASE + 'RUN --mount=type=bind,source=data,target=/d,rw cat /d/a.txt\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a bind mount given its default ro explicitly',
  files: MOUNTED,
  dockerfile: BASE + 'RUN --mount=type=bind,source=data,target=/d cat /d/a.txt\n',
  dockerfileAfter: BASE + 'RUN --mount=type=bind,source=data,target=/d,ro cat /d/a.txt\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount mode written without its leading zero',
  dockerfile: BASE + 'RUN --mount=type=cache,target=/c,mode=0755 true\n',
  dockerfileAfter: BASE + 'RUN --mount=type=cache,target=/c,mode=755 true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount made read-only',
  dockerfile: BASE + 'RUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: BASE + 'RUN --mount=type=cache,target=/c,ro true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a bind mount of the whole context given source=.',
  files: MOUNTED,
  dockerfile: BASE + 'RUN --mount=type=bind,target=/d cat /d/other.txt\n',
  dockerfileAfter: BASE + 'RUN --mount=type=bind,source=.,target=/d cat /d/other.txt\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an ENV value with an escaped blank written in quotes',
  dockerfile: BASE + 'ENV A=a\\ b\nRUN echo "$A"\n',
  dockerfileAfter: BASE + 'ENV A="a b"\nRUN echo "$A"\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a LABEL key written in quotes',
  dockerfile: BASE + 'LABEL a=b\nRUN true\n',
  dockerfileAfter: BASE + 'LABEL "a"=b\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an EXPOSE port given twice',
  dockerfile: BASE + 'EXPOSE 80\nRUN true\n',
  dockerfileAfter: BASE + 'EXPOSE 80 80\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'two EXPOSE ports written as a range',
  dockerfile: BASE + 'EXPOSE 80 81\nRUN true\n',
  dockerfileAfter: BASE + 'EXPOSE 80-81\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'an EXPOSE protocol written in upper case',
  dockerfile: BASE + 'EXPOSE 80/udp\nRUN true\n',
  dockerfileAfter: BASE + 'EXPOSE 80/UDP\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a STOPSIGNAL name written with SIG',
  dockerfile: BASE + 'STOPSIGNAL TERM\nRUN true\n',
  dockerfileAfter: BASE + 'STOPSIGNAL SIGTERM\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'the paths of one VOLUME reordered',
  dockerfile: BASE + 'VOLUME /a /b\nRUN true\n',
  dockerfileAfter: BASE + 'VOLUME /b /a\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a VOLUME path given a trailing slash',
  dockerfile: BASE + 'VOLUME /a\nRUN true\n',
  dockerfileAfter: BASE + 'VOLUME /a/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a COPY of a directory rewritten as a wildcard of its entries',
  files: APP,
  dockerfile: BASE + 'COPY src/ /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY src/* /d/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a COPY rewritten in the JSON form',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY ["app.txt", "/d/"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a WORKDIR split into two',
  dockerfile: BASE + 'WORKDIR /a/b\nRUN true\n',
  dockerfileAfter: BASE + 'WORKDIR /a\nWORKDIR b\nRUN true\n',
  expect: { classic: [3, 4, 5], buildkit: [3, 4, 5] },
});
scenario({
  name: 'an ARG without a value given an empty default',
  dockerfile: BASE + 'ARG A\nRUN true\n',
  dockerfileAfter: BASE + 'ARG A=\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'a RUN continuation rewritten with the escape directive',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a \\\n b\n',
  dockerfileAfter: '# escape=`\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo a `\n b\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a file named like a bracket pattern, which the pattern does not match, edited',
  builders: ['buildkit'],
  files: { 'a[1].txt': 'x\n' },
  dockerfile: BASE + 'COPY a[1].txt /d/\nRUN true\n',
  mutate: (dir) => writeFile(join(dir, 'a[1].txt'), 'y\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV of an empty value added before a RUN',
  dockerfile: BASE + 'RUN true\n',
  dockerfileAfter: BASE + 'ENV A=\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'a SHELL written with other spacing',
  dockerfile: BASE + 'SHELL ["/bin/sh","-c"]\nRUN true\n',
  dockerfileAfter: BASE + 'SHELL [ "/bin/sh", "-c" ]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ARG default written in single quotes',
  dockerfile: BASE + 'ARG A=x\nRUN true\n',
  dockerfileAfter: BASE + "ARG A='x'\nRUN true\n",
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY given the --chmod its file already has',
  builders: ['buildkit'],
  files: { 'app.txt': { content: 'x\n', mode: 0o644 } },
  dockerfile: BASE + 'COPY app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY --chmod=644 app.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});

const BASE_WITH_ROOT = 'FROM {{base}}\n' + PASSWD;
scenario({
  name: 'a USER given trailing blanks',
  dockerfile: BASE_WITH_ROOT + 'USER 0\nRUN true\n',
  dockerfileAfter: BASE_WITH_ROOT + 'USER 0   \nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ADD of a local tar renamed',
  files: {},
  setup: async (dir) => { await mkdir(join(dir, 'payload')); await writeFile(join(dir, 'payload/x.txt'), 'x\n'); packTar(dir); },
  dockerfile: BASE + 'ADD files.tar /d/\nRUN true\n',
  mutate: (dir) => rename(join(dir, 'files.tar'), join(dir, 'other.tar')),
  dockerfileAfter: BASE + 'ADD other.tar /d/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'two cache mounts written the other way round',
  dockerfile: BASE + 'RUN --mount=type=cache,target=/a --mount=type=cache,target=/b true\n',
  dockerfileAfter: BASE + 'RUN --mount=type=cache,target=/b --mount=type=cache,target=/a true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'the options of a cache mount reordered',
  dockerfile: BASE + 'RUN --mount=type=cache,target=/c,id=x true\n',
  dockerfileAfter: BASE + 'RUN --mount=target=/c,id=x,type=cache true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a bind mount given its default type explicitly',
  files: MOUNTED,
  dockerfile: BASE + 'RUN --mount=source=data,target=/d cat /d/a.txt\n',
  dockerfileAfter: BASE + 'RUN --mount=type=bind,source=data,target=/d cat /d/a.txt\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a COPY --chown group written with a leading zero',
  files: APP,
  dockerfile: BASE + 'COPY --chown=1:1 app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY --chown=1:01 app.txt /d/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a COPY --chown given through an ARG of the same value',
  files: APP,
  dockerfile: BASE + 'ARG U=1\nCOPY --chown=1 app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'ARG U=1\nCOPY --chown=$U app.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a JSON CMD written with a unicode escape',
  dockerfile: BASE + 'CMD ["echo"]\nRUN true\n',
  dockerfileAfter: BASE + 'CMD ["\\u0065cho"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a LABEL of two pairs split into two LABELs',
  dockerfile: BASE + 'LABEL a=b c=d\nRUN true\n',
  dockerfileAfter: BASE + 'LABEL a=b\nLABEL c=d\nRUN true\n',
  expect: { classic: [3, 4, 5], buildkit: [] },
});
scenario({
  name: 'an ENV of an unset variable written as empty',
  dockerfile: BASE + 'ENV A=$UNSET\nRUN true\n',
  dockerfileAfter: BASE + 'ENV A=\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ARG default taken from an ENV, the ENV edited',
  dockerfile: BASE + 'ENV E=1\nARG B=$E\nRUN true\n',
  dockerfileAfter: BASE + 'ENV E=2\nARG B=$E\nRUN true\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});
scenario({
  name: 'HEALTHCHECK NONE written in lower case',
  dockerfile: BASE + 'HEALTHCHECK NONE\nRUN true\n',
  dockerfileAfter: BASE + 'HEALTHCHECK none\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENTRYPOINT given more blanks after the keyword',
  dockerfile: BASE + 'ENTRYPOINT echo a\nRUN true\n',
  dockerfileAfter: BASE + 'ENTRYPOINT    echo a\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a cache mount uid written as 00',
  dockerfile: BASE_WITH_ROOT + 'RUN --mount=type=cache,target=/c,uid=0 true\n',
  dockerfileAfter: BASE_WITH_ROOT + 'RUN --mount=type=cache,target=/c,uid=00 true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'an ADD of a local tar to a directory written without its trailing slash',
  files: {},
  setup: async (dir) => { await mkdir(join(dir, 'payload')); await writeFile(join(dir, 'payload/x.txt'), 'x\n'); packTar(dir); },
  dockerfile: BASE + 'ADD files.tar /d/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD files.tar /d\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a COPY destination given a trailing slash (a directory of that name)',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /d/app.txt\nRUN true\n',
  dockerfileAfter: BASE + 'COPY app.txt /d/app.txt/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a WORKDIR from an ENV whose value gains a trailing slash',
  dockerfile: BASE + 'ENV D=/w\nWORKDIR $D\nRUN true\n',
  dockerfileAfter: BASE + 'ENV D=/w/\nWORKDIR $D\nRUN true\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});
scenario({
  name: 'a JSON RUN written with other spacing',
  dockerfile: BASE + 'RUN ["true"]\n',
  dockerfileAfter: BASE + 'RUN [ "true" ]\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an unused ARG with a default declared before a RUN',
  dockerfile: BASE + 'RUN true\n',
  dockerfileAfter: BASE + 'ARG X=1\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [4] },
});
scenario({
  name: 'an EXPOSE added before a RUN',
  dockerfile: BASE + 'RUN true\n',
  dockerfileAfter: BASE + 'EXPOSE 80\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
});

// ADD of a URL, served on the loopback interface: the engine downloads it itself (not from a build
// container), so a build on network `none` reaches it. `{{http}}` is the server's origin followed by the case's
// own directory name, so cases running at the same time serve their files apart (the engines key a download
// on its file name and content, never on the rest of the URL).
const served = new Map<string, { body: string; lastModified: string }>();
const serve = (dir: string, path: string, body: string, lastModified = 'Mon, 03 Feb 2020 10:00:00 GMT'): Promise<void> => {
  served.set(`/${basename(dir)}${path}`, { body, lastModified });
  return Promise.resolve();
};
const addUrl = (path: string): string => `${BASE}ADD {{http}}${path} /d/tool.txt\nRUN cat /d/tool.txt\n`;
scenario({
  name: 'an ADD URL whose content changes',
  setup: (dir) => serve(dir, '/content/tool.txt', 'one\n'),
  dockerfile: addUrl('/content/tool.txt'),
  mutate: (dir) => serve(dir, '/content/tool.txt', 'two\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an ADD URL served again with a new Last-Modified, same content',
  setup: (dir) => serve(dir, '/modified/tool.txt', 'one\n'),
  dockerfile: addUrl('/modified/tool.txt'),
  mutate: (dir) => serve(dir, '/modified/tool.txt', 'one\n', 'Wed, 03 Feb 2021 10:00:00 GMT'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ADD URL moved to another directory and given a query, same file name and content',
  setup: async (dir) => {
    await serve(dir, '/v1/tool.txt', 'one\n');
    await serve(dir, '/v2/tool.txt', 'one\n');
  },
  dockerfile: addUrl('/v1/tool.txt'),
  dockerfileAfter: addUrl('/v2/tool.txt?download=1'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ADD URL given another file name, same content',
  setup: async (dir) => {
    await serve(dir, '/named/tool.txt', 'one\n');
    await serve(dir, '/named/other.txt', 'one\n');
  },
  dockerfile: addUrl('/named/tool.txt'),
  dockerfileAfter: addUrl('/named/other.txt'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

// Variables in the other instructions: both builders key what they expand to ($PATH reads the default PATH
// where no image sets one), except ONBUILD triggers, which the classic builder records as written.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
scenario({
  name: 'PATH extended from the default PATH, then written out',
  dockerfile: BASE + 'ENV PATH=$PATH:/x\nRUN true\n',
  dockerfileAfter: BASE + `ENV PATH=${DEFAULT_PATH}:/x\nRUN true\n`,
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV value from ${UNSET:-x} written as x',
  dockerfile: BASE + 'ENV A=${UNSET:-x}\nRUN true\n',
  dockerfileAfter: BASE + 'ENV A=x\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV value from ${B:+y} written as y',
  dockerfile: BASE + 'ENV B=1\nENV A=${B:+y}\nRUN true\n',
  dockerfileAfter: BASE + 'ENV B=1\nENV A=y\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a WORKDIR reading $HOME, which no ENV sets',
  dockerfile: BASE + 'WORKDIR /w$HOME\nRUN true\n',
  dockerfileAfter: BASE + 'WORKDIR /w\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY --chown of an unset variable removed',
  files: APP,
  dockerfile: BASE + 'COPY --chown=$NOPE app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY app.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV pair reading a variable the same ENV sets',
  dockerfile: BASE + 'ENV A=1 B=$A\nRUN true\n',
  dockerfileAfter: BASE + 'ENV A=1 B=\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an escaped $ in an ENV value written in single quotes',
  dockerfile: BASE + 'ENV A=\\$B\nRUN true\n',
  dockerfileAfter: BASE + "ENV A='$B'\nRUN true\n",
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY destination from an ARG written out',
  files: APP,
  dockerfile: BASE + 'ARG D=/d/\nCOPY app.txt $D\nRUN true\n',
  dockerfileAfter: BASE + 'ARG D=/d/\nCOPY app.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ENV value from an ARG, the ARG renamed',
  dockerfile: BASE + 'ARG V=1\nENV E=$V\nRUN true\n',
  dockerfileAfter: BASE + 'ARG W=1\nENV E=$W\nRUN true\n',
  expect: { classic: [3, 4, 5], buildkit: [5] },
});
scenario({
  name: 'a LABEL value from an ARG written out',
  dockerfile: BASE + 'ARG V=1\nLABEL v=$V\nRUN true\n',
  dockerfileAfter: BASE + 'ARG V=1\nLABEL v=1\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an EXPOSE port from an ARG written out',
  dockerfile: BASE + 'ARG P=80\nEXPOSE $P\nRUN true\n',
  dockerfileAfter: BASE + 'ARG P=80\nEXPOSE 80\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a USER from an ARG written out',
  dockerfile: BASE_WITH_ROOT + 'ARG U=0\nUSER $U\nRUN true\n',
  dockerfileAfter: BASE_WITH_ROOT + 'ARG U=0\nUSER 0\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a VOLUME from an ARG written out',
  dockerfile: BASE + 'ARG V=/v\nVOLUME $V\nRUN true\n',
  dockerfileAfter: BASE + 'ARG V=/v\nVOLUME /v\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a STOPSIGNAL from an ARG written out',
  dockerfile: BASE + 'ARG S=SIGKILL\nSTOPSIGNAL $S\nRUN true\n',
  dockerfileAfter: BASE + 'ARG S=SIGKILL\nSTOPSIGNAL SIGKILL\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a WORKDIR from an ARG written out',
  dockerfile: BASE + 'ARG W=/w\nWORKDIR $W\nRUN true\n',
  dockerfileAfter: BASE + 'ARG W=/w\nWORKDIR /w\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ONBUILD trigger with a variable written out (triggers are not expanded)',
  dockerfile: BASE + 'ARG W=1\nONBUILD RUN echo $W\nRUN true\n',
  dockerfileAfter: BASE + 'ARG W=1\nONBUILD RUN echo 1\nRUN true\n',
  expect: { classic: [4, 5], buildkit: [] },
});

scenario({
  name: 'a COPY --chmod of an unset variable removed',
  files: APP,
  dockerfile: BASE + 'COPY --chmod=$NOPE app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY app.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

// A stage's output seen through a mount, and symlinks among the sources.
scenario({
  name: 'a RUN mount of one file of a stage whose other outputs changed',
  builders: ['buildkit'],
  dockerfile: 'FROM {{base}} AS build\nRUN mkdir /out && echo {{nonce}} > /out/a && echo one > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=from=build,source=/out/a,target=/m cat /m\nRUN true\n',
  dockerfileAfter: 'FROM {{base}} AS build\nRUN mkdir /out && echo {{nonce}} > /out/a && echo two > /out/b\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=from=build,source=/out/a,target=/m cat /m\nRUN true\n',
  expect: { classic: [], buildkit: [2, 5, 6] },
});
scenario({
  name: 'a RUN mount of a stage rebuilt with identical output',
  builders: ['buildkit'],
  dockerfile: 'FROM {{base}} AS build\nRUN mkdir /out && echo {{nonce}} > /out/a\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=from=build,source=/out,target=/m cat /m/a\nRUN true\n',
  dockerfileAfter: 'FROM {{base}} AS build\nRUN mkdir  /out && echo {{nonce}} > /out/a\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=from=build,source=/out,target=/m cat /m/a\nRUN true\n',
  expect: { classic: [], buildkit: [2, 5, 6] },
});
scenario({
  name: 'a COPY source that is a symlink, retargeted to a file of the same content',
  files: { 'a.txt': 'same\n', 'b.txt': 'same\n', 'link.txt': { symlink: 'a.txt' } },
  dockerfile: BASE + 'COPY link.txt /d/\nRUN true\n',
  mutate: async (dir) => { await unlink(join(dir, 'link.txt')); await symlink('b.txt', join(dir, 'link.txt')); },
  expect: { classic: [3, 4], buildkit: [] },
});
scenario({
  name: 'a symlink in a copied directory retargeted to a file of the same content',
  files: { 'd/a.txt': 'same\n', 'd/b.txt': 'same\n', 'd/link.txt': { symlink: 'a.txt' } },
  dockerfile: BASE + 'COPY d /d/\nRUN true\n',
  mutate: async (dir) => { await unlink(join(dir, 'd/link.txt')); await symlink('b.txt', join(dir, 'd/link.txt')); },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a wildcard matching a symlink to a directory, a file in that directory changing',
  files: { 'real/x.txt': 'x\n', 'lnk': { symlink: 'real' } },
  dockerfile: BASE + 'COPY ln* /d/\nRUN true\n',
  mutate: (dir) => writeFile(join(dir, 'real/x.txt'), 'y\n'),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

// The base image written another way: each builder keys what the reference resolves to.
const BASE_ALIAS = testTag('busybox-alias');
scenario({
  name: 'FROM another tag of the same image',
  setup: () => { execFileSync('docker', ['tag', BASE_IMAGE, BASE_ALIAS]); },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: `FROM ${BASE_ALIAS}\nRUN echo {{nonce}} > /nonce\nRUN true\n`,
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: "FROM given this machine's platform explicitly",
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: `FROM --platform=${hostPlatform()} {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n`,
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'FROM --platform=$BUILDPLATFORM where it is the target platform',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: 'FROM --platform=$BUILDPLATFORM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a stage given a name',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: 'FROM {{base}} AS app\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a base image named through a global ARG',
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: 'ARG IMG={{base}}\nFROM $IMG\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});

// Modes of the directories a COPY takes: a source directory's own mode counts, also when only its contents are
// copied; the context root's does not.
scenario({
  name: 'chmod of a copied directory itself',
  files: APP,
  dockerfile: BASE + 'COPY src /app/src\nRUN true\n',
  mutate: (dir) => chmod(join(dir, 'src'), 0o700),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'chmod of a directory whose contents are copied into another',
  files: APP,
  dockerfile: BASE + 'COPY src /app/\nRUN true\n',
  mutate: (dir) => chmod(join(dir, 'src'), 0o700),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'chmod of the context directory, its contents copied',
  files: APP,
  dockerfile: BASE + 'COPY . /app/\nRUN true\n',
  mutate: (dir) => chmod(dir, 0o700),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'chmod of a directory a wildcard matches',
  files: APP,
  dockerfile: BASE + 'COPY sr* /app/\nRUN true\n',
  mutate: (dir) => chmod(join(dir, 'src'), 0o700),
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a copied directory renamed, the COPY edited to match',
  files: APP,
  dockerfile: BASE + 'COPY src /app/\nRUN true\n',
  mutate: async (dir) => { await rename(join(dir, 'src'), join(dir, 'lib')); },
  dockerfileAfter: BASE + 'COPY lib /app/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'chmod of a directory inside one copied with --chmod',
  files: APP,
  dockerfile: BASE + 'COPY --chmod=755 src /app/\nRUN true\n',
  mutate: (dir) => chmod(join(dir, 'src/sub'), 0o700),
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});

// ADD of local archives, and wildcards with one match: the classic builder keys what is copied, not how the
// source is written; BuildKit keys the source as written.
const TARRED = { 'payload/a.txt': 'a\n', 'payload/b.txt': 'b\n' };
scenario({
  name: 'an ADD of a local tar given --chown',
  files: TARRED,
  setup: packTar,
  dockerfile: BASE + 'ADD files.tar /x/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD --chown=1:1 files.tar /x/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an ADD of a local tar to a destination written without its trailing slash',
  files: TARRED,
  setup: packTar,
  dockerfile: BASE + 'ADD files.tar /x/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD files.tar /x\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'a local tar ADDed under a name without its extension (still extracted)',
  files: TARRED,
  setup: packTar,
  dockerfile: BASE + 'ADD files.tar /x/\nRUN test -f /x/a.txt\n',
  mutate: async (dir) => { await rename(join(dir, 'files.tar'), join(dir, 'files.bin')); },
  dockerfileAfter: BASE + 'ADD files.bin /x/\nRUN test -f /x/a.txt\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an ADD of a directory holding a tar (copied, not extracted), the tar touched',
  files: TARRED,
  setup: async (dir) => { packTar(dir); await mkdir(join(dir, 'arch')); await rename(join(dir, 'files.tar'), join(dir, 'arch/files.tar')); },
  dockerfile: BASE + 'ADD arch /x/\nRUN ls -R /x\n',
  mutate: (dir) => utimes(join(dir, 'arch/files.tar'), new Date(2003, 1, 1), new Date(2003, 1, 1)),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY of a plain file rewritten as ADD',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /x/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD app.txt /x/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
});
scenario({
  name: 'an ADD of a local tar rewritten as a wildcard with that one match',
  files: TARRED,
  setup: packTar,
  dockerfile: BASE + 'ADD files.tar /x/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD file*.tar /x/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});
scenario({
  name: 'a member of an ADDed local tar renamed',
  files: TARRED,
  setup: packTar,
  dockerfile: BASE + 'ADD files.tar /x/\nRUN true\n',
  mutate: async (dir) => { await rename(join(dir, 'payload/b.txt'), join(dir, 'payload/c.txt')); packTar(dir); },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

scenario({
  name: 'a COPY source rewritten as a wildcard with that one match',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /x/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY app*.txt /x/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});
scenario({
  name: 'a COPY of a directory rewritten as a wildcard matching only it',
  files: APP,
  dockerfile: BASE + 'COPY src /x/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY sr* /x/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});
scenario({
  name: 'an ADD of a plain file rewritten as a wildcard with that one match',
  files: APP,
  dockerfile: BASE + 'ADD app.txt /x/\nRUN true\n',
  dockerfileAfter: BASE + 'ADD app*.txt /x/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});

// ONBUILD triggers of the base run first in a stage built on it, with both builders (`{{caseImage}}` is an image
// tag of the case's own, which its setup builds). The plan knows an image's triggers from its config.
const caseImage = (dir: string): string => `${TEST_PREFIX}case-${basename(dir).toLowerCase()}:latest`;
const buildTriggerBase = async (dir: string, triggers: string): Promise<void> => {
  // A layer of its own, so that the triggers' steps are the case's own in BuildKit's cache (which keys a local
  // image on its layers), not those of an earlier run.
  const built = await buildContext(dir, `FROM ${BASE_IMAGE}\nRUN echo ${nonce()} > /case\n${triggers}`, 'classic', { tag: caseImage(dir) });
  if (built.error) throw new Error(built.error.message);
};
const TRIGGERS = 'ONBUILD COPY app.txt /app.txt\nONBUILD RUN cat /app.txt\n';
scenario({
  name: 'an ONBUILD COPY of the base image, the file it copies edited',
  files: APP,
  setup: (dir) => buildTriggerBase(dir, TRIGGERS),
  dockerfile: 'FROM {{caseImage}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  mutate: (dir) => writeFile(join(dir, 'app.txt'), 'changed\n'),
  expect: { classic: [1, 2, 3], buildkit: [1, 2, 3] },
});
scenario({
  name: 'an ONBUILD COPY of the base image, another file edited',
  files: APP,
  setup: (dir) => buildTriggerBase(dir, TRIGGERS),
  dockerfile: 'FROM {{caseImage}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  mutate: (dir) => writeFile(join(dir, 'src/main.txt'), 'changed\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'an ONBUILD ENV and WORKDIR of the base image, read by a RUN of the stage',
  setup: (dir) => buildTriggerBase(dir, 'ONBUILD ENV TRIGGERED=1\nONBUILD WORKDIR /w\n'),
  dockerfile: 'FROM {{caseImage}}\nRUN echo {{nonce}} > /nonce\nRUN echo $TRIGGERED\n',
  dockerfileAfter: 'FROM {{caseImage}}\nRUN echo {{nonce}} > /nonce\nENV TRIGGERED=1\nWORKDIR /w\nRUN echo $TRIGGERED\n',
  expect: { classic: [3, 4, 5], buildkit: [4, 5] },
});
scenario({
  name: 'ONBUILD ENV and COPY of a base stage, the ENV value edited',
  files: APP,
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nONBUILD ENV V=1\nONBUILD COPY app.txt /app.txt\nFROM parent\nRUN echo $V\n',
  dockerfileAfter: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nONBUILD ENV V=2\nONBUILD COPY app.txt /app.txt\nFROM parent\nRUN echo $V\n',
  expect: { classic: [3, 4, 5, 6], buildkit: [6] },
});
scenario({
  name: 'an ONBUILD COPY of a base stage, the file it copies edited',
  files: APP,
  dockerfile: 'FROM {{base}} AS parent\nRUN echo {{nonce}} > /nonce\nONBUILD COPY app.txt /app.txt\nFROM parent\nRUN true\n',
  mutate: (dir) => writeFile(join(dir, 'app.txt'), 'changed\n'),
  expect: { classic: [4, 5], buildkit: [4, 5] },
});

// The base image's config, changed alone: BuildKit keeps the FROM (it keys a local image on its layers) but its
// RUNs read the image's SHELL, ENV and USER; the classic builder keys the image ID. (`USER 0:0`: the base has
// no passwd file to look a name or a bare number up in.)
const rebuildCaseImage = async (dir: string, config: string): Promise<void> => {
  const built = await buildContext(dir, `FROM ${caseImage(dir)}\n${config}\n`, 'classic', { tag: caseImage(dir) });
  if (built.error) throw new Error(built.error.message);
};
for (const [what, config] of [
  ['SHELL', 'SHELL ["/bin/sh", "-e", "-c"]'],
  ['ENV', 'ENV FROM_BASE=1'],
  ['USER', 'USER 0:0'],
] as const) {
  scenario({
    name: `the ${what} of the base image changed, nothing else`,
    setup: (dir) => buildTriggerBase(dir, ''),
    dockerfile: 'FROM {{caseImage}}\nRUN echo {{nonce}}\nRUN true\n',
    mutate: (dir) => rebuildCaseImage(dir, config),
    expect: { classic: [1, 2, 3], buildkit: [2, 3] },
  });
}

// How sources are written: the classic builder keys the flat list of what they matched (one tarsum each), BuildKit
// each source as written. Images by their identity, not their name, in both.
scenario({
  name: 'a wildcard with no match added next to a COPY source',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY app.txt nomatch* /d/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});
scenario({
  name: 'COPY --from an image rewritten as another tag of it',
  setup: () => { execFileSync('docker', ['tag', BASE_IMAGE, BASE_ALIAS]); },
  dockerfile: BASE + 'COPY --from={{base}} /bin/busybox /bb\nRUN true\n',
  dockerfileAfter: BASE + `COPY --from=${BASE_ALIAS} /bin/busybox /bb\nRUN true\n`,
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a RUN mount from an image rewritten as another tag of it',
  setup: () => { execFileSync('docker', ['tag', BASE_IMAGE, BASE_ALIAS]); },
  dockerfile: BASE + 'RUN --mount=from={{base}},target=/m ls /m/bin/busybox\nRUN true\n',
  dockerfileAfter: BASE + `RUN --mount=from=${BASE_ALIAS},target=/m ls /m/bin/busybox\nRUN true\n`,
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a COPY source that was a file becomes a directory holding a file of that content',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /d/\nRUN true\n',
  mutate: async (dir) => {
    await rm(join(dir, 'app.txt'));
    await mkdir(join(dir, 'app.txt'));
    await writeFile(join(dir, 'app.txt', 'app.txt'), 'hello\n');
  },
  expect: { classic: [3, 4], buildkit: [3, 4] },
});

scenario({
  name: 'two COPY sources rewritten as a wildcard matching both',
  files: { 'a1.txt': 'one\n', 'a2.txt': 'two\n' },
  dockerfile: BASE + 'COPY a1.txt a2.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY a*.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});
scenario({
  name: 'a wildcard matching two files rewritten as one source and a wildcard matching the other',
  files: { 'a1.txt': 'one\n', 'a2.txt': 'two\n' },
  dockerfile: BASE + 'COPY a*.txt /d/\nRUN true\n',
  dockerfileAfter: BASE + 'COPY a1.txt *2.txt /d/\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});

// Line endings and byte order marks of the Dockerfile and the ignore file change nothing.
scenario({
  name: 'a .dockerignore with CRLF line endings, the file it excludes edited',
  files: { '.dockerignore': 'secret.txt\r\nnotes/\r\n', 'secret.txt': 's\n', 'notes/a.txt': 'a\n', 'app.txt': 'app\n' },
  dockerfile: COPY_ALL,
  mutate: async (dir) => {
    await writeFile(join(dir, 'secret.txt'), 'changed\n');
    await writeFile(join(dir, 'notes/a.txt'), 'changed\n');
  },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a .dockerignore starting with a byte order mark, the file its first line excludes edited',
  files: { '.dockerignore': '\ufeffsecret.txt\n', 'secret.txt': 's\n', 'app.txt': 'app\n' },
  dockerfile: COPY_ALL,
  mutate: (dir) => writeFile(join(dir, 'secret.txt'), 'changed\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'the Dockerfile converted to CRLF line endings',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /a\nRUN echo one \\\n  two\nENV A=1\nRUN echo $A\n',
  dockerfileAfter: (BASE + 'COPY app.txt /a\nRUN echo one \\\n  two\nENV A=1\nRUN echo $A\n').replaceAll('\n', '\r\n'),
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'the Dockerfile given a byte order mark',
  files: APP,
  dockerfile: BASE + 'RUN true\n',
  dockerfileAfter: '\ufeff' + BASE + 'RUN true\n',
  expect: { classic: [], buildkit: [] },
});

// A file edited next to a COPY wildcard, matched or not as Go's path matching has it: `*` takes dotfiles, `**`
// is `*`, and only `^` negates a class.
for (const [what, files, pattern, edited, rebuilt] of [
  ['a dotfile, which * matches', { '.env': 'e\n', 'app.txt': 'app\n' }, '*', '.env', [3, 4]],
  ['a file two levels down, which **/*.txt does not match', { 'a/x.txt': 'x\n', 'a/b/y.txt': 'y\n' }, '**/*.txt', 'a/b/y.txt', []],
  ['a file [!a].txt does not match (the class holds ! and a)', { 'a.txt': 'a\n', 'b.txt': 'b\n' }, '[!a].txt', 'b.txt', []],
  ['a file the class [^a].txt matches', { 'a.txt': 'a\n', 'b.txt': 'b\n' }, '[^a].txt', 'b.txt', [3, 4]],
] as const) {
  scenario({
    name: `${what}, edited`,
    files,
    dockerfile: BASE + `COPY ${pattern} /d/\nRUN true\n`,
    mutate: (dir) => writeFile(join(dir, edited), 'changed\n'),
    expect: { classic: rebuilt, buildkit: rebuilt },
  });
}

scenario({
  name: 'a COPY source directory written as src/.',
  files: APP,
  dockerfile: BASE + 'COPY src /app/src\nRUN true\n',
  dockerfileAfter: BASE + 'COPY src/. /app/src\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a COPY source written with .. inside the context',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /a\nRUN true\n',
  dockerfileAfter: BASE + 'COPY src/../app.txt /a\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});
// BuildKit keys the context root by its spelling (a directory below it by its clean name); the classic builder
// by what it selects.
for (const spelling of ['./', '/', './.', './/', '/.']) {
  scenario({
    name: `the whole context written as ${spelling} instead of .`,
    // The Dockerfile, which the edit changes, is kept out of what COPY . takes.
    files: { ...APP, '.dockerignore': 'Dockerfile\n' },
    dockerfile: BASE + 'COPY . /app\nRUN true\n',
    dockerfileAfter: BASE + `COPY ${spelling} /app\nRUN true\n`,
    expect: { classic: [], buildkit: [3, 4] },
  });
}
scenario({
  name: 'a COPY source written as an absolute path',
  files: APP,
  dockerfile: BASE + 'COPY app.txt /a\nRUN true\n',
  dockerfileAfter: BASE + 'COPY /app.txt /a\nRUN true\n',
  expect: { classic: [], buildkit: [] },
});

scenario({
  name: 'the whole context written as .// instead of ./',
  files: { ...APP, '.dockerignore': 'Dockerfile\n' },
  dockerfile: BASE + 'COPY ./ /app\nRUN true\n',
  dockerfileAfter: BASE + 'COPY .// /app\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
});

// A COPY --from path is taken from the stage's root and cleaned; BuildKit names it by its last element.
for (const [spelling, rebuilt] of [
  ['/out/', []],
  ['/out/.', []],
  ['out', []],
  ['/out/sub/..', []],
  ['/', [5, 6]],
  ['.', [5, 6]],
] as const) {
  scenario({
    name: `a COPY --from source written as ${spelling} instead of /out`,
    dockerfile: 'FROM {{base}} AS s\nRUN mkdir /out && echo {{nonce}} > /out/f\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\n' + 'COPY --from=s /out /x\nRUN true\n',
    dockerfileAfter: 'FROM {{base}} AS s\nRUN mkdir /out && echo {{nonce}} > /out/f\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\n' + `COPY --from=s ${spelling} /x\nRUN true\n`,
    expect: { classic: rebuilt, buildkit: rebuilt },
  });
}

scenario({
  name: 'an SSH mount given id=default explicitly (the default agent all the same)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,id=default test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount switched to another agent',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,id=deploy test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given its default mode explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,mode=0600 test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given another mode',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,mode=0666 test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given uid=0 and gid=0 explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,uid=0,gid=0 test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given another owner',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,uid=1 test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount made required',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,required=true test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given required=false explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,required=false test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given its default target explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh test -S "$SSH_AUTH_SOCK"\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,target=/run/buildkit/ssh_agent.0 test -S "$SSH_AUTH_SOCK"\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'an SSH mount given another target',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,target=/a.sock true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,target=/b.sock true\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'two SSH mounts written the other way round',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,id=default,target=/s1 --mount=type=ssh,id=deploy,target=/s2 true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=ssh,id=deploy,target=/s2 --mount=type=ssh,id=default,target=/s1 true\n',
  settings: { ssh: ['default', 'deploy'] },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'the second SSH mount given its default target explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok --mount=type=ssh,id=default --mount=type=ssh,id=deploy true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok --mount=type=ssh,id=default --mount=type=ssh,id=deploy,target=/run/buildkit/ssh_agent.1 true\n',
  settings: { ssh: ['default', 'deploy'], secrets: { tok: 'x' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'the second SSH mount given the default target of a third',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok --mount=type=ssh,id=default --mount=type=ssh,id=deploy true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok --mount=type=ssh,id=default --mount=type=ssh,id=deploy,target=/run/buildkit/ssh_agent.2 true\n',
  settings: { ssh: ['default', 'deploy'], secrets: { tok: 'x' } },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret given another value',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  settingsAfter: { secrets: { tok: 'ONE', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given its default mode explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,mode=0400 cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount mode written without its leading zero',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,mode=400 cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given uid=0 and gid=0 explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,uid=0,gid=0 cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given another mode',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,mode=0444 cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given required=false explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,required=false cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount made required',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,required=true cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount switched to another secret',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=other true\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given another owner',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,uid=1 cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount given its default target explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,target=/run/secrets/tok cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a secret mount target written as dst',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=secret,id=tok,dst=/run/secrets/tok cat /run/secrets/tok > /dev/null\n',
  settings: { secrets: { tok: 'one', other: 'two' } },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

scenario({
  name: 'a cache mount given gid=0 explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,gid=0 true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount given mode=0755 explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,mode=0755 true\n',
  expect: { classic: [], buildkit: [3] },
  builders: ['buildkit'],
});
scenario({
  name: 'a writable bind mount written with readwrite=true instead of rw',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=src,target=/m,rw true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=src,target=/m,readwrite=true true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a read-only cache mount written with readonly=true instead of ro',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,ro true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,readonly=true true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a mount target written as dst',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,dst=/c true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a mount target written as destination',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,destination=/c true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a mount type written in upper case',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=CACHE,target=/c true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

scenario({
  name: 'a shell-form RUN rewritten as the exec form of the same command',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN echo hi\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN ["/bin/sh", "-c", "echo hi"]\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a shell-form CMD rewritten as the exec form of the same command',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD ["/bin/sh", "-c", "echo hi"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a shell-form ENTRYPOINT rewritten as the exec form of the same command',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT ["/bin/sh", "-c", "echo hi"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a SHELL edit before an exec-form RUN (BuildKit keeps the RUN)',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-c"]\nRUN ["echo", "hi"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-e", "-c"]\nRUN ["echo", "hi"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'an ENV edit before an exec-form RUN that names it unexpanded',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1\nRUN ["echo", "$A"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=2\nRUN ["echo", "$A"]\n',
  expect: { classic: [3, 4], buildkit: [4] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a HEALTHCHECK given its default options explicitly',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK CMD true\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nHEALTHCHECK --interval=30s --timeout=30s --retries=3 CMD true\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a USER root rewritten as 0',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nUSER root\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce && mkdir -p /etc && echo root:x:0:0::/:/bin/sh > /etc/passwd && echo root:x:0: > /etc/group\nUSER 0\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [4] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a WORKDIR / added where the working directory is / already',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nWORKDIR /\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'an ENV PATH set to the value the base image gives it',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});

scenario({
  name: 'a shell-form CMD under a SHELL rewritten as the exec form with that shell',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-e", "-c"]\nCMD echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-e", "-c"]\nCMD ["/bin/sh", "-e", "-c", "echo hi"]\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a shell-form CMD given trailing blanks',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD echo hi   \nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'blanks added inside a shell-form CMD',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCMD echo  hi\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a shell-form ENTRYPOINT split with a continuation',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT echo hi\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENTRYPOINT echo \\\nhi\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});

scenario({
  name: 'a cache mount id from an ARG written out as its value',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG CID=a\nRUN --mount=type=cache,id=$CID,target=/c true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG CID=a\nRUN --mount=type=cache,id=a,target=/c true\n',
  expect: { classic: [], buildkit: [] },
  olderFrontend: { reran: [4], why: 'Docker 20.10\'s built-in frontend reads mount options as written; current BuildKit expands them' },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount target from an ARG written out as its value',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG T=/c\nRUN --mount=type=cache,target=$T true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nARG T=/c\nRUN --mount=type=cache,target=/c true\n',
  expect: { classic: [], buildkit: [] },
  olderFrontend: { reran: [4], why: 'Docker 20.10\'s built-in frontend reads mount options as written; current BuildKit expands them' },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount target from an ENV written out as its value',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV T=/c\nRUN --mount=type=cache,target=$T true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV T=/c\nRUN --mount=type=cache,target=/c true\n',
  expect: { classic: [], buildkit: [] },
  olderFrontend: { reran: [4], why: 'Docker 20.10\'s built-in frontend reads mount options as written; current BuildKit expands them' },
  builders: ['buildkit'],
});

scenario({
  name: 'a global ARG naming the stage a FROM builds on, given another stage',
  files: APP,
  dockerfile: 'ARG STAGE=one\nFROM {{base}} AS one\nRUN echo {{nonce}} one > /x\nFROM {{base}} AS two\nRUN echo {{nonce}} two > /x\nFROM ${STAGE}\nRUN cat /x\n',
  settings: { buildArgs: { STAGE: 'one' } },
  settingsAfter: { buildArgs: { STAGE: 'two' } },
  expect: { classic: [7], buildkit: [5, 6, 7] },
});
scenario({
  name: 'a FROM of a stage named through a global ARG rewritten as the name',
  files: APP,
  dockerfile: 'ARG STAGE=one\nFROM {{base}} AS one\nRUN echo {{nonce}} one > /x\nFROM ${STAGE}\nRUN cat /x\n',
  dockerfileAfter: 'ARG STAGE=one\nFROM {{base}} AS one\nRUN echo {{nonce}} one > /x\nFROM one\nRUN cat /x\n',
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a global ARG no stage declares given a new value',
  files: APP,
  dockerfile: 'ARG V=1\nFROM {{base}} AS one\nRUN echo {{nonce}} > /x\nFROM {{base}}\nCOPY --from=one /x /x\nRUN cat /x\n',
  settings: { buildArgs: { V: '1' } },
  settingsAfter: { buildArgs: { V: '2' } },
  expect: { classic: [], buildkit: [] },
});
scenario({
  name: 'a global ARG redeclared without a value in the stage, given a new value',
  files: APP,
  dockerfile: 'ARG V=1\nFROM {{base}}\nRUN echo {{nonce}} > /x\nARG V\nRUN echo $V\n',
  settings: { buildArgs: { V: '1' } },
  settingsAfter: { buildArgs: { V: '2' } },
  expect: { classic: [5], buildkit: [5] },
});
scenario({
  name: 'a RUN reading TARGETARCH rewritten with braces',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /x\nARG TARGETARCH\nRUN echo $TARGETARCH\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /x\nARG TARGETARCH\nRUN echo ${TARGETARCH}\n',
  expect: { classic: [4], buildkit: [4] },
});

scenario({
  name: 'a VOLUME of one path with a blank rewritten as two paths',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME ["/a b"]\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nVOLUME /a /b\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a SHELL of two words rewritten as one word with a blank',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh", "-c"]\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSHELL ["/bin/sh -c"]\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a LABEL whose key holds a blank rewritten as another pair of the same text',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nLABEL "a b"=c\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nLABEL a="b=c"\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'an ENV value holding a second pair rewritten as two pairs',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A="1 B=2"\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nENV A=1 B=2\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [4] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'blanks added inside a MAINTAINER',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nMAINTAINER a b\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nMAINTAINER a  b\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a STOPSIGNAL number rewritten as the name of the same signal',
  files: APP,
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSTOPSIGNAL 9\nRUN ["true"]\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nSTOPSIGNAL SIGKILL\nRUN ["true"]\n',
  expect: { classic: [3, 4], buildkit: [] },
  builders: ['classic', 'buildkit'],
});

scenario({
  name: 'a cache mount seeded from a stage rebuilt with identical output',
  files: APP,
  dockerfile: 'FROM {{base}} AS seed\nRUN mkdir -p /s && echo seed > /s/f && echo {{nonce}} > /n1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,from=seed,source=/s cat /c/f\n',
  dockerfileAfter: 'FROM {{base}} AS seed\nRUN mkdir -p /s && echo seed > /s/f && echo {{nonce}} > /n1 && true\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,from=seed,source=/s cat /c/f\n',
  expect: { classic: [], buildkit: [2, 5] },
  builders: ['buildkit'],
});
scenario({
  name: 'a cache mount seeded from a stage whose output changes',
  files: APP,
  dockerfile: 'FROM {{base}} AS seed\nRUN mkdir -p /s && echo seed > /s/f && echo {{nonce}} > /n1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,from=seed,source=/s cat /c/f\n',
  dockerfileAfter: 'FROM {{base}} AS seed\nRUN mkdir -p /s && echo seed2 > /s/f && echo {{nonce}} > /n1\nFROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=cache,target=/c,from=seed,source=/s cat /c/f\n',
  expect: { classic: [], buildkit: [2, 5] },
  outputsChange: true,
  builders: ['buildkit'],
});
scenario({
  name: 'an edit of a file .dockerignore excludes under a bind-mounted directory',
  files: { ...APP, '.dockerignore': 'src/sub\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=src,target=/m ls -R /m\n',
  mutate: (dir) => writeFile(join(dir, 'src/sub/lib.txt'), 'changed\n'),
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});
scenario({
  name: 'a bind-mounted symlink retargeted to a file of the same content',
  files: { ...APP, 'copy.txt': 'hello\n', 'link.txt': { symlink: 'app.txt' } },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nRUN --mount=type=bind,source=link.txt,target=/m cat /m\n',
  mutate: async (dir) => { await unlink(join(dir, 'link.txt')); await symlink('copy.txt', join(dir, 'link.txt')); },
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

scenario({
  name: 'a file both named and matched by a wildcard rewritten as the wildcard alone',
  files: { ...APP, 'b.txt': 'b\\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt *.txt /d/\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY *.txt /d/\nRUN true\n',
  expect: { classic: [3, 4], buildkit: [3, 4] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a COPY destination from a variable default written out',
  files: { ...APP, 'b.txt': 'b\\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt ${DEST:-/app}/\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY app.txt /app/\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['classic', 'buildkit'],
});
scenario({
  name: 'a COPY of the whole context given another --chmod',
  files: { ...APP, 'b.txt': 'b\\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=644 . /ctx\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nCOPY --chmod=640 . /ctx\nRUN true\n',
  expect: { classic: [], buildkit: [3, 4] },
  builders: ['buildkit'],
});
scenario({
  name: 'an ADD --chmod written with a leading zero',
  files: { ...APP, 'b.txt': 'b\\n' },
  dockerfile: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD --chmod=644 app.txt /a\nRUN true\n',
  dockerfileAfter: 'FROM {{base}}\nRUN echo {{nonce}} > /nonce\nADD --chmod=0644 app.txt /a\nRUN true\n',
  expect: { classic: [], buildkit: [] },
  builders: ['buildkit'],
});

function packTar(dir: string): void {
  // A fixed member order and owner; only the member mtimes differ between packings.
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-cf', 'files.tar', '-C', 'payload', '.'], { cwd: dir });
}

function packTarGz(dir: string): void {
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-czf', 'files.tar.gz', '-C', 'payload', '.'], { cwd: dir });
}

const status = await engineAvailable();

describeWithEngine(status, 'planner predictions agree with the Docker engine', () => {
  let root = '';
  let server: Server | null = null;
  let origin = '';
  let agent: ChildProcess | null = null;
  beforeAll(async () => {
    await ensureBaseImage();
    root = await mkdtemp(join(tmpdir(), 'dfkit-agreement-'));
    server = createServer((request, response) => {
      const file = served.get(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain', 'last-modified': file.lastModified });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sshSocket = join(root, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', sshSocket], { stdio: 'ignore' });
    for (let i = 0; i < 250 && !existsSync(sshSocket); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  }, 120_000);
  afterAll(async () => {
    agent?.kill();
    await removeCreatedImages();
    if (root) await rm(root, { recursive: true, force: true });
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }, 120_000);

  const cases = scenarios.flatMap((s) => (s.builders ?? BUILDERS).map((builder) => [s.name, builder, s] as const));
  // Cases run a few at a time: each has its own directory, tokens and served files, and the engine spends most of a
  // case waiting on builds rather than computing.
  it.concurrent.each(cases)('%s [%s]', async (_name, builder, s) => {
    const token = nonce();
    const dir = await mkdtemp(join(root, 'case-'));
    const fill = (text: string): string =>
      text.replaceAll('{{nonce}}', token).replaceAll('{{base}}', BASE_IMAGE).replaceAll('{{http}}', `${origin}/${basename(dir)}`)
        .replaceAll('{{caseImage}}', caseImage(dir));
    await writeFiles(dir, s.files ?? {});
    await s.setup?.(dir);
    const fillSettings = (settings: BuildSettings): BuildSettings =>
      settings.buildArgs ? { ...settings, buildArgs: Object.fromEntries(Object.entries(settings.buildArgs).map(([k, v]) => [k, fill(v)])) } : settings;
    const before = await planAndBuild(dir, fill(s.dockerfile), builder, fillSettings(s.settings ?? {}));
    await s.mutate?.(dir);
    const after = await planAndBuild(dir, fill(s.dockerfileAfter ?? s.dockerfile), builder, fillSettings(s.settingsAfter ?? s.settings ?? {}));
    explainChanges(after.plan, before.plan);

    const predicted = after.plan.stages
      .flatMap((stage) => stage.steps)
      .filter((step) => step.rebuild)
      .map((step) => step.line);
    expect(predicted, 'the plan predicts the documented rebuilds').toEqual([...s.expect[builder]]);

    if (builder === 'buildkit' && s.olderFrontend) {
      const reran = after.steps
        .filter((engineStep) => !/^FROM\b/i.test(engineStep.instruction) && !engineStep.cached)
        .map((engineStep) => stepFor(after.plan, engineStep, builder, after.text)?.line);
      expect(reran, `this engine's older frontend: ${s.olderFrontend.why}`).toEqual([...s.olderFrontend.reran]);
      return;
    }
    const disagreements: string[] = [];
    for (const engineStep of after.steps) {
      if (/^FROM\b/i.test(engineStep.instruction)) continue;
      const step = stepFor(after.plan, engineStep, builder, after.text);
      if (!step) continue;
      const engineReran = !engineStep.cached;
      // A consumer of another stage's output reruns only if that output changed; most scenarios keep it identical.
      const planReruns = step.rebuild === true && (step.conditional !== true || s.outputsChange === true);
      if (planReruns !== engineReran) {
        disagreements.push(`line ${step.line} ${step.instruction}: plan ${planReruns ? 'reruns' : 'cached'}, engine ${engineReran ? 'reran' : 'cached'}`);
      }
    }
    expect(disagreements).toEqual([]);

    // Stages the plan says are not built must not appear in the engine's steps, and the built ones must. FROM steps
    // do not count: BuildKit runs one vertex for a base image that builds at the same time share, and reports it
    // under the name the first build gave it, which may be another build's stage.
    const engineLines = new Set(
      after.steps.filter((s) => !/^FROM\b/i.test(s.instruction)).map((s) => stepFor(after.plan, s, builder, after.text)?.line),
    );
    for (const stage of after.plan.stages) {
      if (!stage.steps.some((step) => !/^FROM\b/i.test(step.instruction))) throw new Error(`stage ${stage.index} has nothing but its FROM to tell whether it was built`);
      const built = stage.steps.some((step) => engineLines.has(step.line));
      expect(built, `stage ${stage.index} built`).toBe(stage.needed);
    }
  }, 120_000);
});

describeWithEngine(status, 'base image identity', () => {
  const relabelled = testTag('relabelled-base');
  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);
  afterAll(async () => {
    await removeCreatedImages();
  }, 60_000);

  it.each(BUILDERS)('a config-only change of the base image [%s]', async (builder) => {
    const dir = await mkdtemp(join(tmpdir(), 'dfkit-base-'));
    try {
      const relabel = async (value: string): Promise<void> => {
        const built = await buildContext(dir, `FROM ${BASE_IMAGE}\nLABEL dfkit.test.variant=${value}\n`, 'classic', { tag: relabelled });
        if (built.error) throw new Error(built.error.message);
      };
      const text = `FROM ${relabelled}\nRUN echo ${nonce()} > /nonce\nRUN echo after\n`;
      await relabel('1');
      const before = await planAndBuild(dir, text, builder, {});
      await relabel('2');
      const after = await planAndBuild(dir, text, builder, {});
      explainChanges(after.plan, before.plan);
      const predicted = after.plan.stages[0]!.steps.filter((s) => s.rebuild).map((s) => s.line);
      // BuildKit keys a local base on its layer chain; the classic builder on the image ID.
      expect(predicted).toEqual(builder === 'classic' ? [1, 2, 3] : []);
      for (const engineStep of after.steps) {
        if (/^FROM\b/i.test(engineStep.instruction)) continue;
        const step = stepFor(after.plan, engineStep, builder, after.text);
        if (!step) continue;
        expect(!engineStep.cached, `line ${step.line}`).toBe(step.rebuild === true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
