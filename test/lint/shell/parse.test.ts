import { describe, expect, test } from 'vitest';
import { parseShell } from '../../../src/lint/shell/index.js';
import { checkInvariants, summaries } from './helpers.js';

/** Input, the commands expected (see `summary`), and whether the script is complete (default true). */
type Case = [text: string, commands: string[][], complete?: boolean];

function run(cases: Case[]): void {
  test.each(cases)('%j', (text, commands, complete = true) => {
    const script = parseShell(text);
    expect(summaries(script)).toEqual(commands);
    expect(script.complete).toBe(complete);
    checkInvariants(text, script);
  });
}

describe('lists and pipelines', () => {
  run([
    ['', []],
    ['   \n\n  ', []],
    ['echo hi', [['echo', 'hi']]],
    ['a && b || c', [['a'], ['b'], ['c']]],
    ['a; b & c', [['a'], ['b'], ['c']]],
    ['a\nb\n\nc\n', [['a'], ['b'], ['c']]],
    ['a | b |& c', [['a'], ['b'], ['c']]],
    ['a &&\n  b ||\n\n c', [['a'], ['b'], ['c']]],
    ['a |\n b', [['a'], ['b']]],
    ['! a | b', [['a'], ['b']]],
    ['a # a comment; b\nc', [['a'], ['c']]],
    ['echo a#b #c', [['echo', 'a#b']]],
    ['a;b;c', [['a'], ['b'], ['c']]],
    ['a&&b||c|d', [['a'], ['b'], ['c'], ['d']]],
    ['apt-get update \\\n && apt-get install -y x', [['apt-get', 'update'], ['apt-get', 'install', '-y', 'x']]],
  ]);
});

describe('compound commands', () => {
  run([
    ['{ a; b; }', [['a'], ['b']]],
    ['{ a; b; } > log 2>&1', [['a'], ['b']]],
    ['( a; b ) | c', [['a'], ['b'], ['c']]],
    ['if a; then b; elif c; then d; else e; fi', [['a'], ['b'], ['c'], ['d'], ['e']]],
    ['if a\nthen\n  b\nfi', [['a'], ['b']]],
    ['if [ -f x ]; then echo fi; fi', [['[', '-f', 'x', ']'], ['echo', 'fi']]],
    ['for i in 1 2 3; do echo $i; done', [['echo', '$i']]],
    ['for i in $(seq 3)\ndo\n echo $i\ndone', [['^seq', '3'], ['echo', '$i']]],
    ['for i; do a; done', [['a']]],
    ['for i do a; done', [['a']]],
    ['for ((i = 0; i < 3; i++)); do a; done', [['a']]],
    ['select x in a b; do c; done', [['c']]],
    ['while read -r l; do echo "$l"; done < f', [['read', '-r', 'l'], ['echo', '$l']]],
    ['until a; do b; done', [['a'], ['b']]],
    ['case "$x" in a|b) c;; (d) e ;& *) f;;& esac', [['c'], ['e'], ['f']]],
    ['case $x in\n  a)\n    b\n    ;;\n  *) c\nesac', [['b'], ['c']]],
    ['case x in esac', []],
    ['case x in a) ;; esac; y', [['y']]],
    ['f() { a; }', [['a']]],
    ['f () {\n a\n}\nf', [['a'], ['f']]],
    ['function g { a; }', [['a']]],
    ['function g() ( a )', [['a']]],
    ['[[ -n $a && $b == c* ]] && d', [['[[', '-n', '$a', '&&', '$b', '==', 'c*'], ['d']]],
    ['[[ $a =~ ^(x|y)$ ]]', [['[[', '$a', '=~', '^(x|y)$']]],
    ['[[ a < b ]]||c', [['[[', 'a', '<', 'b'], ['c']]],
    ['(( i++ )) && a', [['a']]],
    ['((i=$(b)+1))', [['^b']]],
    ['( (a) )', [['a']]],
    ['((a) || b)', [['a'], ['b']]],
    ['if a; then while b; do for c in d; do case e in f) { g; } ;; esac; done; done; fi', [['a'], ['b'], ['g']]],
    ['echo if then fi done }', [['echo', 'if', 'then', 'fi', 'done', '}']]],
    ['"if" x', [['if', 'x']]],
  ]);
});

