import { endOffsetOf, startOffsetOf, type Range } from '../../parser/source.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

/**
 * The fix that ends the destination with `/`: after it, or before its closing quote when it is quoted (a JSON
 * string, or a shell-form word in quotes, which the builder removes). None when the text ends with the escape
 * character, where an appended character would change what it escapes.
 */
function trailingSlashFix(source: string, range: Range, escapeChar: string): Pick<ReportDescriptor, 'fix'> {
  const start = startOffsetOf(range);
  const end = endOffsetOf(range);
  const raw = source.slice(start, end);
  const last = raw.charAt(raw.length - 1);
  const quoted = raw.length >= 2 && (last === '"' || last === "'") && raw.charAt(0) === last;
  const at = quoted ? end - 1 : end;
  if (source.charAt(at - 1) === escapeChar) return {};
  return { fix: { description: 'End the destination with /', edits: [{ start: at, end: at, text: '/' }] } };
}

/** DL3021: COPY of several sources must go to a directory. */
export const copyMultiSourceDirDest: RuleModule = {
  meta: {
    id: 'copy-multi-source-dir-dest',
    hadolint: 'DL3021',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'COPY with several sources needs a destination ending in /',
      description:
        'Flags a `COPY` with more than one source whose destination does not end with `/`. Destinations ' +
        'written with variables are only known at build time and are not judged.',
      rationale:
        'When several sources are copied the classic builder requires the destination to be a directory, written ' +
        'with a trailing slash, and fails otherwise; BuildKit copies each source onto that one path in turn, so ' +
        'unless it already is a directory only the last file is left. The slash also tells readers that the ' +
        'files keep their names.',
      example: 'FROM node:20\nCOPY package.json package-lock.json /app',
      useInstead: 'FROM node:20\nCOPY package.json package-lock.json /app/',
      fixSafety:
        'Unsafe: appends `/` to the destination (inside its quotes when it is quoted). As written the classic ' +
        'builder fails, while BuildKit copies each source onto the one destination path in turn (when it does not ' +
        'exist as a directory, only the last file is left there); with the slash every source is copied into that ' +
        'directory under its own name, which is what several sources can only mean, but the image changes.',
    },
  },
  create(context) {
    // With a backtick escape character (Windows images) a trailing backslash is a directory separator.
    const separators = context.ast.escapeChar === '`' ? ['/', '\\'] : ['/'];
    return {
      COPY(node, scope) {
        const destination = node.destination;
        // hadolint does not look into ONBUILD triggers for this check.
        if (node.sources.length < 2 || !destination || scope.inOnbuild) return;
        const path = withoutSurrounding(destination.value, `"'`);
        if (path.includes('$') || separators.some((separator) => path.endsWith(separator))) return;
        // A heredoc's word in the destination's place (which the builder refuses) is no path to end with `/`:
        // the slash would change the heredoc's delimiter.
        const start = startOffsetOf(destination.range);
        const heredoc = node.heredocs.some((h) => startOffsetOf(h.wordRange) === start);
        context.report({
          message: 'COPY with more than 2 arguments requires the last argument to end with /',
          range: destination.range,
          ...(heredoc ? {} : trailingSlashFix(context.text, destination.range, context.ast.escapeChar)),
        });
      },
    };
  },
};
