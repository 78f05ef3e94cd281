/**
 * Decoding build streams: lines quoted in the engine notes, responses captured from dockerd 20.10 with both
 * builders (fixtures/, recorded with curl against `POST /build` for the Dockerfile below), and malformed input.
 *
 *   FROM dfkit-test/busybox:latest
 *   ARG FOO=default
 *   COPY app.txt /app/app.txt
 *   RUN echo "foo=$FOO" && cat /app/app.txt && echo warn >&2
 *   CMD ["cat","/app/app.txt"]
 *
 * built with `buildargs={"FOO":"bar","NOPE":"1"}` (classic) or `{"FOO":"bar"}` (BuildKit), twice; and
 * `FROM dfkit-test/busybox:latest` + `RUN echo before && exit 3`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuildProgressDecoder, decodeBuildStream, type BuildEvent } from '../../src/runtime/docker/build-progress.js';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const pick = <T extends BuildEvent['type']>(events: BuildEvent[], type: T): Extract<BuildEvent, { type: T }>[] =>
  events.filter((e): e is Extract<BuildEvent, { type: T }> => e.type === type);
/** A length-delimited protobuf field (short values only: one-byte lengths). */
const field = (number: number, value: string | number[]): number[] => {
  const bytes = typeof value === 'string' ? [...Buffer.from(value)] : value;
  return [(number << 3) | 2, bytes.length, ...bytes];
};
/** A `moby.buildkit.trace` line holding one StatusResponse field (1 vertex, 3 log) with the given body. */
const traceLine = (kind: number, body: number[]): string =>
  JSON.stringify({ id: 'moby.buildkit.trace', aux: Buffer.from(field(kind, body)).toString('base64') });
const summary = (steps: readonly { instruction: string; cached: boolean }[]): [string, boolean][] => steps.map((s) => [s.instruction, s.cached]);

