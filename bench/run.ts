/**
 * `npm run bench`: dfkit's parser against its peers, side by side in one process on the same inputs.
 * Prints MB/s per parser and our throughput as a multiple of each peer's, then checks that parse time
 * grows linearly with input size.
 */
import { DockerfileParser } from 'dockerfile-ast';
import dockerFileParser from 'docker-file-parser';
import { validate } from 'dockerfile-utils';
// The shipped build is what users run, so that is what is measured.
import { parse } from '../dist/parser/index.js';
import { largeFile, loadInputs, type Input } from './corpus.js';

interface Contender {
  readonly name: string;
  readonly run: (text: string) => unknown;
}

const contenders: Contender[] = [
  { name: 'dfkit parse (typed AST + diagnostics)', run: (text) => parse(text) },
  { name: 'dockerfile-ast 0.7 parse', run: (text) => DockerfileParser.parse(text).getInstructions() },
  { name: 'docker-file-parser 1.0 parse', run: (text) => dockerFileParser.parse(text, { includeComments: true }) },
  { name: 'dockerfile-utils 0.16 validate (diagnostics)', run: (text) => validate(text) },
];

function bytesOf(texts: readonly string[]): number {
  let total = 0;
  for (const text of texts) total += Buffer.byteLength(text);
  return total;
}

/** Milliseconds per pass over `texts`, repeating passes until at least `minMs` have gone by. */
function timePasses(contender: Contender, texts: readonly string[], minMs: number): number {
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const text of texts) contender.run(text);
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / passes;
}

/** Best of `rounds` timed passes over the whole input set, after one warm-up pass. */
function measure(contender: Contender, texts: readonly string[], rounds = 5, minMs = 300): number {
  for (const text of texts) contender.run(text);
  let best = Infinity;
  for (let round = 0; round < rounds; round++) best = Math.min(best, timePasses(contender, texts, minMs));
  return best;
}

/**
 * Contenders take turns, round after round, and each keeps its best round: the machine's noise then falls on
 * all of them alike instead of on whoever happened to run during a slow spell.
 */
function compare(texts: readonly string[], rounds = 9, minMs = 200): number[] {
  for (const contender of contenders) for (const text of texts) contender.run(text);
  const best = contenders.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    contenders.forEach((contender, index) => {
      best[index] = Math.min(best[index] as number, timePasses(contender, texts, minMs));
    });
  }
  return best;
}

function report(input: Input): void {
  const megabytes = bytesOf(input.texts) / 1e6;
  console.log(`\n## ${input.name}, ${megabytes.toFixed(2)} MB`);
  const times = compare(input.texts);
  const ours = times[0] as number;
  console.log('| parser | MB/s | dfkit is × faster |');
  console.log('|---|---|---|');
  contenders.forEach((contender, index) => {
    const ms = times[index] as number;
    const ratio = index === 0 ? '—' : `${(ms / ours).toFixed(1)}×`;
    console.log(`| ${contender.name} | ${(megabytes / (ms / 1000)).toFixed(1)} | ${ratio} |`);
  });
}

/** Parse time per MB must stay flat as the same kind of input doubles in size, and for pathological lines. */
function complexity(): boolean {
  console.log('\n## Growth with input size (dfkit parse)');
  console.log('| input | size | ms | ms per MB |');
  console.log('|---|---|---|---|');
  const perMb: number[] = [];
  for (const size of [625_000, 1_250_000, 2_500_000, 5_000_000]) {
    const text = largeFile(size);
    const ms = measure(contenders[0] as Contender, [text], 3, 0);
    perMb.push(ms / (text.length / 1e6));
    const count = parse(text).ast.instructions.length;
    console.log(`| ${count} instructions | ${(text.length / 1e6).toFixed(2)} MB | ${ms.toFixed(1)} | ${(ms / (text.length / 1e6)).toFixed(1)} |`);
  }
  const baseline = Math.min(...perMb);
  const growth = Math.max(...perMb) / baseline;
  const pathological: [string, string][] = [
    ['5 MB of 100k instructions', `FROM scratch\n${'RUN echo "building the app" && make -j4 all install\n'.repeat(100_000)}`],
    ['1 MB single RUN line', `FROM scratch\nRUN ${'echo "$HOME" && '.repeat(62_500)}true\n`],
    ['1 MB ENV line of 50k pairs', `FROM scratch\nENV ${'A_1="x y" '.repeat(100_000)}\n`],
    ['1 MB single continued RUN (80k lines)', `FROM scratch\n${'RUN echo a \\\n'.repeat(80_000)}true\n`],
    ['1 MB of unterminated heredoc', `FROM scratch\nRUN <<EOF\n${'echo hello world\n'.repeat(60_000)}`],
  ];
  let worst = 0;
  for (const [name, text] of pathological) {
    const ms = measure(contenders[0] as Contender, [text], 3, 0);
    const rate = ms / (text.length / 1e6);
    worst = Math.max(worst, rate / baseline);
    console.log(`| ${name} | ${(text.length / 1e6).toFixed(2)} MB | ${ms.toFixed(1)} | ${rate.toFixed(1)} |`);
  }
  const linear = growth < 2 && worst < 4;
  console.log(
    `\nms per MB varies ${growth.toFixed(2)}× across sizes; the worst pathological input costs ${worst.toFixed(2)}× ` +
      `the baseline per MB: ${linear ? 'linear' : 'NOT linear'}`,
  );
  return linear;
}

console.log(`# dfkit parse benchmark (Node ${process.version})`);
for (const input of loadInputs()) report(input);
if (!complexity()) process.exitCode = 1;
