/**
 * A document with lone `\r` characters, over a real JSON-RPC connection. The protocol ends a line at `\n`,
 * `\r\n` and a lone `\r`; BuildKit, and so the parser and the linter, only at `\n`. Every position the server
 * sends must be where a client, counting lines the protocol's way, puts it, and every position a client sends
 * must be read the same way. The client here is `vscode-languageserver-textdocument`, which counts as editors do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, MarkupContent, Position, Range, SemanticTokens, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatDockerfile } from '../../src/format/index.js';
import { lint } from '../../src/lint/index.js';
import { openedSession, type RawSession } from './raw-session.js';

/**
 * A lone `\r` in a comment (one Dockerfile line, two editor lines), one at the start of an instruction's line
 * (the parser reads it as blank space before `workdir`), and a `\r\n` among them.
 */
const TEXT = ['# built nightly\rby the release job', 'ARG BASE=alpine:3.19', 'FROM $BASE AS build\r', '\rworkdir app', 'RUN echo $BASE', 'copy --from=build /a /b', ''].join('\n');
const uri = 'untitled:Dockerfile-lone-cr';
const client = TextDocument.create(uri, 'dockerfile', 1, TEXT);

/** Where the client puts `[start, end)` of its text. */
const rangeOf = (document: TextDocument, start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
/** The client's range of the `occurrence`-th (0-based) `word` of the text. */
function wordRange(document: TextDocument, word: string, occurrence = 0): Range {
  let at = -1;
  for (let seen = 0; seen <= occurrence; seen++) at = document.getText().indexOf(word, at + 1);
  if (at < 0) throw new Error(`no ${word} in the text`);
  return rangeOf(document, at, at + word.length);
}
const inside = (range: Range, character = 1): Position => ({ line: range.start.line, character: range.start.character + character });

let session: RawSession;
let published: Diagnostic[];

beforeAll(async () => {
  const opened = await openedSession(uri, TEXT);
  session = opened.session;
  published = opened.published.diagnostics;
});
afterAll(() => session.dispose());

describe('a document with lone CRs', () => {
  it('is counted as the client counts it', () => {
    expect(client.lineCount).toBe(9);
    // The `\r\n` ends one line; the lone `\r` after it ends an empty one.
    expect(client.positionAt(TEXT.indexOf('workdir'))).toEqual({ line: 5, character: 0 });
  });

  it('has its diagnostics where the client puts the text they are about', () => {
    const findings = lint(TEXT).findings;
    expect(published.map((diagnostic) => diagnostic.code)).toEqual(findings.map((finding) => finding.code));
    published.forEach((diagnostic, index) => {
      const finding = findings[index] as (typeof findings)[number];
      expect(diagnostic.range).toEqual(rangeOf(client, finding.range.start.offset, finding.range.end.offset));
    });
    expect(published.find((diagnostic) => diagnostic.code === 'DL3000')?.range).toEqual({ start: { line: 5, character: 8 }, end: { line: 5, character: 11 } });
    expect(published.find((diagnostic) => diagnostic.code === 'DL3023')?.range).toEqual(wordRange(client, 'build', 1));
  });

  it('reads hover positions as the client means them, and answers with its ranges and line numbers', async () => {
    const workdir = wordRange(client, 'workdir');
    const keyword = (await session.result('textDocument/hover', { textDocument: { uri }, position: inside(workdir) })) as Hover;
    expect((keyword.contents as MarkupContent).value).toMatch(/^\*\*WORKDIR\*\*/);
    expect(keyword.range).toEqual(workdir);
    // The second editor line of the comment: no instruction there (the parser's second line is the ARG).
    expect(await session.result('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } })).toBeNull();
    // The `$BASE` of the FROM, which reads the global ARG (the stage's RUN does not: the stage does not declare it).
    const reference = (await session.result('textDocument/hover', { textDocument: { uri }, position: inside(wordRange(client, 'BASE', 1)) })) as Hover;
    expect(reference.range).toEqual(wordRange(client, 'BASE', 1));
    expect((reference.contents as MarkupContent).value).toContain(`Declared by ARG on line ${wordRange(client, 'ARG').start.line + 1}.`);
  });

  it('formats with edits that give the formatter output once the client applies them', async () => {
    const options = { tabSize: 4, insertSpaces: true };
    const edits = (await session.result('textDocument/formatting', { textDocument: { uri }, options })) as TextEdit[];
    expect(edits.length).toBeGreaterThan(0);
    expect(TextDocument.applyEdits(client, edits)).toBe(formatDockerfile(TEXT, { indent: 4 }).text);

    // Only the editor line of `workdir`: the `copy` below it is left as it is.
    const line = wordRange(client, 'workdir').start.line;
    const range = { start: { line, character: 0 }, end: { line, character: 3 } };
    const ranged = (await session.result('textDocument/rangeFormatting', { textDocument: { uri }, range, options })) as TextEdit[];
    const formatted = TextDocument.applyEdits(client, ranged);
    expect(formatted).toContain('\nWORKDIR app\n');
    expect(formatted).toContain('\ncopy --from=build /a /b\n');
    expect(formatted.startsWith('# built nightly\rby the release job\n')).toBe(true);
  });

  it('offers code actions for the range the client means, with edits it can apply', async () => {
    const app = wordRange(client, 'app');
    const actions = (await session.result('textDocument/codeAction', { textDocument: { uri }, range: app, context: { diagnostics: [] } })) as CodeAction[];
    const ignore = actions.find((action) => action.title.startsWith('Ignore DL3000 for this line')) as CodeAction;
    expect(ignore.diagnostics?.[0]?.range).toEqual(app);
    const suppressed = TextDocument.applyEdits(client, ignore.edit?.changes?.[uri] ?? []);
    // Above the instruction's Dockerfile line, so that the linter reads the pragma as its own line.
    expect(suppressed).toContain('\r\n# hadolint ignore=DL3000\n\rworkdir app\n');
    expect(lint(suppressed).findings.map((finding) => finding.code)).not.toContain('DL3000');
  });

  it('places symbols, definitions, folds and semantic tokens on the client lines', async () => {
    const textDocument = { textDocument: { uri } };
    const symbols = (await session.result('textDocument/documentSymbol', textDocument)) as DocumentSymbol[];
    const stage = symbols.find((symbol) => symbol.name === 'build') as DocumentSymbol;
    expect(stage.selectionRange).toEqual(wordRange(client, 'build'));
    expect(stage.children?.find((child) => child.name === 'WORKDIR')?.selectionRange).toEqual(wordRange(client, 'workdir'));

    const definition = (await session.result('textDocument/definition', { ...textDocument, position: inside(wordRange(client, 'build', 1)) })) as Location;
    expect(definition.range).toEqual(wordRange(client, 'build'));

    // The comment covers the first two editor lines; the stage runs from FROM to the last line.
    const folds = (await session.result('textDocument/foldingRange', textDocument)) as FoldingRange[];
    expect(folds).toContainEqual({ startLine: 0, endLine: 1, kind: 'comment' });
    expect(folds).toContainEqual({ startLine: wordRange(client, 'FROM').start.line, endLine: wordRange(client, 'copy').start.line, kind: 'region' });

    // Each token lies on one client line and covers text without a line break.
    const { data } = (await session.result('textDocument/semanticTokens/full', textDocument)) as SemanticTokens;
    const tokens: string[] = [];
    for (let index = 0, line = 0, character = 0; index < data.length; index += 5) {
      line += data[index] as number;
      character = data[index] === 0 ? character + (data[index + 1] as number) : (data[index + 1] as number);
      const start = { line, character };
      tokens.push(client.getText({ start, end: { line, character: character + (data[index + 2] as number) } }));
    }
    expect(tokens).toContain('# built nightly');
    expect(tokens).toContain('by the release job');
    expect(tokens).toContain('workdir');
    expect(tokens.filter((token) => /[\r\n]/.test(token))).toEqual([]);
  });

  it('applies incremental changes at the offsets the client means', async () => {
    const edited = TextDocument.create(uri, 'dockerfile', 1, TEXT);
    const changes = [
      // `app` on the editor line after the lone CR that starts it.
      { range: wordRange(edited, 'app'), text: '/app' },
      // The line break of the comment's first editor line, taken out.
      { range: rangeOf(edited, TEXT.indexOf('\r'), TEXT.indexOf('\r') + 1), text: ' ' },
    ];
    for (const change of changes) TextDocument.update(edited, [change], edited.version + 1);
    const insert = { line: wordRange(edited, 'RUN').start.line, character: 0 };
    const added = { range: { start: insert, end: insert }, text: 'env MODE=ci\r' };
    TextDocument.update(edited, [added], edited.version + 1);
    expect(edited.getText()).toContain('# built nightly by the release job\n');

    const changed = session.nextDiagnostics(uri);
    session.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [...changes, added] });
    const diagnostics = (await changed).diagnostics;
    const findings = lint(edited.getText()).findings;
    expect(diagnostics.map((diagnostic) => diagnostic.range)).toEqual(findings.map((finding) => rangeOf(edited, finding.range.start.offset, finding.range.end.offset)));
    expect(diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('DL3000');

    // The server's text is the client's: its formatting edits, applied by the client, give the formatted text.
    const edits = (await session.result('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })) as TextEdit[];
    expect(TextDocument.applyEdits(edited, edits)).toBe(formatDockerfile(edited.getText(), { indent: 4 }).text);
  });
});

/**
 * A CRLF document whose empty continuation line is reported by the linter with a range that runs into its line
 * break: the protocol has no character there, so every range the server sends ends at the line's text.
 */
describe('a range that runs into a CRLF line break', () => {
  const cases: ReadonlyArray<readonly [string, string, Range]> = [
    ['an empty line', 'FROM alpine\r\nRUN echo a && \\\r\n\r\n  echo b\r\n', { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }],
    ['a line of blanks', 'FROM alpine\r\nRUN echo a && \\\r\n  \r\n  echo b\r\n', { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } }],
  ];
  it.each(cases)('ends at the text of %s', async (_name, text, expected) => {
    const crlfUri = 'untitled:Dockerfile-crlf';
    const { session: crlf, published } = await openedSession(crlfUri, text);
    try {
      const diagnostic = published.diagnostics.find((candidate) => candidate.code === 'NoEmptyContinuation');
      expect(diagnostic?.range).toEqual(expected);
      const document = TextDocument.create(crlfUri, 'dockerfile', 1, text);
      for (const { range } of published.diagnostics) {
        expect(range.end.character).toBeLessThanOrEqual(document.getText({ start: { line: range.end.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }).replace(/\r?\n$/, '').length);
      }
    } finally {
      crlf.dispose();
    }
  });
});
