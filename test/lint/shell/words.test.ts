import { describe, expect, test } from 'vitest';
import { parseShell, type ShellWord, type WordPart } from '../../../src/lint/shell/index.js';
import { checkInvariants } from './helpers.js';

/** The words of the first command: name and arguments. */
function words(text: string, parts = false): ShellWord[] {
  const script = parseShell(text, { parts });
  checkInvariants(text, script);
  const cmd = script.commands[0];
  return cmd === undefined ? [] : [...(cmd.name === null ? [] : [cmd.name]), ...cmd.args];
}

function only(text: string, parts = false): ShellWord {
  const list = words(`x ${text}`, parts);
  expect(list).toHaveLength(2);
  return list[1] as ShellWord;
}

describe('quote removal', () => {
  // [source word, value, quoted, expansions]
  test.each([
    ['plain', 'plain', false, false],
    ["'single $x \\n'", 'single $x \\n', true, false],
    ['"double"', 'double', true, false],
    ['"a\\$b\\`c\\"d\\\\e\\nf"', 'a$b`c"d\\e\\nf', true, false],
    ['"line\\\ncont"', 'linecont', true, false],
    ['\\$HOME', '$HOME', true, false],
    ['a\\ b', 'a b', true, false],
    ['\\\\', '\\', true, false],
    ['it\\\'s', "it's", true, false],
    ['"$HOME/x"', '$HOME/x', true, true],
    ['$HOME', '$HOME', false, true],
    ['${A:-"b c"}', '${A:-"b c"}', false, true],
    ['pre$(cmd "a b")post', 'pre$(cmd "a b")post', false, true],
    ['`cmd`', '`cmd`', false, true],
    ['$((1+2))', '$((1+2))', false, true],
    ['$1$@$?$$', '$1$@$?$$', false, true],
    ['a$', 'a$', false, false],
    ['$"localized"', 'localized', true, false],
    ["$'tab\\there\\x41\\u00e9\\101\\'q'", "tab\there\x41é\x41'q", true, false],
    ['"mixed"\'quotes\'and\\ more', 'mixedquotesand more', true, false],
    ['@(a|b)', '@(a|b)', false, false],
    ['*.{js,ts}', '*.{js,ts}', false, false],
    ['~/x', '~/x', false, false],
    ['""', '', true, false],
    ["''", '', true, false],
    ['a\\', 'a\\', false, false],
  ])('%s', (source, value, quoted, expansions) => {
    const w = only(source);
    expect(w).toMatchObject({ value, raw: source, quoted, expansions });
  });

  test('unterminated quotes take the rest of the text', () => {
    for (const text of ['x "abc', "x 'abc", 'x $(abc', 'x ${abc', 'x `abc', "x $'abc"]) {
      const script = parseShell(text);
      expect(script.complete, text).toBe(false);
      checkInvariants(text, script);
      expect(script.commands[0]?.args[0]?.end).toBe(text.length);
    }
  });

  test('quoted operators stay in the word', () => {
    expect(words('echo "a|b" \'c;d\' e\\&f').map((w) => w.value)).toEqual(['echo', 'a|b', 'c;d', 'e&f']);
  });
});

describe('parts', () => {
  const p = (kind: WordPart['kind'], quote: WordPart['quote'], value: string): Partial<WordPart> => ({ kind, quote, value });

  test.each([
    ['abc', [p('literal', 'none', 'abc')]],
    ['a"b$c"\'d\'', [p('literal', 'none', 'a'), p('literal', 'double', 'b'), p('parameter', 'double', '$c'), p('literal', 'single', 'd')]],
    ['""', [p('literal', 'double', '')]],
    ["''", [p('literal', 'single', '')]],
    ['\\a\\b', [p('literal', 'escape', 'ab')]],
    ['$(x)`y`$((1))', [p('command', 'none', '$(x)'), p('command', 'none', '`y`'), p('arithmetic', 'none', '$((1))')]],
    ['<(x)', [p('process', 'none', '<(x)')]],
    ["$'a\\n'", [p('literal', 'ansi-c', 'a\n')]],
    ['"$a"', [p('parameter', 'double', '$a')]],
  ])('%s', (source, expected) => {
    const w = only(source, true);
    expect(w.parts?.map((x) => ({ kind: x.kind, quote: x.quote, value: x.value }))).toEqual(expected);
  });

  test('part ranges exclude quote characters', () => {
    const text = 'x a"bc"$d';
    const w = words(text, true)[1] as ShellWord;
    const [lit, dq, param] = w.parts ?? [];
    expect(text.slice(lit?.start, lit?.end)).toBe('a');
    expect(text.slice(dq?.start, dq?.end)).toBe('bc');
    expect(text.slice(param?.start, param?.end)).toBe('$d');
  });

  test('assignment values get the parts after =', () => {
    const script = parseShell('A="x y"$z cmd', { parts: true });
    const value = script.commands[0]?.assignments[0]?.value;
    expect(value?.value).toBe('x y$z');
    expect(value?.parts?.map((x) => x.value)).toEqual(['x y', '$z']);
  });

  test('without the option there are no parts', () => {
    expect(only('"a"').parts).toBeUndefined();
  });
});
