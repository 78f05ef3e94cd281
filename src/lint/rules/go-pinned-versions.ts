import { positionalArgs } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands } from './apt-get-assume-yes.js';

/** Build flags of the go command that take the next word. */
const WITH_VALUE: readonly string[] = [
  '-C', '-o', '-p', '-tags', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-mod', '-modfile', '-pkgdir',
  '-overlay', '-buildmode', '-compiler', '-installsuffix', '-toolexec', '-exec', '-pgo', '-covermode', '-coverpkg',
];

function isLocal(path: string): boolean {
  return path.startsWith('.') || path.startsWith('/') || path.endsWith('.go');
}

/** A module path starts with a domain (`github.com/…`); anything else is local, standard library or a file. */
function isRemote(path: string): boolean {
  if (isLocal(path)) return false;
  const first = path.split('@')[0]?.split('/')[0] ?? '';
  return first.includes('.');
}

function pinned(path: string): boolean {
  const at = path.lastIndexOf('@');
  if (at === -1) return false;
  const version = path.slice(at + 1);
  return version !== '' && version !== 'latest' && version !== 'none';
}

export const goPinnedVersions: RuleModule = {
  meta: {
    id: 'go-pinned-versions',
    hadolint: 'DL3062',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin versions in go install, go get and go run',
      description:
        'Flags a remote package of `go install`, `go get` or `go run` given without `@version`, or with ' +
        '`@latest` or `@none`. For `go install` and `go run` a remote package is one whose path starts with a ' +
        'domain; for `go get` any word that is not local. Local paths and files, values of build flags ' +
        '(`-tags netgo`), the arguments after the package of `go run`, and the `tool` pattern are left alone.',
      rationale:
        'Without a fixed version the go command resolves the newest release when the layer is built, so ' +
        'rebuilding the same Dockerfile can install different code.',
      example: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest',
      useInstead: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const { script: run, cmd } of hadolintCommands(node, 'go')) {
          const operands = positionalArgs(cmd, WITH_VALUE);
          const sub = operands[0]?.value;
          if (sub !== 'install' && sub !== 'get' && sub !== 'run') continue;
          // What follows the package of `go run` are the program's own arguments.
          const packages = sub === 'run' ? operands.slice(1, 2) : operands.slice(1);
          for (const pkg of packages) {
            // `tool` stands for the tools the main module records (Go 1.24): their versions live in go.mod.
            if (sub !== 'run' && pkg.value === 'tool') continue;
            // `go get` only ever fetches modules (`go get -tool foo`), so any non-local word is one.
            const remote = sub === 'get' ? !isLocal(pkg.value) : isRemote(pkg.value);
            if (pkg.expansions || !remote || pinned(pkg.value)) continue;
            context.report({
              message: 'Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`',
              range: run.rangeOf(pkg.start, pkg.end),
            });
          }
        }
      },
    };
  },
};
