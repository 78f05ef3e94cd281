import { expandWord, type CopySource, type EscapeChar } from '../../parser/index.js';
import type { Env } from '../../parser/expand.js';
import { endOffsetOf, startOffsetOf, type Range } from '../../parser/source.js';
import { valuesInScope } from '../scope.js';
import type { ReportDescriptor, RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

/**
 * Suffixes of the archives ADD unpacks (tar, optionally compressed). zstd is included because the builder
 * detects it like the others.
 */
const ARCHIVE_SUFFIXES = [
  '.tar',
  '.z',
  '.bz2',
  '.gz',
  '.lz',
  '.lzma',
  '.tz',
  '.tb2',
  '.tbz',
  '.tbz2',
  '.tgz',
  '.tlz',
  '.tpz',
  '.txz',
  '.xz',
  '.zst',
  '.tzst',
];

/**
 * Remote sources: what ADD can fetch and COPY cannot. BuildKit takes any scp-style `user@host:path` for a git
 * repository, not only `git@…`.
 */
const REMOTE = /^(?:https?:\/\/|git:\/\/|ssh:\/\/|[\w.-]+@[\w.-]+:(?!\/\/))/i;

/**
 * Whether ADD does something COPY cannot for this source: fetch it or unpack it. A source written with
 * variables is judged by its value when every variable in it has a known value here (an ARG's default, an ENV).
 */
function needsAdd(source: CopySource, values: Env, escapeChar: EscapeChar): boolean {
  if (source.heredoc) return false;
  let path = withoutSurrounding(source.value, `"'`);
  if (path.includes('$')) {
    const expanded = expandWord(source.value, values, { escapeChar });
    // A variable without a value may hold a URL; what it holds is only known at build time.
    if (!expanded.ok || expanded.unmatched.size > 0) return true;
    path = withoutSurrounding(expanded.value, `"'`);
  }
  if (REMOTE.test(path)) return true;
  const lower = path.toLowerCase();
  return ARCHIVE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Flags ADD has and COPY does not. */
const ADD_ONLY_FLAGS: ReadonlySet<string> = new Set(['checksum', 'keep-git-dir', 'unpack']);

/** `ADD` → `COPY` in the keyword's own letter case (`add` → `copy`). */
function keywordFix(source: string, range: Range): ReportDescriptor['fix'] {
  const start = startOffsetOf(range);
  const end = endOffsetOf(range);
  const keyword = source.slice(start, end);
  if (keyword.toUpperCase() !== 'ADD') return undefined;
  const text = keyword === 'add' ? 'copy' : 'COPY';
  return { description: 'Use COPY', edits: [{ start, end, text }] };
}

/** DL3020: ADD only for URLs and archives. */
export const copyOverAdd: RuleModule = {
  meta: {
    id: 'copy-over-add',
    hadolint: 'DL3020',
    severity: 'error',
    category: 'maintainability',
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Use COPY instead of ADD for files and folders',
      description:
        'Flags an `ADD` with a source that is a plain local file, directory or inline heredoc: neither a URL ' +
        '(http, https, git) nor a tar archive (`.tar`, `.tar.gz`, `.tgz`, `.xz`, `.zst`…). Sources written ' +
        'with variables are judged by their values where the ARG defaults and ENVs in scope give them all, and ' +
        'are otherwise given the benefit of the doubt.',
      rationale:
        '`ADD` fetches URLs and unpacks local tar archives, and decides the latter by looking at the file. ' +
        'For ordinary files it does the same as `COPY` but leaves readers wondering which of its extra ' +
        'behaviours is intended, and a file that happens to be an archive gets unpacked by surprise. `COPY` ' +
        'says exactly what happens.',
      example: 'FROM alpine:3.19\nADD app.py /srv/',
      useInstead: 'FROM alpine:3.19\nCOPY app.py /srv/',
      fixSafety:
        'Replaces the keyword `ADD` with `COPY` (in the same letter case), only when no source is a URL, an ' +
        'archive by its name or written with a variable, and no flag is one COPY lacks (`--checksum`, ' +
        '`--keep-git-dir`, `--unpack`). Unsafe because ADD recognises a local tar archive by its content: a ' +
        'file that is an archive under another name is unpacked by ADD and copied as it is by COPY.',
    },
  },
  create(context) {
    return {
      ADD(node, scope) {
        // hadolint does not look into ONBUILD triggers for this check.
        if (scope.inOnbuild) return;
        const values = node.sources.some((source) => source.value.includes('$')) ? valuesInScope(scope) : {};
        const needed = (source: CopySource): boolean => needsAdd(source, values, context.ast.escapeChar);
        if (node.sources.length === 0 || node.sources.every(needed)) return;
        // COPY does the same only when no source needs ADD or is written with a variable (a build may give it
        // another value), and no flag is ADD's alone.
        const addOnly =
          node.sources.some((source) => needed(source) || source.value.includes('$')) ||
          node.flags.some((flag) => ADD_ONLY_FLAGS.has(flag.name));
        const fix = addOnly ? undefined : keywordFix(context.text, node.keywordRange);
        context.report({
          message: 'Use COPY instead of ADD for files and folders',
          range: node.keywordRange,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
};
