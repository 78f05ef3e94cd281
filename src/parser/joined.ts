/**
 * A logical instruction line: the physical lines of one instruction joined with their continuation markers
 * (and the comment and blank lines inside the continuation) removed. BuildKit interprets instructions on
 * exactly this text, so every later step works on it too and maps its offsets back to the source through
 * the segment table kept here.
 */

/** One stretch of the joined text that was copied verbatim from the source. */
export interface Segment {
  /** Offset in the joined text. */
  readonly joinedStart: number;
  /** Offset in the source text. */
  readonly sourceStart: number;
  readonly length: number;
}

export class JoinedLine {
  constructor(
    /** The joined text. */
    readonly text: string,
    /** Segments in increasing order; together they make up `text`. */
    private readonly segments: readonly Segment[],
  ) {}

  /**
   * Builds a joined line from the text pieces of an instruction, in source order: each piece's text (`textOf`)
   * and where it starts in the source.
   */
  static fromTokens<Piece extends { readonly startOffset: number }>(
    pieces: readonly Piece[],
    textOf: (piece: Piece) => string,
  ): JoinedLine {
    const first = pieces[0] as Piece;
    if (pieces.length === 1) {
      const text = textOf(first);
      return new JoinedLine(text, [{ joinedStart: 0, sourceStart: first.startOffset, length: text.length }]);
    }
    const segments: Segment[] = new Array<Segment>(pieces.length);
    const images: string[] = new Array<string>(pieces.length);
    let length = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as Piece;
      const text = textOf(piece);
      segments[i] = { joinedStart: length, sourceStart: piece.startOffset, length: text.length };
      images[i] = text;
      length += text.length;
    }
    // join() gives a flat string at once, where repeated `+` would build a rope that is flattened later.
    return new JoinedLine(images.join(''), segments);
  }

  /**
   * Source offset of the character at joined offset `offset`. An offset at the very end maps to the end of
   * the last segment.
   */
  toSource(offset: number): number {
    const segment = this.segmentAt(offset, false);
    return segment.sourceStart + Math.min(offset - segment.joinedStart, segment.length);
  }

  /**
   * Source offset for the end of a span ending at joined offset `offset` (exclusive). Where two segments
   * meet, the end belongs to the earlier one, so a word ending right before a continuation does not swallow
   * the continuation lines.
   */
  toSourceEnd(offset: number): number {
    const segment = this.segmentAt(offset, true);
    return segment.sourceStart + Math.min(offset - segment.joinedStart, segment.length);
  }

  private segmentAt(offset: number, preferEarlier: boolean): Segment {
    const segments = this.segments;
    if (segments.length === 1) return segments[0] as Segment;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      const start = (segments[mid] as Segment).joinedStart;
      if (preferEarlier ? start < offset : start <= offset) low = mid;
      else high = mid - 1;
    }
    return segments[low] as Segment;
  }
}
