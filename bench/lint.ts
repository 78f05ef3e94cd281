/**
 * `npm run bench:lint`: dfkit's linter (every built-in rule, shell analysis included) against
 * dockerfile-utils' validator and dockerfilelint on the same inputs in one process, and the editor figure: how long one
 * re-lint of a 650-line Dockerfile takes (p50/p99 over many edits).
 */
import { createRequire } from 'node:module';
import { validate } from 'dockerfile-utils';
import { lint } from '../dist/lint/index.js';
import { generateDockerfile } from './corpus.js';

const inputs = Array.from({ length: 400 }, (_, i) => generateDockerfile(i + 1));
const megabytes = inputs.reduce((total, text) => total + Buffer.byteLength(text), 0) / 1e6;

// dockerfilelint is CommonJS without types: `run(contextDirectory, text)` returns its findings.
const dockerfilelint = createRequire(import.meta.url)('dockerfilelint') as { run: (context: string, text: string) => unknown[] };

const contenders: { name: string; run: (text: string) => unknown }[] = [
  { name: 'dfkit lint (all rules)', run: (text) => lint(text) },
  { name: 'dockerfile-utils 0.16 validate', run: (text) => validate(text) },
  { name: 'dockerfilelint 1.8', run: (text) => dockerfilelint.run('.', text) },
];

const best = contenders.map(() => Infinity);
for (const contender of contenders) for (const text of inputs) contender.run(text);
for (let round = 0; round < 7; round++) {
  contenders.forEach((contender, index) => {
    const start = performance.now();
    for (const text of inputs) contender.run(text);
    best[index] = Math.min(best[index] as number, performance.now() - start);
  });
}
console.log(`# dfkit lint benchmark (Node ${process.version})\n`);
console.log(`## ${inputs.length} generated Dockerfiles, ${megabytes.toFixed(2)} MB`);
console.log('| linter | MB/s | dfkit is × faster |');
console.log('|---|---|---|');
contenders.forEach((contender, index) => {
  const ms = best[index] as number;
  const ratio = index === 0 ? '—' : `${(ms / (best[0] as number)).toFixed(1)}×`;
  console.log(`| ${contender.name} | ${(megabytes / (ms / 1000)).toFixed(1)} | ${ratio} |`);
});

// The editor figure: a 650-line file, edited one character at a time, re-linted after every edit.
let file = '';
for (let seed = 1; file.split('\n').length < 650; seed++) file += generateDockerfile(seed) + '\n';
const lines = file.split('\n').slice(0, 650);
const samples: number[] = [];
for (let edit = 0; edit < 2000; edit++) {
  const line = edit % lines.length;
  lines[line] = (lines[line] as string) + (edit % 2 === 0 ? ' ' : '');
  const text = lines.join('\n');
  const start = performance.now();
  lint(text);
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
console.log(`\n## Re-lint of a 650-line Dockerfile after each of ${samples.length} edits`);
console.log(`p50 ${at(0.5).toFixed(2)} ms · p99 ${at(0.99).toFixed(2)} ms · max ${at(1).toFixed(2)} ms`);
