/**
 * Running containers on the real Docker engine: exit codes, output streams with and without a TTY, the
 * container settings, volumes, network isolation, and that every way a run can end — by itself, timeout, abort,
 * failure — leaves no container behind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunRequest } from '../../src/runtime/adapter.js';
import { FrameDemultiplexer } from '../../src/runtime/docker/attach-stream.js';
import { listManagedContainers, parseVolume, removeContainer, RunError, runContainer, stopContainer } from '../../src/runtime/docker/containers.js';
import { EngineError } from '../../src/runtime/docker/engine-client.js';
import { BASE_IMAGE, describeWithEngine, engine, engineAvailable, ensureBaseImage, eventually, nonce } from './engine-harness.js';

const status = await engineAvailable();
const RUN_LABEL = 'dfkit.test.run';

interface Captured {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly killed: boolean;
  readonly containerId: string;
}

/** Runs `request` (on the base image unless it names one) under a fresh label, collecting its output. */
async function run(request: Partial<RunRequest>, options: { signal?: AbortSignal; label?: string } = {}): Promise<Captured> {
  const out: Record<RunEvent['stream'], Buffer[]> = { stdout: [], stderr: [] };
  const outcome = await runContainer(
    engine(),
    { image: BASE_IMAGE, ...request, labels: { [RUN_LABEL]: options.label ?? nonce(), ...request.labels } },
    { ...(options.signal && { signal: options.signal }), onEvent: (event) => out[event.stream].push(Buffer.from(event.data)) },
  );
  return { ...outcome, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}

async function containersLabelled(label: string): Promise<number> {
  return (await listManagedContainers(engine(), { [RUN_LABEL]: label })).length;
}

describe('FrameDemultiplexer', () => {
  const frame = (stream: number, text: string): Buffer => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  const decode = (chunks: Buffer[]): string[] => {
    const frames = new FrameDemultiplexer();
    return chunks.flatMap((chunk) => frames.push(chunk).map((c) => `${c.stream}:${Buffer.from(c.data).toString()}`));
  };

  it.each([
    ['whole frames', [Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])], ['stdout:out\n', 'stderr:err\n']],
    ['a header split across reads', [frame(1, 'abc').subarray(0, 3), frame(1, 'abc').subarray(3)], ['stdout:abc']],
    ['a payload split across reads', [frame(2, 'hello').subarray(0, 10), frame(2, 'hello').subarray(10)], ['stderr:hello']],
    ['empty frames skipped, stdin shown as stdout', [Buffer.concat([frame(1, ''), frame(0, 'in')])], ['stdout:in']],
  ])('reads %s', (_name, chunks, expected) => {
    expect(decode(chunks)).toEqual(expected);
  });

  it('keeps an unfinished frame pending', () => {
    const frames = new FrameDemultiplexer();
    expect(frames.push(frame(1, 'partial').subarray(0, 12))).toEqual([]);
    expect(frames.leftover).toBe(12);
  });
});

describe('parseVolume', () => {
  it.each([
    ['cache:/root/.cache', { Type: 'volume', Source: 'cache', Target: '/root/.cache', ReadOnly: false }],
    ['/srv/data:/data:ro', { Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true }],
    ['data:/data:rw', { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false }],
  ])('reads %s', (spec, expected) => {
    expect(parseVolume(spec)).toEqual(expected);
  });

  it.each([
    ['data', 'is not SOURCE:/container/path'],
    ['data:relative', 'must be absolute'],
    ['data:/x:rx', "unknown mode 'rx'"],
    ['./rel:/x', 'neither an absolute host path nor a volume name'],
  ])('refuses %s', (spec, message) => {
    expect(() => parseVolume(spec)).toThrow(message);
  });
});