describe('assignments', () => {
  run([
    ['A=1', [['A=1']]],
    ['A=1 B="x y" cmd arg', [['A=1', 'B=x y', 'cmd', 'arg']]],
    ['A+=x', [['A+=x']]],
    ['a[1]=x cmd', [['a[1]=x', 'cmd']]],
    ['arr=(1 "2 3" $(b)) c', [['arr=(1 "2 3" $(b))', 'c'], ['^b']]],
    ['X=$(a) Y=`b`', [['X=$(a)', 'Y=`b`'], ['^a'], ['^b']]],
    ['cmd A=1', [['cmd', 'A=1']]],
    ['export A=1 B', [['export', 'A=1', 'B']]],
    ['env X=1 cmd', [['env', 'X=1', 'cmd']]],
    ['"A"=1', [['A=1']]],
    ['1A=x', [['1A=x']]],
    ['A= cmd', [['A=', 'cmd']]],
  ]);
});

describe('command substitution', () => {
  run([
    ['echo $(date)', [['echo', '$(date)'], ['^date']]],
    ['echo "$(a | b)" `c`', [['echo', '$(a | b)', '`c`'], ['^a'], ['^b'], ['^c']]],
    ['echo $(a $(b $(c)))', [['echo', '$(a $(b $(c)))'], ['^a', '$(b $(c))'], ['^b', '$(c)'], ['^c']]],
    ['$(which python) -m pip install x', [['$(which python)', '-m', 'pip', 'install', 'x'], ['^which', 'python']]],
    ['echo $(case x in a) b;; esac)', [['echo', '$(case x in a) b;; esac)'], ['^b']]],
    ['echo $( (a) )', [['echo', '$( (a) )'], ['^a']]],
    ['echo $((1 + 2)) $(( (3) ))', [['echo', '$((1 + 2))', '$(( (3) ))']]],
    ['echo $((a) | b)', [['echo', '$((a) | b)'], ['^a'], ['^b']]],
    ['echo "${x:-$(a)}" ${#y} ${z/"}"/w}', [['echo', '${x:-$(a)}', '${#y}', '${z/"}"/w}'], ['^a']]],
    ['echo `a \\`b\\``', [['echo', '`a \\`b\\``'], ['^a', '`b`'], ['^b']]],
    ['echo `echo \\$HOME`', [['echo', '`echo \\$HOME`'], ['^echo', '$HOME']]],
    ['diff <(sort a) >(tee b)', [['diff', '<(sort a)', '>(tee b)'], ['^sort', 'a'], ['^tee', 'b']]],
    ['echo $(a # comment )\n)', [['echo', '$(a # comment )\n)'], ['^a']]],
    ['echo "$(echo ")")"', [['echo', '$(echo ")")'], ['^echo', ')']]],
    ['x=$(cat <<EOF\nbody $(inner)\nEOF\n)', [['x=$(cat <<EOF\nbody $(inner)\nEOF\n)'], ['^cat'], ['^inner']]],
  ]);
});

describe('heredocs', () => {
  run([
    ['cat <<EOF\nhello\nEOF\necho after', [['cat'], ['echo', 'after']]],
    ['cat <<EOF > f && a\nx\nEOF\nb', [['cat'], ['a'], ['b']]],
    ['cat <<-EOF\n\tx\n\tEOF\nb', [['cat'], ['b']]],
    ["cat <<'EOF'\n$(not parsed)\nEOF", [['cat']]],
    ['cat <<EOF\n$(parsed) `too`\nEOF', [['cat'], ['^parsed'], ['^too']]],
    ['cat <<A <<B\na\nA\nb\nB\nc', [['cat'], ['c']]],
    ['cat <<EOF\nnever ends', [['cat']], false],
    ['cat <<EOF\r\nx\r\nEOF\r\nb', [['cat'], ['b']]],
    ['cat <<"E F"\nx\nE F\nb', [['cat'], ['b']]],
    ['while read l; do echo $l; done <<EOF\na\nEOF\nz', [['read', 'l'], ['echo', '$l'], ['z']]],
    ['cat <<<"here $(a)"', [['cat'], ['^a']]],
  ]);
});

describe('sh -c and su -c', () => {
  run([
    ["sh -c 'apt-get install -y x && rm -rf y'", [['sh', '-c', 'apt-get install -y x && rm -rf y'], ['^apt-get', 'install', '-y', 'x'], ['^rm', '-rf', 'y']]],
    ['bash -ec "a | b"', [['bash', '-ec', 'a | b'], ['^a'], ['^b']]],
    ['bash -o pipefail -xc "a"', [['bash', '-o', 'pipefail', '-xc', 'a'], ['^a']]],
    ['bash -euo pipefail -c "a"', [['bash', '-euo', 'pipefail', '-c', 'a'], ['^a']]],
    ['/bin/sh -lc a', [['/bin/sh', '-lc', 'a'], ['^a']]],
    ['sudo -u app sh -c "cd /x && make"', [['sudo', '-u', 'app', 'sh', '-c', 'cd /x && make'], ['^cd', '/x'], ['^make']]],
    ["su -c 'a b' app", [['su', '-c', 'a b', 'app'], ['^a', 'b']]],
    ["su app --command='a b'", [['su', 'app', '--command=a b'], ['^a', 'b']]],
    ['sh script.sh -c x', [['sh', 'script.sh', '-c', 'x']]],
    ['sh -c', [['sh', '-c']]],
    ['bash -c "echo $(date)"', [['bash', '-c', 'echo $(date)'], ['^echo', '$(date)'], ['^date']]],
    ["sh -c 'sh -c \"a\"'", [['sh', '-c', 'sh -c "a"'], ['^sh', '-c', 'a'], ['^a']]],
    ["sh -c 'if a; then'", [['sh', '-c', 'if a; then'], ['^a']], false],
  ]);
});

