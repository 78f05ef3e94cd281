/**
 * Semantic tokens (full document): keywords, flags, strings, variables, comments, directives, stage names,
 * images, label keys and ports. Tokens that sit inside others (a `$VAR` in a flag value or a heredoc body)
 * cut the outer token, so the result never overlaps; multi-line tokens are split per line, because clients
 * need not support tokens spanning lines.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend, type SemanticTokensOptions } from 'vscode-languageserver';
import type { Instruction } from '../parser/index.js';
import type { Analysis } from './analysis.js';

export const TOKEN_TYPES = ['keyword', 'parameter', 'string', 'variable', 'comment', 'namespace', 'macro', 'type', 'property', 'number'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** The capability as advertised. */
export function semanticTokensCapability(): SemanticTokensOptions {
  return { legend: LEGEND, full: true, range: true };
}

/** A token by offsets, before it is split into lines. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly modifiers?: readonly TokenModifier[];
}

/** Instructions whose use BuildKit warns about. */
const DEPRECATED = new Set(['MAINTAINER']);

/** Every token of a document in source order, not overlapping, by offsets (multi-line ones not yet split). */
export function documentTokens(analysis: Analysis): Token[] {
  const { ast } = analysis;
  const outer: Token[] = [];
  const inner: Token[] = [];

  for (const directive of ast.directives) {
    inner.push({ start: directive.nameRange.start.offset, end: directive.nameRange.end.offset, type: 'macro' });
    outer.push({ start: directive.valueRange.start.offset, end: directive.valueRange.end.offset, type: 'string' });
  }
  for (const comment of ast.comments) inner.push({ start: comment.range.start.offset, end: comment.range.end.offset, type: 'comment' });

  const visit = (instruction: Instruction): void => {
    inner.push({
      start: instruction.keywordRange.start.offset,
      end: instruction.keywordRange.end.offset,
      type: 'keyword',
      ...(DEPRECATED.has(instruction.name) ? { modifiers: ['deprecated'] as const } : {}),
    });
    for (const flag of instruction.flags) {
      inner.push({ start: flag.range.start.offset, end: flag.nameRange.end.offset, type: 'parameter' });
      if (flag.valueRange) outer.push({ start: flag.valueRange.start.offset, end: flag.valueRange.end.offset, type: 'string' });
    }
    for (const heredoc of instruction.heredocs) {
      inner.push({ start: heredoc.wordRange.start.offset, end: heredoc.wordRange.end.offset, type: 'keyword' });
      outer.push({ start: heredoc.bodyRange.start.offset, end: heredoc.bodyRange.end.offset, type: 'string' });
      if (heredoc.terminatorRange) {
        inner.push({ start: heredoc.terminatorRange.start.offset, end: heredoc.terminatorRange.end.offset, type: 'keyword' });
      }
    }
    switch (instruction.kind) {
      case 'FROM': {
        const image = instruction.image;
        if (image) outer.push({ start: image.range.start.offset, end: image.range.end.offset, type: 'type' });
        const as = instruction.args[1];
        if (as && as.value.toLowerCase() === 'as') inner.push({ start: as.range.start.offset, end: as.range.end.offset, type: 'keyword' });
        break;
      }
      case 'LABEL':
        for (const pair of instruction.pairs) {
          inner.push({ start: pair.key.range.start.offset, end: pair.key.range.end.offset, type: 'property' });
          outer.push({ start: pair.value.range.start.offset, end: pair.value.range.end.offset, type: 'string' });
        }
        break;
      case 'ENV':
        for (const pair of instruction.pairs) outer.push({ start: pair.value.range.start.offset, end: pair.value.range.end.offset, type: 'string' });
        break;
      case 'ARG':
        for (const declaration of instruction.declarations) {
          const value = declaration.defaultValue;
          if (value) outer.push({ start: value.range.start.offset, end: value.range.end.offset, type: 'string' });
        }
        break;
      case 'EXPOSE':
        for (const port of instruction.ports) {
          inner.push({ start: port.raw.range.start.offset, end: port.raw.range.end.offset, type: port.start === null ? 'string' : 'number' });
        }
        break;
      case 'HEALTHCHECK':
        if (instruction.mode) inner.push({ start: instruction.mode.range.start.offset, end: instruction.mode.range.end.offset, type: 'keyword' });
        break;
      case 'ONBUILD':
        if (instruction.trigger) visit(instruction.trigger);
        break;
      default:
        break;
    }
    if ('command' in instruction && instruction.command?.form === 'exec') {
      for (const arg of instruction.command.args) outer.push({ start: arg.range.start.offset, end: arg.range.end.offset, type: 'string' });
    }
  };
  for (const instruction of ast.instructions) visit(instruction);

  for (const occurrence of analysis.symbols.occurrences) {
    inner.push({
      start: occurrence.start,
      end: occurrence.end,
      type: occurrence.kind === 'stage' ? 'namespace' : 'variable',
      ...(occurrence.declaredBy ? { modifiers: ['declaration'] as const } : {}),
    });
  }
  return layer(outer, inner);
}

/**
 * Merges two layers: inner tokens win where they overlap outer ones (an outer token is cut around them), and
 * among inner tokens the first to start wins.
 */
function layer(outer: Token[], inner: Token[]): Token[] {
  const byStart = (a: Token, b: Token): number => a.start - b.start || b.end - a.end;
  inner.sort(byStart);
  const kept: Token[] = [];
  let reach = -1;
  for (const token of inner) {
    if (token.end <= token.start || token.start < reach) continue;
    kept.push(token);
    reach = token.end;
  }
  outer.sort(byStart);
  const result: Token[] = [...kept];
  let cursor = 0;
  let outerReach = -1;
  for (const token of outer) {
    if (token.end <= token.start || token.start < outerReach) continue;
    outerReach = token.end;
    while (cursor < kept.length && (kept[cursor] as Token).end <= token.start) cursor++;
    let from = token.start;
    for (let index = cursor; index < kept.length && (kept[index] as Token).start < token.end; index++) {
      const cut = kept[index] as Token;
      if (cut.start > from) result.push({ ...token, start: from, end: cut.start });
      from = Math.max(from, cut.end);
    }
    if (from < token.end) result.push({ ...token, start: from, end: token.end });
  }
  return result.sort(byStart);
}

/**
 * The encoded tokens of a document, or of the lines `range` covers (an editor asks for the visible part of a
 * large file first): a token that crosses the range's edge is cut to the lines inside it.
 */
export function semanticTokens(analysis: Analysis, range?: { readonly start: { readonly line: number }; readonly end: { readonly line: number } }): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const { lines } = analysis;
  const firstLine = range ? Math.max(0, range.start.line) : 0;
  const lastLine = range ? range.end.line : Number.POSITIVE_INFINITY;
  for (const token of documentTokens(analysis)) {
    const modifiers = (token.modifiers ?? []).reduce((bits, modifier) => bits | (1 << TOKEN_MODIFIERS.indexOf(modifier)), 0);
    const type = TOKEN_TYPES.indexOf(token.type);
    let line = lines.lineOf(token.start);
    let start = token.start;
    while (start < token.end) {
      // The part of the token on this line, its line break left out.
      const end = Math.min(token.end, lines.lineEnd(line));
      if (end > start && line >= firstLine && line <= lastLine) builder.push(line, start - lines.lineStart(line), end - start, type, modifiers);
      line++;
      start = line < lines.lineCount ? lines.lineStart(line) : token.end;
    }
  }
  return builder.build();
}
