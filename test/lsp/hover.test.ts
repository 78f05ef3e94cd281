import { describe, expect, it } from 'vitest';
import type { MarkupContent } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { definition } from '../../src/lsp/definition.js';
import { hover, stepAt } from '../../src/lsp/hover.js';
import { contextFromFiles, hostPlatform, memoryHasher, plan } from '../../src/planner/index.js';
import { at, SAMPLE } from './fixture.js';

const analysis = analyze(SAMPLE);
const valueOf = (position: { line: number; character: number }, planned?: Parameters<typeof hover>[2]): string =>
  ((hover(analysis, position, planned)?.contents as MarkupContent | undefined)?.value ?? '');

describe('hover', () => {
  it('documents instructions and flags, and mount options', () => {
    expect(valueOf(at(SAMPLE, 'WORKDIR', 2))).toMatch(/^\*\*WORKDIR\*\* — Sets the working directory/);
    expect(valueOf(at(SAMPLE, '--from=build', 3))).toMatch(/^\*\*COPY --from=<stage\|image\|context>\*\*/);
    expect(valueOf(at(SAMPLE, 'target=/root', 2))).toMatch(/^\*\*--mount target\*\*/);
    expect(hover(analysis, { line: 12, character: 0 })).toBeNull();
  });

  it('shows the parts of a FROM image reference', () => {
    const value = valueOf(at(SAMPLE, 'alpine:3.19', 1));
    expect(value).toContain('| repository | `alpine` |');
    expect(value).toContain('| tag | `3.19` |');
    expect(value).toContain('| full name | `docker.io/library/alpine:3.19` |');
    expect(value).toContain('| registry | `docker.io` (Docker Hub, implied) |');
    expect(value).toContain('| digest | — |');
    // Prose about a missing tag holds code, not the other way round (nested backticks break the Markdown).
    expect((hover(analyze('FROM alpine\n'), { line: 0, character: 6 })?.contents as MarkupContent).value).toContain('| tag | none: `latest` is used |');
    const withDigest = analyze(`FROM ghcr.io/org/app:1.2@sha256:${'a'.repeat(64)}\n`);
    const digestValue = (hover(withDigest, { line: 0, character: 8 })?.contents as MarkupContent).value;
    expect(digestValue).toContain('| registry | `ghcr.io` |');
    expect(digestValue).toContain(`| digest | \`sha256:${'a'.repeat(64)}\` |`);
  });

  it('resolves ARG and ENV references to their value at that point', () => {
    expect(valueOf(at(SAMPLE, '$BASE', 1))).toContain('Value here: `node:20`');
    expect(valueOf(at(SAMPLE, '${VERSION}', 3))).toContain('Value here: `1.2`');
    // Inherited from the stage `test` is built on.
    expect(valueOf(at(SAMPLE, '$APP_HOME', 1, 1))).toContain('Value here: `/app`');
    expect(valueOf(at(SAMPLE, '$MODE', 1))).toContain('Value here: `prod`');
  });

  it('names the stage under a stage reference', () => {
    expect(valueOf(at(SAMPLE, '--from=build', 8))).toContain('**stage** `build` (stage 0, line 3)');
  });

  it('shows the planner key and what makes a COPY miss', async () => {
    const text = 'FROM alpine:3.19\nWORKDIR /app\nCOPY package.json ./\nRUN echo hi\n';
    const context = contextFromFiles({ 'package.json': '{}', Dockerfile: text });
    const planned = await plan(text, { context, hasher: memoryHasher(context) });
    const copy = analyze(text);
    const value = (hover(copy, { line: 2, character: 1 }, planned)?.contents as MarkupContent).value;
    const step = stepAt(planned, 3);
    expect(step?.key).toMatch(/^sha256:/);
    expect(value).toContain(`**Cache key** \`${(step?.key as string).slice(0, 19)}…\``);
    expect(value).toContain('`package.json` changed; it is copied by `COPY package.json ./` on line 3');
    expect(value).toContain('the working directory changed (now `/app`)');
    // Without a plan, only the documentation.
    expect((hover(copy, { line: 2, character: 1 })?.contents as MarkupContent).value).not.toContain('Cache key');
  });

  it("gives FROM's platform ARGs the values of a build on this machine", () => {
    const text = 'FROM --platform=$BUILDPLATFORM alpine AS build\nFROM alpine:$TARGETARCH\n';
    const value = (position: { line: number; character: number }) => (hover(analyze(text), position)?.contents as MarkupContent).value;
    const machine = hostPlatform();
    const arch = machine.split('/')[1] as string;
    expect(value({ line: 0, character: 20 })).toBe(`**\`$BUILDPLATFORM\`**\n\nValue here: \`${machine}\` (automatic platform ARG, for a ${machine} build on this machine)`);
    expect(value({ line: 1, character: 16 })).toBe(`**\`$TARGETARCH\`**\n\nValue here: \`${arch}\` (automatic platform ARG, for a ${machine} build on this machine)`);
  });

  it('reads a variable as BuildKit does: ENV before ARG, and only ENV through FROM <stage>', () => {
    const hoverAt = (text: string, position: { line: number; character: number }): string => (hover(analyze(text), position)?.contents as MarkupContent).value;
    const envFirst = 'FROM alpine\nENV V=env\nARG V=arg\nRUN echo $V\n';
    expect(hoverAt(envFirst, { line: 3, character: 10 })).toBe('**`$V`**\n\nValue here: `env`\n\nDeclared by ENV on line 2.');
    expect(definition(analyze(envFirst), 'file:///w/Dockerfile', { line: 3, character: 10 })?.range.start).toEqual({ line: 1, character: 4 });
    // The ARG of `base` is not inherited, and the global one is not declared in this stage: no declaration applies.
    const inherited = 'ARG V=1\nFROM alpine AS base\nARG V=2\nFROM base\nRUN echo $V\n';
    expect(hoverAt(inherited, { line: 4, character: 10 })).toBe('**`$V`**\n\nA global ARG that this stage does not declare: it is empty here (add `ARG V` to the stage).');
    expect(definition(analyze(inherited), 'file:///w/Dockerfile', { line: 4, character: 10 })).toBeNull();
    // ENV is inherited.
    const env = 'FROM alpine AS base\nENV V=2\nFROM base\nRUN echo $V\n';
    expect(hoverAt(env, { line: 3, character: 10 })).toBe('**`$V`**\n\nValue here: `2`\n\nDeclared by ENV on line 2.');
  });

  it('shows a value that reads what the base image sets as written, not as if the image set nothing', () => {
    const text = 'FROM alpine\nENV PATH=/x:$PATH\nENV TOOLS=$PATH\nRUN echo $PATH $TOOLS\n';
    const hoverAt = (position: { line: number; character: number }): string => (hover(analyze(text), position)?.contents as MarkupContent).value;
    const unknown = 'which depends on what the base image sets for `$PATH` (unknown here)';
    expect(hoverAt({ line: 3, character: 11 })).toBe(`**\`$PATH\`**\n\nValue here: \`/x:$PATH\`, ${unknown}\n\nDeclared by ENV on line 2.`);
    expect(hoverAt({ line: 1, character: 5 })).toBe(`**ENV** \`PATH\`\n\nValue here: \`/x:$PATH\`, ${unknown}`);
    expect(hoverAt({ line: 3, character: 17 })).toBe(`**\`$TOOLS\`**\n\nValue here: \`$PATH\`, ${unknown}\n\nDeclared by ENV on line 3.`);
    // A value built from what the file sets is shown expanded.
    expect((hover(analyze('FROM alpine\nARG A=1\nENV B=x$A\nRUN echo $B\n'), { line: 3, character: 10 })?.contents as MarkupContent).value).toContain('Value here: `x1`');
  });
});