describe('redirects', () => {
  test.each([
    ['cmd > out', [{ op: '>', fd: null, target: 'out' }]],
    ['cmd 2>&1 >>log', [{ op: '>&', fd: 2, target: '1' }, { op: '>>', fd: null, target: 'log' }]],
    ['cmd &>/dev/null', [{ op: '&>', fd: null, target: '/dev/null' }]],
    ['cmd &>> f <in 3<>rw', [{ op: '&>>', fd: null, target: 'f' }, { op: '<', fd: null, target: 'in' }, { op: '<>', fd: 3, target: 'rw' }]],
    ['cmd >| f 0<&- <<<word', [{ op: '>|', fd: null, target: 'f' }, { op: '<&', fd: 0, target: '-' }, { op: '<<<', fd: null, target: 'word' }]],
    ['>f cmd arg', [{ op: '>', fd: null, target: 'f' }]],
    ['cmd 12>f', [{ op: '>', fd: 12, target: 'f' }]],
    ['cmd a2>f', [{ op: '>', fd: null, target: 'f' }]],
  ])('%j', (text, expected) => {
    const script = parseShell(text);
    const cmd = script.commands[0];
    expect(cmd?.redirects.map((r) => ({ op: r.op, fd: r.fd, target: r.target?.value }))).toEqual(expected);
    expect(script.complete).toBe(true);
    checkInvariants(text, script);
  });

  test('redirects are not arguments and a redirect-only command has no name', () => {
    const script = parseShell('echo a > f b; > g');
    expect(summaries(script)).toEqual([['echo', 'a', 'b'], []]);
    expect(script.commands[1]?.name).toBeNull();
    expect(script.commands[1]?.redirects[0]?.target?.value).toBe('g');
  });

  test('heredoc bodies are attached to their redirect', () => {
    const text = 'cat <<EOF >f; cat <<-"X"\nline $a\nEOF\n\tq\n\tX\n';
    const script = parseShell(text);
    const [first, second] = script.commands;
    const doc = first?.redirects[0]?.heredoc;
    expect(doc).toMatchObject({ delimiter: 'EOF', quoted: false, stripTabs: false, body: { text: 'line $a\n', terminated: true } });
    expect(second?.redirects[0]?.heredoc).toMatchObject({ delimiter: 'X', quoted: true, stripTabs: true, body: { text: '\tq\n' } });
    expect(text.slice(doc?.body?.start, doc?.body?.end)).toBe('line $a\n');
  });

  test('external heredocs: RUN <<EOF lines carry no body', () => {
    const script = parseShell('<<EOF bash -e', { externalHeredocs: true });
    expect(script.complete).toBe(true);
    expect(summaries(script)).toEqual([['bash', '-e']]);
    expect(script.commands[0]?.redirects[0]?.heredoc).toEqual({ delimiter: 'EOF', quoted: false, stripTabs: false, body: null });
    expect(parseShell('<<EOF bash -e').complete).toBe(false);
  });
});

