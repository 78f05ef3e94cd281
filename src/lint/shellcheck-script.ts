/**
 * The script ShellCheck is given for one shell-form RUN, and the way back from its line/column answers to the
 * Dockerfile. The script is what the shell really runs, as BuildKit builds it:
 *
 * - a RUN that is exactly one heredoc runs the heredoc's (tab-chomped) body as the script; a body with its own
 *   `#!` line is executed by that interpreter, so it is checked in that shell, or not at all when ShellCheck
 *   does not know the interpreter;
 * - any other RUN runs its command line followed by each heredoc body and its terminator, which the shell reads
 *   as ordinary here-documents.
 *
 * A `#!` line for the shell and an `export NAME=1` per known variable come first (or right after the body's own
 * `#!` line); an answer about those lines is placed on the command's first line, and an answer past the end of
 * the script (an unclosed `if`) on its last character.
 */
import type { Heredoc, Range, RunInstruction } from '../parser/index.js';
import { programName } from './shell/index.js';

type ShellCommand = NonNullable<RunInstruction['command']>;

/** A stretch of Dockerfile text the script copies lines from. */
interface Piece {
  readonly text: string;
  rangeOf(start: number, end: number): Range;
}

/** Where one script line comes from: its start in a piece, and how many leading tabs chomping dropped. */
interface LineOrigin {
  readonly piece: Piece;
  readonly start: number;
  readonly end: number;
  readonly dropped: number;
}

export interface ShellCheckScript {
  readonly text: string;
  /** The Dockerfile range of a ShellCheck answer's 1-based `line:column` to `endLine:endColumn`. */
  rangeOf(line: number, column: number, endLine: number, endColumn: number): Range;
}

/** Programs hadolint and Windows images use that are not POSIX shells: their RUNs are not shell scripts. */
function isNonPosix(program: string): boolean {
  const name = programName(program).toLowerCase().replace(/\.exe$/, '');
  return name.includes('pwsh') || name.includes('powershell') || name === 'cmd';
}

const SHELLCHECK_SHELLS = new Set(['sh', 'bash', 'dash', 'ksh', 'ash']);

/**
 * The `#!` line that makes ShellCheck read a script in the dialect of `shell` (a SHELL's argv, or the shell a
 * pragma names), or `null` when the shell is not a POSIX shell and its RUNs are not checked. `env bash` and
 * `busybox sh` keep their interpreter, which ShellCheck knows; other unknown shells (zsh, fish…) are handed over
 * as they are, and ShellCheck says it cannot check them (SC1071, SC1008), as in hadolint. A bare name (`bash`,
 * which the builder finds on PATH) goes through `env`: written as `#!bash` ShellCheck would ask for an absolute
 * path (SC2239) about a line that is not in the Dockerfile.
 */
export function shebangFor(shell: readonly string[]): string | null {
  const [program = '/bin/sh', ...rest] = shell;
  const name = programName(program);
  if (name === 'env') {
    const interpreter = rest.find((word) => !word.startsWith('-') && !word.includes('='));
    if (interpreter !== undefined && isNonPosix(interpreter)) return null;
    return interpreter === undefined ? `#!${program}` : `#!${program} ${interpreter}`;
  }
  if (isNonPosix(program)) return null;
  if (name === 'busybox' && (rest[0] === 'sh' || rest[0] === 'ash')) return `#!${program} sh`;
  return name === program ? `#!/usr/bin/env ${program}` : `#!${program}`;
}

/** Whether ShellCheck knows the interpreter of a script's own `#!` line (`#!/bin/bash`, `#!/usr/bin/env sh`). */
function isCheckableShebang(line: string): boolean {
  const words = line.slice(2).trim().split(/\s+/);
  const name = programName(words[0] ?? '');
  if (name === 'env') return SHELLCHECK_SHELLS.has(programName(words.find((w, i) => i > 0 && !w.startsWith('-')) ?? ''));
  if (name === 'busybox') return words[1] === 'sh' || words[1] === 'ash';
  return SHELLCHECK_SHELLS.has(name);
}

/** A RUN that is exactly one heredoc word (`RUN <<EOF`, `RUN <<-"EOF"`): BuildKit runs its body as the script. */
function scriptHeredoc(command: ShellCommand, heredocs: readonly Heredoc[]): Heredoc | null {
  const [only] = heredocs;
  return heredocs.length === 1 && only && /^\d*<<-?\s*\S+$/.test(command.text.trim()) ? only : null;
}

