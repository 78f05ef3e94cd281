/**
 * Mapping offsets of a derived text (a word's value, a backquoted command without its escapes) back to the
 * text it came from, so commands parsed from it point into the original.
 */
import type { Assignment, HeredocInfo, Redirect, ShellWord, SimpleCommand, WordPart } from './types.js';

/** `map[i]` is the original offset of character `i` of the derived text. */
export type OffsetMap = ArrayLike<number>;

/** How far the alignment looks for a value character among the quote characters of the raw text. */
const ALIGN_WINDOW = 32;

/**
 * Aligns a word's value with its raw text, `base` being the raw text's offset. Quote removal only deletes
 * characters, so each value character is matched with the next equal raw character; that is exact unless an
 * escape character equals the one it escapes (`"\\"`, off by one) or `$'…'` decoded an escape (then a nearby
 * position is used).
 */
export function alignValue(raw: string, value: string, base: number): Int32Array {
  const map = new Int32Array(value.length);
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const stop = Math.min(raw.length, j + ALIGN_WINDOW);
    let k = j;
    while (k < stop && raw.charCodeAt(k) !== c) k++;
    if (k < stop) {
      map[i] = base + k;
      j = k + 1;
    } else {
      map[i] = base + Math.min(j, Math.max(raw.length - 1, 0));
    }
  }
  return map;
}

/** Rewrites offsets of commands parsed from a derived text into offsets of `text`. */
export class Remapper {
  constructor(
    private readonly map: OffsetMap,
    private readonly text: string,
    /** Where an empty derived text sits in `text`. */
    private readonly origin: number,
  ) {}

  start(i: number): number {
    const map = this.map;
    if (i < map.length) return map[i] as number;
    return this.end(i);
  }

  end(i: number): number {
    const map = this.map;
    if (map.length === 0) return this.origin;
    if (i <= 0) return map[0] as number;
    return (map[Math.min(i, map.length) - 1] as number) + 1;
  }

  word(w: ShellWord): ShellWord {
    const start = this.start(w.start);
    const end = Math.max(start, this.end(w.end));
    const out: ShellWord = {
      value: w.value,
      raw: this.text.slice(start, end),
      start,
      end,
      quoted: w.quoted,
      expansions: w.expansions,
    };
    if (w.parts !== undefined) {
      (out as { parts?: readonly WordPart[] }).parts = w.parts.map((p) => {
        const s = this.start(p.start);
        return { ...p, start: s, end: Math.max(s, this.end(p.end)) };
      });
    }
    return out;
  }

  command(cmd: SimpleCommand): SimpleCommand {
    const start = this.start(cmd.start);
    return {
      name: cmd.name === null ? null : this.word(cmd.name),
      args: cmd.args.map((w) => this.word(w)),
      assignments: cmd.assignments.map((a): Assignment => {
        const s = this.start(a.start);
        return { ...a, value: this.word(a.value), start: s, end: Math.max(s, this.end(a.end)) };
      }),
      redirects: cmd.redirects.map((r) => this.redirect(r)),
      start,
      end: Math.max(start, this.end(cmd.end)),
      nested: true,
      pipeline: cmd.pipeline,
      inPipe: cmd.inPipe,
    };
  }

  private redirect(r: Redirect): Redirect {
    const start = this.start(r.start);
    let heredoc: HeredocInfo | null = r.heredoc;
    if (heredoc !== null && heredoc.body !== null) {
      const b = heredoc.body;
      const s = this.start(b.start);
      const e = Math.max(s, this.end(b.end));
      // The text stays what the inner shell reads; only its place is mapped.
      heredoc = { ...heredoc, body: { text: b.text, start: s, end: e, terminated: b.terminated } };
    }
    return {
      op: r.op,
      fd: r.fd,
      target: r.target === null ? null : this.word(r.target),
      heredoc,
      start,
      end: Math.max(start, this.end(r.end)),
    };
  }
}
