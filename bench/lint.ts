/**
 * `npm run bench:lint`: dfkit's linter (every built-in rule, shell analysis included) against
 * dockerfile-utils' validator and dockerfilelint on the same inputs in one process, and the editor figure: how long one
 * re-lint of a 650-line Dockerfile takes (p50/p95/p99 over many edits), with `lint()` and with an editor's
 * incremental linter. With `--corpus=<dir>` (or BENCH_CORPUS) the throughput table is also made for every
 * Dockerfile under that folder, for figures on real files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validate } from 'dockerfile-utils';
import { discoverDockerfiles } from '../src/cli/discover.js';
import { createLinter, lint } from '../dist/lint/index.js';
import { generateDockerfile } from './corpus.js';
import { seededRandom } from './settings.js';

const inputs = Array.from({ length: 400 }, (_, i) => generateDockerfile(i + 1));

// dockerfilelint is CommonJS without types: `run(contextDirectory, text)` returns its findings.
const dockerfilelint = createRequire(import.meta.url)('dockerfilelint') as { run: (context: string, text: string) => unknown[] };

const contenders: { name: string; run: (text: string) => unknown }[] = [
  { name: 'dfkit lint (all rules)', run: (text) => lint(text) },
  { name: 'dockerfile-utils 0.16 validate', run: (text) => validate(text) },
  { name: 'dockerfilelint 1.8', run: (text) => dockerfilelint.run('.', text) },
];

/**
 * Timed rounds after the first. dfkit's ~100 rules reach V8's optimizing tier over its first 10–20 passes of the
 * generated files (each pass faster than the last), dockerfile-utils' validator after three; with seven rounds
 * the table measured dfkit still warming up.
 */
const ROUNDS = 20;

/**
 * Lints `texts` with every contender, round after round in turns, and prints a table of each one's best round.
 * A contender that throws on a file (dockerfilelint does on some real ones) is timed on the others and the
 * number of files it failed on is printed.
 */
function throughputTable(title: string, texts: readonly string[], firstRound: string): void {
  const size = texts.reduce((total, text) => total + Buffer.byteLength(text), 0) / 1e6;
  const failures = contenders.map(() => new Set<number>());
  const runAll = (index: number): void => {
    const contender = contenders[index] as (typeof contenders)[number];
    texts.forEach((text, file) => {
      try {
        contender.run(text);
      } catch {
        failures[index]?.add(file);
      }
    });
  };
  const best = contenders.map(() => Infinity);
  // The warm-up round, timed: in the first table it is each contender's first run in this process, the code still
  // cold, as a command-line run over a folder meets it.
  const first = contenders.map((_, index) => {
    const start = performance.now();
    runAll(index);
    return performance.now() - start;
  });
  for (let round = 0; round < ROUNDS; round++) {
    contenders.forEach((_, index) => {
      const start = performance.now();
      runAll(index);
      best[index] = Math.min(best[index] as number, performance.now() - start);
    });
  }
  console.log(`\n## ${title}, ${size.toFixed(2)} MB`);
  console.log('| linter | MB/s | dfkit is × faster | first round MB/s | dfkit is × faster |');
  console.log('|---|---|---|---|---|');
  const ratio = (times: readonly number[], index: number): string =>
    index === 0 ? '—' : `${((times[index] as number) / (times[0] as number)).toFixed(1)}×`;
  contenders.forEach((contender, index) => {
    const failed = failures[index]?.size ? ` (threw on ${failures[index]?.size} files)` : '';
    const rate = (ms: number): string => (size / (ms / 1000)).toFixed(1);
    console.log(`| ${contender.name}${failed} | ${rate(best[index] as number)} | ${ratio(best, index)} | ${rate(first[index] as number)} | ${ratio(first, index)} |`);
  });
  console.log(`\nFirst round: ${firstRound}.`);
}

console.log(`# dfkit lint benchmark (Node ${process.version})`);
throughputTable(`${inputs.length} generated Dockerfiles`, inputs, "each linter's first run in this process, its code not yet optimized");
// Real files, when given: `--corpus=<dir>` or BENCH_CORPUS, every Dockerfile under it (found as `dfkit lint` finds them).
const corpus = process.argv.find((arg) => arg.startsWith('--corpus='))?.slice('--corpus='.length) ?? process.env['BENCH_CORPUS'];
if (corpus !== undefined) {
  const { files } = await discoverDockerfiles([corpus], process.cwd());
  throughputTable(
    `${files.length} Dockerfiles under ${corpus}`,
    files.map((file) => readFileSync(file.path, 'utf8')),
    'the warm-up round, each linter already warm from the table above',
  );
}