describe('classic builder stream', () => {
  it('decodes the lines quoted in the engine notes', () => {
    const { events, result } = decodeBuildStream(
      [
        '{"stream":"Step 1/5 : FROM cachelab/bb:base"}',
        '{"stream":"\\n"}',
        '{"stream":" ---\\u003e 3b26b0e1e461\\n"}',
        '{"stream":"Step 2/5 : ARG FOO=default"}',
        '{"stream":"\\n"}',
        '{"stream":" ---\\u003e Running in db5a01ae26db\\n"}',
        '{"stream":"Removing intermediate container db5a01ae26db\\n"}',
        '{"stream":" ---\\u003e 4ae7af1d3748\\n"}',
        '{"stream":"Step 3/5 : COPY app.txt /app/app.txt"}',
        '{"stream":"\\n"}',
        '{"stream":" ---\\u003e Using cache\\n"}',
        '{"stream":" ---\\u003e 2ca3fcd3a3e3\\n"}',
        '{"stream":"Step 4/5 : RUN echo \\"foo=$FOO\\" \\u0026\\u0026 cat /app/app.txt"}',
        '{"stream":"\\n"}',
        '{"stream":" ---\\u003e Running in 4682aa0011c4\\n"}',
        '{"stream":"foo=bar\\n"}',
        '{"stream":"api 1795499739535997409\\n"}',
        '{"stream":"Removing intermediate container 4682aa0011c4\\n"}',
        '{"stream":" ---\\u003e d7040aa103a1\\n"}',
        '{"stream":"Step 5/5 : CMD [\\"cat\\",\\"/app/app.txt\\"]"}',
        '{"aux":{"ID":"sha256:62a5f9b18ca84512554154a540e407f060b690e60d56833e69768d8fb5032fed"}}',
        '{"stream":"Successfully built 62a5f9b18ca8\\n"}',
        '{"stream":"Successfully tagged cachelab/api:classic1\\n"}',
      ].join('\n'),
    );
    expect(result).toEqual({
      imageId: 'sha256:62a5f9b18ca84512554154a540e407f060b690e60d56833e69768d8fb5032fed',
      steps: [
        { name: 'Step 1/5 : FROM cachelab/bb:base', instruction: 'FROM cachelab/bb:base', index: 1, total: 5, cached: false },
        { name: 'Step 2/5 : ARG FOO=default', instruction: 'ARG FOO=default', index: 2, total: 5, cached: false },
        { name: 'Step 3/5 : COPY app.txt /app/app.txt', instruction: 'COPY app.txt /app/app.txt', index: 3, total: 5, cached: true },
        {
          name: 'Step 4/5 : RUN echo "foo=$FOO" && cat /app/app.txt',
          instruction: 'RUN echo "foo=$FOO" && cat /app/app.txt',
          index: 4,
          total: 5,
          cached: false,
        },
        { name: 'Step 5/5 : CMD ["cat","/app/app.txt"]', instruction: 'CMD ["cat","/app/app.txt"]', index: 5, total: 5, cached: false },
      ],
    });
    expect(events.filter((e) => e.type !== 'step')).toEqual([
      { type: 'cached', step: 3 },
      { type: 'output', stream: 'stdout', text: 'foo=bar\n', step: 4 },
      { type: 'output', stream: 'stdout', text: 'api 1795499739535997409\n', step: 4 },
      { type: 'image', id: 'sha256:62a5f9b18ca84512554154a540e407f060b690e60d56833e69768d8fb5032fed' },
    ]);
  });

  it('decodes a captured first build: steps, stdout and stderr, the unused build-arg warning', () => {
    const { events, result } = decodeBuildStream(fixture('classic-build.jsonl'));
    expect(result.error).toBeUndefined();
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(summary(result.steps)).toEqual([
      ['FROM dfkit-test/busybox:latest', false],
      ['ARG FOO=default', false],
      ['COPY app.txt /app/app.txt', false],
      ['RUN echo "foo=$FOO" && cat /app/app.txt && echo warn >&2', false],
      ['CMD ["cat","/app/app.txt"]', false],
    ]);
    expect(pick(events, 'output').map((e) => [e.stream, e.text, e.step])).toEqual([
      ['stdout', 'foo=bar\n', 4],
      ['stdout', expect.stringMatching(/^fixture \d+\n$/), 4],
      ['stderr', 'warn\n', 4],
    ]);
    expect(pick(events, 'warning')).toEqual([{ type: 'warning', message: 'One or more build-args [NOPE] were not consumed' }]);
    expect(pick(events, 'error')).toEqual([]);
  });

  it('decodes a captured rebuild: every step after FROM cached', () => {
    const { events, result } = decodeBuildStream(fixture('classic-cached.jsonl'));
    expect(summary(result.steps).map(([, cached]) => cached)).toEqual([false, true, true, true, true]);
    expect(pick(events, 'cached').map((e) => e.step)).toEqual([2, 3, 4, 5]);
    expect(pick(events, 'output')).toEqual([]);
  });

  it('decodes a captured failing RUN: exit status, failed step, output before the failure', () => {
    const { events, result } = decodeBuildStream(fixture('classic-run-fails.jsonl'));
    const message = "The command '/bin/sh -c echo before && exit 3' returned a non-zero code: 3";
    expect(result).toEqual({
      imageId: null,
      steps: [
        expect.objectContaining({ instruction: 'FROM dfkit-test/busybox:latest', cached: false }),
        expect.objectContaining({ instruction: 'RUN echo before && exit 3', error: message }),
      ],
      error: { message, code: 3 },
    });
    expect(result.steps[0]).not.toHaveProperty('error');
    expect(pick(events, 'error')).toEqual([{ type: 'error', source: 'engine', message, code: 3 }]);
    expect(pick(events, 'output').map((e) => e.text)).toEqual(['before\n']);
  });

  it('keeps RUN output without a final newline off the builder’s next line', () => {
    const { events } = decodeBuildStream(
      ['{"stream":"Step 1/1 : RUN printf partial"}', '{"stream":"\\n"}', '{"stream":"partial"}', '{"stream":"Removing intermediate container 0123abcd\\n"}'].join('\n'),
    );
    expect(pick(events, 'output').map((e) => e.text)).toEqual(['partial']);
  });

  it('does not blame a finished step for an error that follows it', () => {
    const { result } = decodeBuildStream(
      ['{"stream":"Step 1/1 : CMD x"}', '{"stream":"\\n"}', '{"stream":" ---\\u003e 4ae7af1d3748\\n"}', '{"errorDetail":{"message":"tag failed"},"error":"tag failed"}'].join('\n'),
    );
    expect(result.steps[0]).not.toHaveProperty('error');
    expect(result.error).toEqual({ message: 'tag failed' });
  });

  it('reads the warning about a base image of another platform, which follows the FROM step’s arrow', () => {
    const warning =
      "The requested image's platform (linux/arm64) does not match the detected host platform (linux/amd64) and no specific platform was requested";
    const { events, result } = decodeBuildStream(
      [
        '{"stream":"Step 1/2 : FROM dfkit-test/arm:1"}',
        '{"stream":"\\n"}',
        `{"stream":" ---\\u003e [Warning] ${warning}\\n"}`,
        '{"stream":" ---\\u003e 58b06248bf36\\n"}',
      ].join('\n'),
    );
    expect(pick(events, 'warning')).toEqual([{ type: 'warning', message: warning }]);
    expect(pick(events, 'output')).toEqual([]);
    expect(result.steps).toHaveLength(1);
  });

  it('reads buildah’s wording (podman’s compatibility API)', () => {
    const { result } = decodeBuildStream(
      ['{"stream":"STEP 1/2: FROM localhost/cachelab/bb:base\\n"}', '{"stream":"STEP 2/2: ARG FOO=default\\n"}', '{"stream":"--\\u003e Using cache 89bfea665fa7\\n"}'].join('\n'),
    );
    expect(summary(result.steps)).toEqual([
      ['FROM localhost/cachelab/bb:base', false],
      ['ARG FOO=default', true],
    ]);
  });
});

