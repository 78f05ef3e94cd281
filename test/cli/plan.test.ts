/**
 * `dfkit plan` in-process on real contexts in temporary folders: formats, --since with a saved plan,
 * --changed, exit codes and errors.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './recording-io.js';
import { hostPlatform, planFromJson } from '../../src/planner/index.js';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'dfkit-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], cwd = work, env: Record<string, string> = {}) {
  return runCommand(['plan', ...args, '--no-cache-dir'], { cwd, home: work, env });
}

function copyExample(name: string): string {
  const target = mkdtempSync(join(work, `${name}-`));
  cpSync(join(root, 'examples', name), target, { recursive: true });
  return target;
}

describe('dfkit plan', () => {
  it('prints every step with a short key; metadata steps have none under BuildKit', async () => {
    const dir = copyExample('node-app');
    const { code, stdout } = await run([dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+\d+\s+[0-9a-f]{12}\s+COPY package\.json package-lock\.json \.\/$/m);
    expect(stdout).toMatch(/^\s+·\s+\d+\s+-\s+EXPOSE 3000$/m);
  });

  it('writes JSON with the documented fields and reads it back with --since', async () => {
    const dir = copyExample('node-app');
    const saved = join(dir, '..', 'node-app-plan.json');
    expect((await run([dir, '--format', 'json', '-o', saved])).code).toBe(0);
    const plan = planFromJson(readFileSync(saved, 'utf8'));
    const steps = plan.stages[0]!.steps;
    expect(steps.every((step) => typeof step.line === 'number' && (step.key === null || step.key.startsWith('sha256:')))).toBe(true);
    expect(steps.find((step) => step.kind === 'EXPOSE')?.key).toBeNull();
    expect(Object.keys(plan.files)).toContain('package.json');

    writeFileSync(join(dir, 'src', 'server.js'), '// edited\n');
    const { stdout } = await run([dir, '--since', saved, '--format', 'json']);
    const after = JSON.parse(stdout) as { stages: Array<{ steps: Array<{ line: number; rebuild: boolean; reason?: string }> }> };
    const rebuilt = after.stages[0]!.steps.filter((step) => step.rebuild);
    const copyAll = rebuilt[0]!;
    expect(copyAll.reason).toBe('`src/server.js` changed; it is copied by `COPY . .` on line 9');
    // Everything before the COPY . . stays cached: the install step survives a source edit.
    expect(after.stages[0]!.steps.filter((step) => step.line < copyAll.line).every((step) => !step.rebuild)).toBe(true);
  });

  it('answers --changed without a second context, in words', async () => {
    const dir = copyExample('node-app-cache-mistake');
    const { code, stdout } = await run([dir, '--changed', 'src/server.js']);
    expect(code).toBe(0);
    expect(stdout).toContain('`src/server.js` changed; it is copied by `COPY . .` on line 7, so lines 7–8 rebuild');
    expect(stdout).toMatch(/✗\s+8\s/);
    // A RUN that bind-mounts part of the context reruns when a mounted file changes, and only then.
    const mounted = mkdtempSync(join(work, 'mounted-'));
    writeFileSync(join(mounted, 'Dockerfile'), 'FROM scratch\nRUN --mount=type=bind,source=data,target=/data cat /data/a.txt\n');
    mkdirSync(join(mounted, 'data'));
    writeFileSync(join(mounted, 'data', 'a.txt'), 'a\n');
    writeFileSync(join(mounted, 'other.txt'), 'o\n');
    expect((await run([mounted, '--changed', 'data/a.txt'])).stdout).toContain(
      '`data/a.txt` changed; it is mounted by `RUN --mount=type=bind,source=data,target=/data cat /data/…` on line 2, so line 2 rebuilds',
    );
    expect((await run([mounted, '--changed', 'other.txt'])).stdout).toContain('every step is cached');
    // One line rebuilding is said in the singular.
    const last = mkdtempSync(join(work, 'last-line-'));
    writeFileSync(join(last, 'Dockerfile'), 'FROM scratch\nCOPY a.txt /a.txt\n');
    writeFileSync(join(last, 'a.txt'), 'a\n');
    expect((await run([last, '--changed', 'a.txt'])).stdout).toContain('`a.txt` changed; it is copied by `COPY a.txt /a.txt` on line 2, so line 2 rebuilds');
    // A new file the .dockerignore excludes changes nothing.
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n*.log\n');
    const ignored = await run([dir, '--changed', 'debug.log']);
    expect(ignored.stdout).toContain('every step is cached');
    // An absolute path inside the context is the same file; one outside it is refused.
    const absolute = await run([dir, '--changed', join(dir, 'src/server.js')]);
    expect(absolute.stdout).toContain('`src/server.js` changed');
    for (const platform of ['bogus', '']) {
      const refused = await run([dir, '--platform', platform]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--platform "${platform}" is not a platform`);
    }
    for (const outside of ['/etc/passwd', '../elsewhere.txt']) {
      const refused = await run([dir, '--changed', outside]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--changed ${outside}: not in the build context`);
    }
    const added = await run([dir, '--changed', 'src/new.js']);
    expect(added.stdout).toContain('`src/new.js` changed; it is copied by `COPY . .` on line 7');
  });

  it('targets this machine\'s platform by default and always builds on it, as a local engine does', async () => {
    const dir = mkdtempSync(join(work, 'platform-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM --platform=$BUILDPLATFORM busybox AS build\nARG TARGETPLATFORM BUILDPLATFORM\nRUN echo $TARGETPLATFORM $BUILDPLATFORM\n');
    const other = hostPlatform() === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';
    const runEnv = async (args: string[]): Promise<{ platform: string; env: Record<string, string> }> => {
      const { code, stdout } = await run([dir, '--format', 'json', ...args]);
      expect(code).toBe(0);
      const plan = JSON.parse(stdout) as { platform: string; stages: Array<{ steps: Array<{ kind: string; inputs: { env?: Record<string, string> } }> }> };
      return { platform: plan.platform, env: plan.stages[0]!.steps.find((step) => step.kind === 'RUN')!.inputs.env! };
    };
    const native = await runEnv([]);
    expect(native.platform).toBe(hostPlatform());
    expect(native.env).toMatchObject({ TARGETPLATFORM: hostPlatform(), BUILDPLATFORM: hostPlatform() });
    const cross = await runEnv(['--platform', other]);
    expect(cross.platform).toBe(other);
    expect(cross.env).toMatchObject({ TARGETPLATFORM: other, BUILDPLATFORM: hostPlatform() });
    // Alias spellings are the platform they stand for.
    expect((await runEnv(['--platform', other === 'linux/arm64' ? 'linux/aarch64/v8' : 'linux/x86_64'])).env.TARGETPLATFORM).toBe(other);
  });

  it('draws the stage graph as DOT and Mermaid', async () => {
    const dir = copyExample('go-multistage');
    const dot = await run([dir, '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph stages \{/);
    expect(dot.stdout).toMatch(/s0 -> s1/);
    const mermaid = await run([dir, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR/);
    expect(mermaid.stdout).toMatch(/s0 -->\|uses\| s1/);
  });

  it('says how to get an engine when --resolve-images cannot reach one', async () => {
    const dir = copyExample('node-app');
    const { code, stderr } = await run([dir, '--resolve-images'], work, { DOCKER_HOST: `unix://${join(work, 'no-such.sock')}` });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--resolve-images needs a Docker engine .*start one/);
  });

  it('exits 1 with a located error for a missing COPY source, 2 for bad usage', async () => {
    const dir = mkdtempSync(join(work, 'missing-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY nope.txt /x\n');
    const { code, stdout } = await run([dir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error: 2:6 .*nope\.txt.*\[source-not-found\]/);
    expect((await run([dir, '--builder', 'kaniko'])).code).toBe(2);
    expect((await run([dir, '--since', join(dir, 'Dockerfile')])).stderr).toMatch(/cannot use .*not JSON/);
    expect((await run([join(dir, 'no-such-dir')])).code).toBe(2);
  });

  it('--fetch-remote keys an ADD URL on what it downloads; an unreachable one is a warning', async () => {
    let body = 'one';
    const server = createServer((request, response) => {
      if (request.url === '/tool.bin') response.end(body);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const dir = mkdtempSync(join(work, 'remote-'));
      writeFileSync(join(dir, 'Dockerfile'), `FROM busybox\nADD ${origin}/tool.bin /opt/\nRUN echo after\n`);
      const saved = join(dir, '..', 'remote-plan.json');
      expect((await run([dir, '--fetch-remote', '--format', 'json', '-o', saved])).code).toBe(0);
      body = 'two';
      const { code, stdout } = await run([dir, '--fetch-remote', '--since', saved]);
      expect(code).toBe(0);
      expect(stdout).toContain(`the content downloaded from \`${origin}/tool.bin\` changed`);
      // Without downloading, the same URL is the same step.
      const blindSaved = join(dir, '..', 'remote-blind-plan.json');
      expect((await run([dir, '--format', 'json', '-o', blindSaved])).code).toBe(0);
      body = 'three';
      expect((await run([dir, '--since', blindSaved])).stdout).toMatch(/every step is cached/);
      writeFileSync(join(dir, 'Dockerfile'), `FROM busybox\nADD ${origin}/gone.bin /opt/\n`);
      const missing = await run([dir, '--fetch-remote']);
      expect(missing.code).toBe(0);
      expect(missing.stderr).toContain(`2:5: warning: could not read ${origin}/gone.bin: invalid response status 404`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends errors to standard error with the Dockerfile path in the text format too, and with -o', async () => {
    const dir = copyExample('node-app');
    const expected = `${join(dir, 'Dockerfile')}:1:1: error: target stage "nope" could not be found [unknown-target]\n`;
    const printed = await run([dir, '--target', 'nope']);
    expect(printed).toMatchObject({ code: 1, stderr: expected });
    expect(printed.stdout).toContain('[unknown-target]');
    const saved = join(dir, '..', 'nope-plan.txt');
    expect(await run([dir, '--target', 'nope', '-o', saved])).toEqual({ code: 1, stdout: '', stderr: expected });
  });
});
