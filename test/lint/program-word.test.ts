import { describe, expect, test } from 'vitest';
import { programWord } from '../../src/lint/program-word.js';
import { parseShell, type SimpleCommand } from '../../src/lint/shell/index.js';

function first(text: string): SimpleCommand {
  const cmd = parseShell(text).commands[0];
  if (cmd === undefined) throw new Error(`no command in ${text}`);
  return cmd;
}

describe('programWord', () => {
  // [script, the word naming the program run, or null when it is not literal]
  test.each<[string, string | null]>([
    ['apt-get install x', 'apt-get'],
    ['"apt-get" install x', 'apt-get'],
    ['/usr/bin/apt-get install x', '/usr/bin/apt-get'],
    ['sudo apt-get install x', 'sudo'],
    ['env A=1 apt-get install x', 'env'],
    ['A=1 apt-get install x', 'apt-get'],
    ['$TOOL install x', null],
    // Runners of their first argument, unless it is an option.
    ['command apt-get install x', 'apt-get'],
    ['builtin cd /tmp', 'cd'],
    ['busybox wget x', 'wget'],
    ['run apt-get install x', 'apt-get'],
    ['command -v apt-get', 'command'],
    ['command -p sudo x', 'command'],
    ['command', 'command'],
    ['command "$x" install', null],
    // Not nested, and known only by their bare names.
    ['command exec sudo x', 'exec'],
    ['/bin/busybox wget x', '/bin/busybox'],
    // exec reads -c, -l and -a name as getopts would.
    ['exec sudo x', 'sudo'],
    ['exec -a name sudo x', 'sudo'],
    ['exec -aname sudo x', 'sudo'],
    ['exec -c -l sudo x', 'sudo'],
    ['exec -cl sudo x', 'sudo'],
    ['exec -la name sudo x', 'sudo'],
    ['exec -al sudo x', 'sudo'],
    ['exec -- sudo x', 'sudo'],
    ['exec - sudo x', 'sudo'],
    ['exec -a sudo', 'exec'],
    ['exec -a', 'exec'],
    ['exec -x sudo x', 'exec'],
    ['exec --login sudo x', 'exec'],
    ['exec -c', 'exec'],
    ['exec --', 'exec'],
    ['exec', 'exec'],
    ['exec "$cmd" x', null],
    ['exec 3>&1', 'exec'],
  ])('%s', (script, expected) => {
    expect(programWord(first(script))?.value ?? null).toBe(expected);
  });

  test('returns the word itself, for its place in the script', () => {
    const cmd = first('exec -a name sudo make');
    const word = programWord(cmd);
    expect(word).toBe(cmd.args[2]);
    expect(word?.start).toBe('exec -a name '.length);
  });
});
