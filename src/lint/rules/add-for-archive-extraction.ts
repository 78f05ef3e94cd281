import type { CopySource, Word } from '../../parser/index.js';
import { runScripts } from '../run-script.js';
import { basename, commandsNamed, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

/**
 * The suffixes of archives ADD unpacks (tar, optionally compressed), compared case-sensitively as hadolint does
 * (`.Z` is compress). zstd is included because the builder unpacks it like the others; a `.zip` is not, since ADD
 * would copy it unopened.
 */
const ARCHIVE_SUFFIXES = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz', '.zst', '.tzst'];

function isArchive(path: string): boolean {
  const unquoted = withoutSurrounding(path, `"'`);
  return ARCHIVE_SUFFIXES.some((suffix) => unquoted.endsWith(suffix));
}

/** The file name an archive path ends with, for POSIX and Windows paths (`C:\\src\\app.tgz`) alike. */
function archiveName(path: string): string {
  // A quoted destination with a space is split into several words, so quotes are dropped one by one.
  const unquoted = path.replace(/^["']|["']$/g, '');
  return unquoted.split(/[\\/]/).pop() ?? unquoted;
}

const EXTRACTORS = ['tar', 'unzip', 'gunzip', 'bunzip2', 'unxz', 'unzstd', 'unlzma', 'uncompress', 'zcat', 'gzcat', 'zgz', 'gzip', 'bzip2', 'xz', 'zstd'];

/** Whether the command unpacks its operands. */
function extracts(cmd: SimpleCommand): boolean {
  const name = cmd.name === null ? '' : basename(cmd.name.value);
  const args = cmd.args.map((a) => a.value);
  switch (name) {
    case 'tar': {
      // `tar xzf a.tgz` takes its first word as options even without a dash.
      const first = args[0] ?? '';
      if (/^[A-Za-z]+$/.test(first) && first.includes('x')) return true;
      return args.some((a) => a === '--extract' || a === '--get' || /^-[A-Za-z]*x/.test(a));
    }
    case 'unzip':
    case 'gunzip':
    case 'bunzip2':
    case 'unxz':
    case 'unzstd':
    case 'unlzma':
    case 'uncompress':
    case 'zcat':
    case 'gzcat':
    case 'zgz':
      return true;
    case 'gzip':
    case 'bzip2':
    case 'xz':
    case 'zstd':
      return args.some((a) => a === '--decompress' || /^-[A-Za-z]*d/.test(a));
    default:
      return false;
  }
}

export const addForArchiveExtraction: RuleModule = {
  meta: {
    id: 'add-for-archive-extraction',
    hadolint: 'DL3010',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    docs: {
      summary: 'Use ADD to extract a local archive',
      description:
        'Flags a local archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.zst`, …) copied with `COPY` and then ' +
        'unpacked by a later `RUN` of the same stage (tar -x, gunzip, xz -d, …).',
      rationale:
        'The copied archive stays in the COPY layer even when the RUN deletes it, so the image carries the ' +
        'files twice. ADD unpacks a local tar archive in one step and keeps only the extracted files.',
      example: 'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt',
      useInstead: 'FROM debian:12\nADD app.tar.gz /opt/',
    },
  },
  create(context) {
    let copied = new Map<string, CopySource | Word>();
    const reported = new Set<CopySource | Word>();
    return {
      Stage() {
        copied = new Map();
      },
      COPY(node, scope) {
        if (scope.inOnbuild || node.options.from !== null) return;
        const destination = node.destination;
        // A copy to an archive file name gives the copy that name; only the destination is looked for then.
        if (destination && isArchive(destination.value)) {
          copied.set(archiveName(destination.value), destination);
          return;
        }
        for (const source of node.sources) {
          if (source.heredoc !== null || !isArchive(source.value)) continue;
          copied.set(archiveName(source.value), source);
        }
      },
      RUN(node, scope) {
        if (scope.inOnbuild || copied.size === 0) return;
        for (const run of runScripts(node)) {
          for (const cmd of commandsNamed(run.script, EXTRACTORS, { unwrap: true })) {
            if (!extracts(cmd)) continue;
            for (const arg of cmd.args) {
              const source = copied.get(archiveName(arg.value));
              if (source === undefined || reported.has(source)) continue;
              reported.add(source);
              context.report({ message: 'Use `ADD` for extracting archives into an image', range: source.range });
            }
          }
        }
      },
    };
  },
};
