/** `dfkit run` in-process with a recording IO, on the real Docker engine: output, exit codes and errors. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RecordedRun } from './recording-io.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage, nonce } from '../runtime/engine-harness.js';

const status = await engineAvailable();
const work = mkdtempSync(join(tmpdir(), 'dfkit-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `dfkit run …args` through the dispatcher, recording what it prints. */
function run(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<RecordedRun> {
  return runCommand(['run', ...args], { cwd: work, env: env });
}

describe('dfkit run without an engine', () => {
  it('says how to start one', async () => {
    const missing = `unix://${join(work, 'no-engine.sock')}`;
    const result = await run([BASE_IMAGE, '--', 'true'], { DOCKER_HOST: missing });
    expect(result.code).toBe(125);
    expect(result.stderr).toContain(`no Docker engine answered (connect ENOENT ${missing.slice('unix://'.length)})`);
    expect(result.stderr).toMatch(/Start one .*dockerd.*, or point DOCKER_HOST at a running one/);
  });

  it.each([
    [['--network', 'bridge', BASE_IMAGE], "unknown network mode 'bridge'"],
    [['--rm', '--keep', BASE_IMAGE], 'either --rm or --keep'],
    [['--timeout', 'soon', BASE_IMAGE], "--timeout 'soon' is not a positive number"],
    [[], 'run needs an image'],
    [['--workdir', 'rel', BASE_IMAGE], 'must be an absolute path'],
  ])('refuses %j as a usage error', async (args, message) => {
    const result = await run(args, { DOCKER_HOST: `unix://${join(work, 'no-engine.sock')}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describeWithEngine(status, 'dfkit run', () => {
  const volume = `dfkit-test-cli-${nonce()}`;

  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);

  afterAll(async () => {
    await engine()
      .request('DELETE', `/volumes/${volume}`)
      .catch(() => undefined);
  });

  it('streams stdout and stderr apart and exits with the container’s code', async () => {
    const result = await run([BASE_IMAGE, '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('takes the command after the image without --, as docker run does', async () => {
    const result = await run(['-e', 'A=1', BASE_IMAGE, 'sh', '-c', 'echo "$A" -n']);
    expect(result).toMatchObject({ code: 0, stdout: '1 -n\n' });
  });

  it('applies -e, -w, -u, -v and -t', async () => {
    writeFileSync(join(work, 'in.txt'), 'bound\n', { mode: 0o644 });
    // Readable by the unprivileged user the container runs as (temporary folders are private).
    chmodSync(work, 0o755);
    const result = await run([
      BASE_IMAGE,
      '-e',
      'NAME=dfkit',
      '-e',
      'INHERITED',
      '-w',
      '/srv',
      '-u',
      '42',
      '-v',
      './:/host:ro',
      '-v',
      `${volume}:/data`,
      '-t',
      '--',
      'sh',
      '-c',
      'echo "$NAME $INHERITED $(pwd) $(id -u)"; cat /host/in.txt; echo err >&2',
    ], { ...process.env, INHERITED: 'from-here' });
    expect(result).toMatchObject({ code: 0, stdout: 'dfkit from-here /srv 42\r\nbound\r\nerr\r\n', stderr: '' });
  });

  it('kills the container after --timeout and says so', async () => {
    const started = Date.now();
    const result = await run(['--timeout', '0.5', BASE_IMAGE, '--', 'sleep', '60']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(137);
    expect(result.stderr).toContain('longer than --timeout 0.5s and was killed');
  });

  it('keeps the container with --keep and says which', async () => {
    const result = await run(['--keep', BASE_IMAGE, '--', 'true']);
    expect(result.code).toBe(0);
    const id = /kept container ([0-9a-f]{12})/.exec(result.stderr)?.[1];
    expect(id).toBeDefined();
    const kept = await engine().request<{ State: { Status: string }; Config: { Labels: Record<string, string> } }>('GET', `/containers/${id}/json`);
    expect(kept.State.Status).toBe('exited');
    expect(kept.Config.Labels['dev.dfkit.managed']).toBe('1');
    await engine().request('DELETE', `/containers/${id}`, { query: new URLSearchParams({ force: '1' }) });
  });

  it('says a missing image must be built first', async () => {
    const image = `dfkit-test/absent-${nonce()}:1`;
    const result = await run([image]);
    expect(result.code).toBe(125);
    expect(result.stderr).toContain(`image '${image}' not found locally`);
    expect(result.stderr).toContain('build or load it first');
  });

  it('reports a command that cannot start', async () => {
    const result = await run([BASE_IMAGE, '--', '/no/such/program']);
    expect(result.code).toBe(125);
    expect(result.stderr).toContain('cannot start the container');
  });
});
