import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RecoveringMessageReader, readHeader, type FramingProblem, type RecoveringReaderOptions } from '../../src/lsp/message-reader.js';

/** A reader over a stream the test writes to, and what it delivered and reported. */
function reading(options: RecoveringReaderOptions = {}) {
  const input = new PassThrough();
  const messages: unknown[] = [];
  const problems: FramingProblem[] = [];
  const reader = new RecoveringMessageReader(input, (problem) => problems.push(problem), options);
  let closed = false;
  reader.onClose(() => (closed = true));
  reader.listen((message) => messages.push(message));
  /** Writes bytes and lets the stream deliver them. */
  const write = async (...parts: Array<string | Buffer>): Promise<void> => {
    for (const part of parts) input.write(part);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { input, messages, problems, write, closed: () => closed, reader };
}

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const note = (n: number): { jsonrpc: string; method: string; params: { n: number; text: string } } => ({
  jsonrpc: '2.0',
  method: 'note',
  params: { n, text: `é ✓ 🐳 "quoted" \\ {[ Content-Length: ${n}` },
});
const kinds = (problems: readonly FramingProblem[]): string[] => problems.map((problem) => problem.kind);

describe('readHeader', () => {
  it.each([
    ['Content-Length: 12\r\n\r\n{}', { length: 12, size: 22 }],
    ['content-length:12\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', { length: 12, size: 78 }],
    ['Content-Length: 12\r\nContent-Length: 12\r\n\r\n', { length: 12, size: 42 }],
    ['Content-Length: 1', null],
    ['Content-Length: 12\r\n', null],
    ['Content-Length: 12\r\n\r', null],
    ['Cont', null],
    ['', null],
  ])('reads %j', (text, expected) => {
    expect(readHeader(text)).toEqual(expected);
  });

  it.each([
    ['Content-Length: abc\r\n\r\n', 'Content-Length "abc" is not a byte count'],
    ['Content-Length: -5\r\n\r\n', 'Content-Length "-5" is not a byte count'],
    ['Content-Length: 1e3\r\n\r\n', 'Content-Length "1e3" is not a byte count'],
    ['Content-Length:\r\n\r\n', 'Content-Length "" is not a byte count'],
    ['Content-Type: x\r\n\r\n', 'a message header without Content-Length'],
    ['\r\n\r\n', '"" is not a message header line'],
    ['Content-Length: 2\r\nContent-Length: 3\r\n\r\n', 'two different Content-Length headers'],
    ['Content-Length: 100\r\n\r\n', 'Content-Length 100 is over the 10-byte limit'],
    ['{"jsonrpc"', '"{\\"jsonrpc\\"" is not a message header line'],
    ['hello world', '"hello world" is not a message header line'],
    ['Content-Length: 5\n\n{}', 'a header line "Content-Length: 5\\n\\n{}" ends without CR LF'],
  ])('finds what is wrong with %j', (text, problem) => {
    expect(readHeader(text, 10)).toEqual({ problem });
  });

  it('gives up on a header that does not end within 4 KiB', () => {
    expect(readHeader('X'.repeat(5000))).toEqual({ problem: 'no end of header within 4096 bytes' });
    expect(readHeader(`X-Long: ${'y'.repeat(5000)}`)).toEqual({ problem: 'no end of header within 4096 bytes' });
  });
});

describe('RecoveringMessageReader', () => {
  it('reads messages however the bytes are cut, multi-byte characters included', async () => {
    const { messages, problems, write } = reading();
    const bytes = Buffer.from([1, 2, 3].map((n) => frame(JSON.stringify(note(n)))).join(''));
    for (let index = 0; index < bytes.length; index++) await write(bytes.subarray(index, index + 1));
    await write(frame(JSON.stringify(note(4))) + frame(JSON.stringify(note(5))));
    expect(messages).toEqual([1, 2, 3, 4, 5].map(note));
    expect(problems).toEqual([]);
  });

  it('reports a body that is not JSON and reads on', async () => {
    const { messages, problems, write } = reading();
    await write(frame('{"jsonrpc": '), frame(JSON.stringify(note(1))));
    expect(messages).toEqual([note(1)]);
    expect(kinds(problems)).toEqual(['not-json']);
  });

  it('skips a broken header to the next Content-Length, reporting once until a message is read', async () => {
    const { messages, problems, write } = reading();
    // A header-like string in the skipped body is not taken for a header, and a broken stretch is reported once.
    await write('Content-Length: abc\r\n\r\n{"a": "Content-Length: 3"}\r\n\r\n');
    expect(messages).toEqual([]);
    await write('garbage Content-', 'Length: 2', `\r\n\r\n{}${frame(JSON.stringify(note(1)))}`);
    expect(messages).toEqual([{}, note(1)]);
    expect(kinds(problems)).toEqual(['bad-header']);
    await write('nonsense\r\n\r\n', frame(JSON.stringify(note(2))));
    expect(messages.at(-1)).toEqual(note(2));
    expect(kinds(problems)).toEqual(['bad-header', 'bad-header']);
  });

  it('skips a long stretch without a header, reporting it once', async () => {
    const { messages, problems, write, reader } = reading();
    for (let index = 0; index < 100; index++) await write('x'.repeat(64 * 1024));
    await write(frame(JSON.stringify(note(1))));
    expect(messages).toEqual([note(1)]);
    expect(kinds(problems)).toEqual(['bad-header']);
    reader.dispose();
  });

  it('drops a message whose length runs into the next header, and reads that next message', async () => {
    const { messages, problems, write } = reading();
    const body = JSON.stringify(note(1));
    await write(`Content-Length: ${Buffer.byteLength(body) + 1000}\r\n\r\n${body}\r\n`);
    expect(messages).toEqual([]);
    await write(frame(JSON.stringify(note(2))));
    expect(messages).toEqual([note(2)]);
    expect(kinds(problems)).toEqual(['wrong-length']);
    // With the next message in the same bytes, the body ends inside its header.
    await write(`Content-Length: ${Buffer.byteLength(body) + 4}\r\n\r\n${body}${frame(JSON.stringify(note(3)))}`);
    expect(messages).toEqual([note(2), note(3)]);
    expect(kinds(problems)).toEqual(['wrong-length', 'wrong-length']);
  });

  it('waits for a long body whose strings mention Content-Length', async () => {
    const { messages, problems, write } = reading();
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'm', params: { text: '}\r\nContent-Length: 5\r\n\r\n{}'.repeat(2000) } });
    const bytes = Buffer.from(frame(body));
    for (let index = 0; index < bytes.length; index += 1000) await write(bytes.subarray(index, index + 1000));
    expect(messages).toEqual([JSON.parse(body)]);
    expect(problems).toEqual([]);
  });

  it('reports once when the stream stops inside a message, and closes when the stream ends', async () => {
    const { problems, write, input, closed } = reading({ stallMs: 20 });
    await write('Content-Length: 50\r\n\r\n{"jsonrpc"');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(problems).toEqual([{ kind: 'stalled', message: 'still waiting for 40 more bytes of a 50-byte message after 20 ms without data' }]);
    input.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed()).toBe(true);
  });
});
