/**
 * Reading the output of `POST /containers/{id}/attach`. Without a TTY the engine multiplexes stdout and stderr
 * into frames: an 8-byte header `[stream, 0, 0, 0, length (uint32, big-endian)]` and `length` bytes of payload,
 * stream 1 being stdout and 2 stderr. With a TTY there is one raw stream, stderr merged into it. Which of the two
 * arrives must be decided from the container's `Tty` setting: API 1.41 labels both
 * `application/vnd.docker.raw-stream`.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface OutputChunk {
  readonly stream: OutputStream;
  readonly data: Uint8Array;
}

const HEADER_LENGTH = 8;

/**
 * Splits a multiplexed attach or logs stream into chunks per stream; frames split across network reads are
 * put back together.
 *
 * @example
 * const frames = new FrameDemultiplexer();
 * socket.on('data', (bytes) => {
 *   for (const { stream, data } of frames.push(bytes)) (stream === 'stdout' ? out : err).write(data);
 * });
 */
export class FrameDemultiplexer {
  private pending: Buffer = Buffer.alloc(0);

  /** The whole frames completed by `bytes`. */
  push(bytes: Uint8Array): OutputChunk[] {
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const chunks: OutputChunk[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER_LENGTH) {
      const length = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - HEADER_LENGTH < length) break;
      const kind = this.pending[offset];
      const start = offset + HEADER_LENGTH;
      // Stream 0 (stdin echoed back) is shown as stdout, as the docker CLI does.
      // Copied: the pending buffer is reused for the next frames.
      if (length > 0) chunks.push({ stream: kind === 2 ? 'stderr' : 'stdout', data: Buffer.from(this.pending.subarray(start, start + length)) });
      offset = start + length;
    }
    this.pending = this.pending.subarray(offset);
    return chunks;
  }

  /** Bytes of an unfinished frame left when the stream ended (0 for a stream that ended cleanly). */
  get leftover(): number {
    return this.pending.length;
  }
}
