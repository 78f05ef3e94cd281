/**
 * The incremental linter is exact: after any sequence of edits, `linter.lint(text)` reports exactly what a fresh
 * `lint(text, options)` reports — the same findings in the same order, with the same ranges, fixes, messages and
 * severities. And it does reuse: a stage the edit did not touch is not visited again by stage-local rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDockerfile } from '../../bench/corpus.js';
import { editOrUndoArbitrary, exampleDockerfiles, nextText, type Edit, type UNDO } from '../edit-sequences.js';
import { builtinRules, createLinter, lint, type LintOptions, type LintResult, type RuleModule } from '../../src/lint/index.js';
import type { Position, Range } from '../../src/parser/index.js';
import { MAX_CHUNK_ANCESTORS } from '../../src/lint/chunks.js';

/**
 * What must agree: everything but the parse, which both get from `parse(text)`. Ranges are read out field by
 * field (the parser's lazy ranges have no enumerable fields, so a deep equality would not look into them).
 */
const observable = (result: LintResult): unknown => ({
  findings: result.findings.map((finding) => ({ ...finding, range: rangeFields(finding.range) })),
  pragmaShell: result.pragmaShell,
});

const positionFields = (position: Position): unknown => ({
  line: position.line,
  character: position.character,
  offset: position.offset,
});
const rangeFields = (range: Range): unknown => ({ start: positionFields(range.start), end: positionFields(range.end) });

/** A stage-local rule that reports plain (not lazy) ranges and a fix on every RUN, and once per stage. */
const plainRanges: RuleModule = {
  meta: { ...builtinRules[0]!.meta, id: 'plain-ranges', locality: 'stage' },
  create: (context) => ({
    RUN(node) {
      const copy = (position: Position): Position => ({ line: position.line, character: position.character, offset: position.offset });
      const { start, end } = node.range;
      context.report({ message: 'first', range: { start: copy(start), end: copy(node.keywordRange.end) } });
      context.report({
        message: 'whole',
        range: { start: copy(start), end: copy(end) },
        fix: { description: 'drop', edits: [{ start: start.offset, end: end.offset, text: '' }] },
      });
    },
    'Stage:exit'(stage) {
      context.report({ message: `stage ends${stage.isFinal ? ', the last' : ''}`, range: stage.stage.from.keywordRange });
    },
  }),
};

/** A stage-local rule that breaks its promise by pointing into the stage it is built on: never replayed, still exact. */
const pointsBack: RuleModule = {
  meta: { ...builtinRules[0]!.meta, id: 'points-back', locality: 'stage' },
  create: (context) => ({
    Stage(stage) {
      if (stage.parent) context.report({ message: 'after', range: stage.parent.stage.from.keywordRange });
    },
  }),
};

/**
 * A stage-local rule whose file hooks report about the whole file: those reports are made afresh on every lint,
 * never replayed, so they follow the file even where no stage was visited.
 */
const fileHooks: RuleModule = {
  meta: { ...builtinRules[0]!.meta, id: 'file-hooks', locality: 'stage' },
  create: (context) => ({
    Dockerfile(ast) {
      const last = ast.instructions[ast.instructions.length - 1];
      if (last) context.report({ message: `last of ${ast.instructions.length}`, range: last.keywordRange });
    },
    'Dockerfile:exit'(ast) {
      const first = ast.instructions[0];
      if (first) context.report({ message: `first of ${context.stages.length} stages`, range: first.range });
    },
  }),
};

const OPTION_SETS: readonly LintOptions[] = [
  {},
  { rules: [...builtinRules, plainRanges, pointsBack, fileHooks] },
  { severities: { DL3008: 'error', 'no-sudo': 'info', DL3015: 'ignore' }, ignored: ['DL3059'] },
  { disableIgnorePragma: true, settings: { trustedRegistries: ['docker.io'], buildArgs: { BASE: 'ubuntu' } } },
  {
    settings: {
      labelSchema: { maintainer: 'email', homepage: 'url', version: 'semver', created: 'rfc3339' },
      strictLabels: true,
      dockerignore: 'present',
      dockerignoreText: 'secret*\n!secret.pub\n',
    },
  },
];

