/** Definition, references, document highlights and rename: one symbol index answers all four. */
import { describe, expect, it } from 'vitest';
import { DocumentHighlightKind, ErrorCodes, ResponseError, type MarkupContent, type WorkspaceEdit } from 'vscode-languageserver';
import { analyze } from '../../src/lsp/analysis.js';
import { definition } from '../../src/lsp/definition.js';
import { documentHighlights } from '../../src/lsp/highlights.js';
import { hover } from '../../src/lsp/hover.js';
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

  it('refuses a new name that the file already declares or reads, which would merge two variables', () => {
    const refusal = (text: string, position: { line: number; character: number }, name: string): string => {
      const result = rename(analyze(text), uri, position, name);
      expect(result).toBeInstanceOf(ResponseError);
      expect((result as ResponseError<void>).code).toBe(ErrorCodes.InvalidParams);
      return (result as ResponseError<void>).message;
    };
    const args = 'ARG A=1\nARG B=2\nFROM alpine\nARG A\nARG B\nRUN echo $A $B\n';
    expect(refusal(args, { line: 0, character: 4 }, 'B')).toBe("a variable named 'B' already exists (ARG on line 2)");
    const env = 'ARG A=1\nFROM alpine\nARG A\nFROM alpine\nENV B=x\n';
    expect(refusal(env, { line: 0, character: 4 }, 'B')).toBe("a variable named 'B' already exists (ENV on line 5)");
    const read = 'ARG A=1\nFROM alpine\nARG A\nRUN echo $A $PATH\n';
    expect(refusal(read, { line: 0, character: 4 }, 'PATH')).toBe("'$PATH' is already read on line 4 (its value may come from the base image): renaming to it would merge the two");
    expect(refusal(args, { line: 0, character: 4 }, 'BUILDOS')).toBe("'BUILDOS' is a name the builder predefines");
    // Its own name, or a new one, is fine.
    expect(rename(analyze(args), uri, { line: 0, character: 4 }, 'A')).not.toBeInstanceOf(ResponseError);
    expect(rename(analyze(args), uri, { line: 0, character: 4 }, 'C')).not.toBeInstanceOf(ResponseError);
  });
});

describe('a stage name used above its FROM … AS', () => {
  // BuildKit reads the stages in order: a FROM sees the stages above it only, so line 0 pulls the image `build`.
  const text = 'FROM build\nRUN true\nFROM alpine AS build\nCOPY --from=build /a /b\n';
  const early = analyze(text);

  it('is the image of that name in a FROM: no definition, highlight, hover or rename as a stage', () => {
    expect(definition(early, uri, { line: 0, character: 5 })).toBeNull();
    expect(documentHighlights(early, { line: 2, character: 16 }).map((h) => h.range)).toEqual([line(2, 15, 20), line(3, 12, 17)]);
    expect(documentHighlights(early, { line: 0, character: 5 })).toEqual([]);
    expect((hover(early, { line: 0, character: 5 })?.contents as MarkupContent).value).toMatch(/^\*\*Image\*\* `build`/);
    const edit = rename(early, uri, { line: 2, character: 16 }, 'compile') as WorkspaceEdit;
    expect(applyTextEdits(text, edit.changes?.[uri] ?? [])).toBe('FROM build\nRUN true\nFROM alpine AS compile\nCOPY --from=compile /a /b\n');
  });

  it('is that stage after --from= and from=, which BuildKit resolves once every stage is read', () => {
    const later = analyze('FROM alpine AS a\nCOPY --from=b /x /x\nRUN --mount=from=b,target=/b ls\nFROM alpine AS b\n');
    expect(definition(later, uri, { line: 1, character: 12 })).toEqual({ uri, range: line(3, 15, 16) });
    expect(definition(later, uri, { line: 2, character: 17 })).toEqual({ uri, range: line(3, 15, 16) });
  });
});

describe('renaming a stage named through variables', () => {
  const refusal = (text: string, position: { line: number; character: number }, name: string): string => {
    const result = rename(analyze(text), uri, position, name);
    expect(result).toBeInstanceOf(ResponseError);
    expect((result as ResponseError<void>).code).toBe(ErrorCodes.InvalidParams);
    return (result as ResponseError<void>).message;
  };

  it('is refused, naming the line, when a reference with variables comes to the old name', () => {
    expect(refusal('ARG X=a\nFROM alpine AS build-a\nFROM build-${X}\n', { line: 1, character: 16 }, 'compile')).toBe(
      "line 3 names this stage through variables ('build-${X}'): rename it by hand",
    );
    const platform = 'FROM alpine AS binaries-linux\nFROM scratch\nCOPY --from=binaries-$TARGETOS /a /b\n';
    expect(refusal(platform, { line: 0, character: 16 }, 'bin')).toBe("line 3 names this stage through variables ('binaries-$TARGETOS'): rename it by hand");
  });

  it('is refused when a reference to an image of the new name would come to the stage', () => {
    expect(refusal('FROM alpine AS a\nFROM tools\n', { line: 0, character: 15 }, 'tools')).toBe(
      "line 2 names the image 'tools': renaming the stage to it would make that line use the stage",
    );
    expect(refusal('ARG V=1\nFROM alpine AS a\nFROM tools-$V\n', { line: 1, character: 15 }, 'tools-1')).toBe(
      "line 3 names the image 'tools-1' ('tools-$V'): renaming the stage to it would make that line use the stage",
    );
  });

  it('goes ahead when no reference is affected: a FROM above the stage, or variables that come to another name', () => {
    for (const text of ['FROM tools\nFROM alpine AS a\n', 'ARG X=b\nFROM alpine AS build-a\nFROM build-${X}\n']) {
      const position = { line: text.split('\n').findIndex((l) => l.includes(' AS ')), character: 16 };
      expect(rename(analyze(text), uri, position, 'tools')).not.toBeInstanceOf(ResponseError);
    }
  });
});
