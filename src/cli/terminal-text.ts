/**
 * Text bound for a terminal, made harmless. A file name or a Dockerfile line may hold control characters
 * (ESC starts a sequence that recolours, moves the cursor or retitles the window; a lone CR overwrites what was
 * printed): the terminal-facing reports show them as `\xNN` instead, as `ls` and git do in their own ways.
 */
import type { FileFindings } from '../lint/formatters/types.js';

/** C0 controls but tab, and DEL. */
const CONTROL = '[\\x00-\\x08\\x0a-\\x1f\\x7f]';
const CONTROLS = new RegExp(CONTROL, 'g');
/** The same, a CRLF pair matched whole so that it can be kept as one line break. */
const CONTROLS_OR_CRLF = new RegExp(`\\r\\n|${CONTROL}`, 'g');

function hex(char: string): string {
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** A name on one line: every control character but tab escaped, newlines too. */
export function escapeName(text: string): string {
  return text.replace(CONTROLS, hex);
}

/** Multi-line text (a Dockerfile, a message): line breaks (`\n`, `\r\n`) kept, every other control escaped. */
export function escapeText(text: string): string {
  return text.replace(CONTROLS_OR_CRLF, (match) => (match === '\r\n' || match === '\n' ? match : hex(match)));
}

/**
 * A file's findings as the `tty` and `gnu` reports should show them. A line holding a control character shows
 * it as four characters, so the caret under a later column on that line is off by three each: the price of
 * never handing the terminal a raw escape.
 */
export function forTerminal(result: FileFindings): FileFindings {
  return {
    file: escapeName(result.file),
    findings: result.findings.map((finding) => ({ ...finding, message: escapeText(finding.message) })),
    ...(result.source !== undefined ? { source: escapeText(result.source) } : {}),
  };
}
