import { runScripts } from '../run-script.js';
import { basename, positionalArgs, type ShellWord, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';

/** A `pip install`: the command as pip sees it (after `python -m pip`) and its `install` word. */
export interface PipInstall {
  readonly cmd: SimpleCommand;
  readonly install: ShellWord;
}

const PIP = /^pip[0-9.]*$/;
const PIPX = /^pipx[0-9.]*$/;
const PYTHON = /^python[0-9.]*$/;

/** Options of `pip install` followed by a value. */
const WITH_VALUE: readonly string[] = [
  '-b', '--build', '-c', '--constraint', '-e', '--editable', '-f', '--find-links', '-i', '--index-url',
  '--extra-index-url', '--abi', '--implementation', '--no-binary', '--only-binary', '--platform', '--prefix',
  '--progress-bar', '--proxy', '--python-version', '--root', '--src', '-t', '--target', '--trusted-host',
  '--upgrade-strategy', '-r', '--requirement', '--cache-dir', '--log', '--timeout', '--retries', '--cert',
  '--client-cert', '--exists-action', '--root-user-action', '--python',
];

/**
 * `pip install …`, `pip3.12 install …` or `python -m pip install …`, else `null`; with `pipx`, also
 * `pipx install …` (which installs a package too, but keeps no pip cache).
 */
export function pipInstall(original: SimpleCommand, options: { readonly pipx?: boolean } = {}): PipInstall | null {
  if (original.name === null) return null;
  const name = basename(original.name.value);
  let cmd = original;
  if (PYTHON.test(name)) {
    const m = original.args.findIndex((a) => a.value === '-m');
    const module = original.args[m + 1];
    if (m === -1 || module === undefined || module.value !== 'pip') return null;
    cmd = { ...original, name: module, args: original.args.slice(m + 2) };
  } else if (!PIP.test(name) && !(options.pipx === true && PIPX.test(name))) {
    return null;
  }
  const install = positionalArgs(cmd, WITH_VALUE)[0];
  return install?.value === 'install' ? { cmd, install } : null;
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
        for (const run of runScripts(node)) {
          for (const original of run.script.commands) {
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
                  'or `pip install --requirement <requirements file>`.',
                range: run.rangeOf(pkg.start, pkg.end),
              });
            }
          }
        }
      },
    };
  },
};
