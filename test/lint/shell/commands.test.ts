import { describe, expect, test } from 'vitest';
import {
  argsAfterSubcommand,
  basename,
  commandName,
  commandsNamed,
  flagWord,
  hasFlag,
  isAssignmentWord,
  parseShell,
  positionalArgs,
  shellStringArgument,
  subcommand,
  unwrap,
  type SimpleCommand,
} from '../../../src/lint/shell/index.js';

function first(text: string): SimpleCommand {
  const cmd = parseShell(text).commands[0];
  if (cmd === undefined) throw new Error(`no command in ${text}`);
  return cmd;
}

const APT_VALUE_OPTIONS = ['-t', '-o', '-c', '--target-release', '--option', '--config-file'];

describe('names', () => {
  test.each([
    ['apt-get', 'apt-get'],
    ['/usr/bin/apt-get', 'apt-get'],
    ['./configure', 'configure'],
    ['dir/', 'dir'],
    ['/', '/'],
    ['', ''],
  ])('basename(%j)', (path, expected) => {
    expect(basename(path)).toBe(expected);
  });

  test('commandName', () => {
    expect(commandName(first('/usr/local/bin/pip3 install x'))).toBe('pip3');
    expect(commandName(first('A=1'))).toBeNull();
  });

  test.each([
    ['A=1', true],
    ['_a9+=x', true],
    ['A', false],
    ['=x', false],
    ['1A=x', false],
    ['a-b=c', false],
  ])('isAssignmentWord(%j)', (word, expected) => {
    expect(isAssignmentWord(word)).toBe(expected);
  });
});

describe('flags', () => {
  test.each([
    ['apt-get install -y x', true],
    ['apt-get install --yes x', true],
    ['apt-get -qy install x', true],
    ['apt-get install --assume-yes=true x', true],
    ['apt-get install "-y" x', true],
    ['apt-get install x', false],
    ['apt-get install -q x', false],
    ['apt-get -o Dpkg::Options::=-y install x', false],
    ['apt-get -oy install x', false],
    ['apt-get -qo y install x', false],
    ['apt-get install -- -y', false],
    ['apt-get install --yesno', false],
  ])('%s', (text, expected) => {
    expect(hasFlag(first(text), ['-y', '--yes', '--assume-yes'], APT_VALUE_OPTIONS)).toBe(expected);
  });

  test('a multi-letter single-dash flag matches whole', () => {
    expect(hasFlag(first('apt-get -qq install x'), ['-qq'])).toBe(true);
    expect(hasFlag(first('apt-get -q install x'), ['-qq'])).toBe(false);
  });

  test('flagWord points at the carrying argument', () => {
    const text = 'apt-get install -qy x';
    const word = flagWord(first(text), ['-y']);
    expect(word?.raw).toBe('-qy');
    expect(text.slice(word?.start, word?.end)).toBe('-qy');
  });
});

describe('operands', () => {
  test('positionalArgs skips options and their values', () => {
    const cmd = first('apt-get -t bookworm -o=x --option a=b -q install --no-install-recommends curl -xvalue - -- -z');
    expect(positionalArgs(cmd, APT_VALUE_OPTIONS).map((w) => w.value)).toEqual(['install', 'curl', '-', '-z']);
  });

  test('subcommand', () => {
    expect(subcommand(first('pip --quiet install x'))?.value).toBe('install');
    expect(subcommand(first('pip --help'))).toBeNull();
  });

  test.each([
    ['apt-get -y install -t stable curl wget=1.2', 'install', ['curl', 'wget=1.2']],
    ['apt-get install', 'install', []],
    ['apt-get update', 'install', null],
    ['apt-get download install', 'install', null],
    ['pip install -r req.txt flask', ['install', 'download'], ['flask']],
  ] as const)('%s', (text, names, expected) => {
    const found = argsAfterSubcommand(first(text), names, [...APT_VALUE_OPTIONS, '-r']);
    expect(found === null ? null : found.map((w) => w.value)).toEqual(expected);
  });
});

