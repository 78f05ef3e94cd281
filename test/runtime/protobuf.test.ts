/**
 * The protobuf wire-format reader and the BuildKit status message on top of it: known encodings, a record captured
 * from the engine, unknown fields, and arbitrary bytes (never a throw).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeStatusResponse, decodeTraceAux } from '../../src/runtime/docker/buildkit-trace.js';
import { decodeString, readFields, readVarint, toSigned } from '../../src/runtime/docker/protobuf.js';

// A small encoder, only for building test messages.
function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}
const key = (field: number, wireType: number): number[] => varint(field * 8 + wireType);
const int = (field: number, value: bigint | number): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, value: number[] | string): number[] => {
  const body = typeof value === 'string' ? [...Buffer.from(value, 'utf8')] : value;
  return [...key(field, 2), ...varint(body.length), ...body];
};
const u8 = (values: number[]): Uint8Array => Uint8Array.from(values);
const timestamp = (field: number, seconds: number, nanos = 0): number[] => bytes(field, [...int(1, seconds), ...int(2, nanos)]);

describe('readVarint', () => {
  it.each([
    [[0x00], 0n, 1],
    [[0x01], 1n, 1],
    [[0xac, 0x02], 300n, 2],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffffn, 5],
    [varint(-1), 0xffffffffffffffffn, 10],
  ])('%j → %s', (input, value, next) => {
    expect(readVarint(u8(input), 0)).toEqual({ value, next });
  });

  it.each([[[]], [[0x80]], [[0xff, 0xff]], [new Array<number>(11).fill(0x80)]])('%j → null (truncated or too long)', (input) => {
    expect(readVarint(u8(input), 0)).toBeNull();
  });

  it('reads negative int64 values exactly', () => {
    const read = readVarint(u8(varint(-62135596800)), 0);
    expect(read && toSigned(read.value)).toBe(-62135596800);
  });
});

describe('readFields', () => {
  it('returns every wire type, unknown field numbers included', () => {
    const message = u8([...int(1, 150), ...bytes(2, 'testing'), ...key(3, 5), 1, 2, 3, 4, ...key(4, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...int(1000, 7)]);
    const result = readFields(message);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields.map((f) => [f.field, f.wireType])).toEqual([
      [1, 0],
      [2, 2],
      [3, 5],
      [4, 1],
      [1000, 0],
    ]);
    expect(result.fields[0]?.value).toBe(150n);
    const text = result.fields[1];
    expect(text?.wireType === 2 && decodeString(text.value)).toBe('testing');
  });

  it.each([
    ['a truncated key', [0x80]],
    ['a truncated varint', [...key(1, 0), 0x80]],
    ['a length past the end', [...key(2, 2), 5, 1, 2]],
    ['a huge length', [...key(2, 2), ...varint(2n ** 40n)]],
    ['a truncated fixed32', [...key(1, 5), 1, 2]],
    ['a group (wire type 3)', [...key(1, 3)]],
    ['field number 0', [...key(0, 0), 1]],
  ])('reports %s as an error value', (_what, input) => {
    const result = readFields(u8(input));
    expect(result.ok).toBe(false);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (input) => {
        readFields(input);
      }),
    );
  });
});

describe('decodeTraceAux', () => {
  it('decodes the record shown in the engine notes', () => {
    const aux =
      'Cm8KR3NoYTI1Njo5YjI0ZGZkZjVlOWMyNTUxMTQzNmU5OGRjNWNiNWVjOGE4YTg4ZjgyYjA3ZjY0NzQzM2ExMzM0ZjRmODc5NGZmGiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQ=';
    expect(decodeTraceAux(aux)).toEqual({
      ok: true,
      value: {
        vertexes: [
          {
            digest: 'sha256:9b24dfdf5e9c25511436e98dc5cb5ec8a8a88f82b07f647433a1334f4f8794ff',
            inputs: [],
            name: '[internal] load remote build context',
            cached: false,
          },
        ],
        statuses: [],
        logs: [],
        warnings: [],
      },
    });
  });

  it('decodes a captured failing vertex and a log record', () => {
    // From a BuildKit build whose `RUN echo before && exit 3` failed (fixtures/buildkit-run-fails.jsonl).
    const log = decodeTraceAux(
      'GmIKR3NoYTI1NjphZTQ4NDUwYTY0OTYzYTA5NTM4Y2NhMTU2MTVkNzUxOThiZDEwMjJmMzdkYjFkYjExMjVkYzYyYThmOGExZmQyEgwIx+Cc2AYQ692T2gMYASIHYmVmb3JlCg==',
    );
    expect(log.ok && log.value.logs.map((l) => ({ ...l, msg: Buffer.from(l.msg).toString() }))).toEqual([
      {
        vertex: 'sha256:ae48450a64963a09538cca15615d75198bd1022f37db1db1125dc62a8f8a1fd2',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        stream: 1,
        msg: 'before\n',
      },
    ]);
    const vertex = decodeTraceAux(
      'CpgCCkdzaGEyNTY6YWU0ODQ1MGE2NDk2M2EwOTUzOGNjYTE1NjE1ZDc1MTk4YmQxMDIyZjM3ZGIxZGIxMTI1ZGM2MmE4ZjhhMWZkMhJHc2hhMjU2OmMzYzc2NzA4ZTk0ODRmZTk5NzNkYzAwMGFkZWFlODI2YmU2Yzc0YzViMzU2Yjk2ODgwNWM4YjNiMDQ0NWFmYjcaH1syLzJdIFJVTiBlY2hvIGJlZm9yZSAmJiBleGl0IDMqDAjH4JzYBhCP9Zq5AzILCMjgnNgGENmrmwI6SGV4ZWN1dG9yIGZhaWxlZCBydW5uaW5nIFsvYmluL3NoIC1jIGVjaG8gYmVmb3JlICYmIGV4aXQgM106IGV4aXQgY29kZTogMw==',
    );
    expect(vertex.ok && vertex.value.vertexes).toEqual([
      {
        digest: 'sha256:ae48450a64963a09538cca15615d75198bd1022f37db1db1125dc62a8f8a1fd2',
        inputs: ['sha256:c3c76708e9484fe9973dc000adeae826be6c74c5b356b968805c8b3b0445afb7'],
        name: '[2/2] RUN echo before && exit 3',
        cached: false,
        started: expect.any(String),
        completed: expect.any(String),
        error: 'executor failed running [/bin/sh -c echo before && exit 3]: exit code: 3',
      },
    ]);
  });

  it('decodes every field of every message kind, skipping unknown ones', () => {
    const vertex = [
      ...bytes(1, 'sha256:v'),
      ...bytes(2, 'sha256:a'),
      ...bytes(2, 'sha256:b'),
      ...bytes(3, '[stage-1 2/3] COPY . .'),
      ...int(4, 1),
      ...timestamp(5, 1_700_000_000, 500_000_000),
      ...timestamp(6, 1_700_000_001),
      ...bytes(7, 'boom'),
      ...bytes(8, 'a progress group (newer BuildKit)'),
    ];
    const status = [
      ...bytes(1, 'writing image'),
      ...bytes(2, 'sha256:v'),
      ...bytes(3, 'name'),
      ...int(4, 10),
      ...int(5, 20),
      ...timestamp(6, -62135596800), // Go's zero time: unset
      ...timestamp(7, 1_700_000_000),
    ];
    const log = [...bytes(1, 'sha256:v'), ...int(3, 2), ...bytes(4, [0xc3]), ...int(99, 1)];
    const warning = [...bytes(1, 'sha256:v'), ...int(2, 1), ...bytes(3, 'short'), ...bytes(4, 'detail 1'), ...bytes(4, 'detail 2'), ...bytes(5, 'https://example.com')];
    const message = u8([...bytes(1, vertex), ...bytes(2, status), ...bytes(3, log), ...bytes(4, warning), ...bytes(15, 'future')]);
    expect(decodeStatusResponse(message)).toEqual({
      ok: true,
      value: {
        vertexes: [
          {
            digest: 'sha256:v',
            inputs: ['sha256:a', 'sha256:b'],
            name: '[stage-1 2/3] COPY . .',
            cached: true,
            started: '2023-11-14T22:13:20.500Z',
            completed: '2023-11-14T22:13:21.000Z',
            error: 'boom',
          },
        ],
        statuses: [{ id: 'writing image', vertex: 'sha256:v', name: 'name', current: 10, total: 20, started: '2023-11-14T22:13:20.000Z' }],
        logs: [{ vertex: 'sha256:v', stream: 2, msg: Uint8Array.from([0xc3]) }],
        warnings: [{ vertex: 'sha256:v', level: 1, short: 'short', detail: ['detail 1', 'detail 2'], url: 'https://example.com' }],
      },
    });
  });

  it.each([
    ['not base64', '!!!'],
    ['a truncated message', Buffer.from(u8(bytes(1, [...bytes(1, 'sha256:v')]).slice(0, 5))).toString('base64')],
    ['a vertex name with the wrong wire type', Buffer.from(u8(bytes(1, int(3, 1)))).toString('base64')],
    ['a top-level field of the wrong wire type', Buffer.from(u8(int(1, 5))).toString('base64')],
  ])('reports %s as an error value', (_what, aux) => {
    const result = decodeTraceAux(aux);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^malformed BuildKit status/);
  });

  it('never throws, whatever the payload', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64'))), (aux) => {
        decodeTraceAux(aux);
      }),
    );
  });
});
