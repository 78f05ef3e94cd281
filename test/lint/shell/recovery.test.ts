import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseShell } from '../../../src/lint/shell/index.js';
import { checkInvariants, summaries } from './helpers.js';

describe('recovery', () => {
  // [text, commands still found]
  test.each([
    ['if a; then b', [['a'], ['b']]],
    ['if a; then b; done; c', [['a'], ['b'], ['c']]],
    ['while a; do b', [['a'], ['b']]],
    ['for x in a b; c', [['c']]],
    ['case x in a) b', [['b']]],
    ['case x in a b) c;; esac; d', [['b'], ['c'], ['d']]],
    ['if a; then b; fi c; d', [['a'], ['b'], ['c'], ['d']]],
    ['while a; b; done; c', [['a'], ['b'], ['c']]],
    ['{ a; b', [['a'], ['b']]],
    ['( a; b', [['a'], ['b']]],
    ['a ) b', [['a'], ['b']]],
    ['fi; a', [['a']]],
    ['a && ; b', [['a'], ['b']]],
    ['a | ', [['a']]],
    ['a ||', [['a']]],
    ['; a', [['a']]],
    ['a ;; b', [['a'], ['b']]],
    ['echo "x; y', [['echo', 'x; y']]],
    ["echo 'x; y", [['echo', 'x; y']]],
    ['echo $(a; b', [['echo', '$(a; b'], ['^a'], ['^b']]],
    ['echo `a', [['echo', '`a'], ['^a']]],
    ['echo ${a', [['echo', '${a']]],
    ['cat >', [['cat']]],
    ['f() ', []],
    ['function', []],
    ['[[ a', [['[[', 'a']]],
    ['[[ a; b', [['[[', 'a'], ['b']]],
    ['for', []],
    ['case', []],
    ['! ', []],
    ['echo $(( 1 + ', [['echo', '$(( 1 + '], ['^1', '+']]],
  ])('%j', (text, commands) => {
    const script = parseShell(text);
    expect(script.complete).toBe(false);
    expect(summaries(script)).toEqual(commands);
    checkInvariants(text, script);
  });
});