describe('BuildKit stream', () => {
  it('decodes the records quoted in the engine notes', () => {
    const { events, result } = decodeBuildStream(
      [
        '{"id":"moby.buildkit.trace","aux":"Cm8KR3NoYTI1Njo5YjI0ZGZkZjVlOWMyNTUxMTQzNmU5OGRjNWNiNWVjOGE4YTg4ZjgyYjA3ZjY0NzQzM2ExMzM0ZjRmODc5NGZmGiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQ="}',
        '{"id":"moby.image.id","aux":{"ID":"sha256:589043a6ad3e8ad75cf18fc618c5190ad1fbf899814134b2cbf691d472ba5699"}}',
        '{"stream":"Successfully tagged cachelab/api:bk1\\n"}',
      ].join('\n'),
    );
    expect(events).toEqual([
      {
        type: 'vertex',
        digest: 'sha256:9b24dfdf5e9c25511436e98dc5cb5ec8a8a88f82b07f647433a1334f4f8794ff',
        name: '[internal] load remote build context',
        inputs: [],
        cached: false,
      },
      { type: 'image', id: 'sha256:589043a6ad3e8ad75cf18fc618c5190ad1fbf899814134b2cbf691d472ba5699' },
    ]);
    // Internal vertices are not Dockerfile steps.
    expect(result).toEqual({ imageId: 'sha256:589043a6ad3e8ad75cf18fc618c5190ad1fbf899814134b2cbf691d472ba5699', steps: [] });
  });

  it('decodes a captured first build: step vertices merged by digest, logs per stream', () => {
    const { events, result } = decodeBuildStream(fixture('buildkit-build.jsonl'));
    expect(result.error).toBeUndefined();
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.steps.map((s) => s.name)).toEqual([
      '[1/3] FROM docker.io/dfkit-test/busybox:latest',
      '[2/3] COPY app.txt /app/app.txt',
      // ARG values are already substituted in BuildKit's step names.
      '[3/3] RUN echo "foo=bar" && cat /app/app.txt && echo warn >&2',
    ]);
    expect(result.steps.slice(1).map((s) => s.cached)).toEqual([false, false]);
    expect(result.steps.every((s) => s.digest?.startsWith('sha256:') && s.stage === undefined)).toBe(true);
    const run = result.steps[2];
    const outputs = pick(events, 'output');
    expect(outputs.every((e) => e.vertex === run?.digest)).toBe(true);
    // One event per log record: BuildKit batches what the process wrote, not lines.
    const text = (stream: string): string => outputs.filter((e) => e.stream === stream).map((e) => e.text).join('');
    expect(text('stdout')).toMatch(/^foo=bar\nfixture \d+\n$/);
    expect(text('stderr')).toBe('warn\n');
    // Vertices are re-sent on every change; the step list holds each digest once.
    expect(pick(events, 'vertex').filter((v) => v.digest === run?.digest).length).toBeGreaterThan(1);
    expect(pick(events, 'error')).toEqual([]);
  });

  it('decodes a captured rebuild: COPY and RUN cached', () => {
    const { result } = decodeBuildStream(fixture('buildkit-cached.jsonl'));
    expect(summary(result.steps.slice(1))).toEqual([
      ['COPY app.txt /app/app.txt', true],
      ['RUN echo "foo=bar" && cat /app/app.txt && echo warn >&2', true],
    ]);
  });

  it('decodes a captured failing RUN: message without exit status field, failed vertex', () => {
    const { events, result } = decodeBuildStream(fixture('buildkit-run-fails.jsonl'));
    const message = 'executor failed running [/bin/sh -c echo before && exit 3]: exit code: 3';
    expect(result.imageId).toBeNull();
    expect(result.error).toEqual({ message });
    expect(result.steps.find((s) => s.instruction.startsWith('RUN'))?.error).toBe(message);
    expect(pick(events, 'output').map((e) => e.text)).toEqual(['before\n']);
    expect(pick(events, 'error')).toEqual([{ type: 'error', source: 'engine', message }]);
  });

  it('keeps a character split across two log records whole', () => {
    const log = (msg: number[]): string => traceLine(3, [...field(1, 'sha256:v'), 0x18, 0x01, ...field(4, msg)]);
    const euro = [...Buffer.from('€\n')];
    const { events } = decodeBuildStream([log(euro.slice(0, 1)), log(euro.slice(1))].join('\n'));
    expect(pick(events, 'output').map((e) => e.text).join('')).toBe('€\n');
  });

  it('orders steps by stage dependency and index, whatever order BuildKit announces them in', () => {
    const vertex = (digest: string, name: string, inputs: string[] = []): string =>
      traceLine(1, [...field(1, digest), ...inputs.flatMap((i) => field(2, i)), ...field(3, name)]);
    // Names as BuildKit 0.8 writes them, indices padded to the width of the total.
    const lines = [
      vertex('d:final-2', '[stage-2  2/10] COPY --from=zbuild /a /a', ['d:final-1', 'd:build-2']),
      vertex('d:other-1', '[other 1/1] FROM docker.io/library/x'),
      vertex('d:build-2', '[zbuild 2/2] RUN make', ['d:build-1']),
      vertex('d:final-1', '[stage-2  1/10] FROM docker.io/library/x'),
      vertex('d:final-10', '[stage-2 10/10] RUN test', ['d:final-2']),
      vertex('d:build-1', '[linux/arm64 zbuild 1/2] FROM docker.io/library/x'),
    ];
    const { result } = decodeBuildStream(lines.join('\n'));
    // `stage-2` takes input from `zbuild`, so it follows it despite its name; `other` is independent.
    expect(result.steps.map((s) => [s.stage, s.index, s.total])).toEqual([
      ['other', 1, 1],
      ['zbuild', 1, 2],
      ['zbuild', 2, 2],
      ['stage-2', 1, 10],
      ['stage-2', 2, 10],
      ['stage-2', 10, 10],
    ]);
    expect(result.steps.map((s) => s.instruction)[5]).toBe('RUN test');
  });

  it('names stages and keeps a cache hit seen on any send', () => {
    const vertex = (cached: boolean, error?: string): string =>
      traceLine(1, [...field(1, 'sha256:s'), ...field(3, '[build 2/4] RUN make'), ...(cached ? [0x20, 1] : []), ...(error ? field(7, error) : [])]);
    const { result } = decodeBuildStream([vertex(false), vertex(true), vertex(false, 'late failure')].join('\n'));
    expect(result.steps).toEqual([
      { name: '[build 2/4] RUN make', instruction: 'RUN make', index: 2, total: 4, stage: 'build', digest: 'sha256:s', cached: true, error: 'late failure' },
    ]);
  });
});

