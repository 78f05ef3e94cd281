import { positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { hadolintCommands } from './apt-get-assume-yes.js';

/** A `pip install`: the command as pip sees it (after `python -m pip`) and its `install` word. */
export interface PipInstall {
  readonly cmd: SimpleCommand;
  readonly install: ShellWord;
}

/** Options of `pip install` followed by a value. */
const WITH_VALUE: readonly string[] = [
  '-b', '--build', '-c', '--constraint', '-e', '--editable', '-f', '--find-links', '-i', '--index-url',
  '--extra-index-url', '--abi', '--implementation', '--no-binary', '--only-binary', '--platform', '--prefix',
  '--progress-bar', '--proxy', '--python-version', '--root', '--src', '-t', '--target', '--trusted-host',
  '--upgrade-strategy', '-r', '--requirement', '--cache-dir', '--log', '--timeout', '--retries', '--cert',
  '--client-cert', '--exists-action', '--root-user-action', '--python',
];

/**
 * `pip install …` (any program whose name, as written, starts with `pip`, `pipenv` excepted, and has an
 * `install` argument) or `python… -m pip install …`, else `null`. `pipx` counts only with `pipx: true`.
 */
export function pipInstall(original: SimpleCommand, options: { readonly pipx?: boolean } = {}): PipInstall | null {
  if (original.name === null) return null;
  const name = original.name.value;
  const args = original.args;
  if (name.startsWith('python')) {
    const m = args.findIndex((a, i) => a.value === '-m' && args[i + 1]?.value === 'pip' && args[i + 2]?.value === 'install');
    if (m === -1) return null;
    return { cmd: { ...original, name: args[m + 1] as ShellWord, args: args.slice(m + 2) }, install: args[m + 2] as ShellWord };
  }
  if (!name.startsWith('pip') || name.startsWith('pipenv')) return null;
  if (options.pipx !== true && name.includes('pipx')) return null;
  const at = args.findIndex((a) => a.value === 'install');
  if (at === -1) return null;
  return { cmd: { ...original, args: args.slice(at) }, install: args[at] as ShellWord };
}

/** The programs looked at for `pip install`, by name as written: `pip…` and `python…` (`python -m pip`). */
export function isPipName(name: string): boolean {
  return name.startsWith('pip') || name.startsWith('python');
}

const VCS = /^(?:git|hg|svn|bzr)(?:\+[a-z-]+)?:/;
const VERSION_SYMBOLS: readonly string[] = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];

function pinned(spec: string): boolean {
  if (VERSION_SYMBOLS.some((s) => spec.includes(s))) return true;
  if (VCS.test(spec)) return spec.replace(/^[a-z+-]+:\/\//, '').includes('@');
  // Built archives and paths name one exact artifact.
  return spec.endsWith('.whl') || spec.endsWith('.tar.gz') || spec.includes('/');
}

export const pipPinnedVersions: RuleModule = {
  meta: {
    id: 'pip-pinned-versions',
    hadolint: 'DL3013',
    severity: 'warning',
    category: 'reproducibility',
    locality: 'stage',
    docs: {
      summary: 'Pin versions in pip install',
      description:
        'Flags each package of `pip install` (also `python -m pip install`) given without a version specifier ' +
        '(`==`, `>=`, `~=`, `!=`, …). Installs from a requirements file (`-r`), with a constraints file (`-c`), ' +
        'of the local project (`.`), of a path, a wheel or sdist file, or of a VCS URL with `@ref` are left alone.',
      rationale:
        'An unpinned package resolves to whatever is newest when the layer is built, so two builds of the same ' +
        'Dockerfile can install different code, and a new release can break a build that did not change.',
      example: 'FROM python:3.12\nRUN pip install --no-cache-dir flask',
      useInstead: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3',
    },
  },
  create(context) {
    return {
      RUN(node) {
        for (const { script: run, cmd: original } of hadolintCommands(node, isPipName)) {
          // hadolint counts `pipx install` as a pip install here (but not for the cache rule).
          const found = pipInstall(original, { pipx: true });
          if (found === null) continue;
          const { cmd } = found;
          const values = cmd.args.map((a) => a.value);
          if (values.some((v) => v === '-r' || v === '--requirement' || v === '.' || v === '-c' || v === '--constraint' || v.startsWith('--constraint='))) continue;
          for (const pkg of positionalArgs(cmd, WITH_VALUE).slice(1)) {
            if (pinned(pkg.value)) continue;
            context.report({
              message:
                'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` ' +
                'or `pip install --requirement <requirements file>`',
              range: run.rangeOf(pkg.start, pkg.end),
            });
          }
        }
      },
    };
  },
};
