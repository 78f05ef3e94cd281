/** `dfkit parse <file|->... [--format json|tree]`: the parser's AST and diagnostics. */
import { describeEncoding, parse, type Diagnostic } from '../parser/index.js';
import { formatTree } from './format-tree.js';
import { jsonChunks } from './json-chunks.js';
import { parseCommandLine } from './command-line.js';
import { CliError, type CommandIO } from './io.js';
import { readDockerfile } from './read-dockerfile.js';

const USAGE = 'Usage: dfkit parse <file|->... [--format json|tree]\n';

export async function runParse(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    { format: { type: 'string', short: 'f', default: 'json' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'json' && format !== 'tree') throw new CliError(`unknown format '${format}' (use json or tree)`);
  if (positionals.length === 0) throw new CliError('parse needs a Dockerfile path, or - for standard input');

  let failed = false;
  const results = [];
  for (const file of positionals) {
    const { text, encoding } = await readDockerfile(io, file);
    if (encoding !== 'utf-8') {
      io.stderr(`dfkit: ${file === '-' ? '<stdin>' : file}: encoded as ${describeEncoding(encoding)}; Docker reads Dockerfiles as UTF-8 and will not build it\n`);
    }
    const result = parse(text);
    if (result.diagnostics.some((d) => d.severity === 'error')) failed = true;
    results.push({ file: file === '-' ? '<stdin>' : file, ...result });
  }
  if (format === 'json') {
    const payload = results.length === 1 ? { ast: results[0]?.ast, diagnostics: results[0]?.diagnostics } : results;
    // In pieces, waiting for each to be written: a large file's AST is more JSON than one string can hold.
    for (const chunk of jsonChunks(payload)) {
      io.stdout(chunk);
      await io.drainStdout?.();
    }
    io.stdout('\n');
  } else {
    for (const result of results) io.stdout(formatTree(result.file, result.ast));
  }
  for (const result of results) {
    for (const diagnostic of result.diagnostics) io.stderr(formatDiagnostic(result.file, diagnostic));
  }
  return failed ? 1 : 0;
}

/** `file:line:column: severity: message [code]`, 1-based as editors and compilers print them. */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const { line, character } = diagnostic.range.start;
  return `${file}:${line + 1}:${character + 1}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]\n`;
}
