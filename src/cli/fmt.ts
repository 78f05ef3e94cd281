/**
 * `dfkit fmt [paths…|-]`: formats Dockerfiles without changing any step's cache key. Prints the result for one
 * file, checks (`--check`, exit 1 when a file would change) or rewrites files in place (`--write`, into
 * the file itself, as `lint --fix` does: links, owner and permissions stay).
 * A file with parse errors is refused (exit 2) unless `--allow-errors` is given.
 */
import { rewriteHazard } from './rewrite-guard.js';
import { rewriteInPlace } from './rewrite-in-place.js';
import { encodingHazard, readDockerfile } from './read-dockerfile.js';
import { ALL_BUILDERS, formatDockerfile, type CacheBuilder, type FormatOptions, type FormatResult } from '../format/index.js';
import { patchPath, unifiedDiff } from './diff.js';
import { discoverDockerfiles, discoveryMessages, nothingFoundMessage, type FoundFile } from './discover.js';
import { parseCommandLine } from './command-line.js';
import { asksForHelp, CliError, type CommandIO } from './io.js';

const USAGE = `Usage: dfkit fmt [paths…|-] [options]

Formats Dockerfiles (files, directories searched recursively, or - for standard input) without changing
any step's cache key. With one file and no --check/--write, prints the formatted text.

Options:
      --check                  exit 1 and show a diff when a file is not formatted
      --write                  rewrite files in place
      --indent N|align         continuation indentation: N spaces (default 4), or aligned under the
                               first word after the keyword
      --keyword-case CASE      upper, lower or preserve (default upper)
      --keep-cache-keys-of B   builders whose cache keys must not change, comma separated:
                               buildkit, classic, podman (default buildkit,classic; add podman
                               when images are also built with podman)
      --wrap-run-chains        wrap long RUN commands at && (changes their cache keys)
      --line-width N           width for --wrap-run-chains (default 100)
      --indent-shell-continuations
                               re-indent continuation lines inside shell commands (changes cache keys)
      --allow-errors           format around instructions with parse errors (they stay as written)
  -h, --help                   show this help

Exit codes: 0 formatted (or nothing to change), 1 --check found files to format, 2 usage error or a file
that cannot be parsed.
`;

interface Parsed {
  readonly paths: readonly string[];
  readonly check: boolean;
  readonly write: boolean;
  readonly options: FormatOptions;
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new CliError(`--${flag} ${value}: expected a whole number from ${min} to ${max}`);
  return number;
}

function builders(value: string | undefined): readonly CacheBuilder[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '' && name !== 'none');
  for (const name of names) {
    if (!(ALL_BUILDERS as readonly string[]).includes(name)) {
      throw new CliError(`--keep-cache-keys-of ${value}: unknown builder '${name}' (expected ${ALL_BUILDERS.join(', ')} or none)`);
    }
  }
  return names as CacheBuilder[];
}

function parse(argv: readonly string[]): Parsed {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      check: { type: 'boolean' },
      write: { type: 'boolean' },
      indent: { type: 'string' },
      'keyword-case': { type: 'string' },
      'keep-cache-keys-of': { type: 'string' },
      'wrap-run-chains': { type: 'boolean' },
      'line-width': { type: 'string' },
      'indent-shell-continuations': { type: 'boolean' },
      'allow-errors': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const keywordCase = values['keyword-case'];
  if (keywordCase !== undefined && keywordCase !== 'upper' && keywordCase !== 'lower' && keywordCase !== 'preserve') {
    throw new CliError(`--keyword-case ${keywordCase}: expected upper, lower or preserve`);
  }
  if (values.check && values.write) throw new CliError('--check and --write cannot be combined');
  const indent = values.indent === 'align' ? 'align' : wholeNumber('indent', values.indent, 0, 16);
  const lineWidth = wholeNumber('line-width', values['line-width'], 20, 10_000);
  const keep = builders(values['keep-cache-keys-of']);
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    check: values.check ?? false,
    write: values.write ?? false,
    options: {
      ...(indent !== undefined ? { indent } : {}),
      ...(keywordCase !== undefined ? { keywordCase } : {}),
      ...(keep !== undefined ? { keepCacheKeysOf: keep } : {}),
      ...(values['wrap-run-chains'] ? { wrapRunChains: true } : {}),
      ...(lineWidth !== undefined ? { lineWidth } : {}),
      ...(values['indent-shell-continuations'] ? { indentShellContinuations: true } : {}),
      ...(values['allow-errors'] ? { allowErrors: true } : {}),
    },
  };
}

/** `file:line:col: message` for the first parse error, the way editors and CI annotate. */
function refusal(display: string, result: FormatResult): string {
  const first = result.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  const where = first ? `${display}:${first.range.start.line + 1}:${first.range.start.character + 1}` : display;
  const message = first ? first.message : 'parse error';
  return `dfkit: ${where}: cannot format a Dockerfile with parse errors: ${message} (--allow-errors formats the rest)\n`;
}

export async function runFmt(argv: readonly string[], io: CommandIO): Promise<number> {
  if (asksForHelp(argv)) {
    io.stdout(USAGE);
    return 0;
  }
  const args = parse(argv);
  const discovery = await discoverDockerfiles(args.paths, io.cwd);
  const { files } = discovery;
  io.stderr(discoveryMessages(discovery));
  if (discovery.unreadable.length > 0) return 2;
  if (files.length === 0) {
    io.stderr(nothingFoundMessage(args.paths));
    return 2;
  }
  if (!args.check && !args.write && files.length > 1) {
    throw new CliError(`${files.length} Dockerfiles found: use --check or --write to format several files`);
  }

  let refused = false;
  let unformatted: FoundFile[] = [];
  for (const file of files) {
    const stdin = file.path === '-';
    const source = await readDockerfile(io, file.path);
    const text = source.text;
    const result = formatDockerfile(text, args.options);
    if (result.refused) {
      io.stderr(refusal(file.display, result));
      refused = true;
      continue;
    }
    if (args.check) {
      if (result.changed) {
        unformatted = [...unformatted, file];
        io.stdout(unifiedDiff(patchPath(file.display, io.cwd), text, result.text));
      }
    } else if (args.write && !stdin) {
      if (result.changed) {
        const hazard = encodingHazard(source) ?? (await rewriteHazard(file.path, text));
        if (hazard !== null) {
          io.stderr(`dfkit: ${file.display}: not rewritten: ${hazard}\n`);
          refused = true;
          continue;
        }
        await rewriteInPlace(file.path, result.text);
        io.stdout(`formatted ${file.display}\n`);
      }
    } else io.stdout(result.text);
  }
  if (args.check && unformatted.length > 0) {
    for (const file of unformatted) io.stderr(`dfkit: ${file.display}: not formatted\n`);
    io.stderr(`dfkit: ${unformatted.length} of ${files.length} Dockerfile${files.length === 1 ? '' : 's'} would be reformatted (dfkit fmt --write)\n`);
  }
  if (refused) return 2;
  return unformatted.length > 0 ? 1 : 0;
}
