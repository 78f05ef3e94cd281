import { hasFlag, positionalArgs, type SimpleCommand } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import {
  APT_GET_OPTIONS_WITH_VALUE,
  aptGetInstallWord,
  insertAfter,
  hadolintCommands,
  wordRange,
} from './apt-get-assume-yes.js';

/**
 * Packages that commonly stop working without what they only recommend: the TLS clients, whose certificate
 * store (`ca-certificates`) comes as a recommendation of their libraries, and pip, whose compilers do.
 */
const NEEDS_CERTIFICATES: ReadonlySet<string> = new Set(['curl', 'wget', 'git', 'subversion', 'mercurial']);
const NEEDS_COMPILERS: ReadonlySet<string> = new Set(['python3-pip', 'python-pip']);

/** A package named through a variable, a substitution, a glob or a regular expression: which it is is not known. */
const UNKNOWN_NAME = /[*?[\]^$]/;

/**
 * Whether leaving out recommendations may break what the install is for (see the sets above), or the packages
 * are not written out (`$PKGS`, `$(cat list)`, `^curl$`) so that cannot be told.
 */
function dropsNeededRecommends(cmd: SimpleCommand): boolean {
  const operands = positionalArgs(cmd, APT_GET_OPTIONS_WITH_VALUE);
  if (operands.some((word) => word.expansions || UNKNOWN_NAME.test(word.value))) return true;
  // `curl=7.88.1-10`, `curl:amd64`, `curl/bookworm`: the package name comes first.
  const names = operands.map((word) => word.value.split(/[=:/]/)[0] as string);
  if (names.some((name) => NEEDS_COMPILERS.has(name))) return true;
  return names.some((name) => NEEDS_CERTIFICATES.has(name)) && !names.includes('ca-certificates');
}

/** `-o APT::Install-Recommends=false` (or `=0`), also glued to `-o` or given as `--option=`. */
const RECOMMENDS_OFF = /APT::Install-Recommends=(?:false|0|no|off)$/i;

export const aptGetNoInstallRecommends: RuleModule = {
  meta: {
    id: 'apt-get-no-install-recommends',
    hadolint: 'DL3015',
    severity: 'info',
    category: 'performance',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Pass `--no-install-recommends` to `apt-get install`',
      description:
        'Flags `apt-get install` in a RUN (ONBUILD triggers included) without `--no-install-recommends` or ' +
        '`-o APT::Install-Recommends=false`. A simulated install (`-s`, `--simulate`, `--just-print`, ' +
        '`--dry-run`, `--recon`, `--no-act`) installs nothing and is left alone. The finding points at `install`.',
      rationale:
        'By default apt-get also installs every package the requested ones merely recommend: documentation, ' +
        'optional helpers, sometimes whole toolchains. They make the image larger and add attack surface without ' +
        'being needed to run the software.',
      example: 'FROM debian:12\nRUN apt-get install -y curl',
      useInstead: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl',
      fixSafety:
        'Inserts ` --no-install-recommends` after `install`. The requested packages and their hard dependencies ' +
        'are still installed; only optional recommended packages are left out. Safe for most lists, but unsafe ' +
        'when it installs `curl`, `wget`, `git`, `subversion` or `mercurial` without `ca-certificates` (their ' +
        'TLS libraries only recommend the certificate store, so https downloads fail without it: add ' +
        '`ca-certificates` to the list), or `python3-pip` (which recommends the compilers `pip install` builds ' +
        'packages with), and when the packages are not written out (a variable, a command substitution, a glob ' +
        'or a regular expression). It is not offered for exec form or when the word is split by a line continuation.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, 'apt-get')) {
          const install = aptGetInstallWord(cmd);
          if (install === null) continue;
          if (hasFlag(cmd, ['--no-install-recommends'], APT_GET_OPTIONS_WITH_VALUE)) continue;
          if (cmd.args.some((word) => RECOMMENDS_OFF.test(word.value))) continue;
          const insertion = insertAfter(context.text, script, install, ' --no-install-recommends', 'Add --no-install-recommends');
          const fix = insertion && dropsNeededRecommends(cmd) ? { ...insertion, safety: 'unsafe' as const } : insertion;
          context.report({
            message: 'Avoid additional packages by specifying `--no-install-recommends`',
            range: wordRange(script, install),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
