/**
 * Reads protocol messages from a byte stream (the server's standard input) framed as the base protocol says:
 * header lines `Name: value` each ending in CR LF, an empty line, then a body of exactly `Content-Length`
 * bytes of JSON — and keeps reading when a message is broken.
 *
 * The protocol library's own stream reader goes deaf after one bad header: it consumes the header, and the
 * rest of that message followed by every later message is then read as header lines that never again hold a
 * `Content-Length`, without a word to anyone. This reader instead:
 * - reports a body that is not JSON (the host answers it with a JSON-RPC Parse error) and reads on: the framing
 *   around it was sound, so only that message is lost;
 * - reports a header it cannot use (no `Content-Length`, a length that is not a decimal number or is too large,
 *   a line that is not `Name: value`, bytes that cannot begin a header) and skips to the next
 *   `Content-Length:` in the stream, where it resynchronises;
 * - notices a `Content-Length` larger than its message when the next message's header arrives inside the
 *   body right after a complete JSON value, reports the message as lost and resynchronises at that header,
 *   rather than swallowing the messages that follow until the declared length is reached.
 *
 * Resynchronising rather than exiting: a framing slip (typically a client counting characters instead of UTF-8
 * bytes) costs one or two messages instead of the whole session — an exit would throw away every open
 * document and the editor restarts a crashing server only a few times before giving up. It is safe because a
 * header found this way cannot come from inside a JSON body: `Content-Length:` is not JSON outside a string,
 * and a string cannot hold the raw line break that ends a header line, so a match inside a string never
 * parses as a header and the search moves on. When the stream stops in the middle of a message, the wait is
 * reported once, so a stuck client shows in the log instead of hanging silently.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

export interface FramingProblem {
  /**
   * `not-json`: a body is not JSON; `wrong-length`: a message's length ran past the next message's header.
   * In both a message was received and lost (JSON-RPC answers those with a Parse error, id null).
   * `bad-header`: bytes were skipped up to the next header. `stalled`: the stream stopped inside a message.
   */
  readonly kind: 'not-json' | 'wrong-length' | 'bad-header' | 'stalled';
  /** One line saying what happened. */
  readonly message: string;
}

export interface RecoveringReaderOptions {
  /** Milliseconds without data inside a message before the wait is reported (default 10 s). */
  readonly stallMs?: number;
  /** The largest `Content-Length` accepted (default 64 MiB). */
  readonly maxMessageBytes?: number;
}

/**
 * A Dockerfile in a message is kilobytes: 64 MiB leaves room for any document an editor sends while a
 * corrupt length cannot make the server hold gigabytes waiting for a body.
 */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Real headers are two short lines; anything longer without its empty line is not a header. */
const MAX_HEADER_BYTES = 4096;
const STALL_MS = 10_000;

