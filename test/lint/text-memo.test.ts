/** The bounded table of results by text that the linter keeps between lints (legacy-key-value-format's verdicts). */
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/lint/text-memo.js';

/** A computation that returns its text and records each text it was asked for. */
function recorder(): { computed: string[]; echo: (text: string) => string } {
  const computed: string[] = [];
  return {
    computed,
    echo: (text) => {
      computed.push(text);
      return text;
    },
  };
}

describe('TextMemo', () => {
  it('computes once per text, for equal texts from different strings', () => {
    const memo = new TextMemo<number>(1000, 100);
    let calls = 0;
    const length = (text: string): number => {
      calls++;
      return text.length;
    };
    const file = 'RUN apt-get update\nRUN apt-get update\n';
    expect(memo.get(file.slice(4, 18), length)).toBe(14);
    expect(memo.get(file.slice(23, 37), length)).toBe(14);
    expect(calls).toBe(1);
  });

  it('drops the least recently used of the texts it keeps beyond its characters', () => {
    const memo = new TextMemo<string>(10, 10);
    const { computed, echo } = recorder();
    // A text asked for a second time is kept.
    for (const text of ['aaaa', 'aaaa', 'bbbb', 'bbbb']) memo.get(text, echo);
    memo.get('aaaa', echo); // used again: `bbbb` is now the oldest kept
    for (const text of ['cccc', 'cccc']) memo.get(text, echo); // 12 characters kept: `bbbb` goes
    memo.get('aaaa', echo);
    memo.get('bbbb', echo);
    expect(computed).toEqual(['aaaa', 'bbbb', 'cccc', 'bbbb']);
  });

  it('holds a text asked for once only until a few newer ones come, then keeps it when it comes back', () => {
    const memo = new TextMemo<string>(1000, 100);
    const { computed, echo } = recorder();
    memo.get('typed once', echo);
    memo.get('typed once', echo); // still waiting: answered
    expect(computed).toEqual(['typed once']);
    memo.get('first', echo);
    for (const text of ['a1', 'a2', 'a3']) memo.get(text, echo); // pushes `first` out before its second use
    memo.get('first', echo);
    memo.get('first', echo); // computed again once, and kept since
    for (const text of ['b1', 'b2', 'b3']) memo.get(text, echo);
    memo.get('first', echo);
    expect(computed.filter((text) => text === 'first')).toHaveLength(2);
  });

  it('keeps every text of a file linted twice, more of them than it holds on trial', () => {
    const memo = new TextMemo<number>(100_000, 1000);
    let calls = 0;
    const count = (): number => ++calls;
    const texts = Array.from({ length: 200 }, (_, index) => `RUN step ${index}`);
    for (const text of texts) memo.get(text, count);
    for (const text of texts) memo.get(text, count);
    expect(calls).toBeGreaterThan(texts.length);
    const afterTwo = calls;
    for (const text of texts) memo.get(text, count);
    expect(calls).toBe(afterTwo);
  });

  it('does not keep texts longer than its limit', () => {
    const memo = new TextMemo<number>(1000, 3);
    let calls = 0;
    const count = (): number => ++calls;
    memo.get('long text', count);
    memo.get('long text', count);
    expect(calls).toBe(2);
  });
});
