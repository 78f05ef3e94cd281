/**
 * The shape of a parsed shell script: a flat list of simple commands, which is what the RUN rules look at.
 * Compound commands (`if`, loops, groups, functions) are not kept as nodes; their inner commands are listed
 * in source order like any other.
 *
 * Every offset is a UTF-16 index into the text given to `parseShell`, `end` exclusive.
 */

/** How the characters of a word part were quoted. `escape` is a backslash outside quotes. */
export type QuoteKind = 'none' | 'single' | 'double' | 'ansi-c' | 'escape';

/**
 * What a word part is: plain text, or an expansion kept as written (`$HOME`, `${A:-b}`, `$(cmd)`, `` `cmd` ``,
 * `$((1+2))`, `<(cmd)`).
 */
export type WordPartKind = 'literal' | 'parameter' | 'command' | 'arithmetic' | 'process';

/**
 * A piece of a word with one kind of quoting. Quote characters belong to no part, so a part's range is the text
 * that produced its value; `''` gives an empty literal part, which is how an explicitly empty word shows.
 */
export interface WordPart {
  readonly kind: WordPartKind;
  readonly quote: QuoteKind;
  /** Literal text with quotes and escapes removed, or the expansion exactly as written. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A shell word: a command name, an argument, an assignment value or a redirect target. */
export interface ShellWord {
  /**
   * The word after quote removal: single quotes are literal, `\` escapes the next character outside quotes and
   * `$ \` " \` and newline inside double quotes, and `\` + newline disappears. Expansions are not performed:
   * they stay in the value as written, so `"$HOME/x"` gives `$HOME/x`.
   */
  readonly value: string;
  /** `text.slice(start, end)`. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  /** Some character was quoted or backslash-escaped, so the value is not a pattern and not a reserved word. */
  readonly quoted: boolean;
  /** The word contains `$VAR`, `${…}`, `$(…)`, backquotes, `$((…))` or `<(…)`: its run-time value is unknown. */
  readonly expansions: boolean;
  /** Present when `parseShell` was asked for them (`{ parts: true }`). */
  readonly parts?: readonly WordPart[];
}

/** The body of a heredoc found in the parsed text. */
export interface HeredocBody {
  /** The lines between the operator's line and the terminator, as written (tabs of `<<-` not removed). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** False when the text ended before the terminator line. */
  readonly terminated: boolean;
}

/** What a `<<` / `<<-` redirect says about its document. */
export interface HeredocInfo {
  /** The delimiter after quote removal. */
  readonly delimiter: string;
  /** Any part of the delimiter was quoted, so the body is not expanded (and its `$(…)` are not parsed). */
  readonly quoted: boolean;
  /** `<<-`: leading tabs are removed from the body lines and the terminator. */
  readonly stripTabs: boolean;
  /** `null` when bodies live outside the parsed text (`externalHeredocs`). */
  readonly body: HeredocBody | null;
}

/** A redirection: `>`, `>>`, `<`, `2>&1`, `&>`, `<<<`, `<<EOF`, … */
export interface Redirect {
  /** The operator: `<`, `>`, `>>`, `>|`, `<>`, `<&`, `>&`, `&>`, `&>>`, `<<`, `<<-` or `<<<`. */
  readonly op: string;
  /** The file descriptor written before the operator (`2` in `2>&1`), or `null`. */
  readonly fd: number | null;
  /** The file, descriptor or heredoc delimiter word; `null` when the text ends or an operator follows. */
  readonly target: ShellWord | null;
  /** Set for `<<` and `<<-`. */
  readonly heredoc: HeredocInfo | null;
  /** From the descriptor (or operator) to the end of the target; a heredoc's body is not included. */
  readonly start: number;
  readonly end: number;
}

/** A variable assignment written before a command name (`A=1 cmd`) or alone (`A=1`). */
export interface Assignment {
  readonly name: string;
  /** The text after `=` (or `+=`); an empty word for `A=`. */
  readonly value: ShellWord;
  /** `A+=x`. */
  readonly append: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * A simple command: assignments, a name, arguments and redirects. `[[ … ]]` is listed as a command named `[[`
 * whose arguments are the words up to `]]`.
 */
export interface SimpleCommand {
  /** The first word after the assignments; `null` for a bare assignment or a redirect-only command. */
  readonly name: ShellWord | null;
  /** The words after the name. Redirects and their targets are not arguments. */
  readonly args: readonly ShellWord[];
  readonly assignments: readonly Assignment[];
  readonly redirects: readonly Redirect[];
  readonly start: number;
  readonly end: number;
  /** Inside `$(…)`, backquotes, `<(…)`, an expanded heredoc body, or the script string of `sh -c '…'`. */
  readonly nested: boolean;
  /**
   * Which pipeline it belongs to: commands joined by `|` share the number, any other command has its own.
   * Numbers are unique within a script and below `ShellScript.pipelineCount`, but not ordered by position.
   */
  readonly pipeline: number;
  /**
   * It, or a compound command around it (`{ a; b; } | c`), is an element of a pipeline of two or more.
   * A command substitution is a boundary: in `a $(b) | c`, `b` is not in a pipe.
   */
  readonly inPipe: boolean;
}

/** What `parseShell` returns. */
export interface ShellScript {
  /** Every simple command, nested ones included, ordered by `start`. */
  readonly commands: readonly SimpleCommand[];
  /**
   * How many pipeline numbers were given out; every `SimpleCommand.pipeline` is below it. Compound commands
   * (`if … fi | x`) and nested texts take numbers too, so it is not the count of distinct `pipeline` values.
   */
  readonly pipelineCount: number;
  /** Some pipeline joins two or more commands with `|` or `|&`, anywhere (nested ones included). */
  readonly hasPipe: boolean;
  /**
   * Some pipeline outside the script strings of `sh -c '…'` and the like (those of command substitutions
   * count): a pipe the shell running this script runs itself, not another shell it starts.
   */
  readonly hasOwnPipe: boolean;
  /**
   * False when the text is not a complete script and the parser had to recover: an unterminated quote,
   * substitution or heredoc, a missing `fi` / `done` / `esac` / `}` / `)`, a stray operator, or nesting deeper
   * than the parser follows. The commands found are still returned.
   */
  readonly complete: boolean;
  /**
   * Like `complete`, for the script itself: a script string of `sh -c '…'` that does not parse is another shell's
   * problem (and is no syntax error of this script), while one in a command substitution is this script's.
   */
  readonly ownComplete: boolean;
}

/** Options of `parseShell`. */
export interface ParseShellOptions {
  /** Fill `ShellWord.parts`. Off by default: rules mostly need `value`, and parts cost time. */
  readonly parts?: boolean;
  /**
   * Parse the script string of `sh -c '…'`, `bash -ec "…"`, `su -c '…'` (also behind `sudo`, `env`, …) and list
   * its commands as nested. Default true.
   */
  readonly shellStrings?: boolean;
  /**
   * Heredoc bodies are not part of the text, as for a Dockerfile `RUN <<EOF …`, whose command line BuildKit
   * hands over without the bodies: bodies are not looked for, and their absence is not an error.
   */
  readonly externalHeredocs?: boolean;
}
