import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  configFromEnvironment,
  discoverConfigFiles,
  hadolintConfigCandidates,
  mergeConfig,
  parseConfigText,
  parseLabelRequirement,
  resolveConfig,
  toLintOptions,
  type LintConfig,
} from '../../src/lint/config.js';
import { lint } from '../../src/lint/index.js';

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'dfkit-config-'));
  cwd = path.join(root, 'project');
  home = path.join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function resolve(env: Record<string, string> = {}, extra: { configPath?: string; cli?: Partial<LintConfig> } = {}) {
  return resolveConfig({ cwd, home, env, platform: 'linux', ...extra });
}

const parse = (text: string, source = '.hadolint.yaml') => parseConfigText(text, { source, baseDir: cwd });

describe('discovery', () => {
  it("tries hadolint's locations in order: cwd, XDG config home, ~/.hadolint/, then ~", () => {
    expect(hadolintConfigCandidates({ cwd, home, env: {}, platform: 'linux' })).toEqual([
      path.join(cwd, '.hadolint.yaml'),
      path.join(cwd, '.hadolint.yml'),
      path.join(home, '.config', 'hadolint.yaml'),
      path.join(home, '.config', 'hadolint.yml'),
      path.join(home, '.hadolint', 'hadolint.yaml'),
      path.join(home, '.hadolint', 'hadolint.yml'),
      path.join(home, '.hadolint', 'config.yaml'),
      path.join(home, '.hadolint', 'config.yml'),
      path.join(home, '.hadolint.yaml'),
      path.join(home, '.hadolint.yml'),
    ]);
  });

  it('uses the first file that exists, one at a time', () => {
    const xdg = path.join(root, 'xdg');
    const env = { XDG_CONFIG_HOME: xdg };
    const files = [
      path.join(cwd, '.hadolint.yaml'),
      path.join(cwd, '.hadolint.yml'),
      path.join(xdg, 'hadolint.yaml'),
      path.join(xdg, 'hadolint.yml'),
      path.join(home, '.hadolint', 'hadolint.yaml'),
      path.join(home, '.hadolint', 'hadolint.yml'),
      path.join(home, '.hadolint', 'config.yaml'),
      path.join(home, '.hadolint', 'config.yml'),
      path.join(home, '.hadolint.yaml'),
      path.join(home, '.hadolint.yml'),
    ];
    files.forEach((file, index) => write(file, `ignored: [DL${3000 + index}]\n`));
    for (const [index, file] of files.entries()) {
      const resolved = resolve(env);
      expect(resolved.files).toEqual([file]);
      expect(resolved.config.ignored).toEqual([`DL${3000 + index}`]);
      rmSync(file);
    }
    expect(resolve(env).files).toEqual([]);
  });

  it('ignores a directory with a config name and a relative XDG_CONFIG_HOME', () => {
    mkdirSync(path.join(cwd, '.hadolint.yaml'));
    write(path.join(cwd, 'rel', 'hadolint.yaml'), 'ignored: [DL3001]\n');
    write(path.join(home, '.config', 'hadolint.yaml'), 'ignored: [DL3002]\n');
    const resolved = resolveConfig({ cwd, home, env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux' });
    expect(resolved.config.ignored).toEqual(['DL3002']);
  });

  it('looks in the roaming profile on Windows', () => {
    const winHome = 'C:\\Users\\me';
    const candidates = hadolintConfigCandidates({
      cwd: 'C:\\work',
      home: winHome,
      env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' },
      platform: 'win32',
    });
    expect(candidates).toEqual([
      'C:\\work\\.hadolint.yaml',
      'C:\\work\\.hadolint.yml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint.yaml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint.yml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint\\hadolint.yaml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint\\hadolint.yml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint\\config.yaml',
      'C:\\Users\\me\\AppData\\Roaming\\hadolint\\config.yml',
      'C:\\Users\\me\\Documents\\.hadolint.yaml',
      'C:\\Users\\me\\Documents\\.hadolint.yml',
    ]);
  });

  it('merges .dfkit.yaml from the working directory on top of the hadolint file', () => {
    const hadolint = write(path.join(home, '.hadolint.yaml'), 'ignored: [DL3008]\nfailure-threshold: error\nno-fail: true\n');
    const dfkit = write(path.join(cwd, '.dfkit.yml'), 'ignored: [DL3009]\nfailure-threshold: warning\nrules: {DL3059: off}\n');
    expect(discoverConfigFiles({ cwd, home, env: {}, platform: 'linux' })).toEqual({ hadolint, dfkit });
    const resolved = resolve();
    expect(resolved.files).toEqual([hadolint, dfkit]);
    expect(resolved.problems).toEqual([]);
    expect(resolved.config).toMatchObject({
      ignored: ['DL3008', 'DL3009'],
      failureThreshold: 'warning',
      noFail: true,
      rules: { DL3059: 'off' },
    });
  });

  it('prefers .dfkit.yaml to .dfkit.yml', () => {
    const yaml = write(path.join(cwd, '.dfkit.yaml'), 'verbose: true\n');
    write(path.join(cwd, '.dfkit.yml'), 'verbose: false\n');
    expect(resolve().files).toEqual([yaml]);
  });

  it('reads only the --config file when one is given, relative to the working directory', () => {
    write(path.join(cwd, '.hadolint.yaml'), 'ignored: [DL3000]\n');
    write(path.join(cwd, '.dfkit.yaml'), 'ignored: [DL3001]\n');
    const explicit = write(path.join(cwd, 'ci', 'lint.yaml'), 'ignored: [DL3002]\n');
    const resolved = resolve({}, { configPath: 'ci/lint.yaml' });
    expect(resolved.files).toEqual([explicit]);
    expect(resolved.config.ignored).toEqual(['DL3002']);
  });

  it('reports a --config file that cannot be read', () => {
    const resolved = resolve({}, { configPath: 'missing.yaml' });
    expect(resolved.problems).toEqual([
      { severity: 'error', source: 'missing.yaml', message: 'missing.yaml: cannot read config file (ENOENT)' },
    ]);
    expect(resolved.config).toEqual(DEFAULT_CONFIG);
  });
});

describe('environment', () => {
  it('reads truthy words case-insensitively; anything else is an explicit false', () => {
    for (const word of ['1', 'y', 'on', 'true', 'yes', 'TRUE', 'Yes', 'ON']) {
      expect(configFromEnvironment({ HADOLINT_NOFAIL: word }).config.noFail).toBe(true);
    }
    for (const word of ['0', 'no', 'false', 'off', '', 'N']) {
      expect(configFromEnvironment({ HADOLINT_NOFAIL: word })).toEqual({ config: { noFail: false }, problems: [] });
    }
    // Another word is false too, as in hadolint, but likely a typo: said once.
    const odd = configFromEnvironment({ HADOLINT_NOFAIL: 'maybe' });
    expect(odd.config.noFail).toBe(false);
    expect(odd.problems.map((problem) => problem.message)).toEqual([
      'environment: HADOLINT_NOFAIL: "maybe" is read as false (true is one of 1, y, on, true, yes)',
    ]);
    expect(configFromEnvironment({}).config).toEqual({});
  });

  it('maps every variable of the table', () => {
    const { config, problems } = configFromEnvironment({
      NO_COLOR: '',
      HADOLINT_NOFAIL: 'true',
      HADOLINT_VERBOSE: '1',
      HADOLINT_FORMAT: 'json,sarif',
      HADOLINT_FAILURE_THRESHOLD: 'warning',
      HADOLINT_OVERRIDE_ERROR: 'DL3001',
      HADOLINT_OVERRIDE_WARNING: 'DL3002,DL3001',
      HADOLINT_OVERRIDE_INFO: 'DL3003',
      HADOLINT_OVERRIDE_STYLE: 'DL3004',
      HADOLINT_IGNORE: 'DL3008, SC2086',
      HADOLINT_TRUSTED_REGISTRIES: 'docker.io,*.gcr.io',
      HADOLINT_REQUIRE_LABELS: 'maintainer:email,org.opencontainers.image.version:semver,description',
      HADOLINT_STRICT_LABELS: 'yes',
      HADOLINT_DISABLE_IGNORE_PRAGMA: 'on',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      noColor: true,
      noFail: true,
      verbose: true,
      formats: ['json', 'sarif'],
      failureThreshold: 'warning',
      overrides: { DL3001: 'error', DL3002: 'warning', DL3003: 'info', DL3004: 'style' },
      ignored: ['DL3008', 'SC2086'],
      trustedRegistries: ['docker.io', '*.gcr.io'],
      labelSchema: { maintainer: 'email', 'org.opencontainers.image.version': 'semver', description: 'text' },
      strictLabels: true,
      disableIgnorePragma: true,
    });
  });

  it('drops values hadolint would drop, with a warning', () => {
    const { config, problems } = configFromEnvironment({
      HADOLINT_FORMAT: 'json,xml',
      HADOLINT_FAILURE_THRESHOLD: 'loud',
      HADOLINT_REQUIRE_LABELS: 'a:weird,b:url',
      HADOLINT_IGNORE: 'dl3008',
    });
    expect(config.formats).toEqual(['json']);
    expect(config.failureThreshold).toBeUndefined();
    expect(config.labelSchema).toEqual({ b: 'url' });
    expect(problems.every((problem) => problem.severity === 'warning')).toBe(true);
    expect(problems.map((problem) => problem.message)).toEqual([
      'environment: HADOLINT_FORMAT: unknown format "xml" skipped (known: tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sonarqube_mqr, sarif, junit, github)',
      'environment: HADOLINT_FAILURE_THRESHOLD: expected one of error, warning, info, style, ignore, none, got "loud"; ignored',
      'environment: HADOLINT_IGNORE: "dl3008" never matches: codes are case-sensitive (did you mean "DL3008"?)',
      'environment: HADOLINT_REQUIRE_LABELS: label type must be one of text, url, semver, hash, rfc3339, spdx, email, got "weird"; skipped',
    ]);
  });
});

describe('precedence', () => {
  it('lets the command line beat the file and the file beat the environment for single values', () => {
    write(path.join(cwd, '.hadolint.yaml'), 'failure-threshold: warning\nno-color: false\n');
    const env = { HADOLINT_FAILURE_THRESHOLD: 'error', NO_COLOR: '1', HADOLINT_NOFAIL: '1', HADOLINT_VERBOSE: 'no' };
    const fileOverEnv = resolve(env).config;
    expect(fileOverEnv).toMatchObject({ failureThreshold: 'warning', noColor: false, noFail: true, verbose: false });
    const cliOverFile = resolve(env, { cli: { failureThreshold: 'style', noColor: true } }).config;
    expect(cliOverFile).toMatchObject({ failureThreshold: 'style', noColor: true });
  });

  it('concatenates lists across environment, files and command line', () => {
    write(path.join(cwd, '.hadolint.yaml'), 'ignored: [DL3002]\ntrustedRegistries: [b.io]\nformats: [json]\n');
    write(path.join(cwd, '.dfkit.yaml'), 'ignored: [DL3003]\nplugins: [dfkit-plugin-corp]\n');
    const { config } = resolve(
      { HADOLINT_IGNORE: 'DL3001', HADOLINT_TRUSTED_REGISTRIES: 'a.io', HADOLINT_FORMAT: 'tty' },
      { cli: { ignored: ['DL3004', 'DL3001'], trustedRegistries: ['c.io'], formats: ['sarif'], plugins: ['other'] } },
    );
    expect(config.ignored).toEqual(['DL3001', 'DL3002', 'DL3003', 'DL3004']);
    expect(config.trustedRegistries).toEqual(['a.io', 'b.io', 'c.io']);
    expect(config.formats).toEqual(['tty', 'json', 'sarif']);
    expect(config.plugins).toEqual(['dfkit-plugin-corp', 'other']);
  });

  it('combines label schemas and build args, the later source winning per key', () => {
    write(path.join(cwd, '.hadolint.yaml'), 'label-schema: {maintainer: email, version: semver}\n');
    const { config } = resolve(
      { HADOLINT_REQUIRE_LABELS: 'maintainer:text,owner:text' },
      { cli: { labelSchema: { version: 'text' }, buildArgs: { A: '1' } } },
    );
    expect(config.labelSchema).toEqual({ maintainer: 'email', owner: 'text', version: 'text' });
    expect(config.buildArgs).toEqual({ A: '1' });
  });

  it('gives a code listed at several levels the most severe one, within and across sources', () => {
    const { config: fromFile } = parse('override:\n  style: [DL3001, DL3002]\n  error: [DL3001]\n  info: [DL3002]\n');
    expect(fromFile.overrides).toEqual({ DL3001: 'error', DL3002: 'info' });
    write(path.join(cwd, '.hadolint.yaml'), 'override:\n  warning: [DL3003]\n  info: [DL3004]\n');
    const { config } = resolve(
      { HADOLINT_OVERRIDE_ERROR: 'DL3004', HADOLINT_OVERRIDE_STYLE: 'DL3003' },
      { cli: { overrides: { DL3003: 'info', DL3005: 'style' } } },
    );
    expect(config.overrides).toEqual({ DL3003: 'warning', DL3004: 'error', DL3005: 'style' });
  });

  it('appends `format` after `formats`, as hadolint does', () => {
    expect(parse('format: gnu\nformats: [json, sarif]\n').config.formats).toEqual(['json', 'sarif', 'gnu']);
  });

  it('merges partial configurations onto the defaults', () => {
    expect(mergeConfig(DEFAULT_CONFIG, {})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.failureThreshold).toBe('info');
  });
});

describe('config file problems', () => {
  it('reports a value outside its set with the file and key', () => {
    const { config, problems } = parse('failure-threshold: loud\nignored: [DL3000]\n');
    expect(problems).toEqual([
      {
        severity: 'error',
        source: '.hadolint.yaml',
        key: 'failure-threshold',
        line: 1,
        column: 20,
        message: '.hadolint.yaml: failure-threshold: expected one of error, warning, info, style, ignore, none, got "loud"',
      },
    ]);
    // Only the bad setting is lost.
    expect(config).toEqual({ ignored: ['DL3000'] });
  });

  it('reports YAML syntax errors with line and column, and keeps nothing from that file', () => {
    write(path.join(cwd, '.hadolint.yaml'), 'ignored: [DL3000]\noverride:\n  error: [DL3001\nstrict-labels: true\n');
    const resolved = resolve();
    expect(resolved.config).toEqual(DEFAULT_CONFIG);
    expect(resolved.problems.length).toBeGreaterThan(0);
    const [first] = resolved.problems;
    expect(first?.severity).toBe('error');
    expect(first?.message).toMatch(/^\.hadolint\.yaml:\d+:\d+: /);
    expect(first?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys as syntax errors', () => {
    const { problems } = parse('verbose: true\nverbose: false\n');
    expect(problems[0]?.message).toMatch(/^\.hadolint\.yaml:2:1: .*unique/);
  });

  it('warns about unknown keys, suggesting a near one, without failing', () => {
    const { config, problems } = parse('ignore: [DL3000]\ncolour:\nverbose: true\n');
    expect(config).toEqual({ verbose: true });
    expect(problems.map((problem) => [problem.severity, problem.message])).toEqual([
      ['warning', '.hadolint.yaml: ignore: unknown setting (did you mean "ignored"?); ignored'],
      ['warning', '.hadolint.yaml: colour: unknown setting; ignored'],
    ]);
  });

  it('checks types: booleans, lists, mappings, label types, levels, rule settings, formats', () => {
    const { config, problems } = parse(
      [
        'strict-labels: yes',
        'no-fail: 1',
        'ignored: {DL3000: true}',
        'trustedRegistries: [docker.io, [nested]]',
        'label-schema: {maintainer: phone, version: semver, description: ""}',
        'override: {fatal: [DL3000], ignore: [DL3001], error: [DL3002]}',
        'rules: {DL3059: loud, absolute-workdir: off, DL3006: ignore}',
        'formats: [json, xml]',
        'build-args: {A: 1, B: [x]}',
      ].join('\n'),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      '.hadolint.yaml: strict-labels: expected true or false, got "yes"',
      '.hadolint.yaml: no-fail: expected true or false, got 1',
      '.hadolint.yaml: ignored: expected a list, got a mapping',
      '.hadolint.yaml: trustedRegistries: expected a string, got a list',
      '.hadolint.yaml: label-schema.maintainer: expected one of text, url, semver, hash, rfc3339, spdx, email, got "phone"',
      '.hadolint.yaml: override.fatal: unknown level, expected one of error, warning, info, style; ignored',
      '.hadolint.yaml: override.ignore: unknown level, expected one of error, warning, info, style; use the top-level `ignored` list; ignored',
      '.hadolint.yaml: rules.DL3059: expected one of error, warning, info, style, off, ignore, got "loud"',
      '.hadolint.yaml: formats: expected one of tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sonarqube_mqr, sarif, junit, github, got "xml"',
      '.hadolint.yaml: build-args.B: expected a string, got a list',
    ]);
    expect(problems.map((problem) => problem.severity)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'warning',
      'warning',
      'error',
      'error',
      'error',
    ]);
    expect(config).toEqual({
      trustedRegistries: ['docker.io'],
      labelSchema: { version: 'semver', description: 'text' },
      overrides: { DL3002: 'error' },
      rules: { 'absolute-workdir': 'off', DL3006: 'off' },
      ruleSources: { 'absolute-workdir': '.hadolint.yaml', DL3006: '.hadolint.yaml' },
      formats: ['json'],
      buildArgs: { A: '1' },
    });
  });

  it('accepts empty files, empty values, a single string for a list, and aliases', () => {
    expect(parse('')).toEqual({ config: {}, problems: [] });
    expect(parse('# nothing\n')).toEqual({ config: {}, problems: [] });
    expect(parse('ignored:\ntrustedRegistries: docker.io\n')).toEqual({
      config: { trustedRegistries: ['docker.io'] },
      problems: [],
    });
    expect(parse('x-codes: &codes [DL3000]\nignored: *codes\n').config.ignored).toEqual(['DL3000']);
  });

  it('reads a ShellCheck time limit in seconds, greater than zero and at most a day', () => {
    expect(parse('shellcheck-timeout: 2.5\n')).toEqual({ config: { shellcheckTimeout: 2.5 }, problems: [] });
    const bad = ['0', '-1', '"10"', '100000', '.inf'].map((value) => parse(`shellcheck-timeout: ${value}\n`));
    expect(bad.map(({ config, problems }) => [config.shellcheckTimeout, problems.map((problem) => `${problem.severity} ${problem.message}`)])).toEqual([
      [undefined, ['error .hadolint.yaml: shellcheck-timeout: expected a number of seconds greater than 0, got 0']],
      [undefined, ['error .hadolint.yaml: shellcheck-timeout: expected a number of seconds greater than 0, got -1']],
      [undefined, ['error .hadolint.yaml: shellcheck-timeout: expected a number of seconds, got "10"']],
      [undefined, ['error .hadolint.yaml: shellcheck-timeout: expected at most 86400 seconds (a day), got 100000']],
      [undefined, ['error .hadolint.yaml: shellcheck-timeout: expected a number of seconds greater than 0, got Infinity']],
    ]);
    expect(mergeConfig(DEFAULT_CONFIG, {}).shellcheckTimeout).toBe(20);
    expect(mergeConfig(mergeConfig(DEFAULT_CONFIG, { shellcheckTimeout: 5 }), {}).shellcheckTimeout).toBe(5);
  });

  it('reads whether to look base images up and the platform to look them up for', () => {
    expect(parse('resolve-images: true\nplatform: linux/aarch64\n')).toEqual({ config: { resolveImages: true, platform: 'linux/arm64' }, problems: [] });
    const bad = parse('resolve-images: yes please\nplatform: arm64\n');
    expect(bad.config).toEqual({});
    expect(bad.problems.map((problem) => `${problem.severity} ${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      'error 1:17 .hadolint.yaml: resolve-images: expected true or false, got "yes please"',
      'error 2:11 .hadolint.yaml: platform: expected a platform such as linux/arm64, got "arm64"',
    ]);
    expect(mergeConfig(DEFAULT_CONFIG, {}).resolveImages).toBe(false);
    const fromFile = mergeConfig(DEFAULT_CONFIG, { resolveImages: true, platform: 'linux/arm64' });
    expect(mergeConfig(fromFile, { platform: 'linux/s390x' })).toMatchObject({ resolveImages: true, platform: 'linux/s390x' });
    expect(mergeConfig(fromFile, {})).toMatchObject({ resolveImages: true, platform: 'linux/arm64' });
  });

  it('rejects a file that is not a mapping', () => {
    expect(parse('- DL3000\n').problems.map((problem) => problem.message)).toEqual([
      '.hadolint.yaml: expected a mapping of settings, got a list',
    ]);
  });

  it('accepts DL, SC, BuildKit and dfkit names, warning about malformed ones', () => {
    const { config, problems } = parse('ignored: [DL3000, SC2086, DL3005, WorkdirRelativePath, absolute-workdir, "DL 3000", dl3008]\n');
    expect(config.ignored).toHaveLength(7);
    expect(problems.map((problem) => [problem.severity, problem.message])).toEqual([
      ['warning', '.hadolint.yaml: ignored: "DL 3000" is not a rule code (such as DL3008 or SC2086), BuildKit check name or dfkit rule id'],
      ['warning', '.hadolint.yaml: ignored: "dl3008" never matches: codes are case-sensitive (did you mean "DL3008"?)'],
    ]);
  });

  it('resolves relative plugin paths against the config file', () => {
    const file = write(path.join(cwd, 'config', '.dfkit.yaml'), 'plugins: [./rules/corp.js, ../shared.mjs, dfkit-plugin-x, "@corp/rules"]\n');
    const resolved = resolve({}, { configPath: file });
    expect(resolved.config.plugins).toEqual([
      path.join(cwd, 'config', 'rules', 'corp.js'),
      path.join(cwd, 'shared.mjs'),
      'dfkit-plugin-x',
      '@corp/rules',
    ]);
  });

  it('names files under the home directory with ~', () => {
    write(path.join(home, '.hadolint.yaml'), 'failure-threshold: 3\n');
    expect(resolve().problems[0]?.message).toBe(
      `~${path.sep}.hadolint.yaml: failure-threshold: expected one of error, warning, info, style, ignore, none, got 3`,
    );
  });
});

describe('command line values', () => {
  it('reports a threshold or format the command line passed through unchecked', () => {
    const cli = { failureThreshold: 'loud', formats: ['json', 'xml'] } as unknown as Partial<LintConfig>;
    const { config, problems } = resolve({}, { cli });
    expect(config.failureThreshold).toBe('info');
    expect(config.formats).toEqual(['json']);
    expect(problems.map((problem) => [problem.severity, problem.message])).toEqual([
      ['error', 'command line: --failure-threshold: expected one of error, warning, info, style, ignore, none, got "loud"'],
      [
        'error',
        'command line: --format: expected one of tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sonarqube_mqr, sarif, junit, github, got "xml"',
      ],
    ]);
  });
});

describe('parseLabelRequirement', () => {
  it('splits LABEL:TYPE at the first colon; no type means text', () => {
    expect(parseLabelRequirement('maintainer:email')).toEqual({ ok: true, label: 'maintainer', type: 'email' });
    expect(parseLabelRequirement('maintainer')).toEqual({ ok: true, label: 'maintainer', type: 'text' });
    expect(parseLabelRequirement('maintainer:')).toEqual({ ok: true, label: 'maintainer', type: 'text' });
    expect(parseLabelRequirement('org.opencontainers.image.created:rfc3339')).toEqual({
      ok: true,
      label: 'org.opencontainers.image.created',
      type: 'rfc3339',
    });
  });

  it('rejects unknown types and missing labels', () => {
    expect(parseLabelRequirement('a:b:c')).toEqual({
      ok: false,
      error: 'label type must be one of text, url, semver, hash, rfc3339, spdx, email, got "b:c"',
    });
    expect(parseLabelRequirement(':email')).toEqual({ ok: false, error: 'expected LABEL:TYPE, got ":email"' });
  });
});

describe('toLintOptions', () => {
  const base = (partial: Partial<LintConfig>): LintConfig => mergeConfig(DEFAULT_CONFIG, partial);

  it('passes settings, ignore list and pragma switch to the engine', () => {
    const options = toLintOptions(
      base({
        ignored: ['DL3008'],
        trustedRegistries: ['docker.io'],
        labelSchema: { maintainer: 'email' },
        strictLabels: true,
        buildArgs: { NODE: '20' },
        disableIgnorePragma: true,
      }),
    );
    expect(options).toEqual({
      severities: {},
      ignored: ['DL3008'],
      settings: {
        trustedRegistries: ['docker.io'],
        labelSchema: { maintainer: 'email' },
        strictLabels: true,
        buildArgs: { NODE: '20' },
      },
      disableIgnorePragma: true,
    });
  });

  it('keys severities by rule id so aliases combine; rules beat overrides; off means ignore', () => {
    expect(toLintOptions(base({ overrides: { DL3000: 'error', 'absolute-workdir': 'style' } })).severities).toEqual({
      'absolute-workdir': 'error',
    });
    expect(toLintOptions(base({ overrides: { DL3000: 'error' }, rules: { 'absolute-workdir': 'info' } })).severities).toEqual({
      'absolute-workdir': 'info',
    });
    expect(toLintOptions(base({ rules: { DL3000: 'off' }, overrides: { SC2086: 'error' } })).severities).toEqual({
      'absolute-workdir': 'ignore',
      SC2086: 'error',
    });
  });

  it('drives the engine', () => {
    const text = 'FROM alpine:3.20\nWORKDIR app\n';
    expect(lint(text, toLintOptions(base({}))).findings.map((f) => [f.code, f.severity])).toEqual([['DL3000', 'error']]);
    expect(lint(text, toLintOptions(base({ overrides: { DL3000: 'style' } }))).findings[0]?.severity).toBe('style');
    expect(lint(text, toLintOptions(base({ ignored: ['DL3000'] }))).findings).toEqual([]);
    expect(lint(text, toLintOptions(base({ rules: { DL3000: 'off' } }))).findings).toEqual([]);
  });
});

describe('config files too large or too deep to read', () => {
  it('refuses a file nested past 64 levels, in flow or block style, with one problem naming the file', () => {
    const block = Array.from({ length: 70 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`).join('\n');
    for (const text of ['['.repeat(100_000), `ignored: ${'['.repeat(70)}DL3008${']'.repeat(70)}`, block, `${'- '.repeat(70)}x`]) {
      const { config, problems } = parse(text);
      expect(config).toEqual({});
      expect(problems).toEqual([expect.objectContaining({ severity: 'error', message: '.hadolint.yaml: not read: nested more than 64 levels deep' })]);
    }
  });

  it('refuses a file over 256 KiB, and reads a usual one nested a few levels', () => {
    const huge = `ignored:\n${'  - DL3008\n'.repeat(30_000)}`;
    expect(parse(huge).problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/not read: \d+ characters is over the limit of 262144/) })]);
    const usual = parse('ignored: [DL3008]\noverride:\n  error:\n    - DL3015\nlabel-schema:\n  author: text\n');
    expect(usual.problems).toEqual([]);
    expect(usual.config.ignored).toEqual(['DL3008']);
  });
});
