/** The bounded tables that let an unchanged RUN reuse work from the previous lint of the file. */
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/lint/text-memo.js';
import { parseScript, type ScriptKind } from '../../src/lint/script-memo.js';
import { parseShell } from '../../src/lint/shell/index.js';

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

  it('drops the least recently used texts beyond its characters', () => {
    const memo = new TextMemo<string>(10, 10);
    const computed: string[] = [];
    const echo = (text: string): string => {
      computed.push(text);
      return text;
    };
    memo.get('aaaa', echo);
    memo.get('bbbb', echo);
    memo.get('aaaa', echo); // used again: `bbbb` is now the oldest
    memo.get('cccc', echo); // 12 characters: `bbbb` goes
    memo.get('aaaa', echo);
    memo.get('bbbb', echo);
    expect(computed).toEqual(['aaaa', 'bbbb', 'cccc', 'bbbb']);
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

describe('parseScript', () => {
  const cases: Array<[ScriptKind, string, Parameters<typeof parseShell>[1]]> = [
    ['command', 'apt-get update && sudo apt-get install -y curl | tee log', { externalHeredocs: false }],
    ['command-with-heredocs', 'cat <<EOF > /x && sh -c "echo $A"', { externalHeredocs: true }],
    ['exec', "'sh' '-c' 'echo hi && ls'", { shellStrings: false }],
    ['heredoc', 'set -e\nbash -c "apt-get install -y x"\n', {}],
  ];
  it.each(cases)('parses a %s text as parseShell does, and answers again from the table', (kind, text, options) => {
    const first = parseScript(text, kind);
    expect(first).toEqual(parseShell(text, options));
    expect(parseScript(text, kind)).toBe(first);
  });
});
