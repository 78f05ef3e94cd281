/**
 * The parser's public contract: typed instructions, exact ranges, attached comments, directives and
 * BuildKit-worded diagnostics.
 */
import { describe, expect, it } from 'vitest';
import {
  expansionScope,
  findStage,
  getGlobalInstructions,
  getStages,
  instructionAt,
  parse,
  print,
  type Instruction,
  type Range,
} from '../../src/parser/index.js';

/** The source text a range covers. */
function textOf(source: string, range: Range | null | undefined): string | undefined {
  return range ? source.slice(range.start.offset, range.end.offset) : undefined;
}

function only<K extends Instruction['kind']>(text: string, kind: K, index = 1): Extract<Instruction, { kind: K }> {
  const instruction = parse(text).ast.instructions[index];
  expect(instruction?.kind).toBe(kind);
  return instruction as Extract<Instruction, { kind: K }>;
}

function messages(text: string): string[] {
  return parse(text).diagnostics.map((d) => d.message);
}

describe('instructions', () => {
  it('recognises all 18 instructions in any case and keeps the keyword as written', () => {
    const text = [
      'ARG BASE=alpine',
      'from $BASE AS build',
      'Run echo hi',
      'CMD ["a"]',
      'LABEL a=b',
      'MAINTAINER me',
      'EXPOSE 80',
      'ENV A=1',
      'ADD a /b',
      'COPY a /b',
      'ENTRYPOINT ["x"]',
      'VOLUME /data',
      'USER app',
      'WORKDIR /app',
      'ONBUILD RUN x',
      'STOPSIGNAL SIGTERM',
      'HEALTHCHECK NONE',
      'SHELL ["/bin/sh", "-c"]',
    ].join('\n');
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(ast.instructions.map((i) => i.name)).toEqual([
      'ARG', 'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME',
      'USER', 'WORKDIR', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
    ]);
    expect(ast.instructions[1]?.keyword).toBe('from');
    expect(ast.instructions[2]?.keyword).toBe('Run');
  });

  it('splits FROM into image parts, stage name and platform', () => {
    const text = 'FROM --platform=$BUILDPLATFORM ghcr.io/acme/api:1.2@sha256:' + 'a'.repeat(64) + ' AS Build';
    const from = only(text, 'FROM', 0);
    expect(from.image).toMatchObject({
      registry: 'ghcr.io',
      repository: 'acme/api',
      tag: '1.2',
      digest: 'sha256:' + 'a'.repeat(64),
      hasVariables: false,
    });
    expect(from.stageName?.value).toBe('Build');
    expect(from.platform?.value).toBe('$BUILDPLATFORM');
    expect(textOf(text, from.platform?.valueRange)).toBe('$BUILDPLATFORM');
    expect(textOf(text, from.image?.range)).toBe(from.image?.raw);
    expect(only('FROM node:20', 'FROM', 0).image?.familiar).toBe('docker.io/library/node:20');
  });

  it('reads RUN exec and shell forms, mounts, network and security', () => {
    const run = only(
      'FROM a\nRUN --mount=type=cache,target=/root/.npm,sharing=locked --mount=type=secret,id=npmrc --network=none --security=insecure npm ci',
      'RUN',
    );
    expect(run.command).toMatchObject({ form: 'shell', text: 'npm ci' });
    expect(run.mounts.map((m) => [m.type, m.target, m.sharing, m.id, m.readonly])).toEqual([
      ['cache', '/root/.npm', 'locked', null, false],
      ['secret', null, null, 'npmrc', true],
    ]);
    expect(run.network).toBe('none');
    expect(run.security).toBe('insecure');
    const exec = only('FROM a\nRUN ["sh", "-c", "echo \\"hi\\""]', 'RUN');
    expect(exec.command?.form).toBe('exec');
    expect(exec.command?.args.map((a) => a.value)).toEqual(['sh', '-c', 'echo "hi"']);
  });

  it('reads COPY/ADD sources, destination and every option', () => {
    const text =
      'FROM a\nCOPY --from=build --chown=app:app --chmod=0644 --link --parents --exclude=*.md --exclude=.git src/ lib/ /app/';
    const copy = only(text, 'COPY');
    expect(copy.sources.map((s) => s.value)).toEqual(['src/', 'lib/']);
    expect(copy.destination?.value).toBe('/app/');
    expect(copy.options.from?.value).toBe('build');
    expect(copy.options.chown?.value).toBe('app:app');
    expect(copy.options.chmod?.value).toBe('0644');
    expect(copy.options.link?.value).toBeNull();
    expect(copy.options.parents).not.toBeNull();
    expect(copy.options.exclude.map((f) => f.value)).toEqual(['*.md', '.git']);
    const add = only(
      'FROM a\nADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://example.com/x.tgz /x',
      'ADD',
    );
    expect([add.options.checksum?.value, add.options.keepGitDir?.value, add.options.unpack?.value]).toEqual([
      'sha256:abc',
      'true',
      'false',
    ]);
    expect(only('FROM a\nCOPY ["a b", "/c d/"]', 'COPY').sources[0]?.value).toBe('a b');
  });

  it('links COPY heredoc sources to their bodies', () => {
    const copy = only('FROM a\nCOPY <<A <<"B" /dest/\none\nA\ntwo $X\nB\n', 'COPY');
    expect(copy.sources.map((s) => [s.value, s.heredoc?.name, s.heredoc?.content, s.heredoc?.expand])).toEqual([
      ['<<A', 'A', 'one\n', true],
      ['<<"B"', 'B', 'two $X\n', false],
    ]);
  });

  it('reads ENV/LABEL in both forms and ARG declarations', () => {
    const env = only('FROM a\nENV A=1 B="two words" C=', 'ENV');
    expect(env.legacy).toBe(false);
    expect(env.pairs.map((p) => [p.key.value, p.value.value])).toEqual([
      ['A', '1'],
      ['B', '"two words"'],
      ['C', ''],
    ]);
    const legacy = only('FROM a\nENV PATH /usr/local/bin:$PATH', 'ENV');
    expect(legacy.legacy).toBe(true);
    expect(legacy.pairs.map((p) => [p.key.value, p.value.value])).toEqual([['PATH', '/usr/local/bin:$PATH']]);
    const label = only('FROM a\nLABEL "com.example.vendor"="ACME" version=1.0', 'LABEL');
    expect(label.pairs.map((p) => p.key.value)).toEqual(['"com.example.vendor"', 'version']);
    const arg = only('ARG A B= C=3', 'ARG', 0);
    expect(arg.declarations.map((d) => [d.name.value, d.defaultValue?.value ?? null])).toEqual([
      ['A', null],
      ['B', ''],
      ['C', '3'],
    ]);
  });

  it('reads EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL, MAINTAINER', () => {
    const expose = only('FROM a\nEXPOSE 80 443/tcp 8000-8010/udp $PORT', 'EXPOSE');
    expect(expose.ports.map((p) => [p.start, p.end, p.protocol])).toEqual([
      [80, 80, null],
      [443, 443, 'tcp'],
      [8000, 8010, 'udp'],
      [null, null, null],
    ]);
    const user = only('FROM a\nUSER app:staff', 'USER');
    expect([user.user?.value, user.group?.value]).toEqual(['app', 'staff']);
    expect(only('FROM a\nWORKDIR /my dir', 'WORKDIR').value?.value).toBe('/my dir');
    const volume = only('FROM a\nVOLUME ["/a", "/b"]', 'VOLUME');
    expect([volume.form, volume.paths.map((p) => p.value)]).toEqual(['exec', ['/a', '/b']]);
    expect(only('FROM a\nSTOPSIGNAL SIGQUIT', 'STOPSIGNAL').value?.value).toBe('SIGQUIT');
    expect(only('FROM a\nMAINTAINER Jane <j@example.com>', 'MAINTAINER').value?.value).toBe('Jane <j@example.com>');
  });

  it('reads HEALTHCHECK options and command, CMD/ENTRYPOINT forms, SHELL', () => {
    const health = only('FROM a\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/', 'HEALTHCHECK');
    expect(health.mode?.value).toBe('CMD');
    expect(health.command).toMatchObject({ form: 'shell', text: 'curl -f http://localhost/' });
    expect([health.options.interval?.value, health.options.retries?.value]).toEqual(['30s', '3']);
    expect(only('FROM a\nHEALTHCHECK NONE', 'HEALTHCHECK').command).toBeNull();
    expect(only('FROM a\nCMD ["node", "server.js"]', 'CMD').command?.form).toBe('exec');
    expect(only('FROM a\nENTRYPOINT exec node server.js', 'ENTRYPOINT').command?.form).toBe('shell');
    expect(only('FROM a\nSHELL ["pwsh", "-Command"]', 'SHELL').command?.args.map((a) => a.value)).toEqual([
      'pwsh',
      '-Command',
    ]);
  });

  it('nests the ONBUILD trigger with its own flags and heredocs', () => {
    const text = 'FROM a\nONBUILD COPY --from=build <<EOF /x\nhi\nEOF\n';
    const onbuild = only(text, 'ONBUILD');
    const trigger = onbuild.trigger;
    expect(trigger?.kind).toBe('COPY');
    if (trigger?.kind !== 'COPY') return;
    expect(trigger.options.from?.value).toBe('build');
    expect(trigger.sources[0]?.heredoc?.content).toBe('hi\n');
    expect(textOf(text, trigger.keywordRange)).toBe('COPY');
  });

  it('keeps unknown instructions as nodes and reports them', () => {
    const { ast, diagnostics } = parse('FROM a\ncopyy x y\n');
    expect(ast.instructions[1]).toMatchObject({ kind: 'UNKNOWN', name: 'COPYY', keyword: 'copyy' });
    expect(diagnostics.map((d) => d.message)).toEqual(['unknown instruction: copyy (did you mean copy?)']);
  });

  it('quotes at most 64 characters of an unknown keyword, the range still covering all of it', () => {
    const keyword = `X${'\u0001'.repeat(5000)}`;
    const { ast, diagnostics } = parse(`${keyword} y\n`);
    expect(diagnostics.map((d) => d.message)).toContain(`unknown instruction: ${keyword.slice(0, 64)}…`);
    expect(ast.instructions[0]?.keywordRange.end.offset).toBe(keyword.length);
    const emoji = `${'a'.repeat(63)}😀b`;
    expect(parse(`FROM a\n${emoji} y\n`).diagnostics.map((d) => d.message)).toEqual([`unknown instruction: ${'a'.repeat(63)}…`]);
  });
});