describe('malformed input', () => {
  it.each([
    ['a line that is not JSON', 'not json {'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"text"'],
    ['a trace without payload', '{"id":"moby.buildkit.trace"}'],
    ['a trace with an object payload', '{"id":"moby.buildkit.trace","aux":{"a":1}}'],
    ['a trace that is not base64', '{"id":"moby.buildkit.trace","aux":"%%%"}'],
    ['a truncated trace', '{"id":"moby.buildkit.trace","aux":"Cm8KR3NoYTI1Njo5YjI0"}'],
  ])('reports %s as a decoder error, not a build failure', (_what, line) => {
    const { events, result } = decodeBuildStream(line);
    expect(events).toEqual([expect.objectContaining({ type: 'error', source: 'decoder' })]);
    expect(result).toEqual({ imageId: null, steps: [] });
  });

  it('ignores blank lines and fields it does not know', () => {
    expect(decodeBuildStream('\n  \r\n{"status":"Downloading","progressDetail":{}}\n{"aux":{"Other":1}}').events).toEqual([]);
  });

  it('never throws, whatever the lines', () => {
    const line = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ stream: fc.string() }).map((o) => JSON.stringify(o)),
      fc.record({ errorDetail: fc.record({ code: fc.anything(), message: fc.anything() }) }).map((o) => JSON.stringify(o)),
      fc.base64String().map((aux) => JSON.stringify({ id: 'moby.buildkit.trace', aux })),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const decoder = new BuildProgressDecoder();
        for (const l of lines) decoder.push(l);
        decoder.end();
        decoder.result();
      }),
    );
  });
});
