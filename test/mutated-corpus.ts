/**
 * Real Dockerfiles (the bundled examples and BuildKit's parser vectors) and a fast-check arbitrary that mutates
 * them: fragments inserted where they are least expected (continuations, quotes, heredoc markers, unusual
 * spaces, JSON brackets), spans deleted, duplicated or case-flipped, lines swapped, and line endings or the
 * escape directive changed. Such inputs found defects that tidy generated files never reached.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';

/** Every `Dockerfile` of the examples and BuildKit's parser vectors. */
export function corpus(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'Dockerfile') files.push(readFileSync(path, 'utf8'));
    }
  };
  walk(resolve(__dirname, '../examples'));
  walk(resolve(__dirname, '../../shared/conformance/buildkit/parser'));
  return files;
}

const FRAGMENTS = [
  '\\', '\\\n', '\\ \n', '`', '"', "'", '$', '${', '}', '${A:-x}', '$(', ')', '\n', '\r\n', '\t', ' ', '#', '# ',
  '<<EOF\n', '<<-EOF\n', 'EOF\n', "<<'EOF'\n", '=', '[', ']', '["a", "b"]', '\u00a0', '\u2003', '\u000b', '\ufeff',
  '&&', '||', ';', '|', '--mount=type=cache,target=/root/.npm ', '--from=0 ', '--chown=1:1 ', '--link ',
  'AS x', 'FROM ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'LABEL ', 'ONBUILD ', 'VOLUME ', 'EXPOSE ', 'USER ',
  '# escape=`\n', '# check=skip=all\n', 'apt-get install -y curl', 'npm install', 'sh -c "apt-get install z"', 'é',
];

type Edit =
  | { readonly kind: 'insert'; readonly at: number; readonly fragment: string }
  | { readonly kind: 'delete' | 'duplicate' | 'upper' | 'lower'; readonly at: number; readonly length: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), fragment: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'upper' as const, 'lower' as const), at: fc.nat(), length: fc.nat(40) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);

function apply(text: string, change: Edit): string {
  const at = change.at % (text.length + 1);
  switch (change.kind) {
    case 'insert':
      return text.slice(0, at) + change.fragment + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'duplicate':
      return text.slice(0, at + change.length) + text.slice(at, at + change.length) + text.slice(at + change.length);
    case 'upper':
    case 'lower': {
      const span = text.slice(at, at + change.length);
      return text.slice(0, at) + (change.kind === 'upper' ? span.toUpperCase() : span.toLowerCase()) + text.slice(at + change.length);
    }
    case 'swap': {
      const lines = text.split('\n');
      const [a, b] = [change.at % lines.length, change.other % lines.length];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
  }
}

/** A file of `files` with one to four edits, sometimes with CRLF line endings or a backtick escape directive. */
export function mutatedDockerfile(files: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom('as is', 'crlf', 'backtick'))
    .map(([file, edits, variant]) => {
      let text = variant === 'crlf' ? file.replace(/\r?\n/g, '\r\n') : variant === 'backtick' ? `# escape=\`\n${file}` : file;
      for (const change of edits) text = apply(text, change);
      return text;
    });
}