describe('ranges', () => {
  const text = '# syntax=docker/dockerfile:1\n# the base\nFROM alpine AS base\nRUN --mount=type=cache,target=/x \\\n  echo 😀 \\\n  done\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\n';
  const { ast } = parse(text);

  it('covers directives, comments, keywords, flags and arguments exactly', () => {
    const directive = ast.directives[0];
    expect(textOf(text, directive?.nameRange)).toBe('syntax');
    expect(textOf(text, directive?.valueRange)).toBe('docker/dockerfile:1');
    expect(textOf(text, ast.comments[0]?.range)).toBe('# the base');
    const run = ast.instructions[1] as Extract<Instruction, { kind: 'RUN' }>;
    expect(textOf(text, run.keywordRange)).toBe('RUN');
    expect(textOf(text, run.flags[0]?.nameRange)).toBe('mount');
    expect(textOf(text, run.flags[0]?.valueRange)).toBe('type=cache,target=/x');
    expect(textOf(text, run.flags[0]?.range)).toBe('--mount=type=cache,target=/x');
    expect(run.command?.text).toBe('echo 😀   done');
    expect(textOf(text, run.command?.range)).toBe('echo 😀 \\\n  done');
    expect([run.startLine, run.endLine]).toEqual([4, 6]);
  });

  it('counts characters in UTF-16 code units, as LSP does', () => {
    const run = ast.instructions[1] as Extract<Instruction, { kind: 'RUN' }>;
    const end = run.command?.range.end;
    expect(end?.line).toBe(5);
    expect(end?.character).toBe(6);
    const emojiLine = text.split('\n')[4] as string;
    expect(emojiLine.indexOf('\\')).toBe(10);
  });

  it('covers heredoc words, bodies and terminators', () => {
    const heredoc = ast.instructions[2]?.heredocs[0];
    expect(textOf(text, heredoc?.wordRange)).toBe('<<EOF');
    expect(textOf(text, heredoc?.bodyRange)).toBe('key=value\n');
    expect(textOf(text, heredoc?.terminatorRange)).toBe('EOF');
    expect(heredoc?.terminatorRange?.start.line).toBe(8);
  });

  it('serialises positions with line, character and offset', () => {
    const json = JSON.parse(JSON.stringify(ast.instructions[0]?.keywordRange)) as unknown;
    expect(json).toEqual({
      start: { line: 2, character: 0, offset: 40 },
      end: { line: 2, character: 4, offset: 44 },
    });
  });
});

