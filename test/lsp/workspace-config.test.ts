import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
