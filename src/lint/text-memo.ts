import { ownCopy } from '../parser/own-copy.js';

/** A result kept for a text: the table's own copy of the text, and its fingerprint for the seen-once record. */
interface Entry<T> {
  readonly text: string;
  readonly fingerprint: number;
  readonly value: T;
}

/** How many results of texts seen only once are held before the oldest of them goes. */
const PROBATION_ENTRIES = 2;

/**
 * A bounded table of results computed from a text, for work the linter repeats on unchanged text when an editor
 * lints the whole file after every keystroke. Least recently used entries go first once the texts held exceed
 * a number of characters; the table keeps its own copy of each text, never a slice of the file it came from.
 *
 * A text is kept for long only once it has been asked for twice. Typing makes a new text on every keystroke
 * and almost none of them is asked for again, while each result holds many small objects: were they all kept
 * until the least recently used bound pushed them out, every young-generation collection would copy the
 * results of the last few dozen keystrokes. So a first result waits in a small probation list; asked for
 * again there, it is kept. Pushed out of probation, only a fingerprint of its text stays (a number in a fixed
 * array, nothing allocated), and a text whose fingerprint is found is kept at once: this is how the texts of a
 * file opened just now, more than probation holds, are all kept from the second lint on. A fingerprint that
 * collides only decides what is kept, never what is answered.
 */
export class TextMemo<T> {
  // Maps keep insertion order: an entry used again is moved to the end, so the first is the oldest.
  readonly #kept = new Map<string, Entry<T>>();
  readonly #probation = new Map<string, Entry<T>>();
  #characters = 0;
  // Fingerprints of texts pushed out of probation, one slot per fingerprint's low bits (a later one replaces it).
  readonly #seenOnce: Int32Array;

  /**
   * @param maxCharacters the most characters of text held (what the results keep grows with their texts).
   * @param maxTextLength longer texts are computed every time rather than crowd out many ordinary ones.
   */
  constructor(
    private readonly maxCharacters: number,
    private readonly maxTextLength: number,
  ) {
    // About one slot per 32 characters the table may hold: room for the fingerprints of a file's worth of texts.
    this.#seenOnce = new Int32Array(Math.max(64, 2 ** Math.ceil(Math.log2(maxCharacters / 32))));
  }

  /** `compute(text)`, or the value computed earlier for an equal text. `compute` must depend on the text alone. */
  get(text: string, compute: (text: string) => T): T {
    if (text.length > this.maxTextLength) return compute(text);
    const kept = this.#kept.get(text);
    if (kept !== undefined) {
      this.#kept.delete(text);
      this.#kept.set(kept.text, kept);
      return kept.value;
    }
    const waiting = this.#probation.get(text);
    if (waiting !== undefined) {
      this.#probation.delete(text);
      this.#keep(waiting);
      return waiting.value;
    }
    const fingerprint = fingerprintOf(text);
    const own = ownCopy(text);
    const entry: Entry<T> = { text: own, fingerprint, value: compute(own) };
    const slot = this.#slotOf(fingerprint);
    if (this.#seenOnce[slot] === fingerprint) {
      this.#seenOnce[slot] = 0;
      this.#keep(entry);
    } else {
      this.#probation.set(own, entry);
      if (this.#probation.size > PROBATION_ENTRIES) this.#dropOldestOnProbation();
    }
    return entry.value;
  }

  #keep(entry: Entry<T>): void {
    this.#kept.set(entry.text, entry);
    this.#characters += entry.text.length;
    if (this.#characters <= this.maxCharacters) return;
    for (const key of this.#kept.keys()) {
      if (this.#characters <= this.maxCharacters) break;
      this.#kept.delete(key);
      this.#characters -= key.length;
    }
  }

  #dropOldestOnProbation(): void {
    for (const [key, entry] of this.#probation) {
      this.#probation.delete(key);
      this.#seenOnce[this.#slotOf(entry.fingerprint)] = entry.fingerprint;
      return;
    }
  }

  #slotOf(fingerprint: number): number {
    return fingerprint & (this.#seenOnce.length - 1);
  }
}

/** FNV-1a over the UTF-16 code units, never 0 (0 marks an empty slot). */
function fingerprintOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0 || 1;
}