describe('limits', () => {
  test('10k nested parentheses, braces, substitutions and quotes end without throwing', () => {
    const n = 10_000;
    const inputs = [
      '('.repeat(n),
      '( '.repeat(n) + 'a' + ' )'.repeat(n),
      '$('.repeat(n) + 'a' + ')'.repeat(n),
      '{ '.repeat(n) + 'a',
      'echo ' + '${a:-'.repeat(n),
      'echo ' + '"$('.repeat(n),
      'if a; then '.repeat(n),
      'a=('.repeat(n),
      '`'.repeat(n + 1),
      '$(('.repeat(n),
      '(('.repeat(n),
      '<('.repeat(n),
      'sh -c "'.repeat(n + 1),
    ];
    for (const text of inputs) {
      const script = parseShell(text);
      expect(script.complete, text.slice(0, 20)).toBe(false);
      checkInvariants(text, script);
    }
  });

  test('deep nesting of every kind ends quickly', () => {
    const n = 5000;
    const units = ['$(', '${a:-', '"$(', '`', 'a=(', '@(', '<(', '$(( ', '(( $(', 'sh -c "', "bash -c '", 'f() { ', 'case x in a) ', 'if a; then ', '[[ $( ', 'cat <<EOF $(\n', 'for x in $('];
    for (const unit of units) {
      const text = unit.repeat(n);
      const t0 = performance.now();
      const script = parseShell(text);
      expect(performance.now() - t0, unit).toBeLessThan(2000);
      checkInvariants(text, script);
    }
  });

  test('moderate nesting is followed exactly', () => {
    const depth = 50;
    const text = '$('.repeat(depth) + 'a' + ')'.repeat(depth);
    const script = parseShell(text);
    expect(script.complete).toBe(true);
    // The outer command, whose name is the whole substitution, then one per level.
    expect(script.commands).toHaveLength(depth + 1);
    expect(script.commands.at(-1)?.name?.value).toBe('a');
  });

  test('a 1 MB script parses in linear time', () => {
    const line =
      'apt-get update && apt-get install -y --no-install-recommends curl=7.88 "pkg-$(uname -m)" && rm -rf /var/lib/apt/lists/* | tee log\n';
    const small = line.repeat(1000);
    const big = line.repeat(Math.ceil(1_000_000 / line.length));
    const time = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        parseShell(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(small);
    const script = parseShell(big);
    expect(script.complete).toBe(true);
    expect(script.commands.length).toBe(5 * Math.ceil(1_000_000 / line.length));
    const ratio = time(big) / time(small);
    // 7.7x the text; allow for GC of the larger result, but not for quadratic behaviour (which would be ~60x).
    expect(ratio).toBeLessThan(40);
  });

  test('pathological inputs stay linear', () => {
    const n = 200_000;
    for (const text of [
      '$(('.repeat(n / 3) + ')',
      '$(('.repeat(n / 6) + '1' + '))'.repeat(n / 6),
      'for (('.repeat(n / 6),
      '(('.repeat(n / 2),
      '`#`'.repeat(n / 3),
      "`'`".repeat(n / 3),
      'cat <<EOF\n'.repeat(n / 10),
      '"'.repeat(n),
      '\\'.repeat(n),
      '$'.repeat(n),
      'a'.repeat(n),
      '[[ '.repeat(n / 3),
      'sh -c "sh -c \\"sh -c \'a\'\\""; '.repeat(n / 30),
    ]) {
      const t0 = performance.now();
      const script = parseShell(text);
      const ms = performance.now() - t0;
      checkInvariants(text, script);
      expect(ms, text.slice(0, 12)).toBeLessThan(2000);
    }
  });
});

describe('properties', () => {
  const shellish = fc.string({
    unit: fc.constantFrom(
      ...'ab =$`\'"\\(){}[];&|<>#\n\t!*-'.split(''),
      'if ', 'then ', 'fi', 'do ', 'done', 'case ', ' in ', 'esac', 'for ', 'while ', '$(', '${', '$((', '<<EOF\n',
      'EOF\n', '<<-', '&&', '||', ';;', '2>&1', 'sh -c ', 'é', '😀', '\\\n',
    ),
    maxLength: 60,
  });

  test('never throws and keeps its invariants on shell-like text', () => {
    fc.assert(
      fc.property(shellish, (text) => {
        checkInvariants(text, parseShell(text));
        checkInvariants(text, parseShell(text, { parts: true }));
      }),
      { numRuns: 3000 },
    );
  });

  test('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkInvariants(text, parseShell(text));
      }),
      { numRuns: 1000 },
    );
  });

  test('plain words round-trip', () => {
    const reserved = new Set(['if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'select', 'in', 'function']);
    const word = fc.stringMatching(/^[a-z0-9_./-]{1,8}$/).filter((w) => !reserved.has(w));
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(' && ', '; ', '\n', ' | ', ' || '), (cmds, sep) => {
        const text = cmds.map((c) => c.join(' ')).join(sep);
        const script = parseShell(text);
        expect(script.complete).toBe(true);
        expect(summaries(script)).toEqual(cmds);
      }),
      { numRuns: 300 },
    );
  });

  test('a single-quoted word always comes back as written', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((s) => !s.includes("'")), (s) => {
        const script = parseShell(`echo '${s}'`);
        expect(script.commands[0]?.args[0]?.value).toBe(s);
        expect(script.complete).toBe(true);
      }),
    );
  });

  test('double-quoting with escapes round-trips', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const quoted = '"' + s.replace(/[\\"$`]/g, (c) => '\\' + c) + '"';
        const script = parseShell(`echo ${quoted}`);
        expect(script.commands[0]?.args[0]?.value).toBe(s);
      }),
    );
  });
});
