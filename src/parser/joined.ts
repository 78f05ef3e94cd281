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
    readonly segments: readonly Segment[],
  ) {}

  /** The joined line of an instruction on one line, starting at `sourceStart`. */
  static single(text: string, sourceStart: number): JoinedLine {
    return new JoinedLine(text, [{ joinedStart: 0, sourceStart, length: text.length }]);
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