describe('wrappers', () => {
  test.each([
    ['sudo apt-get install x', 'apt-get', ['install', 'x']],
    ['sudo -u app -E apt-get install x', 'apt-get', ['install', 'x']],
    ['sudo --user=app DEBIAN_FRONTEND=noninteractive apt-get -y', 'apt-get', ['-y']],
    ['env -i PATH=/x A=1 pip install y', 'pip', ['install', 'y']],
    ['env - pip', 'pip', []],
    ['time -p make', 'make', []],
    ['nice -n 10 ionice make', 'ionice', ['make']],
    ['nohup sudo -- cmd a', 'cmd', ['a']],
    ['timeout -s KILL 10s curl x', 'curl', ['x']],
    ['xargs -n 1 -I{} rm {}', 'rm', ['{}']],
    ['exec -a name gosu app /bin/run arg', '/bin/run', ['arg']],
    ['stdbuf -oL grep x', 'grep', ['x']],
    ['command -v curl', 'command', ['-v', 'curl']],
    ['sudo -l', 'sudo', ['-l']],
    ['env', 'env', []],
    ['env A=1', 'env', ['A=1']],
    ['apt-get install', 'apt-get', ['install']],
  ])('%s', (text, name, args) => {
    const cmd = unwrap(first(text));
    expect(cmd.name?.value).toBe(name);
    expect(cmd.args.map((w) => w.value)).toEqual(args);
  });

  test('an unwrapped command keeps range and redirects', () => {
    const original = first('sudo apt-get install x > log');
    const cmd = unwrap(original);
    expect(cmd.start).toBe(original.start);
    expect(cmd.end).toBe(original.end);
    expect(cmd.redirects).toBe(original.redirects);
    expect(unwrap(first('apt-get x'))).not.toBe(cmd);
  });
});

describe('commandsNamed', () => {
  const script = parseShell('apt-get update && sudo apt-get install -y x; /usr/bin/apt-get clean; echo apt-get $(apt-get -v)');

  test('by basename, nested included', () => {
    expect(commandsNamed(script, 'apt-get').map((c) => c.args[0]?.value)).toEqual(['update', 'clean', '-v']);
  });

  test('with unwrap', () => {
    const found = commandsNamed(script, ['apt-get'], { unwrap: true });
    expect(found.map((c) => c.args[0]?.value)).toEqual(['update', 'install', 'clean', '-v']);
    expect(found[1]?.name?.value).toBe('apt-get');
  });
});

describe('shellStringArgument', () => {
  test.each([
    ['sh -c "a b"', 'a b'],
    ['bash -e -x -c a', 'a'],
    ['bash -exc a', 'a'],
    ['bash -cex a', 'a'],
    ['bash --norc -c a', 'a'],
    ['bash --rcfile f -c a', 'a'],
    ['bash -o pipefail -c a', 'a'],
    ['bash -c -- a', 'a'],
    ['sudo -u x zsh -c a', 'a'],
    ['su -c a user', 'a'],
    ['su - user -c a', 'a'],
    ['runuser -u x -c a', 'a'],
    ['su --command=a', '--command=a'],
    ['sh script.sh', null],
    ['sh -c', null],
    ['sh -e script', null],
    ['python -c x', null],
    ['su user', null],
  ])('%s', (text, expected) => {
    const found = shellStringArgument(first(text));
    expect(found === null ? null : found.word.value).toBe(expected);
  });

  test('--command= reports where the script starts', () => {
    expect(shellStringArgument(first('su --command=a'))?.offset).toBe('--command='.length);
  });
});

test('the module example', () => {
  const reported: string[] = [];
  const script = parseShell('apt-get update && sudo apt-get install -q curl');
  for (const cmd of commandsNamed(script, 'apt-get', { unwrap: true })) {
    const packages = argsAfterSubcommand(cmd, 'install', ['-t', '-o']);
    if (packages !== null && !hasFlag(cmd, ['-y', '--yes'], ['-t', '-o'])) {
      reported.push(packages.map((w) => w.value).join(' '));
    }
  }
  expect(reported).toEqual(['curl']);
});
