/**
 * `npx tsx bench/build.ts`: `dfkit build` against `docker build` on the same context, with both builders.
 *
 * Generates a node-like project in a temp dir (package.json and a lockfile, a few hundred source files, tests,
 * assets the image does not need, and a large `node_modules/` and `.git/` that `.dockerignore` excludes), then,
 * round after round with the tools taking turns, builds it three ways per tool and builder on a fresh copy:
 * cold (`--no-cache`, a context path the engine has never seen), warm (unchanged rebuild) and after a one-file
 * source edit. dfkit runs in-process through `buildWithPlan` with the options `dfkit build` passes (no process
 * start; the dfkit CLI's own start-up is timed separately and printed as a note); the docker CLI is spawned.
 * Wall time is the median over rounds; context bytes are what each tool reported sending.
 *
 * The docker CLI: `DFKIT_BENCH_DOCKER`, else the first `docker` on PATH that can build with the builder
 * (a recent CLI needs the buildx plugin for BuildKit; an older one has the BuildKit session built in).
 * Builds run with network `none`. Everything the bench makes is removed at the end: its temp dir, its images
 * (unique `dfkit-bench/…` tags) and the BuildKit cache records created during the run that its builds used.
 *
 * Size it with `--rounds=N --src-files=N` or BENCH_ROUNDS / BENCH_SRC_FILES; `--builders=classic,buildkit`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BuildEvent } from '../src/runtime/adapter.js';
import { buildWithPlan } from '../src/runtime/docker/build.js';
import { EngineClient, EngineError, type Builder } from '../src/runtime/docker/engine-client.js';
import { BASE_IMAGE, buildCacheRecords, ensureBaseImage, pruneBuildCacheRecords } from './build-engine.js';
import { benchSetting, seededRandom } from './settings.js';

const rounds = benchSetting('rounds', 'BENCH_ROUNDS', 5, { integer: true });
const srcFiles = benchSetting('src-files', 'BENCH_SRC_FILES', 300, { integer: true });
const buildersArg = process.argv.find((a) => a.startsWith('--builders='))?.slice('--builders='.length) ?? 'classic,buildkit';
const builders = buildersArg.split(',').filter((b): b is Builder => b === 'classic' || b === 'buildkit');
const runId = randomBytes(4).toString('hex');
const TAG_PREFIX = 'dfkit-bench/';

type Tool = 'dfkit' | 'docker';
type Phase = 'cold' | 'warm' | 'edit';
const PHASES: readonly Phase[] = ['cold', 'warm', 'edit'];

interface Measurement {
  readonly ms: number;
  /**
   * File bytes for dfkit (the archive's files, or the files BuildKit requested over the session); what the CLI
   * printed for docker (tar bytes for classic, synced bytes for BuildKit).
   */
  readonly bytes: number;
  /** dfkit only: the bytes on the wire (the archive with its headers, or the synced file bytes). */
  readonly wireBytes?: number;
  readonly cachedSteps: number;
  readonly steps: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The context

const WORDS = ['const', 'export', 'function', 'return', 'import', 'from', 'value', 'options', 'result', 'await', 'items', 'map', 'if', 'else', 'string', 'number'];