describe('comments and directives', () => {
  it('attaches only the comments directly above an instruction', () => {
    const { ast } = parse('# syntax=x\n# one\n# two\nFROM a\n# far\n\n# near\nRUN x\n#\n# after reset\nRUN y\n');
    expect(ast.instructions.map((i) => i.comments.map((c) => c.text))).toEqual([
      ['one', 'two'],
      ['near'],
      ['after reset'],
    ]);
    expect(ast.directives.map((d) => d.name)).toEqual(['syntax']);
    expect(ast.comments.map((c) => c.text)).toEqual(['one', 'two', 'far', 'near', '', 'after reset']);
  });

  it('lists comment lines inside continuations without ending the instruction', () => {
    const { ast } = parse('FROM a\nRUN a \\\n  # skipped\n  b\n');
    expect(ast.instructions[1]?.original).toBe('RUN a   b');
    expect(ast.comments.map((c) => c.text)).toEqual(['skipped']);
  });

  it('honours directives only in the leading block', () => {
    expect(parse('FROM a\n# escape=`\nRUN a `\nb\n').ast.instructions).toHaveLength(3);
    expect(parse('# escape=`\nFROM a\nRUN a `\nb\n').ast.instructions).toHaveLength(2);
    expect(parse('# foo=bar\n# escape=`\nFROM a').ast.directives).toEqual([]);
  });
});

