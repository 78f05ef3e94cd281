/**
 * Benchmark inputs, built from the bundled examples, BuildKit's parser vectors and generated Dockerfiles
 * that use the constructs real files use (continuations, heredocs, exec form, flags, ENV pairs, comments).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function collect(dir: string, into: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) collect(path, into);
    else if (entry === 'Dockerfile') into.push(readFileSync(path, 'utf8'));
  }
}

/** A deterministic pseudo-random generator, so every run measures the same text. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const PACKAGES = ['curl', 'ca-certificates', 'git', 'build-essential', 'python3', 'libssl-dev', 'unzip', 'jq', 'tzdata'];

/** One generated Dockerfile of a few dozen lines. */
export function generateDockerfile(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines: string[] = ['# syntax=docker/dockerfile:1', `ARG BASE_VERSION=${Math.floor(next() * 20)}`, ''];
  const stages = 1 + Math.floor(next() * 3);
  for (let s = 0; s < stages; s++) {
    lines.push(`# stage ${s} builds the ${pick(['api', 'worker', 'web', 'cli'])}`);
    lines.push(`FROM --platform=$BUILDPLATFORM ${pick(['node', 'python', 'golang', 'debian'])}:\${BASE_VERSION}-slim AS stage${s}`);
    lines.push(`ENV APP_HOME=/app PATH="/app/bin:$PATH" LANG=C.UTF-8`);
    lines.push('WORKDIR /app');
    const packages = Array.from({ length: 3 + Math.floor(next() * 5) }, () => pick(PACKAGES));
    lines.push('RUN apt-get update \\');
    lines.push(`    && apt-get install -y --no-install-recommends ${packages.join(' \\\n       ')} \\`);
    lines.push('    && rm -rf /var/lib/apt/lists/*');
    lines.push('COPY package.json package-lock.json ./');
    lines.push('RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev');
    if (next() < 0.4) lines.push('RUN <<EOF\nset -eux\necho "building $APP_HOME"\nmake -j"$(nproc)" all\nEOF');
    lines.push(`LABEL org.opencontainers.image.title="stage ${s}" \\\n      org.opencontainers.image.version="1.${s}.0"`);
    lines.push('COPY --chown=node:node --chmod=644 . .');
    if (s > 0) lines.push(`COPY --from=stage${s - 1} /app/dist ./dist`);
    lines.push(`EXPOSE ${3000 + s}/tcp`);
    lines.push('HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/health || exit 1');
    lines.push('USER node');
    lines.push(`CMD ["node", "dist/server.js", "--port", "${3000 + s}"]`);
    lines.push('');
  }
  return lines.join('\n');
}

export interface Input {
  readonly name: string;
  readonly texts: readonly string[];
}

export function loadInputs(): Input[] {
  const real: string[] = [];
  collect(resolve(root, 'examples'), real);
  collect(resolve(root, '../shared/conformance/buildkit/parser/testfiles'), real);
  const generated = Array.from({ length: 400 }, (_, i) => generateDockerfile(i + 1));
  return [
    { name: `examples + BuildKit vectors (${real.length} files)`, texts: real },
    { name: `generated (${generated.length} files)`, texts: generated },
  ];
}

/** A single large file made of `count` generated Dockerfiles' lines. */
export function largeFile(targetBytes: number): string {
  let text = 'FROM scratch\n';
  let seed = 1;
  while (text.length < targetBytes) {
    text += generateDockerfile(seed++).replace(/^# syntax=.*\n/, '') + '\n';
  }
  return text;
}
