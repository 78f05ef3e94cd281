/**
 * Opt-in wrapping of long shell-form RUN commands at their top-level `&&`, one command a line. The builder keeps
 * the continuation lines' indentation in the command it runs, so wrapping changes the RUN's cache key.
 */

/** Offsets of the `&&` operators of `command` that are not inside quotes, `$(…)`, `(…)` or backquotes. */
export function topLevelAnds(command: string, escapeChar: string): number[] {
  const found: number[] = [];
  let quote: "'" | '"' | '`' | null = null;
  let depth = 0;
  for (let i = 0; i < command.length; i++) {
    const char = command[i];
    if (quote === "'") {
      if (char === "'") quote = null;
      continue;
    }
    if (char === '\\' || char === escapeChar) {
      i++;
      continue;
    }
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === '#' && (i === 0 || /\s/.test(command[i - 1] ?? ''))) break;
    else if (depth === 0 && char === '&' && command[i + 1] === '&') {
      found.push(i);
      i++;
    }
  }
  return found;
}

/**
 * `command` (one physical line) wrapped after each top-level `&&`, or `null` when it fits in `room` columns or has
 * nothing to wrap at.
 */
export function wrapRunChain(command: string, room: number, options: { indent: string; escapeChar: string; eol: string }): string | null {
  if (command.length <= room || command.includes('\n')) return null;
  const ands = topLevelAnds(command, options.escapeChar);
  if (ands.length === 0) return null;
  const parts: string[] = [];
  let start = 0;
  for (const at of ands) {
    parts.push(command.slice(start, at + 2).trim());
    start = at + 2;
  }
  parts.push(command.slice(start).trim());
  if (parts.some((part) => part === '' || part === '&&')) return null;
  return parts.join(` ${options.escapeChar}${options.eol}${options.indent}`);
}
