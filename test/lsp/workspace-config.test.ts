import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/index.js';
import { WorkspaceConfig } from '../../src/lsp/workspace-config.js';

const root = mkdtempSync(join(tmpdir(), 'dfkit-lsp-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('WorkspaceConfig', () => {
  it('uses each workspace folder’s configuration files and the context’s ignore file', () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    mkdirSync(join(a, 'sub'), { recursive: true });
    mkdirSync(b);
    writeFileSync(join(a, '.hadolint.yaml'), 'ignored: [DL3000]\n');
    writeFileSync(join(a, 'sub', '.dockerignore'), 'node_modules\n');
    const problems: string[] = [];
    const config = new WorkspaceConfig({ home: root, env: {}, onProblems: (_f, p) => problems.push(...p.map((x) => x.message)) });
    config.setFolders([a, b]);
    const text = 'FROM alpine:3\nWORKDIR app\n';
    const inA = config.optionsFor(join(a, 'sub', 'Dockerfile'));
    expect(lint(text, inA).findings.map((f) => f.code)).not.toContain('DL3000');
    expect(inA.settings).toMatchObject({ dockerignore: 'present', dockerignoreText: 'node_modules\n' });
    expect(lint(text, config.optionsFor(join(b, 'Dockerfile'))).findings.map((f) => f.code)).toContain('DL3000');
    // Cached: the same object until something changes.
    expect(config.optionsFor(join(a, 'sub', 'Dockerfile'))).toBe(inA);

    writeFileSync(join(b, '.hadolint.yaml'), 'failure-threshold: nonsense\nignored: [DL3000]\n');
    config.invalidate();
    expect(lint(text, config.optionsFor(join(b, 'Dockerfile'))).findings.map((f) => f.code)).not.toContain('DL3000');
    expect(problems.join('\n')).toContain('failure-threshold');
    expect(config.folderOf(join(b, 'x', 'Dockerfile'))).toBe(b);
    expect(config.folderOf(join(root, 'elsewhere'))).toBeNull();
  });

  it('lets fixes see the build context: the Dockerfile’s folder', () => {
    const folder = join(root, 'go-app');
    mkdirSync(folder);
    writeFileSync(join(folder, 'go.mod'), 'module x\n');
    const config = new WorkspaceConfig({ home: root, env: {}, onProblems: () => {} });
    config.setFolders([folder]);
    const text = 'FROM golang:1.22\nCOPY . .\nRUN go mod download\n';
    const fix = lint(text, config.optionsFor(join(folder, 'Dockerfile'))).findings.find((f) => f.ruleId === 'dependency-install-order')?.fix;
    // The folder has no go.sum, so none is copied (without the context it would be a pattern, go.su[m]).
    expect(fix?.edits[0]?.text).toBe('COPY go.mod ./');
  });
});

/**
 * Keeps a test from hanging for good on a FIFO read from this thread: after `delayMs`, another thread opens
 * the FIFO for writing whenever a reader is waiting (a non-blocking open fails while there is none), writes a
 * line and closes it, which ends the read.
 */
function unblockReadersOf(fifo: string, delayMs: number): Worker {
  const code = `
    const { closeSync, constants, openSync, writeSync } = require('node:fs');
    const { workerData } = require('node:worker_threads');
    const attempt = () => {
      try {
        const fd = openSync(workerData.fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, 'read\\n');
        closeSync(fd);
      } catch {
        setTimeout(attempt, 50);
      }
    };
    setTimeout(attempt, workerData.delayMs);
  `;
  return new Worker(code, { eval: true, workerData: { fifo, delayMs } });
}