describeWithEngine(status, 'runContainer on the Docker engine', () => {
  const volumes: string[] = [];
  // Made in the hook: a suite skipped for want of an engine still collects, but runs no hooks to remove it.
  let work = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dfkit-containers-'));
    await ensureBaseImage();
  }, 120_000);

  afterAll(async () => {
    for (const name of volumes) {
      try {
        await engine().request('DELETE', `/volumes/${encodeURIComponent(name)}`);
      } catch (error) {
        if (!(error instanceof EngineError && error.notFound)) throw error;
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('propagates the exit code and removes the container', async () => {
    const label = nonce();
    const result = await run({ command: ['sh', '-c', 'exit 3'] }, { label });
    expect(result).toMatchObject({ exitCode: 3, killed: false });
    expect(await containersLabelled(label)).toBe(0);
  });

  it('keeps stdout and stderr apart without a TTY', async () => {
    const result = await run({ command: ['sh', '-c', 'echo out-line; echo err-line >&2; echo more-out'] });
    expect(result.stdout).toBe('out-line\nmore-out\n');
    expect(result.stderr).toBe('err-line\n');
  });

  it('merges both streams into one raw stream with a TTY', async () => {
    const result = await run({ command: ['sh', '-c', 'echo out-line; echo err-line >&2'], tty: true });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('out-line\r\nerr-line\r\n');
  });

  it('applies environment, working directory and user', async () => {
    const result = await run({
      command: ['sh', '-c', 'echo "$GREETING|$EMPTY|$(pwd)|$(id -u):$(id -g)"'],
      env: { GREETING: 'hello world', EMPTY: '' },
      workdir: '/srv/app',
      user: '1234:5678',
    });
    expect(result.stdout).toBe('hello world||/srv/app|1234:5678\n');
  });

  it('passes arguments verbatim, with no shell in between', async () => {
    const args = ['$(id)', 'a;b', '"quoted"', "'single'", '`uname`', '*', 'two words', '$HOME', ''];
    const result = await run({ command: ['printf', '[%s]\\n', ...args] });
    expect(result.stdout).toBe(args.map((arg) => `[${arg}]\n`).join(''));
  });

  it('replaces the entrypoint', async () => {
    const result = await run({ entrypoint: ['echo', 'from-entrypoint'], command: ['and', 'args'] });
    expect(result.stdout).toBe('from-entrypoint and args\n');
  });

  it('keeps what a named volume holds across containers', async () => {
    const name = `dfkit-test-${nonce()}`;
    volumes.push(name);
    const token = nonce();
    const write = await run({ command: ['sh', '-c', `echo ${token} > /data/token`], volumes: [`${name}:/data`] });
    expect(write.exitCode).toBe(0);
    const read = await run({ command: ['cat', '/data/token'], volumes: [`${name}:/data:ro`] });
    expect(read).toMatchObject({ exitCode: 0, stdout: `${token}\n` });
    const readOnly = await run({ command: ['sh', '-c', 'echo x > /data/other'], volumes: [`${name}:/data:ro`] });
    expect(readOnly.exitCode).not.toBe(0);
    expect(readOnly.stderr).toMatch(/read-only/i);
  });

  it('bind-mounts a host directory', async () => {
    writeFileSync(join(work, 'host.txt'), 'from the host\n');
    const result = await run({ command: ['cat', '/mnt/host.txt'], volumes: [`${work}:/mnt:ro`] });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'from the host\n' });
  });

  it('isolates the network by default: only the loopback interface', async () => {
    const result = await run({ command: ['cat', '/proc/net/dev'] });
    const interfaces = result.stdout
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]!.trim())
      .filter((name) => name !== '');
    expect(interfaces).toEqual(['lo']);
  });

  it('kills and removes a container that outlives its timeout', async () => {
    const label = nonce();
    const started = Date.now();
    const result = await run({ command: ['sleep', '60'], timeoutMs: 500 }, { label });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result).toMatchObject({ killed: true, exitCode: 137 });
    expect(await containersLabelled(label)).toBe(0);
  });

  it('lets a run finish under a timeout longer than one timer can hold (about 24.8 days)', async () => {
    const result = await run({ command: ['sleep', '1'], timeoutMs: 30 * 24 * 3_600_000 }, { label: nonce() });
    expect(result).toMatchObject({ killed: false, exitCode: 0 });
  });

  it('kills and removes a container when aborted while it runs', async () => {
    const label = nonce();
    const controller = new AbortController();
    const running = run({ command: ['sh', '-c', 'echo started; sleep 60'] }, { signal: controller.signal, label });
    expect(await eventually(async () => (await containersLabelled(label)) === 1 && (await listManagedContainers(engine(), { [RUN_LABEL]: label }))[0]?.state === 'running', 10_000, 50)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ killed: true, stdout: 'started\n' });
    expect(await containersLabelled(label)).toBe(0);
  });

  it.each([0, 2, 5, 10, 20, 40])('leaves nothing when aborted %i ms into the run (create, attach or start)', async (delayMs) => {
    const label = nonce();
    const controller = new AbortController();
    const running = run({ command: ['sleep', '60'] }, { signal: controller.signal, label });
    setTimeout(() => controller.abort(new Error('stopped by the test')), delayMs);
    await running.then(
      (outcome) => expect(outcome.killed).toBe(true),
      (error: unknown) => expect(String(error)).toContain('stopped by the test'),
    );
    expect(await containersLabelled(label)).toBe(0);
  });

  it('abandons the run when the output handler throws, rejecting with its error', async () => {
    const label = nonce();
    const failing = runContainer(
      engine(),
      { image: BASE_IMAGE, command: ['sh', '-c', 'echo boom; sleep 60'], labels: { [RUN_LABEL]: label } },
      {
        onEvent: () => {
          throw new Error('handler failed');
        },
      },
    );
    await expect(failing).rejects.toThrow('handler failed');
    expect(await containersLabelled(label)).toBe(0);
  });

  it('rejects at once, creating nothing, when the signal is already aborted', async () => {
    const label = nonce();
    await expect(run({ command: ['true'] }, { signal: AbortSignal.abort(), label })).rejects.toThrow(/abort/i);
    expect(await containersLabelled(label)).toBe(0);
  });

  it('says a missing image must be built first, and leaves nothing', async () => {
    const label = nonce();
    const image = `dfkit-test/not-there-${nonce()}:1`;
    const error = await run({ image }, { label }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect(error).toMatchObject({ code: 'image-not-found', message: expect.stringContaining(`image '${image}' not found locally`) as unknown });
    expect(await containersLabelled(label)).toBe(0);
  });

  it('refuses invalid arguments before asking the engine', async () => {
    await expect(run({ workdir: 'relative' })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('must be an absolute path') as unknown });
    await expect(run({ env: { 'A=B': '1' } })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(run({ network: 'bridge' as 'none' })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(run({ volumes: ['/x:/y:rx'] })).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('reports a command that does not exist, and removes the container', async () => {
    const label = nonce();
    const error = await run({ command: ['/no/such/program'] }, { label }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'start-failed', message: expect.stringContaining('no such file') as unknown });
    expect(await containersLabelled(label)).toBe(0);
  });

  it('refuses a bind mount of a missing host directory, and leaves nothing', async () => {
    const label = nonce();
    const error = await run({ command: ['true'], volumes: [join(work, 'missing') + ':/mnt'] }, { label }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect(await containersLabelled(label)).toBe(0);
  });

  it('keeps the container with remove: false; stop and remove then clean it up', async () => {
    const label = nonce();
    const result = await run({ command: ['sh', '-c', 'exit 0'], remove: false }, { label });
    const [kept] = await listManagedContainers(engine(), { [RUN_LABEL]: label });
    expect(kept).toMatchObject({ id: result.containerId, image: BASE_IMAGE, state: 'exited' });
    expect(kept?.labels['dev.dfkit.managed']).toBe('1');
    await stopContainer(engine(), result.containerId, { timeoutSeconds: 0 });
    await removeContainer(engine(), result.containerId);
    await removeContainer(engine(), result.containerId); // gone already: no error
    expect(await containersLabelled(label)).toBe(0);
  });
});
