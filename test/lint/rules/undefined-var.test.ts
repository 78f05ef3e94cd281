import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { undefinedVar, variableReferences } from '../../../src/lint/rules/undefined-var.js';
import { testRule } from '../rule-tester.js';

testRule(undefinedVar, {
  valid: [
    // As in BuildKit: EXPOSE is not expanded with reports, nor are the defaults of global ARGs.
    'FROM scratch\nEXPOSE ${P}/tcp',
    'ARG A=$B\nARG B=1\nFROM scratch',
    'FROM scratch\nARG foo\nCOPY Dockerfile${foo} .',
    'FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .',
    'FROM alpine\nRUN echo $PATH',
    // Variables of an outside base image are not near misses of PATH (GOPATH comes with the golang images).
    'FROM golang:1.22-alpine AS build\nWORKDIR $GOPATH/src/app\nFROM build\nENV CACHE=$XPATH',
    // Shell-form and exec-form commands are not expanded by the builder.
    'FROM scratch\nRUN echo $foo\nCMD echo $bar\nENTRYPOINT ["echo", "$baz"]\nHEALTHCHECK CMD echo $x',
    'FROM scratch\nENV PATH=$PATH:/app/bin',
    'FROM scratch\nENV A=1\nENV B=$A',
    'FROM scratch\nARG X=1 Y=$X',
    'FROM scratch\nCOPY \\$HOME \'$HOME\' /',
    'FROM scratch\nLABEL a=\'$NOT_EXPANDED\'',
    // A quoted heredoc is copied as written.
    "FROM scratch\nCOPY <<'EOF' /x\n$HOME\nEOF",
    // Variables a base image from outside this file may define are not judged.
    'FROM python AS base\nARG VERSION=$PYTHON_VERSION',
    'FROM node:20\nWORKDIR $HOME/app\nCOPY --chown=$UID:$GID . .',
    'FROM node:20 AS base\nFROM base\nENV NODE_PATH=$NODE_HOME/lib',
    // Triggers run in another build.
    'FROM scratch\nONBUILD COPY $SRC /',
    'FROM scratch\nARG BUILDKIT_SBOM_SCAN_STAGE\nLABEL x=$BUILDKIT_SBOM_SCAN_CONTEXT',
    // A build argument replaces the default, which is then never expanded.
    { code: 'FROM scratch\nARG A=$UNSET', settings: { buildArgs: { A: 'x' } } },
    'ARG A=1\nARG B=$A-$TARGETARCH\nFROM scratch',
    'FROM scratch\nCOPY ["a", "/b"]',
    // Whether the base image defines it cannot be told from this file.
    'FROM alpine AS base\nARG VERSION=$foo',
  ],
  invalid: [
    {
      // On scratch nothing is inherited: the near miss of PATH is reported with its hint.
      code: 'FROM scratch\nWORKDIR $GOPATH/src',
      errors: [{ message: "Usage of undefined variable '$GOPATH' (did you mean $PATH?)", line: 2, text: '$GOPATH' }],
    },
    {
      // A near miss of a name the file defines still is one.
      code: 'FROM golang:1.22\nARG GOFLAGS=-mod=vendor\nENV F=$GOFLAG',
      errors: [{ message: "Usage of undefined variable '$GOFLAG' (did you mean $GOFLAGS?)", line: 3, text: '$GOFLAG' }],
    },
    {
      code: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n',
      errors: [{ message: "Usage of undefined variable '$foo'", line: 3, text: '$foo' }],
    },
    {
      code: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n',
      errors: [{ message: "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)", line: 6, text: '$DIR_ASSET' }],
    },
    {
      code: '\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n',
      errors: [{ message: "Usage of undefined variable '$PAHT' (did you mean $PATH?)", line: 3, text: '$PAHT' }],
    },
    {
      code: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n',
      errors: [
        { message: "Usage of undefined variable '$foo'", line: 3 },
        { message: "Usage of undefined variable '$bar'", line: 6 },
      ],
    },
    {
      // A default does not make the variable defined: the builder still looks it up.
      code: 'FROM scratch\nENV A=${A:-}',
      errors: [{ text: '${A:-}' }],
    },
    {
      // A global ARG is not visible in a stage until redeclared there.
      code: 'ARG VERSION=1.2\nFROM alpine\nCOPY app-${VERSION}.tar.gz /opt/',
      errors: [{ message: "Usage of undefined variable '$VERSION'", line: 3, text: '${VERSION}' }],
    },
    {
      // ENV expands every pair with the environment from before the instruction.
      code: 'FROM alpine\nENV A=1 B=$A',
      errors: [{ message: "Usage of undefined variable '$A'", text: '$A' }],
    },
    {
      code: 'FROM scratch\nARG Y=$X X=1',
      errors: [{ text: '$X' }],
    },
    {
      code: 'FROM scratch\nCOPY --chown=$USER:$GROUP --chmod=$MODE $SRC "$DEST" /\nADD --checksum=$SUM https://example.com/a /a',
      errors: [
        { text: '$USER' },
        { text: '$GROUP' },
        { text: '$MODE' },
        { text: '$SRC' },
        { text: '$DEST' },
        { text: '$SUM' },
      ],
    },
    {
      code: 'FROM scratch\nWORKDIR $W\nUSER $U:$G\nVOLUME ["/a", "$V"]\nSTOPSIGNAL $S\nLABEL "$K"="x $L"',
      errors: [
        { text: '$W' },
        { text: '$U' },
        { text: '$G' },
        { text: '$V' },
        { text: '$S' },
        { text: '$K' },
        { text: '$L' },
      ],
    },
    {
      code: "FROM scratch\nARG name=x\nCOPY <<EOF /greeting\nhello '$nam' ${name}\nEOF",
      errors: [{ message: "Usage of undefined variable '$nam' (did you mean $name?)", line: 4, text: '$nam' }],
    },
    {
      code: 'FROM scratch\nRUN --mount=type=cache,target=$CACHE,id=${ID} make',
      errors: [{ text: '$CACHE' }, { text: '${ID}' }],
    },
    {
      code: 'FROM scratch\nENV A=${UNSET:-$OTHER}',
      errors: [
        { message: "Usage of undefined variable '$UNSET'", text: '${UNSET:-$OTHER}' },
        { message: "Usage of undefined variable '$OTHER'", text: '$OTHER' },
      ],
    },
    {
      // The platform ARGs must be declared in the stage to be used there.
      code: 'FROM scratch\nCOPY bin/$TARGETARCH/app /app',
      errors: [{ text: '$TARGETARCH' }],
    },
    {
      // With a continuation inside the word, the whole word is the range.
      code: 'FROM scratch\nENV A="x \\\n  $B"',
      errors: [{ message: "Usage of undefined variable '$B'", line: 2, text: '"x \\\n  $B"' }],
    },
    {
      // The hint names only variables with a value: a valueless ARG sets nothing.
      code: 'FROM scratch\nARG DIR_ASSETS\nCOPY $DIR_ASSET .',
      errors: [{ message: "Usage of undefined variable '$DIR_ASSET'" }],
    },
    {
      code: 'FROM alpine\nARG BUILD_VERSION=1\nCOPY app-$BUILD_VERSON /',
      errors: [{ message: "Usage of undefined variable '$BUILD_VERSON' (did you mean $BUILD_VERSION?)" }],
    },
    {
      code: 'FROM scratch\nCOPY $foo $foo /',
      errors: [{ text: '$foo' }, { text: '$foo' }],
    },
  ],
});