describe('WorkspaceConfig ignore files', () => {
  it.runIf(process.platform !== 'win32')('reads only regular files: a FIFO or a device is no ignore file', async () => {
    const folder = join(root, 'special');
    mkdirSync(join(folder, 'fifo'), { recursive: true });
    mkdirSync(join(folder, 'device'));
    mkdirSync(join(folder, 'fallback'));
    const fifo = join(folder, 'fifo', '.dockerignore');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/null', join(folder, 'device', '.dockerignore'));
    execFileSync('mkfifo', [join(folder, 'fallback', 'Dockerfile.dockerignore')]);
    writeFileSync(join(folder, 'fallback', '.dockerignore'), '.git\n');
    const watchdog = unblockReadersOf(fifo, 2000);
    try {
      const config = new WorkspaceConfig({ home: root, env: {} });
      config.setFolders([folder]);
      const started = performance.now();
      expect(config.optionsFor(join(folder, 'fifo', 'Dockerfile')).settings).toMatchObject({ dockerignore: 'absent' });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(config.optionsFor(join(folder, 'device', 'Dockerfile')).settings).toMatchObject({ dockerignore: 'absent' });
      expect(config.optionsFor(join(folder, 'fallback', 'Dockerfile')).settings).toMatchObject({
        dockerignore: 'present',
        dockerignoreText: '.git\n',
      });
    } finally {
      await watchdog.terminate();
    }
  }, 10_000);

  it('does not read an ignore file over 1 MiB, and reports it once', () => {
    const folder = join(root, 'huge');
    mkdirSync(folder);
    writeFileSync(join(folder, '.dockerignore'), `${'x'.repeat(1024 * 1024)}\n`);
    const problems: string[] = [];
    const config = new WorkspaceConfig({ home: root, env: {}, onProblems: (_f, p) => problems.push(...p.map((x) => x.message)) });
    config.setFolders([folder]);
    const first = config.optionsFor(join(folder, 'Dockerfile')).settings;
    const second = config.optionsFor(join(folder, 'Dockerfile.dev')).settings;
    for (const settings of [first, second]) {
      expect(settings).toMatchObject({ dockerignore: 'present' });
      // Not `toHaveProperty`: a failure would print the whole megabyte.
      expect('dockerignoreText' in (settings ?? {})).toBe(false);
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('.dockerignore');
  });
});

describe('WorkspaceConfig with a hostile configuration file', () => {
  /** Nested mappings, one level a line, each indented one space more. */
  const deepMapping = (levels: number): string => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:`).join('\n');

  it.each([
    ['100k of [', '['.repeat(100_000), 'nested more than 64 levels deep'],
    ['closed flow sequences', `ignored: ${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'nested more than 64 levels deep'],
    ['flow mappings', '{a: '.repeat(20_000), 'nested more than 64 levels deep'],
    ['a deeply nested mapping', deepMapping(400), 'nested more than 64 levels deep'],
    ['compact sequences', `${'- '.repeat(50_000)}x`, 'nested more than 64 levels deep'],
    ['a huge file', `ignored:\n${'  - DL3000\n'.repeat(30_000)}`, 'characters is over the limit of 262144 for a config file'],
  ])('refuses %s with one problem, quickly, and uses the other files', (name, text, reason) => {
    const folder = join(root, `hostile-${name.replace(/\W+/g, '-')}`);
    mkdirSync(folder);
    writeFileSync(join(folder, '.hadolint.yaml'), 'ignored: [DL3000]\n');
    writeFileSync(join(folder, '.dfkit.yaml'), text);
    const problems: string[] = [];
    const config = new WorkspaceConfig({ home: root, env: {}, onProblems: (_f, p) => problems.push(...p.map((x) => x.message)) });
    config.setFolders([folder]);
    const started = performance.now();
    const options = config.optionsFor(join(folder, 'Dockerfile'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.dfkit\.yaml: not read: /);
    expect(problems[0]).toContain(reason);
    expect(lint('FROM alpine:3\nWORKDIR app\n', options).findings.map((f) => f.code)).not.toContain('DL3000');
  });

  it('still reads a configuration nested a few levels', () => {
    const folder = join(root, 'nested-enough');
    mkdirSync(folder);
    writeFileSync(join(folder, '.dfkit.yaml'), 'override:\n  error:\n    - DL3000\nlabel-schema: {a: text, b: {}}\n');
    const problems: string[] = [];
    const config = new WorkspaceConfig({ home: root, env: {}, onProblems: (_f, p) => problems.push(...p.map((x) => x.message)) });
    config.setFolders([folder]);
    const options = config.optionsFor(join(folder, 'Dockerfile'));
    expect(lint('FROM alpine:3\nWORKDIR app\n', options).findings.find((f) => f.code === 'DL3000')?.severity).toBe('error');
    expect(problems).toEqual(['.dfkit.yaml: label-schema.b: expected one of text, url, semver, hash, rfc3339, spdx, email, got a mapping']);
  });
});