const PIECES = [
  'FROM debian:12 AS build\n', 'FROM alpine\n', 'FROM build AS test\n', 'FROM build\n', 'FROM test\n', 'FROM ${BASE}\n',
  'FROM --platform=linux/amd64 scratch AS Out\n', 'ARG BASE=alpine:3\n', 'ARG VERSION\n', 'ENV PATH=/x:$PATH\n',
  'RUN apt-get update\n', 'RUN apt-get install curl\n', 'RUN apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n',
  'RUN sudo apk add bash\n', 'RUN cd /x && wget http://x | sh\n', 'RUN curl -o x y\n', 'RUN pip install flask\n', 'RUN npm install express\n',
  'RUN yarn install\n', 'RUN ln -s /bin/bash /bin/sh\n', 'RUN yum install httpd\n', 'RUN dnf install x\n', 'RUN zypper install y\n',
  'RUN gem install rails\n', 'RUN go install example.com/x\n', 'RUN useradd -u 123456789 me\n', 'ONBUILD RUN cd /x\n', 'ONBUILD FROM x\n',
  'RUN <<EOF\napt-get install vim\nEOF\n', 'RUN bash <<-EOF\n\tsudo ls\n\tEOF\n', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
  'SHELL ["pwsh", "-c"]\n', '# hadolint ignore=DL3008,DL3015\n', '# hadolint shell=pwsh\n', '# hadolint global ignore=DL3003\n',
  '# escape=`\n', '# syntax=docker/dockerfile:1.4\n', '# check=skip=all\n', 'COPY --link a /b\n', 'RUN a \\\n\n b\n', 'RUN apt-get install `\n  curl\n', 'WORKDIR app\n',
  'WORKDIR /app\n', 'ADD x.tar.gz /y\n', 'ADD x /y\n', 'COPY a b c\n', 'COPY --from=build / /\n', 'COPY --from=test /a /b\n',
  'COPY --from=0 /a /b\n', 'COPY secret.key /k\n', 'from x As y\n', '  RUN sudo x\n', '\r\n', 'RUN apt-get -y install x\r\n', '\n',
  'ENV PIP_NO_CACHE_DIR=1\n', 'RUN set -o pipefail && curl x | sh\n', '\\\n', 'RUN echo "unterminated\n', 'USER root\n', 'USER 1000\n',
  'USER $VERSION\n', 'CMD node app.js\n', 'CMD ["node"]\n', 'ENTRYPOINT x\n', 'HEALTHCHECK CMD true\n', 'HEALTHCHECK NONE\n',
  'LABEL maintainer="me@example.com" version=1.0\n', 'LABEL homepage=notaurl created=yesterday other=x\n', 'EXPOSE 80/TCP 99999\n',
  'MAINTAINER me\n', 'ENV KEY value\n', 'ARG PASSWORD=x\n', 'ENV A=$A\n', 'COPY . .\n', 'COPY package.json ./\n', 'RUN npm ci\n',
  'WORKDIR $X\n', 'ARG X\n', 'ENV X=1\n', 'COPY $X /y\n', 'COPY --from=1 /a /b\n', 'COPY --from=$X /a /b\n',
  'RUN --mount=from=1,target=/m ls\n', 'RUN --mount=type=bind,from=build,target=/m ls\n', 'ARG IMG=${BASE}:1\n', 'FROM ${IMG}\n',
  'FROM $BSE AS late\n', 'COPY --from=late /a /b\n', 'ONBUILD COPY --from=0 /a /b\n', 'ARG U=1000\n', 'ARG U\n', 'ENV UID=$U\n',
  'USER $UID\n', '// syntax=docker/dockerfile:1.2\n',
];

const INSERTS = [
  'a', ' ', '  ', '\n', '\r\n', '\\', '\\\n', '`', '#', '$', '"', "'", '|', '<<EOF\n', 'EOF\n', 'sudo ', 'cd ', 'FROM ', 'X',
  'apt-get install x ', ' -y', '\n\n', ...PIECES,
];

const edit = editOrUndoArbitrary(INSERTS);

/** Lints `start`, then every edited version, checking each against a fresh `lint`. */
function checkSession(start: string, edits: ReadonlyArray<Edit | typeof UNDO>, options: LintOptions): void {
  const linter = createLinter(options);
  const versions = [start];
  let text = start;
  expect(observable(linter.lint(text))).toEqual(observable(lint(text, options)));
  for (const step of edits) {
    text = nextText(versions, step);
    versions.push(text);
    expect(observable(linter.lint(text)), JSON.stringify(text)).toEqual(observable(lint(text, options)));
  }
}

/** A stage-local rule that records the command of every RUN it visits. */
function runRecorder(): { spy: RuleModule; visited: string[] } {
  const visited: string[] = [];
  const spy: RuleModule = {
    meta: { ...builtinRules[0]!.meta, id: 'spy', locality: 'stage' },
    create: () => ({ RUN: (node) => void visited.push(node.command?.text ?? '') }),
  };
  return { spy, visited };
}

