/**
 * `npm run bench:plan`: how fast the planner reads a build context. Generates a context in a temp dir
 * (default 100k files, ~1 GB, most files small and most bytes in a few large ones), then measures the scan,
 * cold hashing with our hasher against `sha256sum` (one process, and one per core through `xargs -P`),
 * saving the stat cache, a warm re-hash answered entirely from the stat cache, the source digest of
 * `COPY . /app` over the whole context, and `plan()` of that copy end to end: the first plan, warm re-plans in
 * the same process, and warm re-plans in a new process (this script run again to plan once).
 * Removes the temp dir at the end.
 *
 * Size it with `--files=N --mb=N --rounds=N` or BENCH_FILES / BENCH_MB / BENCH_ROUNDS; BENCH_SWEEP=1 also
 * times cold hashing at several concurrency bounds. All files are in the page cache (they were just
 * written), so the figures compare CPU and system-call cost, not disk speed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanContext } from '../src/planner/context.js';
import type { ContextEntry, SourceSelection } from '../src/planner/context-types.js';
import { createContentHasher, createNodeRecordHash } from '../src/planner/hash.js';
import { plan } from '../src/planner/plan.js';
import type { Plan } from '../src/planner/plan-types.js';
import { digestSelection } from '../src/planner/source-digest.js';
import { cacheFileOf } from '../src/planner/stat-cache.js';
import { benchSetting, seededRandom } from './settings.js';

const fileCount = Math.round(benchSetting('files', 'BENCH_FILES', 100_000));
const targetBytes = benchSetting('mb', 'BENCH_MB', 1000) * 1e6;
const rounds = Math.round(benchSetting('rounds', 'BENCH_ROUNDS', 3));
const cores = availableParallelism();

/**
 * File sizes drawn from a log-normal distribution (median 2 KiB, σ = 2, as source trees have many small
 * files and a few large assets), scaled so they add up to the target, capped at 64 MiB.
 */
function fileSizes(): number[] {
  const next = seededRandom(42);
  const raw = Array.from({ length: fileCount }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return 2048 * Math.exp(2 * normal);
  });
  const scale = targetBytes / raw.reduce((sum, size) => sum + size, 0);
  return raw.map((size) => Math.min(64 * 1024 * 1024, Math.round(size * scale)));
}

function generate(root: string, sizes: readonly number[]): void {
  const pool = randomBytes(64 * 1024 * 1024);
  const next = seededRandom(7);
  // An hour ago: files a stat cache can trust, as in a checkout that was not just edited.
  const mtime = Date.now() / 1000 - 3600;
  const extensions = ['ts', 'js', 'json', 'md', 'css', 'png', 'go', 'py'];
  sizes.forEach((size, index) => {
    // About 50 files a directory, three levels deep.
    const group = Math.floor(index / 50);
    const dir = join(root, `pkg${group % 20}`, `src${Math.floor(group / 20) % 10}`, `mod${Math.floor(group / 200)}`);
    if (index % 50 === 0) mkdirSync(dir, { recursive: true });
    const file = join(dir, `file${index}.${extensions[index % extensions.length]}`);
    const offset = Math.floor(next() * (pool.length - size));
    writeFileSync(file, pool.subarray(offset, offset + size));
    utimesSync(file, mtime, mtime);
  });
}

/** Wall-clock and CPU (user + system) milliseconds of one measured piece of work. */
interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

const hasGnuTime = existsSync('/usr/bin/time');

/**
 * Runs a shell command; its CPU time (the command and every process under it) comes from GNU time when the
 * machine has it, as Node only reports its own.
 */
function run(command: string, cwd: string): Promise<Timing> {
  const start = performance.now();
  const argv = hasGnuTime ? ['/usr/bin/time', '-f', '%U %S', 'sh', '-c', command] : ['sh', '-c', command];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`${command}: exit ${code}\n${stderr}`));
      const [user, system] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
      resolve({ ms, cpuMs: hasGnuTime ? (user! + system!) * 1000 : NaN });
    });
  });
}

