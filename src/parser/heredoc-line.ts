/**
 * Which heredocs an instruction line opens. BuildKit looks for heredocs only on RUN, COPY and ADD (also as an
 * ONBUILD trigger), only when the line contains `<<`, and never in exec (JSON) form.
 */
import { findHeredocWords, type HeredocWord } from './heredoc.js';
import { parseJsonArray, scanFlags, splitKeyword } from './line-syntax.js';

const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

export function heredocWordsOfLine(line: string, escapeChar: string): HeredocWord[] {
  if (line.indexOf('<<') === -1) return [];
  const split = splitKeyword(line);
  let keyword = split.keyword.value.toUpperCase();
  let restStart = split.restStart;
  if (keyword === 'ONBUILD') {
    const triggerStart = scanFlags(line, restStart, split.end, escapeChar).argsStart;
    const trigger = splitKeyword(line, triggerStart, split.end);
    keyword = trigger.keyword.value.toUpperCase();
    restStart = trigger.restStart;
  }
  if (!HEREDOC_INSTRUCTIONS.has(keyword)) return [];
  const argsStart = scanFlags(line, restStart, split.end, escapeChar).argsStart;
  if (parseJsonArray(line, argsStart, split.end).kind === 'strings') return [];
  return findHeredocWords(line);
}

