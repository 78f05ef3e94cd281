import { ownCopy } from '../parser/own-copy.js';

/**
 * A bounded table of results computed from a text, for work the linter repeats on unchanged text when an editor
 * lints the whole file after every keystroke. Least recently used entries go first once the texts held exceed
 * a number of characters; the table keeps its own copy of each text, never a slice of the file it came from.
 */
export class TextMemo<T> {
  // A Map keeps insertion order: an entry used again is moved to the end, so the first is the oldest.
  readonly #entries = new Map<string, { readonly text: string; readonly value: T }>();
  #characters = 0;

  /**
   * @param maxCharacters the most characters of text held (what the results keep grows with their texts).
   * @param maxTextLength longer texts are computed every time rather than crowd out many ordinary ones.
   */
  constructor(
    private readonly maxCharacters: number,
    private readonly maxTextLength: number,
  ) {}

  /** `compute(text)`, or the value computed earlier for an equal text. `compute` must depend on the text alone. */
  get(text: string, compute: (text: string) => T): T {
    if (text.length > this.maxTextLength) return compute(text);
    let entry = this.#entries.get(text);
    if (entry === undefined) {
      const own = ownCopy(text);
      entry = { text: own, value: compute(own) };
      this.#characters += own.length;
    } else {
      this.#entries.delete(text);
    }
    this.#entries.set(entry.text, entry);
    if (this.#characters > this.maxCharacters) {
      for (const key of this.#entries.keys()) {
        if (this.#characters <= this.maxCharacters) break;
        this.#entries.delete(key);
        this.#characters -= key.length;
      }
    }
    return entry.value;
  }
}