describe('diagnostics', () => {
  it.each([
    ['# escape=x\nFROM a', "invalid escape token 'x' does not match ` or \\"],
    ['# syntax=a\n# syntax=b\nFROM a', 'only one syntax parser directive can be used'],
    ['FROM a\nCOPY --from=a --from=b x y', 'duplicate flag specified: --from'],
    ['FROM a\nCOPY --from x y', 'missing a value on flag: --from'],
    ['FROM a\nCOPY --link=yes x y', 'expecting boolean value for flag --link, not: yes'],
    ['FROM a AS 1st', 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols'],
    ['FROM a b', 'FROM requires either one or three arguments'],
    ['FROM', 'FROM requires either one or three arguments'],
    ['FROM a\nONBUILD MAINTAINER x', "MAINTAINER isn't allowed as an ONBUILD trigger"],
    ['FROM a\nSHELL /bin/sh -c', 'SHELL requires the arguments to be in JSON form'],
    ['FROM a\nSHELL []', 'SHELL requires at least one argument'],
    ['FROM a\nVOLUME [""]', 'VOLUME specified can not be an empty string'],
    ['FROM a\nRUN --network=bridge x', 'invalid network mode "bridge"'],
    ['FROM a\nRUN --security=privileged x', 'security "privileged" is not valid'],
    ['FROM a\nHEALTHCHECK FOO x', 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
    ['FROM a\nHEALTHCHECK NONE x', 'HEALTHCHECK NONE takes no arguments'],
    ['FROM a\nHEALTHCHECK CMD', 'Missing command after HEALTHCHECK CMD'],
    ['FROM a\nHEALTHCHECK --retries=-1 CMD x', '--retries cannot be negative (-1)'],
    ['FROM a\nARG =x', 'ARG names can not be blank'],
    ['FROM a\nENV a=b c', 'Syntax error - can\'t find = in "c". Must be of the form: name=value'],
    ['RUN x\nFROM a', 'no build stage in current context'],
    ['ARG A=1', 'dockerfile contains no stages to build'],
    ['', 'file with no instructions'],
    ['FROM a\nRUN --mount=type=cache,foo=bar x', "unexpected key 'foo' in 'foo=bar' (did you mean from?)"],
  ])('%j → %s', (text, message) => {
    expect(messages(text)).toContain(message);
  });

  it('points at the offending token', () => {
    const text = 'FROM a\nCOPY --form=build x y\n';
    const [diagnostic] = parse(text).diagnostics;
    expect(diagnostic?.message).toBe('unknown flag: --form (did you mean from?)');
    expect(textOf(text, diagnostic?.range)).toBe('form');
    expect(diagnostic?.severity).toBe('error');
  });

  it('can report only what the raw parser rejects', () => {
    expect(parse('FOO x', { instructionChecks: false }).diagnostics).toEqual([]);
    expect(parse('FROM a\nENV PATH', { instructionChecks: false }).diagnostics.map((d) => d.message)).toEqual([
      'ENV must have two arguments',
    ]);
  });
});

describe('stages', () => {
  const text = 'ARG V=1\nFROM node:$V AS deps\nRUN npm ci\nFROM deps AS test\nRUN npm test\nFROM scratch\nCOPY --from=deps /a /a\n';
  const { ast } = parse(text);

  it('lists stages with their instructions', () => {
    const stages = getStages(ast);
    expect(stages.map((s) => [s.index, s.name, s.instructions.map((i) => i.name)])).toEqual([
      [0, 'deps', ['RUN']],
      [1, 'test', ['RUN']],
      [2, null, ['COPY']],
    ]);
    expect(findStage(stages, 'TEST')?.index).toBe(1);
    expect(findStage(stages, '2')?.from.image?.repository).toBe('scratch');
    expect(getGlobalInstructions(ast).map((i) => i.name)).toEqual(['ARG']);
    expect(textOf(text, stages[0]?.range)).toBe('FROM node:$V AS deps\nRUN npm ci');
  });

  it('prints the text back exactly', () => {
    expect(print(ast)).toBe(text);
  });
});

describe('expansion scope', () => {
  it('says what the builder expands, per instruction', () => {
    expect(expansionScope('copy')).toEqual({ args: 'word', flags: ['chown', 'chmod'], heredocBodies: true });
    expect(expansionScope('RUN').args).toBe('none');
    expect(expansionScope('EXPOSE').args).toBe('words');
    expect(expansionScope('FROM').globalArgsOnly).toBe(true);
    expect(expansionScope('FOO')).toEqual({ args: 'none', flags: [] });
  });
});

describe('command offsets', () => {
  it('maps offsets inside a continued RUN back to the source', () => {
    const text = 'FROM a\nRUN apt-get update && \\\n    # refresh\n    apt-get install -y curl\n';
    const run = parse(text).ast.instructions[1];
    if (run?.kind !== 'RUN' || !run.command) throw new Error('expected a RUN with a command');
    const at = run.command.text.indexOf('curl');
    expect(textOf(text, run.command.rangeOf(at, at + 4))).toBe('curl');
    expect(run.command.rangeOf(at, at + 4).start.line).toBe(3);
  });
});

describe('instructionAt', () => {
  it('finds the instruction containing an offset, ends included, and nothing between instructions', () => {
    const text = 'FROM a\n\nRUN b \\\n  c\n';
    const { ast } = parse(text);
    const at = (offset: number): string | null => instructionAt(ast.instructions, offset)?.name ?? null;
    expect(at(0)).toBe('FROM');
    expect(at(6)).toBe('FROM'); // the end of `FROM a`
    expect(at(7)).toBeNull(); // the blank line
    expect(at(text.indexOf('c'))).toBe('RUN'); // on the continuation line
    expect(at(text.length)).toBeNull();
    expect(instructionAt([], 0)).toBeNull();
  });
});