function sourceText(next: () => number, bytes: number): string {
  let text = '';
  while (text.length < bytes) {
    const words = Array.from({ length: 4 + Math.floor(next() * 8) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    text += `  ${words.join(' ')};\n`;
  }
  return text;
}

interface ContextShape {
  readonly files: number;
  readonly bytes: number;
  readonly ignoredFiles: number;
  readonly ignoredBytes: number;
}

/** Writes the project into `root`; every file an hour old, as in a checkout that was not just edited. */
function generateContext(root: string, nonce: string): ContextShape {
  const next = seededRandom(1234);
  const pool = randomBytes(4 * 1024 * 1024);
  const mtime = Date.now() / 1000 - 3600;
  const shape = { files: 0, bytes: 0, ignoredFiles: 0, ignoredBytes: 0 };
  const write = (path: string, content: string | Buffer, ignored = false): void => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    utimesSync(absolute, mtime, mtime);
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    if (ignored) {
      shape.ignoredFiles++;
      shape.ignoredBytes += size;
    } else {
      shape.files++;
      shape.bytes += size;
    }
  };
  const randomBlob = (size: number): Buffer => {
    const offset = Math.floor(next() * (pool.length - size));
    return pool.subarray(offset, offset + size);
  };

  const dependencies = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`dep-${i}`, `^${1 + (i % 9)}.${i % 7}.0`]));
  write('package.json', `${JSON.stringify({ name: 'bench-app', version: '1.0.0', type: 'module', scripts: { build: 'tsc' }, dependencies }, null, 2)}\n`);
  const packages = Object.fromEntries(
    Array.from({ length: 900 }, (_, i) => [
      `node_modules/pkg-${i}`,
      { version: `${i % 9}.${i % 13}.${i % 5}`, resolved: `https://registry.example/pkg-${i}/-/pkg-${i}.tgz`, integrity: `sha512-${randomBlob(48).toString('base64')}` },
    ]),
  );
  write('package-lock.json', `${JSON.stringify({ name: 'bench-app', lockfileVersion: 3, packages }, null, 2)}\n`);
  write('README.md', sourceText(next, 6000));
  write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
  write('.dockerignore', 'node_modules\n.git\ncoverage\n*.log\n');
  write(
    'Dockerfile',
    [
      `FROM ${BASE_IMAGE}`,
      'WORKDIR /app',
      'COPY package*.json ./',
      `RUN echo "install ${nonce}" && wc -c package-lock.json > .deps && mkdir -p node_modules`,
      'COPY src ./src',
      `RUN echo "build ${nonce}" && find src -type f | wc -l > .files && cat src/*/*.ts | wc -c > .bytes`,
      'CMD ["sh"]',
      '',
    ].join('\n'),
  );
  for (let i = 0; i < srcFiles; i++) write(`src/mod${i % 16}/file${i}.ts`, sourceText(next, 1000 + Math.floor(next() * 11000)));
  for (let i = 0; i < Math.ceil(srcFiles / 5); i++) write(`test/file${i}.test.ts`, sourceText(next, 2000 + Math.floor(next() * 4000)));
  for (let i = 0; i < 16; i++) write(`assets/image${i}.png`, randomBlob(100_000 + Math.floor(next() * 500_000)));
  write('build.log', sourceText(next, 50_000), true);
  for (let i = 0; i < 2500; i++) write(`node_modules/pkg-${i % 900}/lib/file${i}.js`, randomBlob(2000 + Math.floor(next() * 20_000)), true);
  for (let i = 0; i < 300; i++) write(`.git/objects/${(i % 256).toString(16).padStart(2, '0')}/obj${i}`, randomBlob(5000 + Math.floor(next() * 50_000)), true);
  return shape;
}