/** Hashes every file once with a fresh hasher. CPU time includes the I/O threads (process-wide). */
async function hashAll(root: string, files: readonly ContextEntry[], options: Parameters<typeof createContentHasher>[1]) {
  const hasher = createContentHasher(root, options);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const digests = await Promise.all(files.map((entry) => hasher.contentDigest(entry)));
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, hasher, digests };
}

const better = (a: Timing, b: Timing): Timing => ({ ms: Math.min(a.ms, b.ms), cpuMs: Math.min(a.cpuMs, b.cpuMs) });
const none: Timing = { ms: Infinity, cpuMs: Infinity };

async function sha256sumDigests(root: string, list: string): Promise<Map<string, string>> {
  const output: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', `xargs -0 sha256sum < '${list}'`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sha256sum: exit ${code}`))));
  });
  const digests = new Map<string, string>();
  for (const line of Buffer.concat(output).toString('utf8').split('\n')) {
    if (line) digests.set(line.slice(66), line.slice(0, 64));
  }
  return digests;
}

const mbps = (bytes: number, ms: number): string => (bytes / 1e6 / (ms / 1000)).toFixed(0);
const kfps = (files: number, ms: number): string => (files / 1000 / (ms / 1000)).toFixed(1);
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Environment variable that makes this script plan once and print the time instead of benchmarking. */
const ONE_PLAN = 'DFKIT_BENCH_ONE_PLAN';

/** Runs this script in a new Node process that plans once with the same cache directory; the `plan()` milliseconds. */
function planInNewProcess(root: string, cacheDir: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, [ONE_PLAN]: JSON.stringify({ root, cacheDir, text }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(output.trim())) : reject(new Error(`one-plan process: exit ${code}`))));
  });
}

