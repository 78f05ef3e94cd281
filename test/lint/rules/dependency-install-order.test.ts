import { dependencyInstallOrder } from '../../../src/lint/rules/dependency-install-order.js';
import type { BuildContextFiles } from '../../../src/lint/index.js';
import { testRule } from '../rule-tester.js';

/** A build context holding these files (given as names, or as names and texts). */
const context = (...given: Array<string | Record<string, string>>): { buildContext: BuildContextFiles } => {
  const texts = new Map<string, string>();
  for (const item of given) {
    if (typeof item === 'string') texts.set(item, '');
    else for (const [path, text] of Object.entries(item)) texts.set(path, text);
  }
  return { buildContext: { has: (path) => texts.has(path), read: (path) => texts.get(path) } };
};
const PIP = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt\n';
const pipFixed = (copies: string): string =>
  `FROM python:3.12\nWORKDIR /app\n${copies}\nRUN pip install --no-cache-dir -r requirements/prod.txt\nCOPY . .\n`;
const GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build ./...\n';
const goFixed = (sources: string): string =>
  `FROM golang:1.22\nWORKDIR /src\nCOPY ${sources} ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n`;

testRule(dependencyInstallOrder, {
  valid: [
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .',
    // Not an install; a run of dashes once took the install pattern exponential time to turn down.
    `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn ${'-'.repeat(40)} x`,
    'FROM node:20\nCOPY . .\nRUN npm run build',
    'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .',
    'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build ./...',
    'FROM node:20 AS build\nCOPY . .\nFROM node:20\nCOPY --from=build /app /app\nRUN npm ci',
    'FROM node:20\nCOPY nginx.conf /etc/nginx/nginx.conf\nRUN npm ci',
    'FROM node:20\nRUN npm ci\nCOPY . .',
    'FROM node:20\nCOPY . .\nRUN npm install express',
    'FROM oven/bun:1\nCOPY . .\nRUN bun install zod',
    'FROM elixir:1.17\nCOPY mix.exs mix.lock ./\nRUN mix deps.get\nCOPY . .',
    'FROM swift:5.10\nCOPY Package.* ./\nRUN swift package resolve\nCOPY . .',
    'FROM dart:3.5\nCOPY pubspec.* ./\nRUN dart pub get\nCOPY . .\nRUN dart pub get --offline',
    'FROM continuumio/miniconda3\nCOPY . .\nRUN conda install -y numpy',
    // Not dependency installs: a package by name, a build, a REPL.
    'FROM gcc:14\nCOPY . .\nRUN vcpkg install zlib',
    'FROM haskell:9.8\nCOPY . .\nRUN stack build',
    'FROM clojure:tools-deps\nCOPY . .\nRUN clojure -M:build -Prod',
    'FROM crystallang/crystal:1.13\nCOPY shard.yml shard.lock ./\nRUN shards install\nCOPY . .\nRUN shards build',
    'FROM clojure:lein\nCOPY project.clj .\nRUN lein deps\nCOPY . .',
    // Folders copied before the install and the rest after it: a workspace package, a local path dependency.
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY packages/shared ./packages/shared\nRUN npm ci\nCOPY . .',
    'FROM python:3.12\nCOPY requirements.txt .\nCOPY libs/ ./libs/\nRUN pip install -r requirements.txt\nCOPY src ./src',
    // A heredoc written to a file is not run: its text names no install.
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN cat <<EOF > notes.txt\nnpm ci\nEOF',
  ],
  invalid: [
    // A folder before the install with nothing copied after it, or with the whole context copied before it too.
    { code: 'FROM node:20\nCOPY src ./src\nCOPY package.json ./\nRUN npm ci', errors: [{ line: 2, text: 'src' }] },
    { code: 'FROM node:20\nCOPY libs ./libs\nCOPY . .\nRUN npm ci\nCOPY src ./src', errors: [{ line: 2, text: 'libs' }] },
    // The body of `RUN <<EOF` and of `RUN bash <<EOF` is the script the RUN runs.
    { code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nnpm ci\nEOF', errors: [{ line: 3, text: '.' }] },
    { code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN bash <<EOF\nnpm ci\nEOF', errors: [{ line: 3, text: '.' }] },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
      errors: [
        {
          message:
            'COPY on line 3 copies sources before the npm install on line 4, so any source change re-runs the install; copy package.json and package-lock.json first, install, then copy the rest',
          line: 3,
          text: '.',
        },
      ],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      code: 'FROM node:20\nCOPY --chown=node:node . /app\nWORKDIR /app\nRUN npm install\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY --chown=node:node package*.json /app/\nWORKDIR /app\nRUN npm install\nCOPY --chown=node:node . /app\n',
    },
    {
      code: 'FROM node:20\nCOPY . .\nWORKDIR /app\nRUN npm ci',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM python:3.12\nCOPY . /srv\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r /srv/requirements.txt',
      errors: [{ line: 2, text: '.' }],
      output:
        'FROM python:3.12\nCOPY requirements.txt /srv/\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r /srv/requirements.txt\nCOPY . /srv\n',
    },
    {
      // Every file the install names is copied: requirements, more requirements, constraints.
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt -r dev.txt --constraint=c.txt',
      errors: [{ line: 3, text: '.' }],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt dev.txt c.txt ./\nRUN pip install --no-cache-dir -r requirements.txt -r dev.txt --constraint=c.txt\nCOPY . .\n',
    },
    {
      // Only the install's own step names its files: `rm -r` before it does not.
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN rm -r build && pip install -r requirements.txt',
      errors: [{ line: 3, message: 'COPY on line 3 copies sources before the pip install on line 4, so any source change re-runs the install; copy requirements.txt first, install, then copy the rest' }],
    },
    {
      // Every pip install step counts: the requirements may come with the second.
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -U pip && pip install -r requirements.txt',
      errors: [{ line: 3, message: 'COPY on line 3 copies sources before the pip install on line 4, so any source change re-runs the install; copy requirements.txt first, install, then copy the rest' }],
    },
    {
      code: 'FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .',
    },
    {
      code: 'FROM python:3.12\nCOPY . /srv\nWORKDIR /other\nRUN pip install -r requirements.txt',
      errors: [{ message: 'COPY on line 2 copies sources before the pip install on line 4, so any source change re-runs the install; copy the dependency manifests first, install, then copy the rest' }],
    },
    {
      code: 'FROM maven:3.9\nCOPY src ./src\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline',
      errors: [{ line: 2, text: 'src' }],
    },
    // Without the context, a lock file a project may not have is copied as a pattern of its one name.
    { code: GO, errors: [{ line: 3 }], output: goFixed('go.mod go.su[m]') },
    {
      code: 'FROM node:20\nCOPY . .\nRUN yarn install --frozen-lockfile\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY package.json yarn.loc[k] ./\nRUN yarn install --frozen-lockfile\nCOPY . .\n',
    },
    {
      code: 'FROM ruby:3\nCOPY . .\nRUN bundle install\n',
      errors: [{ line: 2 }],
      output: 'FROM ruby:3\nCOPY Gemfile Gemfile.loc[k] ./\nRUN bundle install\nCOPY . .\n',
    },
    // With it, exactly the files it holds and its ignore file lets through; no fix without a needed manifest.
    { code: GO, settings: context('go.mod', 'go.sum', 'main.go'), errors: [{ line: 3 }], output: goFixed('go.mod go.sum') },
    { code: GO, settings: context('go.mod', 'main.go'), errors: [{ line: 3 }], output: goFixed('go.mod') },
    { code: GO, settings: { ...context('go.mod', 'go.sum'), dockerignoreText: 'go.sum\n' }, errors: [{ line: 3 }], output: goFixed('go.mod') },
    { code: GO, settings: context('main.go'), errors: [{ line: 3 }], output: GO },
    { code: GO, settings: { ...context('go.mod', 'go.sum'), dockerignoreText: '*.mod\n' }, errors: [{ line: 3 }], output: GO },
    {
      code: 'FROM node:20\nCOPY . .\nRUN npm ci\n',
      settings: context('package.json', 'npm-shrinkwrap.json'),
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY . .\nRUN npm ci\n',
    },
    {
      code: 'FROM node:20\nCOPY . .\nRUN npm install\n',
      settings: context('package.json'),
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY package*.json ./\nRUN npm install\nCOPY . .\n',
    },
    // A requirements file in a folder lands in the same folder; the files it includes come along, each where
    // the install looks for it; one that installs from the context itself (`-e .`) leaves nothing to move first.
    {
      code: PIP,
      errors: [{ line: 3 }],
      output: pipFixed('COPY requirements/prod.txt ./requirements/'),
    },
    {
      code: PIP,
      settings: context({
        'requirements/prod.txt': 'gunicorn==22.0.0  # web\n-r base.txt\n--constraint=../constraints.txt\n-r https://example.com/r.txt\n',
        'requirements/base.txt': 'django==5.0 \\\n  --hash=sha256:00\n',
        'constraints.txt': '',
      }),
      errors: [{ line: 3 }],
      output: pipFixed('COPY requirements/prod.txt requirements/base.txt ./requirements/\nCOPY constraints.txt ./'),
    },
    ...['-e .', '--editable=./lib', './wheels/x.whl', 'pkg @ file:///src/pkg', '-f ./wheels', '-r ../../outside.txt'].map((line) => ({
      code: PIP,
      settings: context({ 'requirements/prod.txt': `flask==3.0.0\n${line}\n` }),
      errors: [{ line: 3 }],
      output: PIP,
    })),
    // A chain of includes longer than a copy should list.
    {
      code: PIP,
      settings: context(
        Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i === 0 ? 'requirements/prod.txt' : `requirements/r${i}.txt`, `-r r${i + 1}.txt\n`])),
      ),
      errors: [{ line: 3 }],
      output: PIP,
    },
    {
      code: PIP,
      settings: context({ 'requirements/prod.txt': '-e git+https://github.com/org/pkg.git#egg=pkg\n-f https://example.com/wheels\n' }),
      errors: [{ line: 3 }],
      output: pipFixed('COPY requirements/prod.txt ./requirements/'),
    },
    // Line breaks as the file has them.
    {
      code: 'FROM node:20\r\nCOPY . .\r\nRUN npm ci\r\nCMD ["node"]',
      errors: [{ line: 2 }],
      output: 'FROM node:20\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\nCMD ["node"]',
    },
    // Installs that read the project itself: without their options, or with manifests that say so.
    ...[
      ['FROM python:3.12\nCOPY . .\nRUN poetry install\n', {}],
      ['FROM python:3.12\nCOPY . .\nRUN uv sync --frozen\n', {}],
      ['FROM php:8.3\nCOPY . .\nRUN composer install --no-dev\n', {}],
      ['FROM php:8.3\nCOPY . .\nRUN composer install --no-scripts\n', {}],
      ['FROM node:20\nCOPY . .\nRUN npm ci\n', context({ 'package.json': '{"workspaces": ["packages/*"]}', 'package-lock.json': '{}' })],
      ['FROM node:20\nCOPY . .\nRUN npm ci\n', context({ 'package.json': '{"scripts": {"postinstall": "node build.js"}}', 'package-lock.json': '{}' })],
      ['FROM node:20\nCOPY . .\nRUN npm ci\n', context({ 'package.json': '{"dependencies": {"lib": "file:./lib"}}', 'package-lock.json': '{}' })],
      ['FROM node:20\nCOPY . .\nRUN pnpm install\n', context('package.json', 'pnpm-workspace.yaml')],
      ['FROM python:3.12\nCOPY . .\nRUN poetry install --no-root\n', context({ 'pyproject.toml': '[tool.poetry.dependencies]\nlib = { path = "../lib" }\n' })],
      ['FROM golang:1.22\nCOPY . .\nRUN go mod download\n', context({ 'go.mod': 'module x\nreplace example.com/lib => ./lib\n' })],
      ['FROM golang:1.22\nCOPY . .\nRUN go mod download\n', context('go.mod', 'go.work')],
      ['FROM ruby:3\nCOPY . .\nRUN bundle install\n', context({ Gemfile: "source 'https://rubygems.org'\ngemspec\n" })],
      ['FROM maven:3.9\nCOPY . .\nRUN mvn -B dependency:go-offline\n', context({ 'pom.xml': '<project><modules><module>api</module></modules></project>' })],
    ].map(([code, settings]) => ({ code: code as string, settings: settings as object, errors: [{ line: 2 }], output: code as string })),
    {
      code: 'FROM python:3.12\nCOPY . .\nRUN poetry install --no-root\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\nCOPY pyproject.toml poetry.loc[k] ./\nRUN poetry install --no-root\nCOPY . .\n',
    },
    {
      code: 'FROM python:3.12\nCOPY . .\nRUN uv sync --frozen --no-install-project\n',
      settings: context('pyproject.toml', 'uv.lock'),
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-install-project\nCOPY . .\n',
    },
    {
      code: 'FROM php:8.3\nCOPY . .\nRUN composer install --no-scripts --no-autoloader\n',
      settings: context('composer.json'),
      errors: [{ line: 2 }],
      output: 'FROM php:8.3\nCOPY composer.json ./\nRUN composer install --no-scripts --no-autoloader\nCOPY . .\n',
    },
    {
      code: 'FROM node:20\nCOPY . .\nRUN npm ci --ignore-scripts\n',
      settings: context({ 'package.json': '{"scripts": {"prepare": "husky"}}', 'package-lock.json': '{}' }),
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --ignore-scripts\nCOPY . .\n',
    },
    // cargo reads the package's targets with its manifest: the finding stands, with no fix.
    {
      code: 'FROM rust:1.80\nCOPY . .\nRUN cargo fetch\n',
      errors: [{ message: 'COPY on line 2 copies sources before the cargo install on line 3, so any source change re-runs the install; copy Cargo.toml and Cargo.lock first, install, then copy the rest' }],
      output: 'FROM rust:1.80\nCOPY . .\nRUN cargo fetch\n',
    },
    // Without --no-self, pdm installs the project too: the finding stands, with no fix.
    {
      code: 'FROM python:3.12\nCOPY . .\nRUN pdm install --prod\n',
      errors: [{ message: /before the pdm install on line 3, .*; copy pyproject\.toml and pdm\.lock first/ }],
      output: 'FROM python:3.12\nCOPY . .\nRUN pdm install --prod\n',
    },
    { code: 'FROM ruby:3\nCOPY . .\nRUN apt-get update\nRUN bundle install', errors: [{ line: 2 }] },
    { code: 'FROM node:20\nCOPY app/ /app/\nRUN yarn install --frozen-lockfile', errors: [{ line: 2, text: 'app/' }] },
    // Options run together still read as options.
    { code: 'FROM node:20\nCOPY app/ /app/\nRUN yarn --a--b--c --frozen-lockfile', errors: [{ line: 2, text: 'app/' }] },
    // bun, mix, pub, Swift, cpanm and carton: their manifests first, their lock files as patterns of one name.
    ...[
      ['FROM oven/bun:1', 'bun install --frozen-lockfile', 'package.json bun.loc[k] bun.lock[b]', 'bun'],
      ['FROM elixir:1.17', 'mix local.hex --force && mix deps.get --only prod', 'mix.exs mix.loc[k]', 'mix'],
      ['FROM dart:3.5', 'dart pub get', 'pubspec.yaml pubspec.loc[k]', 'pub'],
      ['FROM ghcr.io/cirruslabs/flutter:3.24', 'flutter pub get', 'pubspec.yaml pubspec.loc[k]', 'pub'],
      ['FROM swift:5.10', 'swift package resolve', 'Package.swift Package.resolve[d]', 'swift'],
      ['FROM perl:5.40', 'cpanm --notest --installdeps .', 'cpanfile cpanfile.snapsho[t]', 'cpanm'],
      ['FROM perl:5.40', 'carton install --deployment', 'cpanfile cpanfile.snapsho[t]', 'carton'],
      ['FROM python:3.12', 'pdm install --prod --no-self', 'pyproject.toml pdm.loc[k]', 'pdm'],
      ['FROM python:3.12', 'pdm sync --no-self', 'pyproject.toml pdm.loc[k]', 'pdm'],
      ['FROM crystallang/crystal:1.13', 'shards install --production', 'shard.yml shard.loc[k]', 'shards'],
      ['FROM clojure:lein', 'lein deps', 'project.clj', 'leiningen'],
      ['FROM clojure:tools-deps', 'clojure -A:build -P', 'deps.edn', 'clojure'],
      ['FROM clojure:tools-deps', 'clj -P', 'deps.edn', 'clojure'],
      ['FROM gcc:14', 'vcpkg install --triplet x64-linux', 'vcpkg.json vcpkg-configuration.jso[n]', 'vcpkg'],
    ].map(([from, install, copied, name]) => ({
      code: `${from}\nWORKDIR /app\nCOPY . .\nRUN ${install}\n`,
      errors: [{ line: 3, text: '.', message: new RegExp(`^COPY on line 3 copies sources before the ${name} install on line 4,`) }],
      output: `${from}\nWORKDIR /app\nCOPY ${copied} ./\nRUN ${install}\nCOPY . .\n`,
    })),
    // With the context known, the lock files it has.
    {
      code: 'FROM oven/bun:1\nCOPY . .\nRUN bun install\n',
      settings: context('package.json', 'bun.lockb', 'index.ts'),
      errors: [{ line: 2 }],
      output: 'FROM oven/bun:1\nCOPY package.json bun.lockb ./\nRUN bun install\nCOPY . .\n',
    },
    // Their installs that read the project itself get no fix.
    ...[
      ['FROM oven/bun:1\nCOPY . .\nRUN bun install\n', context({ 'package.json': '{"workspaces": ["packages/*"]}' })],
      ['FROM elixir:1.17\nCOPY . .\nRUN mix deps.get\n', context({ 'mix.exs': 'def project, do: [apps_path: "apps"]' })],
      ['FROM elixir:1.17\nCOPY . .\nRUN mix deps.get\n', context({ 'mix.exs': '@version File.read!("VERSION") |> String.trim()' })],
      ['FROM elixir:1.17\nCOPY . .\nRUN mix deps.get\n', context({ 'mix.exs': 'defp deps, do: [{:core, path: "../core"}]' })],
      ['FROM dart:3.5\nCOPY . .\nRUN dart pub get\n', context({ 'pubspec.yaml': 'name: app\ndependencies:\n  shared:\n    path: ../shared\n' })],
      ['FROM dart:3.5\nCOPY . .\nRUN dart pub get\n', context({ 'pubspec.yaml': 'name: app\n\n\nresolution: workspace\n' })],
      ['FROM swift:5.10\nCOPY . .\nRUN swift package resolve\n', context({ 'Package.swift': 'dependencies: [.package(name: "Shared", path: "../Shared")]' })],
      ['FROM perl:5.40\nCOPY . .\nRUN cpanm --installdeps .\n', context('Makefile.PL')],
      ['FROM python:3.12\nCOPY . .\nRUN pdm install --no-self\n', context({ 'pyproject.toml': 'dependencies = ["core @ file:///${PROJECT_ROOT}/core"]' })],
      ['FROM crystallang/crystal:1.13\nCOPY . .\nRUN shards install\n', context({ 'shard.yml': 'dependencies:\n  core:\n    path: ../core\n' })],
      ['FROM clojure:lein\nCOPY . .\nRUN lein deps\n', context({ 'project.clj': '(defproject app (slurp "VERSION"))' })],
      ['FROM clojure:tools-deps\nCOPY . .\nRUN clojure -P\n', context({ 'deps.edn': '{:deps {core/core {:local/root "core"}}}' })],
      ['FROM gcc:14\nCOPY . .\nRUN vcpkg install\n', context({ 'vcpkg-configuration.json': '{"overlay-ports": ["./ports"]}' })],
    ].map(([code, settings]) => ({ code: code as string, settings: settings as object, errors: [{ line: 2 }], output: code as string })),
    // A mix.exs, pubspec or Package.swift that reads nothing more keeps the fix.
    {
      code: 'FROM swift:5.10\nCOPY . .\nRUN swift package resolve\n',
      settings: context({
        'Package.swift': 'dependencies: [.package(url: "https://github.com/vapor/vapor.git", from: "4.0.0")],\ntargets: [.target(name: "App", path: "Sources/App")]',
        'Package.resolved': '{}',
      }),
      errors: [{ line: 2 }],
      output: 'FROM swift:5.10\nCOPY Package.swift Package.resolved ./\nRUN swift package resolve\nCOPY . .\n',
    },
    // A file that ends inside the install's continuation: the full copy would become words of the RUN.
    ...['RUN npm ci \\\n', 'RUN npm ci \\\n \n', 'RUN npm ci \\\n# note', 'RUN npm ci \\'].map((install) => ({
      code: `FROM node:20\nCOPY . .\n${install}`,
      errors: [{ line: 2 }],
      output: `FROM node:20\nCOPY . .\n${install}`,
    })),
    { code: '# escape=`\nFROM node:20\nCOPY . .\nRUN npm ci `\n', errors: [{ line: 3 }], output: '# escape=`\nFROM node:20\nCOPY . .\nRUN npm ci `\n' },
    // A doubled escape character ends the line as text, not as a continuation: the fix is offered.
    {
      code: 'FROM node:20\nCOPY . .\nRUN npm ci --prefix a\\\\\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci --prefix a\\\\\nCOPY . .\n',
    },
    // renv and conda: the ordering mistake is reported, with no fix.
    ...[
      'FROM rocker/r-ver:4.4\nCOPY . .\nRUN R -e "renv::restore()"\n',
      'FROM continuumio/miniconda3\nCOPY . .\nRUN conda env create -f environment.yml\n',
      'FROM mambaorg/micromamba:1.5\nCOPY . .\nRUN micromamba install -y -n base --file env.yaml\n',
      'FROM sbtscala/scala-sbt:eclipse-temurin-21_1.10_3\nCOPY . .\nRUN sbt update\n',
      'FROM haskell:9.8\nCOPY . .\nRUN stack build --only-dependencies\n',
      'FROM haskell:9.8\nCOPY . .\nRUN cabal update && cabal build --only-dependencies\n',
      'FROM julia:1.11\nCOPY . .\nRUN julia --project=. -e "using Pkg; Pkg.instantiate()"\n',
    ].map((code) => ({ code, errors: [{ line: 2, message: /copy the dependency manifests first/ }], output: code })),
  ],
});