describe('pipelines', () => {
  test('pipeline numbers and inPipe', () => {
    const script = parseShell('a | b && c; { d; e; } | f; g $(h | i) | j; k');
    const by = (name: string) => script.commands.find((c) => c.name?.value === name);
    expect(script.hasPipe).toBe(true);
    for (const n of ['a', 'b', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) expect(by(n)?.inPipe, n).toBe(true);
    for (const n of ['c', 'k']) expect(by(n)?.inPipe, n).toBe(false);
    expect(by('a')?.pipeline).toBe(by('b')?.pipeline);
    expect(by('c')?.pipeline).not.toBe(by('a')?.pipeline);
    expect(by('h')?.pipeline).toBe(by('i')?.pipeline);
    expect(by('h')?.pipeline).not.toBe(by('g')?.pipeline);
    expect(by('g')?.pipeline).toBe(by('j')?.pipeline);
    const pipelines = new Set(script.commands.map((c) => c.pipeline));
    for (const p of pipelines) expect(p).toBeLessThan(script.pipelineCount);
  });

  test('a substitution is a pipe boundary', () => {
    const script = parseShell('a $(b) | c');
    const b = script.commands.find((c) => c.name?.value === 'b');
    expect(b?.inPipe).toBe(false);
    expect(b?.nested).toBe(true);
  });

  test('no pipe', () => {
    const script = parseShell('a || b && c; d & e');
    expect(script.hasPipe).toBe(false);
    expect(script.commands.every((c) => !c.inPipe)).toBe(true);
    expect(new Set(script.commands.map((c) => c.pipeline)).size).toBe(5);
  });

  test('a pipe in a nested command counts', () => {
    expect(parseShell('echo $(a | b)').hasPipe).toBe(true);
    expect(parseShell("sh -c 'a | b'").hasPipe).toBe(true);
    expect(parseShell("echo 'a | b'").hasPipe).toBe(false);
  });

  test("a pipe in a shell string is another shell's, one in a substitution is the script's own", () => {
    expect(parseShell('echo $(a | b)').hasOwnPipe).toBe(true);
    expect(parseShell('a | b').hasOwnPipe).toBe(true);
    expect(parseShell("sh -c 'a | b'").hasOwnPipe).toBe(false);
    // The shell expands a substitution in double quotes before bash starts: that pipe is its own.
    expect(parseShell('bash -c "x $(a | b)"').hasOwnPipe).toBe(true);
    expect(parseShell("bash -c 'x $(a | b)'").hasOwnPipe).toBe(false);
    expect(parseShell("sh -c 'a | b' | c").hasOwnPipe).toBe(true);
    expect(parseShell("x $(sh -c 'a | b')").hasOwnPipe).toBe(false);
  });

  test("a script string that does not parse leaves the script's own parse complete", () => {
    const script = parseShell(`a && sh -c 'echo "'`);
    expect(script.complete).toBe(false);
    expect(script.ownComplete).toBe(true);
    expect(parseShell('a && $(b').ownComplete).toBe(false);
    expect(parseShell(`echo "$(sh -c 'if x')"`).ownComplete).toBe(true);
  });
});

describe('offsets', () => {
  test('words and commands point into the text', () => {
    const text = 'A=1 apt-get install -y "cur"l\\\n  $(echo x) >f && sh -c \'b c\'';
    const script = parseShell(text);
    checkInvariants(text, script);
    const [apt, echo, sh, b] = script.commands;
    expect(apt?.start).toBe(0);
    expect(text.slice(apt?.start, apt?.end)).toBe('A=1 apt-get install -y "cur"l\\\n  $(echo x) >f');
    expect(apt?.args[2]).toMatchObject({ value: 'curl', raw: '"cur"l', quoted: true, expansions: false });
    expect(apt?.assignments[0]?.value).toMatchObject({ value: '1', start: 2, end: 3 });
    expect(text.slice(echo?.start, echo?.end)).toBe('echo x');
    expect(sh?.name?.value).toBe('sh');
    expect(b?.name).toMatchObject({ value: 'b', raw: 'b' });
    expect(text.slice(b?.start, b?.end)).toBe('b c');
  });

  test('a line continuation inside a word disappears from the value only', () => {
    const text = 'apt-get ins\\\ntall';
    const word = parseShell(text).commands[0]?.args[0];
    expect(word).toMatchObject({ value: 'install', raw: 'ins\\\ntall', quoted: false, start: 8, end: 17 });
  });

  test('offsets are UTF-16 indices', () => {
    const text = 'echo 😀 "é" && x';
    const script = parseShell(text);
    checkInvariants(text, script);
    expect(script.commands[1]?.name?.start).toBe(text.indexOf('x'));
  });

  test('escaped sh -c strings map to nearby places', () => {
    const text = 'sh -c "echo \\"a b\\" && c"';
    const script = parseShell(text);
    checkInvariants(text, script);
    expect(summaries(script)).toEqual([['sh', '-c', 'echo "a b" && c'], ['^echo', 'a b'], ['^c']]);
    const c = script.commands[2];
    expect(c?.name?.raw).toBe('c');
    expect(c?.start).toBe(text.lastIndexOf('c'));
  });

  test('escaped backquotes map into the text', () => {
    const text = 'echo `a \\`b \\$x\\``';
    const script = parseShell(text);
    checkInvariants(text, script);
    const b = script.commands.find((c) => c.name?.value === 'b');
    expect(b?.name?.start).toBe(text.indexOf('b'));
    expect(b?.args[0]?.value).toBe('$x');
  });
});

describe('options', () => {
  test('shellStrings: false leaves script strings alone', () => {
    expect(summaries(parseShell("sh -c 'a'", { shellStrings: false }))).toEqual([['sh', '-c', 'a']]);
  });
});
