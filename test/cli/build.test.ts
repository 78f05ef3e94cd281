/** `dfkit build` in-process with a recording IO: progress formats, failures at their line, and usage errors. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RecordedRun } from './recording-io.js';
import { Screen } from './screen.js';
import { BASE_IMAGE, describeWithEngine, engineAvailable, ensureBaseImage, nonce, removeCreatedImages, testTag } from '../runtime/engine-harness.js';

const work = mkdtempSync(join(tmpdir(), 'dfkit-build-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `dfkit build …args` through the dispatcher, recording what it prints. */
function run(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<RecordedRun> {
  return runCommand(['build', ...args], { cwd: work, env: { ...env, DFKIT_CACHE_DIR: join(work, '.cache') } });
}

function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'ctx-'));
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

describe('dfkit build without an engine', () => {
  it('says how to start one', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\n' });
    const { code, stderr } = await run([dir], { DOCKER_HOST: `unix://${join(work, 'no-engine.sock')}` });
    expect(code).toBe(1);
    expect(stderr).toContain('no Docker engine answered');
    expect(stderr).toMatch(/Start one .*dockerd.*, or point DOCKER_HOST at a running one/);
    // The same words from every command, naming the engine asked.
    const podman = await run(['--runtime', 'podman', dir], { CONTAINER_HOST: `unix://${join(work, 'no-service.sock')}` });
    expect([podman.code, podman.stderr]).toEqual([1, expect.stringMatching(/^dfkit: no podman service answered \(.*no-service\.sock\)\.\nStart one .*podman system service.*, or point CONTAINER_HOST at a running one/)]);
  });

  it.each([
    [['--network', 'bridge'], "unknown network mode 'bridge'"],
    [['--builder', 'kaniko'], "unknown builder 'kaniko'"],
    [['--progress', 'fancy'], "unknown progress mode 'fancy'"],
    [['--build-arg', 'NOVALUE'], "--build-arg 'NOVALUE' is not KEY=VALUE"],
    [['--secret', 'src=token.txt'], "--secret 'src=token.txt': an id= is required"],
    [['--secret', 'id=tok'], "--secret 'id=tok': say where the secret comes from: src=<file> or env=<variable>"],
    [['--secret', 'id=tok,src=a,env=B'], 'give src= or env=, not both'],
    [['--secret', 'id=tok,mode=0400'], "unknown key 'mode'"],
    [['--ssh', '=sock'], "--ssh '=sock': an id is required"],
    [['--output', 'type=zip,dest=x'], "unknown type 'zip' (use local or tar)"],
    [['--output', 'type=tar'], "--output 'type=tar': dest= must name a file"],
    [['-o', '-'], "--output '-': give a directory, or type=tar,dest=<file>"],
    [['--ssh', 'default=a.key,b.key'], 'give one agent socket'],
  ])('refuses %j', async (args, message) => {
    const { code, stderr } = await run([work, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

const status = await engineAvailable();

describeWithEngine(status, 'dfkit build', () => {
  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);
  afterAll(async () => {
    await removeCreatedImages();
  }, 120_000);

  it.each(['buildkit', 'classic'])('prints plain progress, then CACHED steps on a rebuild [%s]', async (builder) => {
    const token = nonce();
    const dir = context({
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY app.txt /app.txt\nRUN cat /app.txt\n`,
      'app.txt': `hello ${token}\n`,
      'big.bin': 'x'.repeat(10_000),
    });
    const tag = testTag('cli-build');
    const first = await run([dir, '-t', tag, '--builder', builder, '--progress', 'plain']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // BuildKit is offered the files and syncs what its copy lacks (here all of them); the classic builder gets them.
    expect(first.stdout).toContain(builder === 'buildkit' ? '=> offering context: 2 files' : '=> sending context: 2 files');
    if (builder === 'buildkit') expect(first.stdout).toMatch(/=> context synced: \d+ B changed since the engine's copy/);
    expect(first.stdout).toContain('only what the build needs');
    expect(first.stdout).toMatch(/=> .*COPY app\.txt \/app\.txt {2}\(Dockerfile:2\)/);
    expect(first.stdout).toContain(`Dockerfile:3 | hello ${token}`);
    expect(first.stdout).toContain(`=> tagged ${tag}`);
    const second = await run([dir, '-t', tag, '--builder', builder]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/=> CACHED .*RUN cat \/app\.txt/);
  });

  it('redraws a live view on a terminal and leaves one line a step', async () => {
    const token = nonce();
    const dir = context({ Dockerfile: `FROM ${BASE_IMAGE}\nCOPY app.txt /app.txt\nRUN cat /app.txt\n`, 'app.txt': `live ${token}\n` });
    const { code, stdout } = await run([dir, '-t', testTag('cli-tty'), '--progress', 'tty']);
    expect(code).toBe(0);
    expect(stdout).toContain('\u001b[J'); // the live area was redrawn in place
    const screen = new Screen();
    screen.write(stdout);
    const shown = screen.shown.join('\n');
    expect(shown).toMatch(/^=> context: 2 files, /m); // the Dockerfile and app.txt
    expect(shown.match(/\[1\/3\] FROM/g)).toHaveLength(1); // one line a step, however the engine reports it
    expect(shown).toMatch(/^=> context synced: \d+ B changed since the engine's copy$/m);
    expect(shown).toMatch(/^=> DONE .*RUN cat \/app\.txt {2}\(Dockerfile:3\) {2}\d+\.\ds$/m);
    expect(shown).toMatch(/^=> built sha256:/m);
    expect(shown).not.toContain('[+] Building'); // nothing of the live area is left
  });

  it('writes one JSON event a line, then the result', async () => {
    const dir = context({ Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo json-${nonce()}\n` });
    const { code, stdout } = await run([dir, '-t', testTag('cli-json'), '--progress', 'json']);
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({ type: 'context', files: 1 });
    expect(events.some((event) => event.type === 'step-started' && (event['step'] as { line?: number }).line === 2)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', imageId: expect.stringMatching(/^sha256:/) as unknown });
  });

  it('passes secrets from a file and from a variable', async () => {
    const token = nonce();
    const dir = context({
      Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=secret,id=file --mount=type=secret,id=VAR_SECRET test "$(cat /run/secrets/file)$(cat /run/secrets/VAR_SECRET)" = "from-filefrom-env" && echo secrets-${token}\n`,
      'secret.txt': 'from-file',
    });
    const { code, stdout, stderr } = await run(
      [dir, '-t', testTag('cli-secret'), '--progress', 'plain', '--secret', `id=file,src=${join(dir, 'secret.txt')}`, '--secret', 'type=env,id=VAR_SECRET'],
      { ...process.env, VAR_SECRET: 'from-env' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`secrets-${token}`);
  });

  it('forwards the SSH agent of SSH_AUTH_SOCK with --ssh default, and refuses a socket that is not one', async () => {
    const dir = context({ Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=ssh,required=true test -S "$SSH_AUTH_SOCK" && echo ssh-${nonce()}\n` });
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const ok = await run([dir, '-t', testTag('cli-ssh'), '--progress', 'plain', '--ssh', 'default'], { ...process.env, SSH_AUTH_SOCK: socket });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/ssh-[0-9a-f]+/);
      const bad = await run([dir, '--ssh', `default=${join(dir, 'Dockerfile')}`]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('is not an agent socket');
    } finally {
      agent.kill();
    }
  });

  it('exports the result into a directory with -o, saying where it went', async () => {
    const token = nonce();
    const dir = context({ Dockerfile: `FROM ${BASE_IMAGE} AS build\nRUN mkdir /out && echo ${token} > /out/result.txt\nFROM scratch\nCOPY --from=build /out /\n` });
    const { code, stdout, stderr } = await run([dir, '-o', 'exported', '--progress', 'plain']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`=> exported 1 file (${token.length + 1} B) to ${join(work, 'exported')}`);
    expect(readFileSync(join(work, 'exported', 'result.txt'), 'utf8')).toBe(`${token}\n`);
  });

  it('points a failing step at its Dockerfile line, with the instruction', async () => {
    const token = nonce();
    const dir = context({ Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo ok-${token}\nRUN exit 7\n` });
    const { code, stderr } = await run([dir, '--builder', 'classic']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'Dockerfile')}:3: `);
    expect(stderr).toContain('returned a non-zero code: 7');
    expect(stderr).toContain('  3 | RUN exit 7');
  });
});
