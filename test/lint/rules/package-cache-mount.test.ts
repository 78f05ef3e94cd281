import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { packageCacheMount } from '../../../src/lint/rules/package-cache-mount.js';
import { testRule } from '../rule-tester.js';

testRule(packageCacheMount, {
  valid: [
    // A simulated install downloads nothing.
    'FROM debian:12\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM debian:12\nRUN apt -qs upgrade && apt-get --dry-run dist-upgrade',
    'FROM alpine:3.19\nRUN apk add --simulate curl',
    'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci',
    // One word: an assignment of `xapt-get` to A, and the command run is `install`.
    'FROM debian:12\nRUN A="x"apt-get install -y curl',
    'FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci',
    'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl',
    'FROM alpine:3.19\nRUN apk add --no-cache curl',
    'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask',
    'FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/cache/pip pip install flask',
    'FROM node:20\nRUN --mount=type=cache,target=/tmp/npm npm ci --cache /tmp/npm',
    'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .',
    'FROM rust:1.77\nWORKDIR /src\nRUN --mount=type=cache,target=/src/target cargo build --release',
    'FROM maven:3.9\nRUN --mount=type=cache,target=/root/.m2 mvn -B package',
    'FROM node:20\nRUN npm run build && npm test',
    'FROM node:20\nRUN yarn --version',
    'FROM node:20\nRUN --mount=type=cache,target=$HOME/.yarn yarn install',
    'FROM node:20\nONBUILD RUN npm ci',
    '# syntax=docker/dockerfile:1.1\nFROM node:20\nRUN npm ci',
    'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish --no-restore -c Release',
    'FROM oven/bun:1\nRUN --mount=type=cache,target=/root/.bun/install/cache bun install --frozen-lockfile',
    'FROM oven/bun:1\nENV BUN_INSTALL_CACHE_DIR=/bun-cache\nRUN --mount=type=cache,target=/bun-cache bun install',
    'FROM oven/bun:1\nRUN bun install --no-cache',
    'FROM oven/bun:1\nRUN bun run build && bunx tsc',
    'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root',
    'FROM python:3.12\nRUN poetry --no-cache install',
    'FROM python:3.12\nENV POETRY_CACHE_DIR=/tmp/poetry\nRUN --mount=type=cache,target=/tmp/poetry/cache poetry install',
    'FROM python:3.12\nRUN poetry run pytest && poetry build',
    'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pdm pdm install --prod',
    'FROM clojure:tools-deps\nRUN --mount=type=cache,target=/root/.m2 clojure -P',
    'FROM clojure:tools-deps\nRUN clojure -M:run && clj-kondo --lint src',
    'FROM haskell:9.8\nRUN --mount=type=cache,target=/root/.stack stack build --only-dependencies',
    'FROM haskell:9.8\nRUN --mount=type=cache,target=/root/.cabal/packages cabal update',
    'FROM sbtscala/scala-sbt:eclipse-temurin-21_1.10_3\nRUN sbt --version',
    'FROM elixir:1.17\nRUN --mount=type=cache,target=/root/.hex/packages mix deps.get --only prod',
    'FROM elixir:1.17\nRUN mix local.hex --force && mix deps.compile && mix release',
    'FROM debian:12\nRUN echo "apt-get install -y curl" > /notes.txt',
    // The manager's word only inside other words.
    'FROM debian:12\nRUN mongod --version && echo sceptic-pipeline-uvula',
    // Options whose values could be read two ways each once took time exponential in their number.
    `FROM debian:12\nRUN apt-get${' -o -c'.repeat(40)} x`,
    `FROM alpine:3.19\nRUN apk${' -X --repository'.repeat(40)} x`,
  ],
  invalid: [
    // The fix: the suggested mount after the keyword, where the stage already needs BuildKit.
    {
      code: '# syntax=docker/dockerfile:1\nFROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci',
      errors: [{ text: 'npm ci' }],
      output: '# syntax=docker/dockerfile:1\nFROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci',
    },
    {
      code: 'FROM python:3.12 AS base\nRUN --mount=type=bind,source=x,target=/x true\nFROM base\nUSER app\nUSER root\nrun  --network=host pip install -r req.txt',
      errors: [{ text: 'pip install' }],
      output: 'FROM python:3.12 AS base\nRUN --mount=type=bind,source=x,target=/x true\nFROM base\nUSER app\nUSER root\nrun --mount=type=cache,target=/root/.cache/pip  --network=host pip install -r req.txt',
    },
    {
      code: '# syntax=docker/dockerfile:1\nFROM oven/bun:1\nCOPY package.json bun.lock ./\nRUN bun install --frozen-lockfile',
      errors: [{ text: 'bun install' }],
      output: '# syntax=docker/dockerfile:1\nFROM oven/bun:1\nCOPY package.json bun.lock ./\nRUN --mount=type=cache,target=/root/.bun/install/cache bun install --frozen-lockfile',
    },
    {
      code: '# syntax=docker/dockerfile:1\nFROM elixir:1.17\nCOPY mix.exs mix.lock ./\nRUN mix local.hex --force && mix deps.get --only prod',
      errors: [{ text: 'mix deps.get' }],
      output:
        '# syntax=docker/dockerfile:1\nFROM elixir:1.17\nCOPY mix.exs mix.lock ./\nRUN --mount=type=cache,target=/root/.hex/packages mix local.hex --force && mix deps.get --only prod',
    },
    // No fix: the classic builder would have to run it; another user or home; the cache moved; a manager
    // whose cache a later step reads (apt's indexes, go's modules).
    ...[
      'FROM node:20\nRUN npm ci',
      '# syntax=docker/dockerfile:1\nFROM node:20\nUSER node\nRUN npm ci',
      '# syntax=docker/dockerfile:1\nFROM node:20\nENV HOME=/home/app\nRUN npm ci',
      '# syntax=docker/dockerfile:1\nFROM python:3\nENV PIP_CACHE_DIR=/c\nRUN pip install x',
      '# syntax=docker/dockerfile:1\nFROM node:20\nRUN npm ci --cache /tmp/npm',
      '# syntax=docker/dockerfile:1\nFROM debian:12\nRUN apt-get install -y curl',
      '# syntax=docker/dockerfile:1\nFROM golang:1.22\nRUN go mod download',
      '# syntax=docker/dockerfile:1\nFROM oven/bun:1\nENV XDG_CACHE_HOME=/cache\nRUN bun install',
      '# syntax=docker/dockerfile:1\nFROM elixir:1.17\nENV HEX_HOME=/hex\nRUN mix deps.get',
    ].map((code) => ({ code, errors: [{}], output: code })),
    // The command word right after what may come before it (a quoted assignment, a path, `sh -c '`, an
    // operator): a script is passed over only when no such word is anywhere in it.
    { code: 'FROM debian:12\nRUN A="x" apt-get install -y curl', errors: [{ line: 2, text: 'apt-get install' }] },
    { code: "FROM python:3.12\nRUN B='y' pip install flask", errors: [{ line: 2, text: 'pip install' }] },
    { code: 'FROM golang:1.22\nRUN cd /src&&/usr/local/go/bin/go build .', errors: [{ line: 2, text: '/usr/local/go/bin/go build' }] },
    { code: "FROM node:20\nRUN sh -c 'npm ci'", errors: [{ line: 2, text: 'npm ci' }] },
    { code: 'FROM node:20\nRUN (yarn install)', errors: [{ line: 2, text: 'yarn install' }] },
    {
      // Only the simulated install is skipped; the real one after it downloads.
      code: 'FROM debian:12\nRUN apt-get install -s curl && apt-get install -y -oDebug::NoLocking=1 curl',
      errors: [{ line: 2, text: 'apt-get install' }],
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci',
      errors: [
        {
          message:
            'npm ci on line 4 downloads every package again each time this RUN loses its cache (its command, a file copied before it or any earlier step changed); add --mount=type=cache,target=/root/.npm so the npm cache survives between builds',
          line: 4,
          text: 'npm ci',
        },
      ],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
      errors: [
        {
          message:
            'apt-get install on line 3 downloads every package again each time this RUN loses its cache (its command, a file copied before it or any earlier step changed); add --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked so the apt cache survives between builds',
          line: 3,
          text: 'apt-get install',
        },
      ],
    },
    {
      code: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.npm pip install -r requirements.txt',
      errors: [{ line: 2, text: 'pip install' }],
    },
    {
      code: 'FROM python:3.12\nRUN python3 -m pip install --upgrade pip && pip3 install flask',
      errors: [{ text: 'python3 -m pip install' }],
    },
    { code: 'FROM alpine:3.19\nRUN apk update && apk add curl', errors: [{ text: 'apk add' }] },
    { code: 'FROM node:20\nRUN yarn install --frozen-lockfile', errors: [{ text: 'yarn install' }] },
    { code: 'FROM node:20\nRUN yarn --frozen-lockfile', errors: [{ text: 'yarn' }] },
    { code: 'FROM node:20\nRUN corepack enable && pnpm install --frozen-lockfile', errors: [{ text: 'pnpm install' }] },
    {
      code: 'FROM golang:1.22\nRUN go mod download && CGO_ENABLED=0 go build -o /app .',
      errors: [{ message: 'go mod download on line 2 rebuilds its module and build caches from scratch each time this RUN loses its cache (its command, a file copied before it or any earlier step changed); add --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod so the go cache survives between builds', text: 'go mod download' }],
    },
    { code: 'FROM rust:1.77\nRUN cargo build --release', errors: [{ text: 'cargo build' }] },
    { code: 'FROM maven:3.9\nRUN ./mvnw -B dependency:go-offline', errors: [{ text: './mvnw' }] },
    { code: 'FROM gradle:8\nRUN gradle build --no-daemon', errors: [{ text: 'gradle' }] },
    { code: 'FROM ruby:3.3\nRUN bundle install --jobs 4', errors: [{ text: 'bundle install' }] },
    { code: 'FROM composer:2\nRUN composer install --no-dev', errors: [{ text: 'composer install' }] },
    { code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore', errors: [{ text: 'dotnet restore' }] },
    { code: 'FROM python:3.12\nRUN uv sync --frozen', errors: [{ text: 'uv sync' }] },
    {
      code: 'FROM python:3.12\nRUN pip install poetry && poetry install --no-root --only main',
      errors: [
        { text: 'pip install' },
        {
          text: 'poetry install',
          message:
            'poetry install on line 2 downloads every package again each time this RUN loses its cache (its command, a file copied before it or any earlier step changed); add --mount=type=cache,target=/root/.cache/pypoetry/cache --mount=type=cache,target=/root/.cache/pypoetry/artifacts so the poetry cache survives between builds',
        },
      ],
    },
    {
      // Only the download folders are mounted: the virtual environment poetry makes in its cache stays in the image.
      code: '# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN poetry install --no-root',
      errors: [{ text: 'poetry install' }],
      output:
        '# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pypoetry/cache --mount=type=cache,target=/root/.cache/pypoetry/artifacts poetry install --no-root',
    },
    { code: 'FROM python:3.12\nRUN pipenv install --system --deploy', errors: [{ text: 'pipenv install' }] },
    { code: 'FROM python:3.12\nRUN pdm sync --prod --no-self', errors: [{ text: 'pdm sync' }] },
    { code: 'FROM crystallang/crystal:1.13\nRUN shards install --production', errors: [{ text: 'shards install' }] },
    { code: 'FROM clojure:lein\nRUN lein deps', errors: [{ text: 'lein' }] },
    { code: 'FROM clojure:tools-deps\nRUN clojure -A:build -P', errors: [{ text: 'clojure -A:build -P' }] },
    { code: 'FROM sbtscala/scala-sbt:eclipse-temurin-21_1.10_3\nRUN sbt update', errors: [{ text: 'sbt' }] },
    { code: 'FROM haskell:9.8\nRUN stack build --only-dependencies', errors: [{ text: 'stack build' }] },
    { code: 'FROM haskell:9.8\nRUN cabal update && cabal build --only-dependencies', errors: [{ text: 'cabal update' }] },
    { code: 'FROM node:20\nRUN ["npm", "ci"]', errors: [{ line: 2, text: 'npm", "ci' }] },
    { code: 'FROM node:20\nRUN ["sh", "-c", "npm ci && npm run build"]', errors: [{ text: 'npm ci' }] },
    {
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF',
      errors: [{ line: 5, text: 'apt-get install' }],
    },
    { code: 'FROM debian:12\nRUN sudo -E apt-get install -y curl', errors: [{ text: 'apt-get install' }] },
    { code: 'FROM debian:12\nRUN bash -c "apt-get install -y curl"', errors: [{ text: 'apt-get install' }] },
    { code: '# syntax=docker/dockerfile:1.2\nFROM node:20\nRUN npm ci', errors: [{ line: 3 }] },
    { code: 'FROM node:20\nRUN npm ci && cd web && npm ci', errors: [{ line: 2 }] },
    { code: 'FROM python:3.12\nRUN pip install --no-cache-dir -U pip && pip install flask', errors: [{ text: 'pip install' }] },
    { code: 'FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/home/app/.npm pip install flask', errors: [{ text: 'pip install' }] },
  ],
});

describe('which commands are installs', () => {
  const installs = (code: string): string[] =>
    lint(code, { rules: [packageCacheMount] }).findings.map((finding) => code.slice(finding.range.start.offset, finding.range.end.offset));

  it('reads the commands the shell runs, not text that only looks like one', () => {
    // A quoted `;` is no separator: the echo prints the words, and the one install is the real one after it.
    const code = "FROM debian:12\nRUN echo 'a; apt-get install -y x' && apt-get install -y curl";
    const [found, ...more] = lint(code, { rules: [packageCacheMount] }).findings;
    expect(more).toEqual([]);
    expect(found?.range.start.offset).toBe(code.lastIndexOf('apt-get install'));
    expect(installs('FROM node:20\nRUN echo "npm ci; yarn" > notes.txt')).toEqual([]);
    expect(installs('FROM node:20\nRUN cat <<EOF > /etc/motd\nnpm ci\nEOF')).toEqual([]);
    // The body a shell reads is its script; the one beside it written to a file is data.
    expect(installs('FROM node:20\nRUN bash -e <<A && cat <<B > /x\nnpm ci\nA\nyarn install\nB')).toEqual(['npm ci']);
    expect(installs('FROM node:20\nRUN python3 <<A\nnpm ci\nA')).toEqual([]);
  });

  it('looks through wrappers, command substitutions and the script of sh -c', () => {
    expect(installs('FROM debian:12\nRUN sudo -u root timeout 600 apt-get install -y curl')).toEqual(['apt-get install']);
    expect(installs('FROM python:3.12\nRUN env -i PATH=/usr/bin nice -n 5 pip install flask')).toEqual(['pip install']);
    expect(installs('FROM node:20\nRUN echo "$(npm ci --silent)"')).toEqual(['npm ci']);
    expect(installs("FROM alpine:3.19\nRUN sh -c 'apk update && apk add curl'")).toEqual(['apk add']);
    expect(installs('FROM debian:12\nRUN ["sh", "-c", "apt-get install -y curl"]')).toEqual(['apt-get install']);
  });
});
