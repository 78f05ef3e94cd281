/**
 * Opt-in re-indentation of the continuation lines inside a shell-form command. The builder keeps those lines'
 * leading white space in the command it runs, so this changes cache keys; it is only done on request.
 */

/**
 * Re-indents every continuation line of `command` (its source text, continuation markers included) to `indent`,
 * except lines that begin inside a quoted string, whose leading white space is part of the string.
 */
export function reindentCommand(command: string, indent: string, escapeChar: string): string {
  const lines = command.split('\n');
  let quote: "'" | '"' | null = null;
  let out = '';
  lines.forEach((line, index) => {
    let current = line;
    if (index > 0) {
      out += '\n';
      const trimmed = current.replace(/^[ \t]+/, '');
      // Skipped lines (comments, blank lines) are not part of the command.
      const skipped = trimmed === '' || trimmed === '\r' || trimmed.startsWith('#');
      if (quote === null && !skipped) current = indent + trimmed;
    }
    out += current;
    quote = quoteStateAfter(current, quote, escapeChar);
  });
  return out;
}

/** Shell quoting state at the end of `line`, starting in `quote`: enough to know where a string spans lines. */
function quoteStateAfter(line: string, start: "'" | '"' | null, escapeChar: string): "'" | '"' | null {
  let quote = start;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote === "'") {
      if (char === "'") quote = null;
    } else if (char === '\\' || char === escapeChar) i++;
    else if (quote === '"') {
      if (char === '"') quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) break;
  }
  return quote;
}
