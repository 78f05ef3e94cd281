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

const PACKAGES = [
  'curl', 'ca-certificates', 'git', 'build-essential', 'python3', 'python3-pip', 'libssl-dev', 'unzip', 'jq',
  'tzdata', 'gnupg', 'wget', 'locales', 'openssh-client', 'pkg-config', 'zlib1g-dev', 'libffi-dev', 'xz-utils',
];
const BASES = ['node:20-bookworm-slim', 'python:3.12-slim', 'golang:1.22', 'debian:bookworm', 'ubuntu:22.04', 'alpine:3.20'];

/**
 * One generated Dockerfile shaped like real ones: most bytes sit in long shell-form RUN chains continued over
 * many lines (about half of all bytes in a public corpus), with comments, ENV/LABEL blocks, COPY steps,
 * an occasional heredoc and exec-form CMD.
 */
export function generateDockerfile(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines: string[] = ['# syntax=docker/dockerfile:1', `ARG BASE_VERSION=${Math.floor(next() * 20)}`, ''];
  const stages = 1 + Math.floor(next() * 2);
  for (let s = 0; s < stages; s++) {
    lines.push(`# Stage ${s}: builds the ${pick(['api', 'worker', 'web', 'cli'])} and its runtime dependencies.`);
    lines.push('# Keep the package list sorted; pin versions in the lock file, not here.');
    lines.push(`FROM --platform=$BUILDPLATFORM ${pick(BASES)} AS stage${s}`);
    lines.push(`LABEL org.opencontainers.image.title="stage ${s}" \\\n      org.opencontainers.image.source="https://example.com/acme/app" \\\n      org.opencontainers.image.version="1.${s}.0"`);
    lines.push('ENV APP_HOME=/app \\\n    PATH="/app/bin:$PATH" \\\n    LANG=C.UTF-8 \\\n    DEBIAN_FRONTEND=noninteractive');
    lines.push('WORKDIR /app');
    const packages = Array.from({ length: 6 + Math.floor(next() * 10) }, () => pick(PACKAGES));
    lines.push('RUN set -eux; \\');
    lines.push('    apt-get update; \\');
    lines.push(`    apt-get install -y --no-install-recommends \\\n        ${packages.join(' \\\n        ')} \\`);
    lines.push('    ; \\');
    lines.push('    rm -rf /var/lib/apt/lists/*; \\');
    lines.push(`    curl -fsSL "https://example.com/releases/tool-\${BASE_VERSION}-linux-amd64.tar.gz" -o /tmp/tool.tgz; \\`);
    lines.push('    echo "${TOOL_SHA256}  /tmp/tool.tgz" | sha256sum -c -; \\');
    lines.push('    tar -xzf /tmp/tool.tgz -C /usr/local/bin --strip-components=1; \\');
    lines.push('    rm /tmp/tool.tgz; \\');
    lines.push("    groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app");
    lines.push('COPY package.json package-lock.json ./');
    lines.push('RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev && npm cache clean --force');
    if (next() < 0.3) lines.push('RUN <<EOF\nset -eux\necho "building $APP_HOME"\nmake -j"$(nproc)" all\nEOF');
    lines.push('COPY --chown=app:app . .');
    if (s > 0) lines.push(`COPY --from=stage${s - 1} /app/dist ./dist`);
    lines.push(`EXPOSE ${3000 + s}/tcp`);
    lines.push('HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/health || exit 1');
    lines.push('USER app');
    lines.push(`CMD ["node", "dist/server.js", "--port", "${3000 + s}"]`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Share of bytes inside RUN instructions, to show what the generated corpus is made of. */
export function runShare(texts: readonly string[]): number {
  let run = 0;
  let total = 0;
  for (const text of texts) {
    total += text.length;
    const matches = text.match(/^RUN (?:[^\n]*\\\n)*[^\n]*/gm) ?? [];
    for (const match of matches) run += match.length;
  }
  return run / total;
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
    { name: `generated (${generated.length} files, ${Math.round(runShare(generated) * 100)}% of bytes in RUN)`, texts: generated },
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