const HEADER_END = '\r\n\r\n';
const LENGTH_NAME = 'content-length';
/** Where resynchronising looks: the start of a `Content-Length` header, in any case. */
const LENGTH_MARKER = /content-length[ \t]*:/gi;
const LENGTH_MARKER_AT_START = /^content-length[ \t]*:/i;
/** How clients spell the header: looking for these is enough to tell that a body may hold the next header. */
const MARKER_SPELLINGS = ['Content-Length', 'content-length', 'CONTENT-LENGTH'].map((spelling) => Buffer.from(spelling, 'latin1'));
/** The longest text a marker can start with and still be cut by a chunk boundary (generous for the blanks). */
const MARKER_OVERLAP = 32;
/** An HTTP token, which header names are. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type HeaderReading = { readonly length: number; readonly size: number } | { readonly problem: string } | null;

export class RecoveringMessageReader extends AbstractMessageReader {
  readonly #readable: Readable;
  readonly #onProblem: (problem: FramingProblem) => void;
  readonly #stallMs: number;
  readonly #maxMessageBytes: number;
  #callback: DataCallback | null = null;
  /** Bytes received and not yet read, in arrival order. */
  #chunks: Buffer[] = [];
  #size = 0;
  /** The body length of the message whose header was read, while its body is awaited. */
  #expected: number | null = null;
  /** Where the JSON value at the start of the awaited body ends, as far as its bytes have been scanned. */
  #body = new ValueEnd();
  /** How many bytes of the awaited body were searched for a `Content-Length`, and whether one was found. */
  #searched = 0;
  #markerSeen = false;
  /** Whether bytes are being skipped up to the next `Content-Length`. */
  #skipping = false;
  /** Whether a header problem was reported since the last good message (one report per broken stretch). */
  #recovering = false;
  #closed = false;
  #stallTimer: NodeJS.Timeout | undefined;

  constructor(readable: Readable, onProblem: (problem: FramingProblem) => void, options: RecoveringReaderOptions = {}) {
    super();
    this.#readable = readable;
    this.#onProblem = onProblem;
    this.#stallMs = options.stallMs ?? STALL_MS;
    this.#maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }

  listen(callback: DataCallback): Disposable {
    this.#callback = callback;
    const onData = (data: Buffer | string): void => this.#onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    const onError = (error: Error): void => this.fireError(error);
    const onEnd = (): void => {
      clearTimeout(this.#stallTimer);
      if (this.#closed) return;
      this.#closed = true;
      this.fireClose();
    };
    this.#readable.on('data', onData);
    this.#readable.on('error', onError);
    this.#readable.on('end', onEnd);
    this.#readable.on('close', onEnd);
    return {
      dispose: () => {
        clearTimeout(this.#stallTimer);
        this.#readable.off('data', onData);
        this.#readable.off('error', onError);
        this.#readable.off('end', onEnd);
        this.#readable.off('close', onEnd);
      },
    };
  }

  override dispose(): void {
    clearTimeout(this.#stallTimer);
    super.dispose();
  }

  #onData(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    clearTimeout(this.#stallTimer);
    try {
      this.#read();
    } catch (error) {
      this.fireError(error);
    }
    if (this.#size > 0 && !this.#skipping) this.#watchForStall();
  }

  /** Reads every complete message buffered. */
  #read(): void {
    for (;;) {
      if (this.#skipping && !this.#resynchronise()) return;
      if (this.#expected === null) {
        const header = readHeader(this.#peek(MAX_HEADER_BYTES + HEADER_END.length).toString('latin1'), this.#maxMessageBytes);
        if (header === null) return;
        if ('problem' in header) {
          if (!this.#recovering) this.#report('bad-header', `${header.problem}: skipping to the next Content-Length header`);
          this.#recovering = true;
          this.#skipping = true;
          this.#take(1);
          continue;
        }
        this.#take(header.size);
        this.#expected = header.length;
        this.#body = new ValueEnd();
        this.#searched = 0;
        this.#markerSeen = false;
      }
      if (this.#size < this.#expected) {
        if (this.#nextHeaderInBody()) continue;
        return;
      }
      const body = this.#take(this.#expected);
      this.#expected = null;
      this.#deliver(body);
    }
  }

  /** Drops bytes up to the next `Content-Length` marker; false when none has arrived yet. */
  #resynchronise(): boolean {
    const text = this.#join().toString('latin1');
    LENGTH_MARKER.lastIndex = 0;
    const found = LENGTH_MARKER.exec(text);
    if (!found) {
      // The end may be the start of a marker cut by the chunk boundary.
      this.#take(Math.max(0, this.#size - MARKER_OVERLAP));
      return false;
    }
    this.#take(found.index);
    this.#skipping = false;
    return true;
  }

  /**
   * Whether the awaited body holds the header of the next message right after a complete JSON value: the
   * declared length was too large. That message is reported lost and reading resumes at the header.
   */
  #nextHeaderInBody(): boolean {
    if (!this.#markerSeen) {
      // Until a header could be there, the body's structure is not worth scanning byte by byte.
      const fresh = this.#bytes(Math.max(0, this.#searched - MARKER_OVERLAP), this.#size);
      this.#searched = this.#size;
      if (!MARKER_SPELLINGS.some((spelling) => fresh.includes(spelling))) return false;
      this.#markerSeen = true;
    }
    const body = this.#body;
    const end = body.scan(this.#bytes(body.scanned, this.#size));
    if (end === null) return false;
    const following = this.#bytes(end, Math.min(this.#size, end + MAX_HEADER_BYTES)).toString('latin1');
    const rest = following.replace(/^[ \t\r\n]+/, '');
    if (!LENGTH_MARKER_AT_START.test(rest)) {
      // Too few bytes to tell yet, or something else follows: then the body is broken some other way.
      if (!couldStartMarker(rest)) body.giveUp();
      return false;
    }
    const expected = this.#expected as number;
    if (!isJson(this.#bytes(0, end))) {
      body.giveUp();
      return false;
    }
    const at = end + following.length - rest.length;
    this.#take(at);
    this.#expected = null;
    this.#report('wrong-length', `a message declared ${expected} bytes, but the next message's header follows ${end} bytes of JSON; the message is dropped`);
    return true;
  }

  #deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (this.#headerAfterValue(body)) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.#report('not-json', `a message body is not JSON (${reason.split('\n', 1)[0]}); the message is dropped`);
      return;
    }
    this.#recovering = false;
    this.#callback?.(message as Message);
  }

  /**
   * Whether a body that is not JSON is a JSON value followed by (the start of) the next message's header: a
   * length a little too large, with the next message already read into the body. The header is put back to
   * be read again, and the message is reported lost.
   */
  #headerAfterValue(body: Buffer): boolean {
    const end = new ValueEnd().scan(body);
    if (end === null) return false;
    const following = body.subarray(end).toString('latin1');
    const rest = following.replace(/^[ \t\r\n]+/, '');
    if (rest === '' || !(LENGTH_MARKER_AT_START.test(rest) || couldStartMarker(rest)) || !isJson(body.subarray(0, end))) return false;
    const at = end + following.length - rest.length;
    this.#chunks.unshift(body.subarray(at));
    this.#size += body.length - at;
    this.#report('wrong-length', `a message declared ${body.length} bytes, but the next message's header follows ${end} bytes of JSON; the message is dropped`);
    return true;
  }

  #report(kind: FramingProblem['kind'], message: string): void {
    this.#onProblem({ kind, message });
  }

  #watchForStall(): void {
    this.#stallTimer = setTimeout(() => {
      const waiting = this.#expected === null ? 'the rest of a message header' : `${this.#expected - this.#size} more bytes of a ${this.#expected}-byte message`;
      const quiet = this.#stallMs >= 1000 ? `${Math.round(this.#stallMs / 1000)} s` : `${this.#stallMs} ms`;
      this.#report('stalled', `still waiting for ${waiting} after ${quiet} without data`);
    }, this.#stallMs);
    this.#stallTimer.unref();
  }

  /** The buffered bytes as one buffer (kept joined, so later calls are cheap). */
  #join(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#size)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  /** Up to the first `count` buffered bytes, without removing them. */
  #peek(count: number): Buffer {
    return this.#bytes(0, Math.min(count, this.#size));
  }

  /** Buffered bytes `[from, to)`, without removing them. */
  #bytes(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let offset = 0;
    for (const chunk of this.#chunks) {
      const end = offset + chunk.length;
      if (end > from && offset < to) parts.push(chunk.subarray(Math.max(0, from - offset), Math.min(chunk.length, to - offset)));
      if (end >= to) break;
      offset = end;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** Removes and returns the first `count` buffered bytes. */
  #take(count: number): Buffer {
    const taken = this.#bytes(0, count);
    let left = count;
    while (left > 0) {
      const first = this.#chunks[0] as Buffer;
      if (first.length <= left) {
        this.#chunks.shift();
        left -= first.length;
      } else {
        this.#chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.#size -= count;
    return taken;
  }
}

/**
 * Reads the header at the start of `text` (the first buffered bytes, one character a byte): its body length
 * and its own size, what is wrong with it, or `null` when more bytes are needed to tell.
 */
export function readHeader(text: string, maxMessageBytes: number = MAX_MESSAGE_BYTES): HeaderReading {
  const end = text.indexOf(HEADER_END);
  const complete = end !== -1;
  if (!complete && text.length > MAX_HEADER_BYTES) return { problem: `no end of header within ${MAX_HEADER_BYTES} bytes` };
  const lines = (complete ? text.slice(0, end) : text).split('\r\n');
  let length: number | null = null;
  for (const [index, line] of lines.entries()) {
    // The last line of an unfinished header may still be arriving: only what has arrived is checked.
    const partial = !complete && index === lines.length - 1;
    const problem = headerLineProblem(partial ? line.replace(/\r$/, '') : line, partial);
    if (problem) return { problem };
    if (partial) continue;
    const colon = line.indexOf(':');
    if (line.slice(0, colon).toLowerCase() !== LENGTH_NAME) continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return { problem: `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a byte count` };
    if (length !== null && Number(value) !== length) return { problem: 'two different Content-Length headers' };
    length = Number(value);
  }
  if (!complete) return null;
  if (length === null) return { problem: 'a message header without Content-Length' };
  if (length > maxMessageBytes) return { problem: `Content-Length ${length} is over the ${maxMessageBytes}-byte limit` };
  return { length, size: end + HEADER_END.length };
}

/** What is wrong with one header line (`partial`: only its beginning has arrived), or `null`. */
function headerLineProblem(line: string, partial: boolean): string | null {
  const shown = JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}…` : line);
  if (/[\r\n]/.test(line)) return `a header line ${shown} ends without CR LF`;
  const colon = line.indexOf(':');
  const name = colon === -1 ? line : line.slice(0, colon);
  if ((colon === -1 && !partial) || (name !== '' && !HEADER_NAME.test(name)) || (name === '' && (colon !== -1 || !partial))) {
    return `${shown} is not a message header line`;
  }
  return null;
}

/** Whether `text` (not empty) may be the beginning of a `Content-Length:` still arriving. */
function couldStartMarker(text: string): boolean {
  if (text.length < LENGTH_NAME.length) return LENGTH_NAME.startsWith(text.toLowerCase());
  return /^content-length[ \t]*$/i.test(text) && text.length < MARKER_OVERLAP;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Finds where the object or array at the start of a body ends, scanning its bytes once as they arrive (only
 * strings, escapes and nesting matter; UTF-8 continuation bytes never look like those). Scalars and
 * unbalanced closers give no end: such a body cannot be a message anyway.
 */
class ValueEnd {
  /** How many bytes were scanned. */
  scanned = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The offset just after the value, -1 when there is none to find, `null` while still scanning. */
  #end: number | null = null;

  /** Scans the next bytes; the end of the value once known, else `null`. */
  scan(bytes: Buffer): number | null {
    if (this.#end !== null) return this.#end < 0 ? null : this.#end;
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index] as number;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
      } else if (byte === QUOTE) {
        this.#inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.#depth++;
      } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && this.#depth > 0) {
        if (--this.#depth === 0) {
          this.#end = this.scanned + index + 1;
          break;
        }
      } else if (this.#depth === 0 && byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
        // A scalar, or a closer with nothing open.
        this.#end = -1;
        break;
      }
    }
    if (this.#end === null) this.scanned += bytes.length;
    return this.#end !== null && this.#end >= 0 ? this.#end : null;
  }

  /** Stops looking: what follows the value is not a header, so the body is broken some other way. */
  giveUp(): void {
    this.#end = -1;
  }
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