async function planOnce(settings: string): Promise<void> {
  const { root, cacheDir, text } = JSON.parse(settings) as { root: string; cacheDir: string; text: string };
  const start = performance.now();
  await plan(text, { context: root, cacheDir });
  console.log((performance.now() - start).toFixed(1));
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'dfkit-bench-plan-'));
  try {
    const root = join(base, 'context');
    const cacheDir = join(base, 'cache');
    mkdirSync(root);
    const sizes = fileSizes();
    let start = performance.now();
    generate(root, sizes);
    const generateMs = performance.now() - start;

    start = performance.now();
    const context = await scanContext(root, { ignoreFileText: null });
    const scanMs = performance.now() - start;
    const entries = [...context.entries.values()];
    const files = entries.filter((entry) => entry.type === 'file');
    const bytes = files.reduce((sum, entry) => sum + entry.size, 0);
    const list = join(base, 'files.list');
    writeFileSync(list, files.map((entry) => entry.path).join('\0'));

    const bands = [
      ['< 4 KiB', 0, 4096],
      ['4–64 KiB', 4096, 65536],
      ['64 KiB–1 MiB', 65536, 1 << 20],
      ['≥ 1 MiB', 1 << 20, Infinity],
    ] as const;
    console.log(`# dfkit context hashing benchmark (Node ${process.version}, ${cores} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM)`);
    console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'}\n`);
    console.log(`Context: ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB, ${entries.length - files.length} directories; generated in ${seconds(generateMs)} s.`);
    console.log('| size band | files | share of bytes |');
    console.log('|---|---|---|');
    for (const [label, low, high] of bands) {
      const inBand = files.filter((entry) => entry.size >= low && entry.size < high);
      const bandBytes = inBand.reduce((sum, entry) => sum + entry.size, 0);
      console.log(`| ${label} | ${inBand.length} | ${((100 * bandBytes) / bytes).toFixed(1)}% |`);
    }
    console.log(`\nScan (scanContext: readdir + lstat of every entry): ${seconds(scanMs)} s\n`);

    // Correctness first: our digests must be sha256sum's.
    const reference = await sha256sumDigests(root, list);
    const check = await hashAll(root, files, { cacheDir: false });
    const wrong = files.filter((entry, index) => reference.get(entry.path) !== check.digests[index]);
    if (wrong.length > 0) throw new Error(`${wrong.length} digests differ from sha256sum, e.g. ${wrong[0]!.path}`);

    // Contenders take turns round after round and keep their best, so machine noise falls on all alike.
    const parallel = `xargs -0 -P${cores} -n${Math.max(50, Math.ceil(files.length / (cores * 8)))} sha256sum < '${list}' > /dev/null`;
    const contenders: { name: string; time: () => Promise<Timing> }[] = [
      { name: 'dfkit hasher (stat cache off)', time: () => hashAll(root, files, { cacheDir: false }) },
      { name: 'sha256sum, one process (`xargs -0 sha256sum`)', time: () => run(`xargs -0 sha256sum < '${list}' > /dev/null`, root) },
      { name: `sha256sum, ${cores} processes (\`xargs -0 -P${cores}\`)`, time: () => run(parallel, root) },
    ];
    const best = contenders.map(() => none);
    for (let round = 0; round < rounds; round++) {
      for (const [index, contender] of contenders.entries()) best[index] = better(best[index]!, await contender.time());
    }
    const ours = best[0]!;
    console.log(`## Cold hashing (best of ${rounds}; CPU = user + system of every process involved)`);
    console.log('| hasher | wall s | MB/s | k files/s | CPU s | dfkit is × faster (wall) | × less CPU |');
    console.log('|---|---|---|---|---|---|---|');
    contenders.forEach((contender, index) => {
      const { ms, cpuMs } = best[index]!;
      const ratio = index === 0 ? '—' : `${(ms / ours.ms).toFixed(2)}×`;
      const cpuRatio = index === 0 ? '—' : `${(cpuMs / ours.cpuMs).toFixed(2)}×`;
      console.log(
        `| ${contender.name} | ${seconds(ms)} | ${mbps(bytes, ms)} | ${kfps(files.length, ms)} | ${seconds(cpuMs)} | ${ratio} | ${cpuRatio} |`,
      );
    });

    if (process.env.BENCH_SWEEP === '1') {
      console.log('\n## Cold hashing by concurrency bound (large files; small ones are read synchronously)');
      console.log('| concurrency | wall s | MB/s | CPU s |');
      console.log('|---|---|---|---|');
      const bounds = [1, 2, 4, 8, 16];
      const sweep = bounds.map(() => none);
      for (let round = 0; round < rounds; round++) {
        for (const [index, concurrency] of bounds.entries()) {
          sweep[index] = better(sweep[index]!, await hashAll(root, files, { cacheDir: false, concurrency }));
        }
      }
      bounds.forEach((concurrency, index) => {
        const { ms, cpuMs } = sweep[index]!;
        console.log(`| ${concurrency} | ${seconds(ms)} | ${mbps(bytes, ms)} | ${seconds(cpuMs)} |`);
      });
    }

    // The stat cache: a first run records every digest, later runs read nothing.
    const first = await hashAll(root, files, { cacheDir });
    start = performance.now();
    await first.hasher.flush();
    const flushMs = performance.now() - start;
    const cacheBytes = statSync(cacheFileOf(cacheDir, root)).size;
    let warm = none;
    let warmHasher = first.hasher;
    for (let round = 0; round < Math.max(rounds, 5); round++) {
      const run = await hashAll(root, files, { cacheDir });
      if (run.hasher.stats.cached !== files.length) throw new Error(`warm run read ${run.hasher.stats.hashed} files`);
      warm = better(warm, run);
      warmHasher = run.hasher;
    }
    console.log(`\n## Stat cache`);
    console.log('| step | wall s | CPU s | |');
    console.log('|---|---|---|---|');
    console.log(`| first run with the cache on (hash all, record) | ${seconds(first.ms)} | ${seconds(first.cpuMs)} | ${mbps(bytes, first.ms)} MB/s |`);
    console.log(`| flush (write ${files.length} records, ${(cacheBytes / 1e6).toFixed(1)} MB) | ${seconds(flushMs)} | | |`);
    console.log(
      `| warm re-hash, new hasher (load cache + ${files.length} hits) | ${seconds(warm.ms)} | ${seconds(warm.cpuMs)} | ${(ours.ms / warm.ms).toFixed(0)}× faster than cold |`,
    );

    // The source digest of `COPY . /app`, file contents answered by the warm hasher.
    const selection: SourceSelection = {
      source: '.',
      wildcard: false,
      matches: [{ path: '', name: '.', entry: null, entries }],
    };
    console.log(`\n## Source digest of \`COPY . /app\` (${entries.length} entries, warm hasher)`);
    console.log('| builder | record hash | s |');
    console.log('|---|---|---|');
    for (const builder of ['buildkit', 'classic'] as const) {
      for (const [label, createHash] of [['pure TypeScript (default)', undefined], ['node:crypto', createNodeRecordHash]] as const) {
        let ms = Infinity;
        for (let round = 0; round < rounds; round++) {
          start = performance.now();
          await digestSelection(selection, builder, warmHasher, { createHash });
          ms = Math.min(ms, performance.now() - start);
        }
        console.log(`| ${builder} | ${label} | ${seconds(ms)} |`);
      }
    }

    // The whole of `plan()`: scan, stat cache, digests, keys. The first plan of a fresh cache directory hashes
    // every file and writes the cache; the later ones in the same process are warm re-plans.
    const planCacheDir = join(base, 'plan-cache');
    const text = 'FROM scratch\nCOPY . /app\n';
    start = performance.now();
    const coldPlan = await plan(text, { context: root, cacheDir: planCacheDir });
    const coldPlanMs = performance.now() - start;
    // Re-plans in the same process reuse the previous scan's context and digests while nothing changed (the
    // first one included: the first plan's reads were all of settled files); a new process starts with none.
    const warmPlanMs: number[] = [];
    const warmPlans: Plan[] = [];
    for (let round = 0; round < Math.max(rounds, 3) + 1; round++) {
      start = performance.now();
      warmPlans.push(await plan(text, { context: root, cacheDir: planCacheDir }));
      warmPlanMs.push(performance.now() - start);
    }
    // Compared after the timed runs, so that the garbage of serialising 100k-file plans is not collected in one.
    const coldJson = JSON.stringify(coldPlan);
    if (warmPlans.some((warmPlan) => JSON.stringify(warmPlan) !== coldJson)) throw new Error('a warm re-plan differs from the first plan');
    const newProcessMs: number[] = [];
    for (let round = 0; round < Math.max(rounds, 3); round++) newProcessMs.push(await planInNewProcess(root, planCacheDir, text));
    const later = warmPlanMs.slice(1);
    console.log(`\n## \`plan()\` of \`FROM scratch\` + \`COPY . /app\` (${coldPlan.context.files} files)`);
    console.log('| run | s |');
    console.log('|---|---|');
    console.log(`| first plan, fresh cache directory (hash all, write the cache) | ${seconds(coldPlanMs)} |`);
    console.log(`| first warm re-plan in the same process (after the first plan wrote the cache) | ${seconds(warmPlanMs[0]!)} |`);
    console.log(`| later warm re-plans in the same process: median (best of ${later.length}) | ${seconds(median(later))} (${seconds(Math.min(...later))}) |`);
    console.log(
      `| warm re-plan in a new process, \`plan()\` alone: median (best of ${newProcessMs.length}) | ${seconds(median(newProcessMs))} (${seconds(Math.min(...newProcessMs))}) |`,
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

const oneSettings = process.env[ONE_PLAN];
await (oneSettings ? planOnce(oneSettings) : main());