describe('createLinter', () => {
  it('agrees with lint() after random edits of pieced-together Dockerfiles', () => {
    const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(pieces, fc.array(edit, { minLength: 1, maxLength: 12 }), fc.constantFrom(...OPTION_SETS), checkSession),
      { numRuns: 500 },
    );
  });

  it('agrees with lint() after random edits of a chain of stages deeper than a chunk context holds', () => {
    // Stages of pieces, each built on the one before; edits may break or add links of the chain anywhere.
    const stage = fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((parts) => parts.join(''));
    const chain = fc.array(stage, { minLength: MAX_CHUNK_ANCESTORS + 2, maxLength: MAX_CHUNK_ANCESTORS + 6 }).map((stages) =>
      stages.map((body, index) => `FROM ${index === 0 ? 'alpine:3.20' : `s${index - 1}`} AS s${index}\n${body}`).join(''),
    );
    fc.assert(fc.property(chain, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom(...OPTION_SETS), checkSession), {
      numRuns: 40,
    });
  });

  it('agrees with lint() after random edits of corpus-like and example Dockerfiles', () => {
    const files = [
      ...exampleDockerfiles(),
      generateDockerfile(1),
      generateDockerfile(2).replace(/\n/g, '\r\n'),
      generateDockerfile(3) + generateDockerfile(4) + generateDockerfile(5),
    ];
    expect(files.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.constantFrom(...OPTION_SETS), checkSession),
      { numRuns: 150 },
    );
  });

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['a stage moved down by inserted lines', 'FROM debian\nRUN apt-get install curl && sudo ls\n', 'FROM debian\n\n\n# note\nRUN apt-get install curl && sudo ls\n'],
    ['an unchanged stage after an edited one', 'FROM debian AS a\nRUN ls\nFROM a\nRUN sudo x\n', 'FROM debian AS a\nRUN ls -l\n\nFROM a\nRUN sudo x\n'],
    ['an ignore pragma added above an unchanged stage', 'FROM a\nRUN x\nFROM debian\nRUN apt-get install curl\n', 'FROM a\nRUN x\n# hadolint ignore=DL3008\nFROM debian\nRUN apt-get install curl\n'],
    ['a global ignore pragma added in another stage', 'FROM a\nRUN x\nFROM debian\nRUN cd /x\n', 'FROM a\nRUN x\n# hadolint global ignore=DL3003\nFROM debian\nRUN cd /x\n'],
    ['ENV changed in the parent stage', 'FROM debian AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nRUN pip install x\n', 'FROM debian AS a\nENV PIP_NO_CACHE_DIR=0\nFROM a\nRUN pip install x\n'],
    ['SHELL changed in the parent stage', 'FROM debian AS a\nFROM a\nRUN curl x | sh\n', 'FROM debian AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a\nRUN curl x | sh\n'],
    ['a shell pragma at the end of the parent stage', 'FROM debian AS a\nFROM a\nRUN curl x | sh\n', 'FROM debian AS a\n# hadolint shell=pwsh\nFROM a\nRUN curl x | sh\n'],
    ['a global ARG changed', 'ARG V=1\nFROM debian:$V\nRUN apt-get install x\n', 'ARG V=latest\nFROM debian:$V\nRUN apt-get install x\n'],
    ['a later stage starts copying from an unchanged one', 'FROM debian AS a\nRUN apt-get update && apt-get install -y x\nFROM b\nRUN y\n', 'FROM debian AS a\nRUN apt-get update && apt-get install -y x\nFROM b\nCOPY --from=a / /\n'],
    ['the escape directive changed', '# escape=\\\nFROM debian\nCOPY a b c\\\nRUN apt-get install `\n curl\n', '# escape=`\nFROM debian\nCOPY a b c\\\nRUN apt-get install `\n curl\n'],
    ['CRLF line ends', 'FROM debian\r\nRUN apt-get install curl\r\nFROM x\r\n', 'FROM debian\r\n\r\nRUN apt-get install curl\r\nFROM x\r\n'],
    ['a continuation swallowing the next FROM', 'FROM debian\nRUN sudo ls\nFROM x\nRUN cd /x\n', 'FROM debian\nRUN sudo ls \\\nFROM x\nRUN cd /x\n'],
    ['line-citing messages in a stage moved down', 'FROM a AS x\nRUN y\nFROM node\nCOPY . .\nRUN npm ci\n', 'FROM a AS x\n\nRUN y\nFROM node\nCOPY . .\nRUN npm ci\n'],
    ['line-citing messages in a stage moved along its line', 'FROM a AS x\nRUN y\nFROM node\nCOPY . .\nRUN npm ci\n', 'FROM a AS x\nRUN yy\nFROM node\nCOPY . .\nRUN npm ci\n'],
    ['an ARG declared in another stage', 'FROM alpine\nCOPY $X /y\nFROM alpine\nRUN true\n', 'FROM alpine\nCOPY $X /y\nFROM alpine\nARG X\nRUN true\n'],
    ['an ENV key renamed in another stage', 'FROM alpine\nWORKDIR $HOMEDIR\nFROM b\nENV HOMEDIR=/x\n', 'FROM alpine\nWORKDIR $HOMEDIR\nFROM b\nENV HOMEDIRS=/x\n'],
    ['a quoted ENV key renamed in another stage', 'FROM alpine\nWORKDIR $HOMEDIR\nFROM b\nENV "HOMEDIR"=/x\n', 'FROM alpine\nWORKDIR $HOMEDIR\nFROM b\nENV "HOMEDIRS"=/x\n'],
    ['a name used in a heredoc declared in another stage', 'FROM alpine\nCOPY <<EOF /x\n$HOMEDIR\nEOF\nFROM b\nENV HOMEDIR=/x\n', 'FROM alpine\nCOPY <<EOF /x\n$HOMEDIR\nEOF\nFROM b\nENV HOMEDIRX=/x\n'],
    ['a name before a continuation in a heredoc declared in another stage', 'FROM alpine\nCOPY <<EOF /x\n$SRC\\\nDIR\nEOF\nFROM b\nENV SRC=/x\n', 'FROM alpine\nCOPY <<EOF /x\n$SRC\\\nDIR\nEOF\nFROM b\nENV SRCX=/x\n'],
    ['a name split by a continuation declared in another stage', 'FROM alpine\nWORKDIR $HOME\\\nDIR\nFROM b\nARG HOMEDIR\n', 'FROM alpine\nWORKDIR $HOME\\\nDIR\nFROM b\nARG HOMEDIRX\n'],
    ['a global ARG default using a name declared in a stage', 'ARG A=$LATER\nFROM alpine\nFROM b\nENV LATER=1\n', 'ARG A=$LATER\nFROM alpine\nFROM b\nENV LATE=1\n'],
    ['a shell pragma added before the first FROM', 'FROM debian\nRUN curl x | sh\n', '# hadolint shell=pwsh\nFROM debian\nRUN curl x | sh\n'],
    ['a syntax directive added before a comment', '# about\nFROM debian\nRUN --mount=type=cache,target=/root/.npm npm ci\n', '# syntax=docker/dockerfile:1.2\n# about\nFROM debian\nRUN --mount=type=cache,target=/root/.npm npm ci\n'],
    ['a stage renamed that another copies from', 'FROM a AS one\nRUN x\nFROM b\nCOPY --from=one / /\n', 'FROM a AS uno\nRUN x\nFROM b\nCOPY --from=one / /\n'],
    ['a stage renamed that another builds on through a global ARG', 'ARG B=one\nFROM a AS one\nFROM ${B}\nRUN x\n', 'ARG B=one\nFROM a AS uno\nFROM ${B}\nRUN x\n'],
    ['a stage given the name another stage copies from', 'FROM a AS one\nFROM b AS two\nCOPY --from=three / /\n', 'FROM a AS three\nFROM b AS two\nCOPY --from=three / /\n'],
    ['a stage added above one that copies from a stage by number', 'FROM a\nFROM b\nCOPY --from=1 / /\nFROM c\nCOPY --from=2 / /\n', 'FROM z\nFROM a\nFROM b\nCOPY --from=1 / /\nFROM c\nCOPY --from=2 / /\n'],
    ['a stage added above one that mounts a stage by number', 'FROM a\nFROM b\nRUN --mount=from=1,target=/m ls\n', 'FROM z\nFROM a\nFROM b\nRUN --mount=from=1,target=/m ls\n'],
    ['a stage added before one that copies from a stage named after it', 'FROM a\nCOPY --from=two / /\nFROM b AS two\n', 'FROM c AS two\nFROM a\nCOPY --from=two / /\nFROM b AS two\n'],
    ['the last stage removed', 'FROM a\nRUN apt-get update && apt-get install -y x\nFROM b\n', 'FROM a\nRUN apt-get update && apt-get install -y x\n'],
    ['a global ARG used by the global ARG a stage builds on changed', 'ARG R=docker.io\nARG IMG=${R}/library/debian\nFROM ${IMG}\nFROM alpine\n', 'ARG R=ghcr.io\nARG IMG=${R}/library/debian\nFROM ${IMG}\nFROM alpine\n'],
    ['a global ARG renamed near a misspelt one in FROM', 'ARG BASE=x\nFROM $BSE\nRUN ls\n', 'ARG BASX=x\nFROM $BSE\nRUN ls\n'],
    ['a global ARG that a stage built on passes on in ENV changed', 'ARG U=1000\nFROM debian AS base\nARG U\nENV UID=$U\nFROM base\nUSER $UID\n', 'ARG U=app\nFROM debian AS base\nARG U\nENV UID=$U\nFROM base\nUSER $UID\n'],
    ['a global ARG a stage only names changed', 'ARG V=1\nFROM a\nRUN echo $V\nUSER $V\n', 'ARG V=app\nFROM a\nRUN echo $V\nUSER $V\n'],
    ['a global ARG a stage declares again with a default changed', 'ARG U=1000\nFROM a\nARG U=1\nUSER $U\n', 'ARG U=app\nFROM a\nARG U=1\nUSER $U\n'],
    ['a directive that stops counting when a line is put above it', '# escape=`\nFROM debian:12 AS build\nRUN apt-get install `\n  curl\n', 'RUN a \\\n\n b\n# escape=`\nFROM debian:12 AS build\nRUN apt-get install `\n  curl\n'],
    ['a frontend chosen by a // line that stops counting', '// syntax=docker/dockerfile:1.0\nFROM debian\nRUN --mount=type=cache,target=/root/.npm npm ci\n', 'RUN x\n// syntax=docker/dockerfile:1.0\nFROM debian\nRUN --mount=type=cache,target=/root/.npm npm ci\n'],
    ['a stage removed', 'FROM a\nUSER root\nFROM b\nUSER root\nFROM c\nCMD x\n', 'FROM a\nUSER root\nFROM c\nCMD x\n'],
    ['a global ARG default a stage redeclares', 'ARG U=1000\nFROM debian\nARG U\nUSER $U\n', 'ARG U=app\nFROM debian\nARG U\nUSER $U\n'],
    ['a stage whose line starts elsewhere at the same offset', 'FROM a\nRUN x\n  FROM debian\nRUN apt-get install curl\n', 'FROM a\nRUN xy\n FROM debian\nRUN apt-get install curl\n'],
    ['a stage whose FROM is indented less', 'FROM a\nRUN x\n  FROM debian\nRUN apt-get install curl\n', 'FROM a\nRUN x\n FROM debian\nRUN apt-get install curl\n'],
    ['an ignore pragma above a FROM changed to the same length', 'FROM a\n# hadolint ignore=DL3006\nFROM debian\nRUN apt-get install curl\n', 'FROM a\n# hadolint ignore=DL3007\nFROM debian\nRUN apt-get install curl\n'],
    ['an ignore pragma above a FROM naming the rule of a finding on it', 'FROM a\n# hadolint ignore=DL3008\nFROM debian\nRUN apt-get install curl\n', 'FROM a\n# hadolint ignore=DL3006\nFROM debian\nRUN apt-get install curl\n'],
    ['a global ignore pragma changed to the same length', 'FROM a\n# hadolint global ignore=DL3009\nFROM debian\nRUN apt-get install curl\n', 'FROM a\n# hadolint global ignore=DL3008\nFROM debian\nRUN apt-get install curl\n'],
    ['a shell pragma moved past an instruction', 'FROM debian\n# hadolint shell=pwsh\nRUN curl x | sh\nRUN y\n', 'FROM debian\nRUN curl x | sh\n# hadolint shell=pwsh\nRUN y\n'],
  ];
  it.each(cases)('is exact for %s', (_name, before, after) => {
    for (const options of OPTION_SETS) {
      const linter = createLinter(options);
      for (const text of [before, after, before, after]) {
        expect(observable(linter.lint(text))).toEqual(observable(lint(text, options)));
      }
    }
  });

  it('agrees with lint() after random edits of files with more named stages and declared names than it looks up one by one', () => {
    // Past a few dozen names a chunk's words are gathered into a set and looked up there: exactness must hold
    // on both sides of that switch.
    const manyNames = (count: number): string => {
      let text = 'ARG BASE=alpine:3\n';
      for (let i = 0; i < count; i++) {
        const from = i === 0 ? '${BASE}' : i % 3 === 0 ? `s${i - 1}` : 'debian:12';
        text += `FROM ${from} AS s${i}\nARG V${i}=1\nENV E${i}=$V${i}\nRUN echo $E${i - 1} $V${i} && apt-get install curl\n`;
        if (i % 4 === 1) text += `COPY --from=s${Math.floor(i / 2)} /a /b\n`;
        if (i % 5 === 2) text += `RUN --mount=from=s${i - 1},target=/m ls\n`;
      }
      return text;
    };
    const names = fc.constantFrom('s1', 's7', 's33', 'V3', 'E12', '$E40', 'FROM s5 AS s40\n', 'COPY --from=s20 /a /b\n', 'ENV V9=2\n');
    const edits = fc.array(fc.oneof(edit, fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(6), insert: names })), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.constantFrom(40, 70), edits, fc.constantFrom(...OPTION_SETS), (count, steps, options) =>
        checkSession(manyNames(count), steps, options),
      ),
      { numRuns: 30 },
    );
  });

  it('with more stages than it looks up one by one, visits again only the stages that mention a renamed or declared name', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    const file = (rename: string, declare: string): string => {
      let text = '';
      for (let i = 0; i < 50; i++) text += `FROM alpine AS ${i === 10 ? rename : `s${i}`}\nRUN stage ${i}${i === 20 ? ' --from=s10' : ''}${i === 30 ? ' $HOMEDIR' : ''}\n`;
      return `${text}FROM alpine\nENV ${declare}=1\n`;
    };
    linter.lint(file('s10', 'TMP'));
    expect(visited).toHaveLength(50);
    // Stage 10 renamed: it is visited (its text changed), and stage 20, which mentions the name; no other.
    linter.lint(file('t10', 'TMP'));
    expect(visited.slice(50)).toEqual(['stage 10', 'stage 20 --from=s10']);
    // A name only stage 30 mentions is declared elsewhere: that stage alone.
    linter.lint(file('t10', 'HOMEDIR'));
    expect(visited.slice(52)).toEqual(['stage 30 $HOMEDIR']);
  });

  it('does not visit unchanged stages again with stage-local rules', () => {
    const visited: string[] = [];
    const spy: RuleModule = {
      meta: { ...builtinRules[0]!.meta, id: 'spy', locality: 'stage' },
      create: (context) => ({
        RUN(node) {
          visited.push(node.command?.text ?? '');
          if (node.command?.text.includes('bad')) context.report({ message: 'bad', range: node.keywordRange });
        },
      }),
    };
    const linter = createLinter({ rules: [spy] });
    const first = linter.lint('FROM a\nRUN one\nFROM b\nRUN bad two\n');
    expect(visited).toEqual(['one', 'bad two']);
    // The first stage gained a blank line: visited again; the second is replayed one line further down.
    const second = linter.lint('FROM a\n\nRUN one\nFROM b\nRUN bad two\n');
    expect(visited).toEqual(['one', 'bad two', 'one']);
    const third = linter.lint('FROM a\n\nRUN one\nFROM b\nRUN bad two!\n');
    expect(visited).toEqual(['one', 'bad two', 'one', 'bad two!']);
    // Of the text before the first FROM, directives and pragmas are part of every stage's key, a global ARG only
    // of the stages that take its value; plain comments are part of none.
    linter.lint('# top\nFROM a\n\nRUN one\nFROM b\nRUN bad two!\n');
    expect(visited).toHaveLength(4);
    linter.lint('# top\nARG X=1\nFROM a\n\nRUN one\nFROM b\nRUN bad two!\n');
    expect(visited).toHaveLength(4);
    linter.lint('# top\nARG X=1\nFROM a\n\nRUN one\nFROM b\nARG X\nRUN bad $X two!\n');
    expect(visited).toHaveLength(5);
    linter.lint('# top\nARG X=2\nFROM a\n\nRUN one\nFROM b\nARG X\nRUN bad $X two!\n');
    expect(visited).toHaveLength(6);
    linter.lint('# top\n# hadolint shell=bash\nARG X=2\nFROM a\n\nRUN one\nFROM b\nARG X\nRUN bad $X two!\n');
    expect(visited).toHaveLength(8);
    expect([first, second, third].map((result) => result.findings.map((f) => f.range.start.line))).toEqual([[3], [4], [4]]);
  });

  it('replays every stage of the version before last when an edit is taken back', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    const original = 'FROM a\nRUN one\nFROM b\nRUN two\n';
    linter.lint(original);
    expect(visited).toEqual(['one', 'two']);
    // A typo in the second stage, then backspace: the second stage is as it was two versions ago.
    linter.lint('FROM a\nRUN one\nFROM b\nRUN twoo\n');
    expect(visited).toEqual(['one', 'two', 'twoo']);
    const restored = linter.lint(original);
    expect(visited).toEqual(['one', 'two', 'twoo']);
    expect(observable(restored)).toEqual(observable(lint(original, { rules: [spy] })));
    // A terminator line edited makes a heredoc swallow the next stage, so every stage's context changes; taking
    // the edit back replays them all.
    const heredoc = 'FROM a\nRUN <<EOF\none\nEOF\nFROM b\nRUN two\nFROM c\nRUN three\n';
    linter.lint(heredoc);
    visited.length = 0;
    linter.lint(heredoc.replace('one\nEOF', 'one\nEOFX'));
    expect(visited).toHaveLength(1);
    linter.lint(heredoc);
    expect(visited).toHaveLength(1);
    // Versions further back are not kept.
    linter.lint(heredoc.replace('two', 'twice'));
    linter.lint(heredoc.replace('two', 'twine'));
    linter.lint(heredoc.replace('one\nEOF', 'one\nEOFX'));
    expect(visited.slice(3)).toEqual(['<<EOF']);
  });

  it('is exact when an edit taken back brings back instructions that belonged to another stage in between', () => {
    const start = 'FROM ${BASE}\nFROM debian:12 AS build\nENV PATH=/x:$PATH\n';
    // The first FROM made a second one, then taken back, then spoilt: the ENV was walked in three stages.
    const versions = [start, `FROM \${BASE}\n${start.slice(4)}`, start, `a${start}`];
    const linter = createLinter();
    for (const text of versions) expect(observable(linter.lint(text)), JSON.stringify(text)).toEqual(observable(lint(text)));
  });

  it('visits a stage again when a name it mentions is declared or renamed elsewhere, and only then', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    linter.lint('FROM a\nRUN echo $HOMEDIR\nFROM b\nRUN ls\nFROM c\nENV TMP=1\n');
    expect(visited).toEqual(['echo $HOMEDIR', 'ls']);
    // A declaration nobody mentions: no stage is visited again.
    linter.lint('FROM a\nRUN echo $HOMEDIR\nFROM b\nRUN ls\nFROM c\nENV TMPX=1\n');
    expect(visited).toEqual(['echo $HOMEDIR', 'ls']);
    // A declaration of a name the first stage mentions: that stage is visited again.
    linter.lint('FROM a\nRUN echo $HOMEDIR\nFROM b\nRUN ls\nFROM c\nENV HOMEDIR=1\n');
    expect(visited).toEqual(['echo $HOMEDIR', 'ls', 'echo $HOMEDIR']);
  });

  it('is exact when a reference appears in the middle of a stage whose first and last instructions are reused', () => {
    const versions = [
      'FROM alpine\nRUN a\nWORKDIR /x\nRUN b\nFROM b\nENV HOMEDIR=1\n',
      'FROM alpine\nRUN a\nWORKDIR $HOMEDIR\nRUN b\nFROM b\nENV HOMEDIR=1\n',
      'FROM alpine\nRUN a\nWORKDIR $HOMEDIR\nRUN b\nFROM b\nENV HOMEDIRX=1\n',
    ];
    const linter = createLinter();
    for (const text of versions) expect(observable(linter.lint(text))).toEqual(observable(lint(text)));
  });

  it('visits only the stage whose base image changed, and the stages built on it', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    linter.lint('FROM a AS one\nRUN 1\nFROM b AS two\nRUN 2\nFROM two\nRUN 3\n');
    linter.lint('FROM a AS one\nRUN 1\nFROM b:2 AS two\nRUN 2\nFROM two\nRUN 3\n');
    expect(visited).toEqual(['1', '2', '3', '2', '3']);
    // A stage renamed: visited again, with the stages that mention its old or new name.
    linter.lint('FROM a AS one\nRUN 1\nFROM b:2 AS too\nRUN 2\nFROM two\nRUN 3\n');
    expect(visited).toEqual(['1', '2', '3', '2', '3', '2', '3']);
    // A stage named before the first FROM (a global ARG may hold it for \`FROM \${BASE}\`) is mentioned by every
    // stage. (A new linter: this one still knows the middle stage from two versions ago, when nothing named it.)
    const fresh = createLinter({ rules: [spy] });
    fresh.lint('ARG BASE=one\nFROM a AS one\nRUN 1\nFROM b:2 AS too\nRUN 2\nFROM ${BASE}\nRUN 3\n');
    visited.length = 0;
    fresh.lint('ARG BASE=one\nFROM a AS uno\nRUN 1\nFROM b:2 AS too\nRUN 2\nFROM ${BASE}\nRUN 3\n');
    expect(visited).toEqual(['1', '2', '3']);
  });

  it('visits every time the stages of a chain deeper than a chunk context holds, and stays exact', () => {
    const { spy, visited } = runRecorder();
    const chain = (first: string, depth: number): string =>
      [`FROM ${first} AS s0\nRUN 0\n`, ...Array.from({ length: depth }, (_, index) => `FROM s${index} AS s${index + 1}\nRUN ${index + 1}\nCOPY a b\n`)].join('');
    const depth = MAX_CHUNK_ANCESTORS + 3;
    const linter = createLinter({ rules: [spy] });
    linter.lint(chain('alpine', depth));
    visited.length = 0;
    // The first stage's base changed: every stage is built on it, and each is visited again.
    linter.lint(chain('debian', depth));
    expect(visited).toHaveLength(depth + 1);
    visited.length = 0;
    // The last stage changed: of the others, only those built on more stages than a context holds are visited.
    const edited = chain('debian', depth).replace(`RUN ${depth}\n`, `RUN ${depth}!\n`);
    linter.lint(edited);
    expect(visited).toEqual([...Array.from({ length: 2 }, (_, index) => `${MAX_CHUNK_ANCESTORS + 1 + index}`), `${depth}!`]);
    // And the findings of the built-in rules are a full lint's.
    const builtin = createLinter();
    builtin.lint(chain('alpine', depth));
    expect(observable(builtin.lint(edited))).toEqual(observable(lint(edited)));
  });

  it('replays the stages below a stage added or removed, except the last and those naming stages by number', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    const below = 'FROM b AS two\nRUN 2\nFROM c\nCOPY --from=0 / /\nRUN 3\nFROM two\nRUN 4\nFROM d\nRUN 6\n';
    linter.lint(`FROM a\nRUN 1\n${below}`);
    visited.length = 0;
    linter.lint(`FROM a\nRUN 1\nFROM x\nRUN 5\n${below}`);
    expect(visited).toEqual(['5', '3']);
    // The last stage removed: the one before it becomes the last.
    visited.length = 0;
    linter.lint(`FROM a\nRUN 1\nFROM x\nRUN 5\n${below.slice(0, below.indexOf('FROM d'))}`);
    expect(visited).toEqual(['3', '4']);
  });

  it('visits only the stages that take the value of a global ARG that changed, and those it concerns when a name changed', () => {
    const { spy, visited } = runRecorder();
    const linter = createLinter({ rules: [spy] });
    const rest = 'ARG IMG=debian:$V\nFROM $IMG\nRUN 1\nFROM alpine\nRUN 2 $V\nFROM alpine\nARG IMG\nRUN 3\nFROM $IMAGE\nRUN 4\n';
    linter.lint(`ARG V=1\n${rest}`);
    visited.length = 0;
    // IMG's default uses V: the stages that take IMG's value take V's. The second stage only names V, which a
    // stage cannot see without declaring it.
    linter.lint(`ARG V=2\n${rest}`);
    expect(visited).toEqual(['1', '3']);
    visited.length = 0;
    // A name changed: also the stage that names V (no longer declared anywhere) and the one whose FROM refers to
    // an undeclared variable (a rule suggests declared names for it).
    linter.lint(`ARG W=2\n${rest}`);
    expect(visited).toEqual(['1', '2 $V', '3', '4']);
  });

  it('visits a stage again when a global ARG of a name it mentions is declared or goes, though it takes no value from it', () => {
    // DL3066 trusts `USER $VERSION` while an ARG VERSION is declared before the first FROM.
    const linter = createLinter();
    for (const text of [
      'ARG VERSION\nFROM a:1\nUSER $VERSION\nFROM b:1\nARG VERSION\n',
      '# ARG VERSION\nFROM a:1\nUSER $VERSION\nFROM b:1\nARG VERSION\n',
      'ARG VERSION\nFROM a:1\nUSER $VERSION\nFROM b:1\nARG VERSION\n',
    ]) {
      expect(observable(linter.lint(text))).toEqual(observable(lint(text)));
    }
  });

  it('visits a stage again with rules whose messages cite lines only when the stage starts on another line', () => {
    const visited: string[] = [];
    const spy = (id: string, citesLines: boolean): RuleModule => ({
      meta: { ...builtinRules[0]!.meta, id, locality: 'stage', citesLines },
      create: (context) => ({
        RUN(node) {
          visited.push(`${id} ${node.command?.text ?? ''}`);
          context.report({ message: citesLines ? `${id} on line ${node.startLine}` : id, range: node.keywordRange });
        },
      }),
    });
    const options = { rules: [spy('moves', false), spy('cites', true)] };
    const linter = createLinter(options);
    const versions = ['FROM a\nRUN one\nFROM b\nRUN two\n', 'FROM a\nRUN one!\nFROM b\nRUN two\n', 'FROM a\n\nRUN one!\nFROM b\nRUN two\n'];
    const results = versions.map((text) => linter.lint(text));
    expect(visited).toEqual(['moves one', 'cites one', 'moves two', 'cites two', 'moves one!', 'cites one!', 'moves one!', 'cites one!', 'cites two']);
    versions.forEach((text, index) => expect(observable(results[index]!)).toEqual(observable(lint(text, options))));
    expect(results[2]!.findings.map((finding) => finding.message)).toEqual(['cites on line 3', 'moves', 'cites on line 5', 'moves']);
  });

  it('neither replays nor records while a stage-local rule fails to start', () => {
    let failing = false;
    const flaky: RuleModule = {
      meta: { ...builtinRules[0]!.meta, id: 'flaky', locality: 'stage' },
      create: (context) => {
        if (failing) throw new Error('cannot start');
        return { RUN: (node) => context.report({ message: 'run', range: node.keywordRange }) };
      },
    };
    const options = { rules: [flaky, ...builtinRules] };
    const linter = createLinter(options);
    // The second stage is first linted while the rule fails, then again unchanged while it works.
    const texts = ['FROM a\nRUN x\nFROM b\nRUN y\n', 'FROM a\nRUN x\nFROM b\nRUN yy\n', 'FROM a\nRUN x!\nFROM b\nRUN yy\n'];
    for (const [index, text] of texts.entries()) {
      failing = index === 1;
      expect(observable(linter.lint(text))).toEqual(observable(lint(text, options)));
    }
  });

  it('keeps the scopes of a stage whose instructions and inputs are unchanged, and only those', () => {
    const envs: ReadonlyMap<string, string>[][] = [];
    const spy: RuleModule = {
      meta: { ...builtinRules[0]!.meta, id: 'scope-spy' },
      create: () => {
        const seen: ReadonlyMap<string, string>[] = [];
        envs.push(seen);
        return { RUN: (_node, scope) => void seen.push(scope.env) };
      },
    };
    const linter = createLinter({ rules: [spy] });
    const base = 'FROM debian AS a\nENV A=1\nRUN a\nFROM a\nENV B=2\nRUN b\nFROM alpine\nRUN c\n';
    linter.lint(base);
    linter.lint(base.replace('RUN c', 'RUN cc'));
    linter.lint(base.replace('RUN c', 'RUN cc').replace('A=1', 'A=9'));
    const [first, second, third] = envs as [ReadonlyMap<string, string>[], ReadonlyMap<string, string>[], ReadonlyMap<string, string>[]];
    // An edit in the last stage: the first two stages' scopes are those of the last version.
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
    // ENV edited in the first stage: it and the stage built on it are walked again, with the new value.
    expect(third[0]).not.toBe(second[0]);
    expect(third[1]).not.toBe(second[1]);
    expect(third[1]?.get('A')).toBe('9');
    expect(third[2]).toBe(second[2]);
  });

  it('visits every stage again when stage-local rules are not marked so', () => {
    let visits = 0;
    const spy: RuleModule = { meta: { ...builtinRules[0]!.meta, id: 'spy' }, create: () => ({ RUN: () => void visits++ }) };
    const linter = createLinter({ rules: [spy] });
    linter.lint('FROM a\nRUN one\nFROM b\nRUN two\n');
    linter.lint('FROM a\nRUN one\nFROM b\nRUN two!\n');
    expect(visits).toBe(4);
  });

  it('reports afresh what the file hooks of a stage-local rule report, on every lint', () => {
    const linter = createLinter({ rules: [fileHooks] });
    const texts = ['FROM a\nRUN x\nFROM b\nRUN y\n', 'FROM a\nRUN x\nFROM b\nRUN y\nCMD z\n', 'FROM a\nRUN xx\nFROM b\nRUN y\nCMD z\n'];
    const messages = texts.map((text) => linter.lint(text).findings.map((finding) => finding.message));
    expect(messages).toEqual([
      ['first of 2 stages', 'last of 4'],
      ['first of 2 stages', 'last of 5'],
      ['first of 2 stages', 'last of 5'],
    ]);
  });
});