describe('variableReferences', () => {
  it('finds references as the builder looks them up', () => {
    expect(variableReferences('a $B ${C:-$D} \\$E \'$F\' "$G" $1 $@', '\\').map((r) => r.name)).toEqual([
      'B',
      'C',
      'D',
      'G',
      '1',
      '@',
    ]);
  });
  it('treats quotes as text in heredoc mode', () => {
    expect(variableReferences("'$A' \"$B\"", '\\', true).map((r) => r.name)).toEqual(['A', 'B']);
  });
  it('keeps single quotes literal inside double quotes', () => {
    expect(variableReferences('"it\'s $A"', '\\').map((r) => [r.name, r.start, r.end])).toEqual([['A', 6, 8]]);
  });
  it('honours a backtick escape character', () => {
    expect(variableReferences('`$A $B', '`').map((r) => r.name)).toEqual(['B']);
  });
  it('gives each nested reference its own span, the outer one first', () => {
    const text = 'x${A:-${B:-$C}}y ${D';
    expect(variableReferences(text, '\\').map((r) => [r.name, text.slice(r.start, r.end)])).toEqual([
      ['A', '${A:-${B:-$C}}'],
      ['B', '${B:-$C}'],
      ['C', '$C'],
      ['D', '${D'],
    ]);
  });
  it('reads references nested deeper than the call stack goes', () => {
    const depth = 50_000;
    const text = '${A:-'.repeat(depth) + '$B' + '}'.repeat(depth);
    const found = variableReferences(text, '\\');
    expect(found).toHaveLength(depth + 1);
    expect(found[0]).toEqual({ name: 'A', start: 0, end: text.length });
    expect(found.at(-1)?.name).toBe('B');
    expect(variableReferences('${'.repeat(depth), '\\').every((reference) => reference.name === '$')).toBe(true);
  });
});