// The editor figure: a 650-line file, edited one character at a time (a character typed at a seeded place, then
// deleted again), re-linted after every edit by `lint()` and by an editor's incremental linter. Each goes through
// the whole sequence on its own: taking turns, the young-generation collections of the full lint's garbage would
// fall into the incremental linter's runs, whose tail would then measure the other's allocations.
let file = '';
for (let seed = 1; file.split('\n').length < 650; seed++) file += generateDockerfile(seed) + '\n';
const original = `${file.split('\n').slice(0, 650).join('\n')}\n`;
const editors: { name: string; run: (text: string) => unknown; samples: number[] }[] = [
  { name: '`lint()`', run: (version) => lint(version), samples: [] },
  { name: 'incremental (`createLinter().lint()`)', run: ((linter) => (version: string) => linter.lint(version))(createLinter()), samples: [] },
];
const EDITS = 3000;
const WARMUP = 200;
for (const editor of editors) {
  const next = seededRandom(42);
  let text = original;
  let typedAt: number | null = null;
  for (let edit = 0; edit < EDITS; edit++) {
    if (typedAt === null) {
      typedAt = Math.floor(next() * text.length);
      text = text.slice(0, typedAt) + 'abcdefghijklmnopqrstuvwxyz -_=$'.charAt(Math.floor(next() * 31)) + text.slice(typedAt);
    } else {
      text = text.slice(0, typedAt) + text.slice(typedAt + 1);
      typedAt = null;
    }
    const start = performance.now();
    editor.run(text);
    if (edit >= WARMUP) editor.samples.push(performance.now() - start);
  }
}
console.log(`\n## Re-lint of a 650-line Dockerfile after each of ${EDITS - WARMUP} edits (ms)`);
console.log('| linter | p50 | p95 | p99 | max |');
console.log('|---|---|---|---|---|');
for (const editor of editors) {
  const sorted = [...editor.samples].sort((a, b) => a - b);
  const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(2);
  console.log(`| ${editor.name} | ${at(0.5)} | ${at(0.95)} | ${at(0.99)} | ${at(1)} |`);
}

