/**
 * fast-check arbitraries for Dockerfiles written every which way: keyword case, blanks and tabs between words,
 * continuation lines with odd indentation, trailing blanks after markers, comment and empty lines inside
 * continuations, JSON arrays with any spacing, heredocs with trailing blanks, CRLF, the backtick escape.
 * Every generated file parses without errors.
 */
import fc from 'fast-check';

export interface Style {
  readonly eol: '\n' | '\r\n';
  readonly escape: '\\' | '`';
}

const blanks = fc.constantFrom(' ', '  ', '\t', ' \t', '    ');
const trailing = fc.constantFrom('', '', ' ', '\t ', '   ');
const indentation = fc.constantFrom('', ' ', '  ', '    ', '\t', '      ');

/** What separates two words: blanks, or a continuation (with optional skipped lines). */
function separator(style: Style, allowNone = false): fc.Arbitrary<string> {
  const { eol, escape } = style;
  const continuation = fc
    .tuple(fc.constantFrom('', ' ', '  '), trailing, fc.constantFrom('', `# note${eol}`, `   # indented note  ${eol}`, ` ${eol}`), indentation)
    // Words must stay apart once the lines are joined: a blank before the marker or an indented next line.
    .map(([before, after, skipped, indent]) => `${before}${escape}${after}${eol}${skipped}${before === '' && indent === '' ? ' ' : indent}`);
  const options: fc.Arbitrary<string>[] = [blanks, blanks, continuation];
  if (allowNone) options.push(fc.constant(''));
  return fc.oneof(...options);
}

/** Words joined by generated separators (the words themselves never contain a separator). */
function spaced(style: Style, words: readonly string[], json = false): fc.Arbitrary<string> {
  if (words.length === 0) return fc.constant('');
  return fc.array(separator(style, json), { minLength: words.length - 1, maxLength: words.length - 1 }).map((seps) => {
    let out = words[0] as string;
    seps.forEach((sep, index) => {
      const next = words[index + 1] as string;
      // Outside JSON punctuation a word needs at least one blank before it.
      out += sep === '' && !json ? ' ' : sep;
      out += next;
    });
    return out;
  });
}

function keyword(name: string): fc.Arbitrary<string> {
  return fc.constantFrom(name, name.toLowerCase(), name[0] + name.slice(1).toLowerCase());
}

function jsonArray(items: readonly string[]): string[] {
  const words = ['['];
  items.forEach((item, index) => {
    if (index > 0) words.push(',');
    words.push(JSON.stringify(item));
  });
  words.push(']');
  return words;
}

/** One instruction: keyword + separator + the rest, possibly with leading indentation and trailing blanks. */
function instruction(style: Style, name: string, rest: readonly string[], json = false): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('', '', '  ', '\t'), keyword(name), separator(style), spaced(style, rest, json), trailing)
    .map(([lead, key, sep, body, trail]) => `${lead}${key}${sep === '' ? ' ' : sep}${body}${trail}`);
}

/** A shell command written with inner spacing and continuations the builder keeps (never touched by default). */
function shellCommand(style: Style): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('echo a', 'apt-get update', 'echo "x  y"', 'true'), fc.constantFrom(' && ', '  &&  ', ` && ${style.escape}${style.eol}    `, ` && ${style.escape}${style.eol}  `, ` ;${style.escape}${style.eol}\t`), fc.constantFrom('echo b', 'ls -la  /', 'printf %s "$A"'))
    .map(([a, op, b]) => `${a}${op}${b}`);
}

function body(style: Style): fc.Arbitrary<string> {
  const { eol } = style;
  return fc.array(fc.constantFrom('echo one  ', 'set -eu', '\tindented\t', '', 'x=1 \\'), { maxLength: 3 }).map((lines) => lines.map((line) => line + eol).join(''));
}

function anyInstruction(style: Style): fc.Arbitrary<string> {
  const { eol } = style;
  return fc.oneof(
    shellCommand(style).chain((command) => instruction(style, 'RUN', [command])),
    instruction(style, 'RUN', ['--mount=type=cache,target=/root/.cache', '--network=none', 'make  all']),
    instruction(style, 'RUN', jsonArray(['sh', '-c', 'echo  hi']), true),
    body(style).map((text) => `RUN <<EOF  ${eol}${text}EOF`),
    body(style).chain((text) => keyword('COPY').map((key) => `${key}  <<EOT   /etc/conf${eol}${text}EOT`)),
    instruction(style, 'COPY', ['--chown=1000:1000', 'app.txt', 'lib/', '/srv/']),
    instruction(style, 'COPY', ['--from=alpine:3.20', '/etc/hostname', '/copied']),
    instruction(style, 'ADD', jsonArray(['app.txt', '/add/']), true),
    instruction(style, 'ENV', ['A=1', 'B="two  words"', 'C=${A}']),
    instruction(style, 'ENV', ['LEGACY', 'value  with  spaces']),
    instruction(style, 'LABEL', ['a=b', 'org.example.x="y  z"']),
    instruction(style, 'ARG', ['VERSION=1.2', 'OTHER']),
    instruction(style, 'WORKDIR', ['/app']),
    instruction(style, 'USER', ['1000:1000']),
    instruction(style, 'EXPOSE', ['80', '443/udp']),
    instruction(style, 'VOLUME', jsonArray(['/data', '/logs']), true),
    instruction(style, 'CMD', jsonArray(['node', 'server.js']), true),
    instruction(style, 'CMD', ['node  server.js']),
    instruction(style, 'ENTRYPOINT', jsonArray(['/entry.sh']), true),
    instruction(style, 'SHELL', jsonArray(['/bin/sh', '-c']), true),
    instruction(style, 'HEALTHCHECK', ['--interval=30s', '--retries=3', 'CMD', 'wget  -q  localhost']),
    instruction(style, 'STOPSIGNAL', ['SIGTERM']),
    instruction(style, 'ONBUILD', ['RUN', 'echo  onbuild']),
  );
}

/** Something between instructions: nothing, blank lines (maybe with blanks), comments with trailing blanks. */
function between(style: Style): fc.Arbitrary<string> {
  return fc.constantFrom('', '', style.eol, `  ${style.eol}`, `# a comment  ${style.eol}`, `\t# indented comment${style.eol}`);
}

export function dockerfile(): fc.Arbitrary<{ text: string; style: Style }> {
  return fc
    .record({ eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), escape: fc.constantFrom<'\\' | '`'>('\\', '\\', '`') })
    .chain((style) =>
      fc
        .tuple(
          instruction(style, 'FROM', ['busybox:1.36', 'AS', 'base']),
          fc.array(fc.tuple(between(style), anyInstruction(style)), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          fc.array(fc.tuple(between(style), anyInstruction(style)), { maxLength: 4 }),
        )
        .map(([from, first, secondStage, second]) => {
          const { eol } = style;
          const header = style.escape === '`' ? `# escape=\`${eol}${eol}` : '';
          let text = `${header}${from}${eol}`;
          for (const [gap, line] of first) text += `${gap}${line}${eol}`;
          if (secondStage) {
            text += `FROM base${eol}`;
            for (const [gap, line] of second) text += `${gap}${line}${eol}`;
          }
          return { text, style };
        }),
    );
}