/** The golang image's environment as the engine reports it (`dfkit lint --resolve-images`). */
const GOLANG = { baseImages: { 'golang:1.22': { env: ['PATH=/go/bin:/usr/local/go/bin:/usr/bin:/bin', 'GOLANG_VERSION=1.22.5', 'GOPATH=/go'] } } };

describe('undefined-var with the base image resolved', () => {
  testRule(undefinedVar, {
    valid: [
      { code: 'FROM golang:1.22\nWORKDIR $GOPATH/src/app\nENV V=$GOLANG_VERSION', settings: GOLANG },
      // Stages built on the stage see the image's environment too.
      { code: 'FROM golang:1.22 AS build\nFROM build\nCOPY . $GOPATH/src', settings: GOLANG },
      { code: 'ARG GO=1.22\nFROM golang:${GO}\nWORKDIR $GOPATH', settings: GOLANG },
      // Another image, not resolved, is still judged only for probable mistakes.
      { code: 'FROM golang:1.23\nWORKDIR $APP_HOME', settings: GOLANG },
      // So is an image with ONBUILD triggers, which may set more variables first.
      {
        code: 'FROM golang:1.22\nWORKDIR $APP_HOME',
        settings: { baseImages: { 'golang:1.22': { ...GOLANG.baseImages['golang:1.22'], onbuild: ['ENV APP_HOME=/app'] } } },
      },
      // Only the images resolved count, whatever their names.
      { code: 'FROM constructor\nWORKDIR $APP_HOME', settings: GOLANG },
    ],
    invalid: [
      {
        // Without the image, $APP_HOME could come from it; with it, nothing defines it.
        code: 'FROM golang:1.22\nWORKDIR $GOPATH/src\nCOPY . $APP_HOME',
        settings: GOLANG,
        errors: [{ message: "Usage of undefined variable '$APP_HOME'", line: 3, text: '$APP_HOME' }],
      },
      {
        // The image's names are suggested for a near miss.
        code: 'FROM golang:1.22 AS build\nFROM build\nENV V=$GOLANG_VERSON',
        settings: GOLANG,
        errors: [{ message: "Usage of undefined variable '$GOLANG_VERSON' (did you mean $GOLANG_VERSION?)", line: 3 }],
      },
    ],
  });
  it('stays quiet on $APP_HOME when the image is not resolved', () => {
    const findings = lint('FROM golang:1.22\nCOPY . $APP_HOME', { rules: [undefinedVar] }).findings;
    expect(findings).toEqual([]);
  });
});
