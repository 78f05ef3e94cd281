/**
 * `dfkit lint` in-process with a recording IO (fast), on real files in temporary folders: discovery, formats,
 * exit codes, configuration, --fix/--diff (and which stream carries the report then) and custom rules.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/cli/diff.js';
import { runCommand } from './recording-io.js';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'dfkit-lint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string>; isTTY?: boolean } = {}) {
  return runCommand(['lint', ...args], {
    cwd: options.cwd ?? work,
    home: work,
    env: options.env ?? {},
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.isTTY !== undefined ? { isTTY: options.isTTY } : {}),
  });
}


describe('dfkit lint', () => {
  const mistake = join(root, 'examples/node-app-cache-mistake');

  it('finds Dockerfiles in directories and exits 1 on a warning', async () => {
    const { code, stdout } = await run([join(root, 'examples')]);
    expect(code).toBe(1);
    expect(stdout).toContain('node-app-cache-mistake/Dockerfile:7 dependency-install-order warning:');
  });

  it('writes hadolint-shaped JSON: instruction lines and column 1, or exact positions on request', async () => {
    const { stdout } = await run(['-f', 'json', join(mistake, 'Dockerfile')]);
    const findings = JSON.parse(stdout) as Record<string, unknown>[];
    expect(findings[0]).toEqual({
      code: 'dependency-install-order',
      column: 1,
      file: join(mistake, 'Dockerfile'),
      level: 'warning',
      line: 7,
      message: expect.stringContaining('copies sources before the npm install') as unknown,
    });
    const exact = JSON.parse((await run(['-f', 'json', '--exact-positions', join(mistake, 'Dockerfile')])).stdout) as Record<string, unknown>[];
    expect(exact[0]).toMatchObject({ code: 'dependency-install-order', column: 6, line: 7 });
  });

  it('reads the ignore file the build uses for CopyIgnoredFile, the per-Dockerfile one first', async () => {
    const dir = mkdtempSync(join(work, 'ignored-'));
    writeFileSync(join(dir, '.dockerignore'), 'build\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM nginx:1.27\nCOPY build/ /srv/\n');
    const plain = JSON.parse((await run(['-f', 'json', join(dir, 'Dockerfile')])).stdout) as Array<{ code: string; message: string }>;
    expect(plain.find((f) => f.code === 'CopyIgnoredFile')?.message).toBe('Attempting to Copy file "build" that is excluded by .dockerignore');
    writeFileSync(join(dir, 'Dockerfile.dockerignore'), 'other\n');
    const own = JSON.parse((await run(['-f', 'json', join(dir, 'Dockerfile')])).stdout) as Array<{ code: string }>;
    expect(own.some((f) => f.code === 'CopyIgnoredFile')).toBe(false);
  });

  it('places a finding inside a multi-line RUN on the instruction line, as hadolint does', async () => {
    const file = join(work, 'multiline.Dockerfile');
    writeFileSync(file, 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n');
    const findings = JSON.parse((await run(['-f', 'json', file])).stdout) as Array<{ code: string; line: number; column: number }>;
    const pin = findings.find((finding) => finding.code === 'DL3008');
    expect(pin).toMatchObject({ line: 2, column: 1 });
    const exact = JSON.parse((await run(['-f', 'json', '--exact-positions', file])).stdout) as Array<{ code: string; line: number }>;
    expect(exact.find((finding) => finding.code === 'DL3008')?.line).toBe(3);
    const tty = (await run([file])).stdout;
    expect(tty).toMatch(/:3 DL3008 warning: /);
  });

  it('prints its version for -v and --version, also among short switches, as hadolint does', async () => {
    for (const flags of [['-v'], ['--version'], ['-Vv', 'Dockerfile'], ['-vV']]) {
      const { code, stdout } = await run(flags);
      expect(code, flags.join(' ')).toBe(0);
      expect(stdout).toMatch(/^dfkit \d+\.\d+\.\d+\n$/);
    }
    // After a letter that takes a value, v is that value.
    expect((await run(['-fv', 'Dockerfile'])).code).toBe(2);
  });

  it('lints a file named --help after --', async () => {
    const folder = mkdtempSync(join(work, 'dashes-'));
    writeFileSync(join(folder, '--help'), 'FROM ubuntu\n');
    const { code, stdout } = await run(['-f', 'json', '--', '--help'], { cwd: folder });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ code: 'DL3006', file: '--help' })]);
  });

  it('respects the failure threshold, --no-fail and ignore lists', async () => {
    const file = join(mistake, 'Dockerfile');
    expect((await run(['-t', 'error', file])).code).toBe(0);
    expect((await run(['--no-fail', file])).code).toBe(0);
    expect((await run(['--ignore', 'dependency-install-order', file])).code).toBe(0);
    expect((await run([file], { env: { HADOLINT_IGNORE: 'dependency-install-order' } })).code).toBe(0);
  });

  it('reads .hadolint.yaml from the working directory, and reports a bad one clearly', async () => {
    const directory = mkdtempSync(join(work, 'config-'));
    cpSync(join(mistake, 'Dockerfile'), join(directory, 'Dockerfile'));
    writeFileSync(join(directory, '.hadolint.yaml'), 'ignored: [dependency-install-order]\n');
    // Without a .dockerignore next to it, the whole-context COPY is flagged too.
    expect((await run(['-f', 'json', 'Dockerfile'], { cwd: directory })).stdout).toContain('missing-dockerignore');
    cpSync(join(mistake, '.dockerignore'), join(directory, '.dockerignore'));
    expect((await run(['Dockerfile'], { cwd: directory })).code).toBe(0);
    writeFileSync(join(directory, '.hadolint.yaml'), 'failure-threshold: loud\n');
    const bad = await run(['Dockerfile'], { cwd: directory });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('failure-threshold');
  });

  it('fixes files in place with --fix, giving the fixed twin', async () => {
    const directory = mkdtempSync(join(work, 'fix-'));
    cpSync(mistake, directory, { recursive: true });
    const result = await run(['--fix', join(directory, 'Dockerfile')]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(directory, 'Dockerfile'), 'utf8')).toBe(
      readFileSync(join(root, 'examples/node-app/Dockerfile'), 'utf8'),
    );
  });

  it('runs as many passes of fixes as a file needs: a second --fix changes nothing', async () => {
    const directory = mkdtempSync(join(work, 'passes-'));
    const labels = Array.from({ length: 15 }, (_, index) => `LABEL l${index}=$GIT_SHA`);
    const file = join(directory, 'Dockerfile');
    writeFileSync(file, ['FROM node:20', 'ARG GIT_SHA', ...labels, 'RUN npm ci', ''].join('\n'));
    await run(['--fix', file]);
    const once = readFileSync(file, 'utf8');
    // Every per-build LABEL now follows the install; each took a pass, as they all move to one place.
    expect(once).toBe(['FROM node:20', 'ARG GIT_SHA', 'RUN npm ci', ...labels, ''].join('\n'));
    await run(['--fix', file]);
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('copies the manifests the build context holds and its ignore file lets through', async () => {
    const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build ./...\n';
    const fixed = (sources: string): string =>
      `FROM golang:1.22\nWORKDIR /src\nCOPY ${sources} ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n`;
    const contextWith = (files: Record<string, string>): string => {
      const directory = mkdtempSync(join(work, 'manifests-'));
      for (const [name, text] of Object.entries({ Dockerfile: dockerfile, 'main.go': 'package main\n', ...files })) {
        writeFileSync(join(directory, name), text);
      }
      return directory;
    };
    const fixedIn = async (directory: string): Promise<string> => {
      await run(['--fix', join(directory, 'Dockerfile')]);
      return readFileSync(join(directory, 'Dockerfile'), 'utf8');
    };
    expect(await fixedIn(contextWith({ 'go.mod': 'module x\n', 'go.sum': '' }))).toBe(fixed('go.mod go.sum'));
    // No go.sum (a module without dependencies): copying it by name would fail the build.
    expect(await fixedIn(contextWith({ 'go.mod': 'module x\n' }))).toBe(fixed('go.mod'));
    expect(await fixedIn(contextWith({ 'go.mod': 'module x\n', 'go.sum': '', '.dockerignore': 'go.sum\n' }))).toBe(fixed('go.mod'));
    // No go.mod: nothing to install from, so nothing is rewritten.
    expect(await fixedIn(contextWith({}))).toBe(dockerfile);
  });

  it('tells a terminal how many problems --fix and --fix-unsafe would fix, and how many it fixed', async () => {
    const directory = mkdtempSync(join(work, 'summary-'));
    const file = join(directory, 'Dockerfile');
    writeFileSync(file, 'FROM debian:12\nRUN apt-get install jq=1\nCMD node app.js\n');
    const report = await run(['--no-color', file], { isTTY: true });
    expect(report.stderr).toBe(
      'dfkit: 2 problems can be fixed with --fix, 1 more with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
    // Not for a script or a CI log reading the output, nor for the other formats.
    expect((await run([file])).stderr).toBe('');
    expect((await run(['-f', 'json', file], { isTTY: true })).stderr).toBe('');
    const fixed = await run(['--no-color', '--fix', file], { isTTY: true });
    expect(fixed.stderr).toBe(
      'dfkit: fixed 2 problems in 1 file; 1 problem more can be fixed with --fix-unsafe (fixes that can change behaviour: preview them with --diff)\n',
    );
    expect(readFileSync(file, 'utf8')).toBe('FROM debian:12\nRUN apt-get install --no-install-recommends -y jq=1\nCMD node app.js\n');
  });

  it('previews fixes with --diff without writing', async () => {
    const directory = mkdtempSync(join(work, 'diff-'));
    cpSync(mistake, directory, { recursive: true });
    const before = readFileSync(join(directory, 'Dockerfile'), 'utf8');
    const { stdout } = await run(['--diff', join(directory, 'Dockerfile')]);
    expect(stdout).toContain('-COPY . .\n+COPY package.json package-lock.json ./');
    expect(readFileSync(join(directory, 'Dockerfile'), 'utf8')).toBe(before);
  });

  it('with --fix on standard input, prints exactly the fixed Dockerfile and sends the report to standard error', async () => {
    const directory = mkdtempSync(join(work, 'stdin-fix-'));
    cpSync(mistake, directory, { recursive: true });
    // A relative WORKDIR in quotes: an error no fix reaches (a plain one would be written out absolute).
    const text = `${readFileSync(join(directory, 'Dockerfile'), 'utf8')}WORKDIR "app"\n`;
    const twin = readFileSync(join(root, 'examples/node-app/Dockerfile'), 'utf8');
    const result = await run(['--fix', '-'], { cwd: directory, stdin: text });
    expect(result.stdout).toBe(`${twin}WORKDIR "app"\n`);
    expect(result.stderr).toContain('-:21 DL3000 error: Use absolute WORKDIR');
    expect(result.stderr).not.toContain('\x1b[');
    expect(result.code).toBe(1);

    // With the report sent to a file, standard error stays quiet; text with nothing to fix comes back as it was.
    const report = join(directory, 'report.json');
    const quiet = await run(['--fix', '-f', 'json', '-o', report, '-'], { cwd: directory, stdin: twin });
    expect(quiet).toEqual({ code: 0, stdout: twin, stderr: '' });
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual([expect.objectContaining({ code: 'package-cache-mount' })]);
    const unsafe = await run(['--fix-unsafe', '-f', 'json', '-o', report, '-'], { cwd: directory, stdin: text });
    expect(unsafe.stdout).toBe(`${twin}WORKDIR "app"\n`);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toContainEqual(expect.objectContaining({ code: 'DL3000', line: 21 }));
    expect(unsafe.code).toBe(1);
  });

  it('with --diff, prints exactly a diff git applies and sends the report to standard error or its file', async () => {
    const directory = mkdtempSync(join(work, 'diff-streams-'));
    cpSync(mistake, directory, { recursive: true });
    const before = readFileSync(join(directory, 'Dockerfile'), 'utf8');
    const twin = readFileSync(join(root, 'examples/node-app/Dockerfile'), 'utf8');
    const result = await run(['--diff', 'Dockerfile'], { cwd: directory });
    expect(result.stdout).toBe(unifiedDiff('Dockerfile', before, twin));
    // A preview changes nothing: the report is about the file as it is, with its lines and excerpts, and
    // the exit code follows that report.
    expect(result.stderr).toContain('Dockerfile:7 dependency-install-order warning:');
    expect(result.stderr).toContain('  7 | COPY . .\n');
    expect(result.stderr).toContain('Dockerfile:8 package-cache-mount style:');
    expect(result.stderr).toContain('  8 | RUN npm ci --omit=dev && npm cache clean --force\n');
    expect(result.code).toBe(1);

    const report = join(directory, 'report.json');
    const toFile = await run(['--diff', '-f', 'json', '-o', report, 'Dockerfile'], { cwd: directory });
    expect(toFile).toEqual({ code: 1, stdout: result.stdout, stderr: '' });
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual([
      expect.objectContaining({ code: 'dependency-install-order', line: 7 }),
      expect.objectContaining({ code: 'package-cache-mount', line: 8 }),
    ]);

    execFileSync('git', ['init', '--quiet'], { cwd: directory });
    execFileSync('git', ['apply', '-'], { cwd: directory, input: result.stdout });
    expect(readFileSync(join(directory, 'Dockerfile'), 'utf8')).toBe(twin);
  });

  it('never rewrites a file it cannot parse, and reports DL1000', async () => {
    const directory = mkdtempSync(join(work, 'broken-'));
    const text = 'FROM node:20\nCOPY . .\nRUN npm ci\nRUN <<EOF\n';
    writeFileSync(join(directory, 'Dockerfile'), text);
    const result = await run(['--fix', '-f', 'json', join(directory, 'Dockerfile')]);
    expect(result.code).toBe(1);
    expect(readFileSync(join(directory, 'Dockerfile'), 'utf8')).toBe(text);
    expect(JSON.parse(result.stdout)).toContainEqual(expect.objectContaining({ code: 'DL1000', level: 'error' }));
  });

  it('lints standard input', async () => {
    const { code, stdout } = await run(['-f', 'gnu', '-'], { stdin: 'FROM a\nWORKDIR app\n' });
    expect(code).toBe(1);
    expect(stdout).toContain('DL3000');
  });

  it('loads custom rules from the config file', async () => {
    const { code, stdout } = await run([], { cwd: join(root, 'examples/custom-rule') });
    expect(code).toBe(1);
    expect(stdout).toContain('prefer-npm-ci');
  });

  it('warns about rules keys no rule answers to, and accepts ShellCheck and retired hadolint codes', async () => {
    const dir = mkdtempSync(join(work, 'rule-names-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\nRUN echo hi\n');
    writeFileSync(join(dir, '.dfkit.yaml'), 'rules:\n  NOPE1: error\n  DL3008: off\n  SC2086: off\n  DL3005: off\n  DL1000: error\n  no-sudoo: error\n');
    const { code, stderr } = await run(['Dockerfile'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      "dfkit: .dfkit.yaml: rules.NOPE1: no rule has this name; ignored (dfkit lint --rules lists them)",
      'dfkit: .dfkit.yaml: rules.no-sudoo: no rule has this name (did you mean "no-sudo"?); ignored (dfkit lint --rules lists them)',
    ]);
  });

  it('names the RUNs ShellCheck did not finish within --shellcheck-timeout, and reports the rest', async () => {
    const dir = mkdtempSync(join(work, 'shellcheck-timeout-'));
    // ShellCheck runs for minutes on thousands of nested command substitutions.
    const endless = `RUN echo ${'$('.repeat(5000)}x${')'.repeat(5000)}`;
    writeFileSync(join(dir, 'Dockerfile'), `FROM alpine:3.19\nRUN echo $1\n${endless}\nRUN cd /x\n`);
    writeFileSync(join(dir, 'Other.Dockerfile'), `FROM alpine:3.19\n${endless}\n`);
    const { code, stdout, stderr } = await run(['-f', 'gnu', '--shellcheck-timeout', '1', '.'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((line) => / SC\d+/.test(line))).toEqual([
      expect.stringMatching(/^dfkit:Dockerfile:2: SC2086 info: /),
      expect.stringMatching(/^dfkit:Dockerfile:4: SC2164 warning: /),
    ]);
    expect(stderr.trim().split('\n')).toEqual([
      'dfkit: Dockerfile:3: ShellCheck gave no answer for this RUN within 1 s; its SC findings are missing (--shellcheck-timeout sets the limit)',
      'dfkit: Other.Dockerfile:2: ShellCheck gave no answer for this RUN within 1 s; its SC findings are missing (--shellcheck-timeout sets the limit)',
    ]);
    writeFileSync(join(dir, '.dfkit.yaml'), 'shellcheck-timeout: 1\n');
    expect((await run(['Other.Dockerfile'], { cwd: dir })).stderr).toContain('Other.Dockerfile:2: ShellCheck gave no answer for this RUN within 1 s');
    const refused = await run(['--shellcheck-timeout', 'soon', 'Dockerfile'], { cwd: dir });
    expect([refused.code, refused.stderr.trim()]).toEqual([2, 'dfkit: --shellcheck-timeout soon: expected a number of seconds greater than 0']);
  }, 120_000);

  it('refuses an empty plugin name at its place in the config file', async () => {
    const dir = mkdtempSync(join(work, 'plugin-empty-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\n');
    writeFileSync(join(dir, '.dfkit.yaml'), 'plugins:\n  - ""\n');
    const { code, stderr } = await run(['Dockerfile'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('.dfkit.yaml: plugins: expected a module path or package name, got an empty string');
  });

  it('finds plugin packages in the project, ES-module-only ones too, and names missing ones without dfkit internals', async () => {
    const dir = mkdtempSync(join(work, 'plugin-package-'));
    const rule = (id: string) =>
      `export const rules = [{ meta: { id: '${id}', severity: 'warning', category: 'style', docs: { description: 'x' } }, ` +
      `create: (context) => ({ FROM(node) { context.report({ message: '${id} saw FROM', range: node.range }); } }) }];\n`;
    const packages = join(dir, 'node_modules');
    for (const [name, manifest] of [
      ['dfkit-rules-plain', { name: 'dfkit-rules-plain', type: 'module', main: 'index.js' }],
      ['@acme/dfkit-rules', { name: '@acme/dfkit-rules', type: 'module', exports: { '.': { import: './rules.js' } } }],
    ] as const) {
      const folder = join(packages, name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
      writeFileSync(join(folder, 'exports' in manifest ? 'rules.js' : 'index.js'), rule(name.replace(/\W/g, '-')));
    }
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.19\n');
    writeFileSync(join(dir, '.dfkit.yaml'), 'plugins: [dfkit-rules-plain, "@acme/dfkit-rules"]\n');
    const found = await run(['-f', 'gnu', 'Dockerfile'], { cwd: dir });
    expect(found.stderr).toBe('');
    expect(found.stdout).toContain('dfkit-rules-plain saw FROM');
    expect(found.stdout).toContain('-acme-dfkit-rules saw FROM');

    writeFileSync(join(dir, '.dfkit.yaml'), 'plugins: [dfkit-rules-missing, ./rules/none.mjs]\n');
    const missing = await run(['Dockerfile'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([
      "dfkit: cannot load plugin 'dfkit-rules-missing': no package of that name is installed (looked in node_modules from the working directory up, and beside dfkit)",
      `dfkit: cannot load plugin '${join(dir, 'rules/none.mjs')}': no such file ${join(dir, 'rules/none.mjs')}`,
    ]);
  });

  it('explains and lists rules', async () => {
    expect((await run(['--rule', 'DL3000'])).stdout).toContain('# DL3000: Use absolute WORKDIR');
    const list = (await run(['--rules'])).stdout.split('\n');
    expect(list).toContain('DL3012                             error    fix  single-healthcheck: Multiple HEALTHCHECK instructions');
    expect(list.find((line) => line.includes('dependency-install-order:'))).toMatch(/ warning {2}fix {2}dependency-install-order: /);
    expect(list.find((line) => line.includes('copy-over-add:'))).toMatch(/ fix\? copy-over-add: /);
    expect(list.find((line) => line.includes('tagged-base-image:'))).toMatch(/ warning {7}tagged-base-image: /);
    expect((await run(['--rule', 'nope'])).code).toBe(2);
  });

  it('refuses two document formats on standard output, from -f or HADOLINT_FORMAT, before touching any file', async () => {
    const directory = mkdtempSync(join(work, 'formats-'));
    cpSync(mistake, directory, { recursive: true });
    const file = join(directory, 'Dockerfile');
    const before = readFileSync(file, 'utf8');
    for (const [args, env] of [
      [['-f', 'json', '-f', 'sarif', '--fix', file], {}],
      [['--fix', file], { HADOLINT_FORMAT: 'json,sarif' }],
    ] as const) {
      const result = await run([...args], { env });
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^dfkit: formats json, sarif would all be written to standard output.*give each format but one an -o file/);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    // One of them to a file is fine, and so are line formats together.
    const report = join(directory, 'report.sarif');
    const paired = await run(['-f', 'sarif', '-f', 'json', '-o', report, file]);
    expect(JSON.parse(paired.stdout)).toBeInstanceOf(Array);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toHaveProperty('runs');
    expect((await run(['-f', 'tty', '-f', 'gnu', file])).code).toBe(1);
    // The same format twice (a config's `format: json` and `-f json`) is one report.
    writeFileSync(join(directory, '.hadolint.yaml'), 'format: json\n');
    const same = await run(['-f', 'json', file], { cwd: directory, env: { HADOLINT_FORMAT: 'json' } });
    expect(same.code).toBe(1);
    expect(JSON.parse(same.stdout)).toEqual(JSON.parse(paired.stdout));
  });

  it('takes -o - for standard output, as hadolint does', async () => {
    const directory = mkdtempSync(join(work, 'dash-output-'));
    cpSync(mistake, directory, { recursive: true });
    const report = join(directory, 'report.sarif');
    const result = await run(['-f', 'checkstyle', '-o', '-', '-f', 'sarif', '-o', report, 'Dockerfile'], { cwd: directory });
    expect(result.stdout).toMatch(/^<\?xml [^]*<checkstyle version="4.3">/);
    expect(existsSync(join(directory, '-'))).toBe(false);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toHaveProperty('runs');
    // Still one stream: a second document for it is refused as without -o.
    const twice = await run(['-f', 'json', '-o', '-', '-f', 'sarif', 'Dockerfile'], { cwd: directory });
    expect(twice).toMatchObject({ code: 2, stdout: '' });
  });

  it('escapes control characters of file names and lines in the tty and gnu reports, and only there', async () => {
    const directory = mkdtempSync(join(work, 'controls-'));
    const name = 'evil\x1b[2J\nname.Dockerfile';
    writeFileSync(join(directory, name), 'FROM alpine:3.20\nRUN apk add curl \x1b]0;title\x07\r\n');
    for (const format of ['tty', 'gnu']) {
      const { stdout } = await run(['-f', format, name], { cwd: directory });
      expect(stdout, format).toMatch(/evil\\x1b\[2J\\x0aname\.Dockerfile:2[: ]/);
      expect(stdout.replace(/\n/g, ''), format).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    expect((await run(['-f', 'tty', name], { cwd: directory })).stdout).toContain('RUN apk add curl \\x1b]0;title\\x07\n');
    const json = JSON.parse((await run(['-f', 'json', name], { cwd: directory })).stdout) as Array<{ file: string }>;
    expect(json[0]?.file).toBe(name);
  });

  it('says so when a path does not exist', async () => {
    const { code, stderr } = await run([join(work, 'missing')]);
    expect(code).toBe(1);
    expect(stderr).toContain('no such file or directory');
  });

  it('refuses a --platform it cannot read or without --resolve-images, and asks registries when no engine answers', async () => {
    const file = join(mistake, 'Dockerfile');
    const bad = await run(['--resolve-images', '--platform', 'arm64', file]);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toContain('--platform arm64: expected os/arch or os/arch/variant, e.g. linux/arm64');
    const alone = await run(['--platform', 'linux/arm64', file]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('use it with --resolve-images');
    const socket = join(work, 'no-engine.sock');
    // A loopback port nothing listens on (one just let go): the registry lookup fails at once.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    await new Promise((done) => server.close(done));
    const base = `127.0.0.1:${port}/dfkit/base:1`;
    const dockerfile = join(work, 'Dockerfile.no-engine');
    writeFileSync(dockerfile, `FROM ${base}\nWORKDIR $APP_HOME\n`);
    const unreachable = await run(['--resolve-images', dockerfile], { env: { DOCKER_HOST: `unix://${socket}` } });
    expect([unreachable.code, unreachable.stdout]).toEqual([0, '']);
    expect(unreachable.stderr).toContain(`dfkit: no Docker engine answered (connect ENOENT ${socket}); base images are looked up in their registries`);
    expect(unreachable.stderr).toContain(
      `dfkit: cannot resolve ${base}: http://127.0.0.1:${port}/v2/dfkit/base/manifests/1: connect ECONNREFUSED 127.0.0.1:${port}; ` +
        `the stages built on ${base} are linted without it\n`,
    );
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);

    // The same from a config file, which --platform then may go with.
    const configured = join(work, 'resolving');
    mkdirSync(configured);
    writeFileSync(join(configured, '.dfkit.yaml'), 'resolve-images: true\n');
    const fromConfig = await run(['--platform', 'linux/arm64', dockerfile], { cwd: configured, env: { DOCKER_HOST: `unix://${socket}` } });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stderr).toContain(`cannot resolve ${base}:`);
  });
});