/** The one-file edit: a line appended to a source file (fresh mtime, new content). */
function editSource(root: string, token: string): void {
  appendFileSync(join(root, 'src/mod7/file7.ts'), `// edited ${token}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// The tools

const createdTags: string[] = [];

function newTag(tool: Tool, builder: Builder, phase: Phase, round: number): string {
  const tag = `${TAG_PREFIX}${tool}-${builder}-${phase}-r${round}-${runId}:latest`;
  createdTags.push(tag);
  return tag;
}

async function buildWithDfkit(client: EngineClient, dir: string, builder: Builder, tag: string, noCache: boolean, cacheDir: string): Promise<Measurement> {
  let wireBytes = 0;
  const onEvent = (event: BuildEvent): void => {
    if (event.type === 'upload' && event.done) wireBytes = event.bytesUploaded;
  };
  const started = performance.now();
  // What `dfkit build <dir> -t <tag> --builder <b> [--no-cache]` passes; the digest cache lives in the temp dir.
  const outcome = await buildWithPlan(
    client,
    { context: dir, dockerfile: join(dir, 'Dockerfile'), builder, network: 'none', tags: [tag], ...(noCache && { noCache: true }) },
    { onEvent, cacheDir, env: process.env },
  );
  const ms = performance.now() - started;
  if (outcome.error) throw new Error(`dfkit build failed: ${outcome.error.message}`);
  return {
    ms,
    bytes: outcome.context?.bytesSent ?? 0,
    wireBytes,
    cachedSteps: outcome.steps.filter((s) => s.cached).length,
    steps: outcome.steps.length,
  };
}

/** `2.048kB`, `12.5MB`, `512B` (decimal units, as the docker CLI prints them) to bytes. */
function parseSize(text: string): number {
  const match = /^([\d.]+)\s*([kKMGT]?i?B)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const unit = match[2]!.toUpperCase();
  const scale = unit.startsWith('K') ? 1e3 : unit.startsWith('M') ? 1e6 : unit.startsWith('G') ? 1e9 : unit.startsWith('T') ? 1e12 : 1;
  return Number(match[1]) * scale;
}

interface DockerRun {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

function runDocker(cli: string, builder: Builder, args: readonly string[], stdin?: string): Promise<DockerRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cli, args, { env: { ...process.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
    child.stdin.end(stdin ?? '');
  });
}

/** What the CLI says it sent: the classic tar's size, or the bytes BuildKit's file sync moved (Dockerfile included). */
function dockerBytes(builder: Builder, output: string): number {
  if (builder === 'classic') {
    const match = /Sending build context to Docker daemon\s+(\S+)/.exec(output);
    return match ? parseSize(match[1]!) : Number.NaN;
  }
  // Plain progress prints a vertex's transfer more than once while it runs; its last figure is the total.
  const perVertex = new Map<string, number>();
  for (const match of output.matchAll(/^(#\d+) .*transferring (?:context|dockerfile): (\S+)/gm)) perVertex.set(match[1]!, parseSize(match[2]!));
  return [...perVertex.values()].reduce((sum, bytes) => sum + bytes, 0);
}

async function buildWithDocker(cli: string, dir: string, builder: Builder, tag: string, noCache: boolean): Promise<Measurement> {
  const args = ['build', '--network', 'none', '-t', tag, ...(noCache ? ['--no-cache'] : []), ...(builder === 'buildkit' ? ['--progress', 'plain'] : []), dir];
  const run = await runDocker(cli, builder, args);
  if (run.code !== 0) throw new Error(`docker build failed (${run.code}):\n${run.output}`);
  const distinct = (pattern: RegExp): number => new Set([...run.output.matchAll(pattern)].map((m) => m[1])).size;
  const cachedSteps = builder === 'classic' ? (run.output.match(/Using cache/g) ?? []).length : distinct(/^(#\d+) CACHED$/gm);
  const steps = builder === 'classic' ? (run.output.match(/^Step \d+\/\d+ :/gm) ?? []).length : distinct(/^(#\d+) \[(?:\S+ )?\d+\/\d+\]/gm);
  return { ms: run.ms, bytes: dockerBytes(builder, run.output), cachedSteps, steps };
}

/** Every `docker` on PATH, first one first, each once. */
function dockerCandidates(): string[] {
  const configured = process.env['DFKIT_BENCH_DOCKER'];
  if (configured) return [configured];
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, 'docker');
    try {
      accessSync(path, constants.X_OK);
      const real = realpathSync(path);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(path);
    } catch {
      // not there
    }
  }
  return found;
}

function cliVersion(cli: string): string {
  const result = spawnSync(cli, ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' });
  return result.stdout.trim() || 'unknown';
}

/** The first CLI that builds a one-line Dockerfile with `builder`; the reasons of the others. */
async function findDockerCli(builder: Builder): Promise<{ cli: string | null; notes: string[] }> {
  const notes: string[] = [];
  for (const cli of dockerCandidates()) {
    // A build of `FROM base` alone makes no new image.
    const run = await runDocker(cli, builder, ['build', '-q', '--network', 'none', '-'], `FROM ${BASE_IMAGE}\n`);
    if (run.code === 0) return { cli, notes };
    const reason = /buildx component is missing/.test(run.output) ? 'its BuildKit mode needs the buildx plugin, which is not installed' : run.output.trim().split('\n')[0];
    notes.push(`docker CLI ${cliVersion(cli)} cannot build with ${builder}: ${reason}`);
  }
  return { cli: null, notes };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and report

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || Number.isNaN(bytes)) return '—';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}

/** Median wall time of the dfkit CLI process doing nothing but start (`--help`) from the shipped build, if any. */
function dfkitCliStartMs(): number | null {
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
  if (!existsSync(main)) return null;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [main, 'build', '--help'], { encoding: 'utf8' });
    if (result.status !== 0) return null;
    times.push(performance.now() - started);
  }
  return median(times);
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const client = new EngineClient();
  try {
    await client.ping({ signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new Error(`no Docker engine answered: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const engineVersion = (await client.version()).Version;
  await ensureBaseImage(client);
  const recordsBefore = new Set((await buildCacheRecords()).map((r) => r.ID));

  const clis = new Map<Builder, string>();
  const notes: string[] = [];
  for (const builder of builders) {
    const found = await findDockerCli(builder);
    notes.push(...found.notes);
    if (found.cli) {
      clis.set(builder, found.cli);
      notes.push(`${builder}: docker CLI ${cliVersion(found.cli)} (${builder === 'buildkit' ? 'DOCKER_BUILDKIT=1, --progress plain' : 'DOCKER_BUILDKIT=0'})`);
    } else notes.push(`${builder}: no docker CLI can build with it here; dfkit is measured alone`);
  }

  const work = mkdtempSync(join(tmpdir(), 'dfkit-bench-build-'));
  const results = new Map<string, Measurement[]>();
  const record = (tool: Tool, builder: Builder, phase: Phase, m: Measurement): void => {
    const key = `${tool}/${builder}/${phase}`;
    results.set(key, [...(results.get(key) ?? []), m]);
  };
  let shape: ContextShape | null = null;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const builder of builders) {
        const tools: Tool[] = clis.has(builder) ? (round % 2 === 0 ? ['dfkit', 'docker'] : ['docker', 'dfkit']) : ['dfkit'];
        for (const tool of tools) {
          // A context path the engine has not synced before, so that BuildKit's file sync starts cold too.
          const dir = join(work, `${tool}-${builder}-r${round}`);
          const cacheDir = join(work, `${tool}-${builder}-r${round}.cache`);
          shape = generateContext(dir, runId);
          for (const phase of PHASES) {
            if (phase === 'edit') editSource(dir, `${runId}-${tool}-${builder}-${round}`);
            const tag = newTag(tool, builder, phase, round);
            const noCache = phase === 'cold';
            const m = tool === 'dfkit' ? await buildWithDfkit(client, dir, builder, tag, noCache, cacheDir) : await buildWithDocker(clis.get(builder)!, dir, builder, tag, noCache);
            record(tool, builder, phase, m);
            process.stderr.write(`round ${round + 1}/${rounds} ${builder} ${tool} ${phase}: ${m.ms.toFixed(0)} ms, ${formatBytes(m.bytes)}, ${m.cachedSteps}/${m.steps} cached\n`);
          }
          rmSync(dir, { recursive: true, force: true });
          rmSync(cacheDir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    await cleanUp(client, recordsBefore);
  }

  const cliStart = dfkitCliStartMs();
  const lines: string[] = [];
  if (shape) {
    lines.push(
      `Context: ${shape.files} files, ${formatBytes(shape.bytes)} after .dockerignore (${srcFiles} in src/; tests, assets and docs the image does not need); ` +
        `ignored: ${shape.ignoredFiles} files, ${formatBytes(shape.ignoredBytes)} (node_modules/, .git/, *.log). ` +
        `Engine ${engineVersion}; ${rounds} rounds; ${availableParallelism()} cores; Node ${process.version}.`,
      '',
    );
  }
  lines.push('| builder | build | dfkit ms | docker CLI ms | dfkit / CLI | dfkit bytes (on the wire) | CLI bytes | cached steps dfkit / CLI |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const builder of builders) {
    for (const phase of PHASES) {
      const ours = results.get(`dfkit/${builder}/${phase}`) ?? [];
      const theirs = results.get(`docker/${builder}/${phase}`) ?? [];
      if (ours.length === 0) continue;
      const oursMs = median(ours.map((m) => m.ms));
      const theirsMs = theirs.length > 0 ? median(theirs.map((m) => m.ms)) : null;
      const ratio = theirsMs === null ? '—' : `${(oursMs / theirsMs).toFixed(2)}×`;
      const last = ours[ours.length - 1]!;
      const cli = theirs[theirs.length - 1];
      const cached = `${last.cachedSteps}/${last.steps} / ${cli ? `${cli.cachedSteps}/${cli.steps}` : '—'}`;
      lines.push(
        `| ${builder} | ${phase} | ${oursMs.toFixed(0)} | ${theirsMs === null ? '—' : theirsMs.toFixed(0)} | ${ratio} | ${formatBytes(last.bytes)} (${formatBytes(last.wireBytes)}) | ${formatBytes(cli?.bytes)} | ${cached} |`,
      );
    }
  }
  lines.push('');
  for (const note of notes) lines.push(`- ${note}`);
  if (cliStart !== null) lines.push(`- the dfkit CLI process itself (\`node dist/cli/main.js build --help\`) starts in ${cliStart.toFixed(0)} ms (median of 5); the dfkit column does not include it`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Removes the bench's images, and the BuildKit cache records made during the run that no earlier build made. */
async function cleanUp(client: EngineClient, recordsBefore: ReadonlySet<string>): Promise<void> {
  for (const tag of createdTags) {
    try {
      await client.removeImage(tag, { force: true });
    } catch (error) {
      if (!(error instanceof EngineError && error.notFound)) throw error;
    }
  }
  const fresh = (await buildCacheRecords()).filter((r) => !recordsBefore.has(r.ID));
  if (process.env['BENCH_VERBOSE']) for (const r of fresh) process.stderr.write(`new cache record ${r.ID} in use=${r.InUse} ${r.Description}\n`);
  const created = fresh.filter((r) => !r.InUse && isOurs(r.Description ?? ''));
  // A record still referenced by a child is kept by the first prune; a second pass removes it.
  let reclaimed = await pruneBuildCacheRecords(created.map((r) => r.ID));
  const left = new Set((await buildCacheRecords()).map((r) => r.ID));
  reclaimed += await pruneBuildCacheRecords(created.map((r) => r.ID).filter((id) => left.has(id)));
  process.stderr.write(`removed ${createdTags.length} images and ${created.length} build cache records (${formatBytes(reclaimed)})\n`);
}

/**
 * A record this bench made, among those created while it ran: its RUN steps carry the run's token; its copies,
 * synced contexts and Dockerfiles, and uploaded tars carry no name of their own, so any created during the run
 * count as its own (another job building on the same engine at the same time could lose such a record: a cache
 * miss for it, nothing more).
 */
function isOurs(description: string): boolean {
  return description.includes(runId) || /^(fileop target|local source for (context|dockerfile)|http url http:\/\/build-context-)/.test(description);
}

await main();