/** Collects script lines and where each came from. */
class ScriptLines {
  readonly lines: string[] = [];
  readonly origins: (LineOrigin | null)[] = [];

  /** Lines with no place of their own in the Dockerfile (the `#!` line and the exports). */
  addHeader(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.origins.push(null);
    }
  }

  /** `piece.text[from, to)` line by line; `chomp` drops each line's leading tabs, as `<<-` does. */
  addPiece(piece: Piece, from = 0, to = piece.text.length, chomp = false): void {
    let start = from;
    while (start < to) {
      const newline = piece.text.indexOf('\n', start);
      const end = newline === -1 || newline >= to ? to : newline;
      const line = piece.text.slice(start, end);
      const kept = chomp ? line.replace(/^\t+/, '') : line;
      this.lines.push(kept);
      this.origins.push({ piece, start, end, dropped: line.length - kept.length });
      start = end + 1;
    }
  }

  /** A line the shell needs (a heredoc terminator) placed at `offset` of `piece`. */
  addLineAt(line: string, piece: Piece, offset: number): void {
    this.lines.push(line);
    this.origins.push({ piece, start: offset, end: offset, dropped: 0 });
  }
}

/**
 * The script for a shell-form RUN checked with `shell`, knowing `names` as set variables; `null` when the RUN
 * is not a script ShellCheck can check (a non-POSIX shell, a heredoc script for another interpreter).
 */
export function shellCheckScriptFor(node: RunInstruction, shell: readonly string[], names: Iterable<string>): ShellCheckScript | null {
  const command = node.command;
  if (!command || command.form !== 'shell' || command.text.trim() === '') return null;
  const exports = [...names].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)).map((n) => `export ${n}=1`);
  const lines = new ScriptLines();
  const script = scriptHeredoc(command, node.heredocs);
  const body = script ? bodyOf(script) : null;
  const chomp = script?.chomp ?? false;
  const firstLineEnd = body ? firstLineEndOf(body.text) : 0;
  const firstLine = body ? body.text.slice(0, firstLineEnd) : '';
  const ownShebang = chomp ? firstLine.replace(/^\t+/, '') : firstLine;
  if (body && ownShebang.startsWith('#!')) {
    if (!isCheckableShebang(ownShebang)) return null;
    lines.addPiece(body, 0, firstLineEnd, chomp);
    lines.addHeader(exports);
    lines.addPiece(body, Math.min(body.text.length, firstLineEnd + 1), body.text.length, chomp);
  } else {
    const shebang = shebangFor(shell);
    if (shebang === null) return null;
    lines.addHeader([shebang, ...exports]);
    if (body) lines.addPiece(body, 0, body.text.length, chomp);
    else {
      lines.addPiece(command);
      for (const heredoc of node.heredocs) {
        const fed = bodyOf(heredoc);
        lines.addPiece(fed);
        lines.addLineAt(heredoc.name, fed, fed.text.length);
      }
    }
  }
  return { text: `${lines.lines.join('\n')}\n`, rangeOf: placeAnswers(lines.origins, command) };
}

/** A heredoc's body as a piece of the script. */
function bodyOf(heredoc: Heredoc): Piece {
  return { text: heredoc.content, rangeOf: (start, end) => heredoc.rangeOf(start, end) };
}

/** Where the first line of `text` ends (its length when it has one line). */
function firstLineEndOf(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}

/** Maps a ShellCheck answer's line/column span back into the Dockerfile through the origins of the script's lines. */
function placeAnswers(origins: readonly (LineOrigin | null)[], command: ShellCommand): ShellCheckScript['rangeOf'] {
  const header = command.rangeOf(0, firstLineEndOf(command.text));
  const last = [...origins].reverse().find((origin) => origin !== null && origin.end > origin.start) ?? null;
  const pastEnd = last ? last.piece.rangeOf(last.end - 1, last.end) : header;
  const point = (line: number, column: number): Range | null => {
    if (line > origins.length) return pastEnd;
    const origin = origins[line - 1];
    if (!origin) return null;
    const offset = Math.min(origin.end, origin.start + origin.dropped + Math.max(0, column - 1));
    return origin.piece.rangeOf(offset, offset);
  };
  return (line, column, endLine, endColumn) => {
    const start = point(line, column);
    if (start === null) return header;
    if (start === pastEnd) return pastEnd;
    const end = point(endLine, endColumn);
    return end === null || end === pastEnd || end.end.offset < start.start.offset ? start : { start: start.start, end: end.end };
  };
}