// Lint time per line must stay flat as long runs of one kind of line double: a rule or the scope that looks at
// every earlier (or later) instruction for each one would square it.
const runs: [string, (lines: number) => string][] = [
  ['ENV lines in one stage', (n) => `FROM a\n${Array.from({ length: n }, (_, i) => `ENV K${i}=v${i}`).join('\n')}\nRUN echo\n`],
  ['ARG lines in one stage', (n) => `FROM a\n${Array.from({ length: n }, (_, i) => `ARG K${i}=v${i}`).join('\n')}\nRUN echo\n`],
  ['global ARGs, each using the last', (n) => `${Array.from({ length: n }, (_, i) => `ARG K${i}=\${K${i - 1}}x`).join('\n')}\nFROM a:\${K${n - 1}}\n`],
  ['pairs of one ENV', (n) => `FROM a\nENV ${Array.from({ length: n }, (_, i) => `K${i}=v${i}`).join(' ')}\nRUN echo $K1\n`],
  ['LABEL lines in one stage', (n) => `FROM a\n${Array.from({ length: n }, (_, i) => `LABEL k${i}=v${i}`).join('\n')}\nRUN make\n`],
  // Each reads its own name before setting it (UndefinedVar reports every one, with the nearest name in scope).
  ['ENV lines reading themselves', (n) => `FROM a\n${Array.from({ length: n }, (_, i) => `ENV K${i}=\${K${i}:-v}`).join('\n')}\n`],
  // DL3009's fix looks for later RUNs that read the lists; each RUN here is reported.
  ['RUNs updating apt in one stage', (n) => `FROM a\n${Array.from({ length: n }, () => 'RUN apt-get update && apt-get install -y curl').join('\n')}\n`],
  // StageNameCasing's fix renames the references to a stage; every stage here bears one name.
  ['stages of one upper-case name', (n) => Array.from({ length: n / 2 }, () => 'FROM a AS Build\nCOPY --from=Build /x /y').join('\n') + '\n'],
  // The volatile-build-arg rule looks ahead from each per-build ARG for its use and the expensive steps.
  ['per-build ARGs, each before an install', (n) => `FROM a\n${Array.from({ length: n / 2 }, () => 'ARG GIT_SHA\nRUN npm ci').join('\n')}\n`],
  // Each per-build LABEL's fix moves it below the file's last instruction, which is asked once whether it stands open.
  ['per-build LABELs, each before an install', (n) => `FROM a\nARG BUILD_DATE\n${Array.from({ length: n / 2 }, (_, i) => `LABEL created${i}=$BUILD_DATE\nRUN npm ci`).join('\n')}\n`],
  // Rules read the stages a stage is built on; here each is built on the one before, and copies to a relative path.
  ['stages each built on the one before', (n) => `FROM a AS s0\n${Array.from({ length: n / 2 }, (_, i) => `FROM s${i} AS s${i + 1}\nCOPY a b`).join('\n')}\n`],
  // Each stage inherits the environment of the one before and adds to it: read through, not copied per stage.
  ['stages each built on the one before, each setting an ENV', (n) => `FROM a AS s0\n${Array.from({ length: n / 2 }, (_, i) => `FROM s${i} AS s${i + 1}\nENV V${i}=\${V${Math.max(i - 1, 0)}:-}x`).join('\n')}\n`],
];
/** The best of `rounds` runs of `run`, in milliseconds. */
function bestOf(run: () => void, rounds = 5): number {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Prints a table of µs per line for each run of `runs` at each of `sizes` (`usPerLine` measures one generated
 * text), and fails the benchmark when the largest size costs 3× the cheapest size's per line or more: eight
 * times the lines at a squared cost would be eight times the time per line, and noise stays well under 3×.
 */
function checkGrowth(
  title: string,
  column: string,
  what: string,
  sizes: readonly number[],
  runs: readonly [string, (size: number) => string][],
  usPerLine: (text: string, size: number) => number,
): void {
  console.log(`\n## Growth with input size (${title}, µs per line)`);
  console.log(`| ${column} | ${sizes.join(' | ')} | largest ÷ cheapest |`);
  console.log(`|---|${sizes.map(() => '---|').join('')}---|`);
  let worst = 0;
  for (const [name, make] of runs) {
    const perLine = sizes.map((size) => usPerLine(make(size), size));
    // Against the cheapest size: small runs take a few milliseconds, where noise weighs most.
    const growth = (perLine[perLine.length - 1] as number) / Math.min(...perLine);
    worst = Math.max(worst, growth);
    console.log(`| ${name} | ${perLine.map((us) => us.toFixed(1)).join(' | ')} | ${growth.toFixed(2)}× |`);
  }
  const linear = worst < 3;
  console.log(`\n${what} at ${sizes[sizes.length - 1]} lines is at most ${worst.toFixed(2)}× the cheapest size's: ${linear ? 'linear' : 'NOT linear'}`);
  if (!linear) process.exitCode = 1;
}

checkGrowth('dfkit lint', 'run of', 'Time per line', [2_500, 5_000, 10_000, 20_000], runs, (text, lines) => {
  lint(text);
  return (bestOf(() => lint(text)) * 1000) / lines;
});

// The same for an editor's incremental linter: the time of one re-lint after a keystroke (a character typed in
// the middle of the file) must grow no faster than the file, also when the file holds many stages that name
// each other or many names that its instructions mention (what decides which stages are linted again).
const incrementalRuns: [string, (count: number) => string][] = [
  [
    'named stages, each copying from the one before',
    (n) => Array.from({ length: n }, (_, i) => `FROM alpine:3 AS s${i}\nARG V${i}=1\nRUN echo $V${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /b\n`).join(''),
  ],
  ['ENV lines in one stage, each used by a RUN', (n) => `FROM a\n${Array.from({ length: n / 2 }, (_, i) => `ENV K${i}=v${i}\nRUN echo $K${i}`).join('\n')}\n`],
];
checkGrowth('incremental re-lint after a keystroke', 'file of', 'Re-lint time per line', [1_000, 2_000, 4_000, 8_000], incrementalRuns, (text) => {
  const linter = createLinter();
  linter.lint(text);
  const middle = text.indexOf('\n', Math.floor(text.length / 2));
  const edited = `${text.slice(0, middle)} x${text.slice(middle)}`;
  // Typed and taken back in turn, so that every lint sees a changed version.
  let turn = 0;
  const best = bestOf(() => linter.lint(turn++ % 2 === 0 ? edited : text), 10);
  return (best * 1000) / text.split('\n').length;
});
