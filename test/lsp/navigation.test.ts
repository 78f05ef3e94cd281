/** Definition, references, document highlights and rename: one symbol index answers all four. */
import { describe, expect, it } from 'vitest';
import { DocumentHighlightKind, ResponseError, type WorkspaceEdit } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { definition } from '../../src/lsp/definition.js';
import { documentHighlights } from '../../src/lsp/highlights.js';
import { references } from '../../src/lsp/references.js';
import { prepareRename, rename } from '../../src/lsp/rename.js';
import { applyTextEdits } from './protocol-client.js';
import { at, SAMPLE } from './fixture.js';

const uri = 'file:///w/Dockerfile';
const analysis = analyze(SAMPLE);
const line = (n: number, from: number, to: number) => ({ start: { line: n, character: from }, end: { line: n, character: to } });

describe('definition', () => {
  it('goes from stage references to FROM … AS', () => {
    const target = { uri, range: line(2, 14, 19) };
    expect(definition(analysis, uri, at(SAMPLE, 'FROM build', 6))).toEqual(target);
    expect(definition(analysis, uri, at(SAMPLE, '--from=build', 8))).toEqual(target);
    expect(definition(analysis, uri, at(SAMPLE, 'from=test', 6))).toEqual({ uri, range: line(13, 14, 18) });
  });

  it('goes from a variable to the ARG or ENV it reads, through the stages a stage is built on', () => {
    expect(definition(analysis, uri, at(SAMPLE, '$BASE', 1))).toEqual({ uri, range: line(1, 4, 8) });
    expect(definition(analysis, uri, at(SAMPLE, '${VERSION}', 2))).toEqual({ uri, range: line(3, 4, 11) });
    expect(definition(analysis, uri, at(SAMPLE, '$APP_HOME', 1, 1))).toEqual({ uri, range: line(4, 4, 12) });
    expect(definition(analysis, uri, { line: 12, character: 0 })).toBeNull();
  });

  it('finds nothing for a predefined ARG', () => {
    const text = 'FROM --platform=$BUILDPLATFORM alpine\n';
    expect(definition(analyze(text), uri, { line: 0, character: 20 })).toBeNull();
  });
});

describe('references and highlights', () => {
  it('lists every use of a stage, with or without its declaration', () => {
    const all = references(analysis, uri, at(SAMPLE, 'AS build', 4), true).map((l) => l.range);
    expect(all).toEqual([line(2, 14, 19), line(13, 5, 10), line(19, 12, 17)]);
    expect(references(analysis, uri, at(SAMPLE, 'AS build', 4), false)).toHaveLength(2);
  });

  it('highlights declarations as writes and uses as reads', () => {
    const highlights = documentHighlights(analysis, at(SAMPLE, '$APP_HOME', 2));
    expect(highlights).toEqual([
      { range: line(4, 4, 12), kind: DocumentHighlightKind.Write },
      { range: line(6, 9, 17), kind: DocumentHighlightKind.Read },
      { range: line(14, 10, 18), kind: DocumentHighlightKind.Read },
    ]);
  });
});

describe('rename', () => {
  const renamed = (position: { line: number; character: number }, name: string): string => {
    const edit = rename(analysis, uri, position, name) as WorkspaceEdit;
    return applyTextEdits(SAMPLE, edit.changes?.[uri] ?? []);
  };

  it('renames a stage everywhere it is used', () => {
    expect(prepareRename(analysis, at(SAMPLE, 'AS build', 5))).toEqual({ range: line(2, 14, 19), placeholder: 'build' });
    const text = renamed(at(SAMPLE, '--from=build', 8), 'compile');
    expect(text).toContain('FROM $BASE AS compile\n');
    expect(text).toContain('FROM compile AS test\n');
    expect(text).toContain('COPY --from=compile /app /app\n');
    expect(analyze(text).lint.findings.map((f) => f.code)).toEqual(analysis.lint.findings.map((f) => f.code));
  });

  it('renames an ARG and its references', () => {
    const text = renamed(at(SAMPLE, 'VERSION=', 1), 'APP_VERSION');
    expect(text).toContain('ARG APP_VERSION=1.2\n');
    expect(text).toContain('echo ${APP_VERSION}\n');
  });

  it('refuses invalid names, clashes, predefined ARGs and what is not a symbol', () => {
    expect(rename(analysis, uri, at(SAMPLE, 'AS build', 4), '1abc')).toBeInstanceOf(ResponseError);
    expect(rename(analysis, uri, at(SAMPLE, 'AS build', 4), 'TEST')).toBeInstanceOf(ResponseError);
    expect(rename(analysis, uri, at(SAMPLE, 'VERSION=', 1), 'TARGETARCH')).toBeInstanceOf(ResponseError);
    expect(prepareRename(analyze('FROM --platform=$BUILDPLATFORM alpine\n'), { line: 0, character: 20 })).toBeInstanceOf(ResponseError);
    expect(prepareRename(analysis, { line: 12, character: 0 })).toBeInstanceOf(ResponseError);
    // An ENV with no ARG of that name is not renamed (only stages and ARGs are).
    expect(prepareRename(analysis, at(SAMPLE, 'MODE=', 1))).toBeInstanceOf(ResponseError);
  });
});
