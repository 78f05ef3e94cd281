import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainPair, keepsMeaning, legacyKeyValueFormat } from '../../../src/lint/rules/legacy-key-value-format.js';
import { parse } from '../../../src/parser/index.js';
import { testRule } from '../rule-tester.js';

testRule(legacyKeyValueFormat, {
  valid: [
    'FROM scratch\nENV testkey=value\nLABEL key=value',
    'FROM scratch\nENV a=1 b="2 3"',
    'FROM scratch\nARG foo bar',
    'FROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value',
  ],
  invalid: [
    {
      code: '\nFROM scratch\nENV testkey value\nLABEL key value\n',
      errors: [
        { message: '"ENV key=value" should be used instead of legacy "ENV key value" format', line: 3, text: 'testkey value' },
        { message: '"LABEL key=value" should be used instead of legacy "LABEL key value" format', line: 4, text: 'key value' },
      ],
      output: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n',
    },
    {
      // Stages that are never built are checked too.
      code: 'FROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n',
      errors: [{ line: 4 }, { line: 5 }],
      output: 'FROM scratch AS a\n\nFROM a AS b\nENV testkey=value\nLABEL key=value\n\nFROM a AS c\n',
    },
    {
      code: 'FROM alpine\nenv NODE_ENV production',
      errors: [{ message: '"env key=value" should be used instead of legacy "env key value" format' }],
      output: 'FROM alpine\nenv NODE_ENV=production',
    },
    {
      code: 'FROM alpine\nENV GREETING hello world $USER',
      errors: [{ text: 'GREETING hello world $USER' }],
      output: 'FROM alpine\nENV GREETING="hello world $USER"',
    },
    {
      code: 'FROM alpine\nLABEL description "a small image"',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nLABEL description="a small image"',
    },
    {
      code: 'FROM alpine\nENV DEPS \\\n    curl \\\n    git \\\n    make',
      errors: [{ line: 2, text: 'DEPS \\\n    curl \\\n    git \\\n    make' }],
      output: 'FROM alpine\nENV DEPS="curl \\\n    git \\\n    make"',
    },
    {
      // Quoting this value would change what it means, so there is no fix.
      code: 'FROM alpine\nENV MSG say "hi there" now',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nENV MSG say "hi there" now',
    },
    {
      code: 'FROM alpine\nONBUILD ENV A b',
      errors: [{ text: 'A b' }],
      output: 'FROM alpine\nONBUILD ENV A=b',
    },
    {
      code: '# escape=`\nFROM alpine\nENV DIR C:\\app',
      errors: [{ line: 3 }],
      output: '# escape=`\nFROM alpine\nENV DIR=C:\\app',
    },
    // The legacy form splits on ASCII white space only, the key=value form on any space and at quotes anywhere:
    // a key holding a no-break space or a quote would read differently after the edit, so it gets no fix.
    {
      code: 'FROM alpine\nENV JAVA_\u00a0OPTS="-Xmx1g -Xms1g"',
      errors: [{ text: 'JAVA_\u00a0OPTS="-Xmx1g -Xms1g"' }],
      output: 'FROM alpine\nENV JAVA_\u00a0OPTS="-Xmx1g -Xms1g"',
    },
    {
      code: 'FROM alpine\nENV GOPATH\u00a0 \\\n\\go',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nENV GOPATH\u00a0 \\\n\\go',
    },
    {
      code: 'FROM alpine\nLABEL key", "look ma, no quote!]',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nLABEL key", "look ma, no quote!]',
    },
    {
      code: 'FROM alpine\nENV name" -o /tmp/tool.tgz',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nENV name" -o /tmp/tool.tgz',
    },
    {
      // In the value, a no-break space is text to the legacy form but splits words in the key=value form: quoted.
      code: 'FROM alpine\nENV A b\u00a0c',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nENV A="b\u00a0c"',
    },
    {
      code: 'FROM alpine\nENV A ${B:-x y} $C',
      errors: [{ line: 2 }],
      output: 'FROM alpine\nENV A="${B:-x y} $C"',
    },
  ],
});

describe('the plain-pair shortcut', () => {
  // Keys and values drawn from characters the two forms could read differently, spaces and variables included.
  const word = (alphabet: string) =>
    fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
  const key = word('AZaz_09.-/:@$={}');
  const value = fc
    .array(word('ab$:{}-+=#%&()*,;<>?[]^|~!./xy'), { minLength: 1, maxLength: 4 })
    .map((words) => words.join(' '));
  const keyword = fc.constantFrom('ENV', 'LABEL');
  const gap = fc.constantFrom(' ', '  ', '\t');
  const escape = fc.constantFrom('\\', '`');

  it('answers as parsing the fixed instruction again does, whenever it answers', () => {
    let plain = 0;
    fc.assert(
      fc.property(keyword, key, gap, value, escape, (instruction, k, g, v, escapeChar) => {
        const directive = escapeChar === '\\' ? '' : '# escape=`\n';
        const source = `${directive}FROM alpine\n${instruction} ${k}${g}${v}\n`;
        const node = parse(source).ast.instructions[1];
        if (node?.kind !== 'ENV' && node?.kind !== 'LABEL') return;
        const pair = node.pairs[0];
        if (!node.legacy || !pair || !isPlainPair(source, node, pair)) return;
        plain++;
        const keyEnd = pair.key.range.end.offset;
        const valueStart = pair.value.range.start.offset;
        const valueEnd = pair.value.range.end.offset;
        const edits = v.includes(' ')
          ? [{ start: keyEnd, end: valueStart, text: '="' }, { start: valueEnd, end: valueEnd, text: '"' }]
          : [{ start: keyEnd, end: valueStart, text: '=' }];
        expect(keepsMeaning(source, node, pair, edits, escapeChar)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(plain).toBeGreaterThan(200);
  });

  it('is not taken for continued lines, quotes or escapes', () => {
    const notPlain = ['ENV A b \\\n c', 'ENV A "b"', 'ENV A b\\c', "ENV A 'b c'", 'ENV A\u00a0b c'];
    for (const source of notPlain.map((line) => `FROM a\n${line}\n`)) {
      const node = parse(source).ast.instructions[1];
      if (node?.kind !== 'ENV') throw new Error('expected an ENV');
      const pair = node.pairs[0];
      expect(pair && isPlainPair(source, node, pair)).toBe(false);
    }
  });
});
