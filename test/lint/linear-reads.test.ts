/**
 * Texts the linter reads with scans instead of the regular expressions that once read them (quadratic on long
 * runs): each decides as its expression did, and reads a long text whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pragmaLines } from '../../src/lint/chunk-prelude.js';
import { builtinRules, lint } from '../../src/lint/index.js';
import { GEMSPEC_LINE, hasLocalSwiftPackage, withoutComment } from '../../src/lint/install-manifests.js';
import { headThenTailInStep, headWithoutInStep, yarnInstall } from '../../src/lint/install-patterns.js';
import { shellPragmaOf } from '../../src/lint/pragmas.js';

const texts = (...pieces: string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((parts) => parts.join(''));
const agree = <T>(arbitrary: fc.Arbitrary<string>, ours: (text: string) => T, theirs: (text: string) => T) =>
  fc.assert(
    fc.property(arbitrary, (text) => {
      expect(ours(text)).toEqual(theirs(text));
    }),
    { numRuns: 3000 },
  );

describe('linear reads', () => {
  it('pragma-like lines, as /^[ \\t\\ufeff]*#[^\\n=]*=[^\\n]*(?:\\n|$)/gm finds them', () => {
    const pattern = /^[ \t\ufeff]*#[^\n=]*=[^\n]*(?:\n|$)/gm;
    agree(texts('#', '=', ' ', '\t', '\ufeff', '\n', '\r', '\u2028', 'a', 'RUN x'), pragmaLines, (text) => (text.match(pattern) ?? []).join(''));
  });

  it('shell pragmas, as /^#\\s*hadolint\\s+shell\\s*=\\s*([^\\s#]\\S*)\\s*(?:#.*)?$/ reads them', () => {
    const pattern = /^#\s*hadolint\s+shell\s*=\s*([^\s#]\S*)\s*(?:#.*)?$/;
    const pragma = fc.tuple(fc.constantFrom('# hadolint shell=', '#hadolint  shell = ', '# hadolint shell', ''), texts('#', ' ', '\t', 'bash', '/', 'x', '\r', '\u2028', '=', 'y'));
    agree(pragma.map(([head, rest]) => head + rest), shellPragmaOf, (text) => pattern.exec(text.trim())?.[1] ?? null);
  });

  it('install steps read on past the program, as the expressions with [^&|;]* between did', () => {
    const cases = [
      [/\bpip3?\s+install\b/, /\s(?:-r|--requirement)[=\s]+\S+/, /\bpip3?\s+install\b[^&|;]*\s(?:-r|--requirement)[=\s]+\S+/, ['pip', 'pip3', ' install', 'install', '-r', '--requirement', '=', 'r.txt']],
      [/\bmvnw?\b/, /\sdependency:(?:go-offline|resolve)\b/, /\bmvnw?\b[^&|;]*\sdependency:(?:go-offline|resolve)\b/, ['mvn', 'mvnw', 'dependency:', 'resolve', 'go-offline', 'x']],
      [/\bgradlew?\b/, /\s(?:dependencies|--write-locks)\b/, /\bgradlew?\b[^&|;]*\s(?:dependencies|--write-locks)\b/, ['gradle', 'gradlew', 'dependencies', '--write-locks', 's']],
    ] as const;
    for (const [head, tail, whole, words] of cases) {
      const pattern = headThenTailInStep(head, tail);
      agree(texts(...words, ' ', '\t', '&', '&&', '|', ';', '-', 'a', '\n'), (text) => pattern.test(text), (text) => whole.test(text));
    }
  });

  it('installs without an option in their step, as the expressions with (?![^&|;]*…) after them would read them', () => {
    const pattern = headWithoutInStep(/\b(?:(?:dart|flutter)\s+)?pub\s+get\b/, /\s--offline\b/);
    const whole = /\b(?:(?:dart|flutter)\s+)?pub\s+get\b(?![^&|;]*\s--offline\b)/;
    agree(texts('dart', 'flutter', 'pub', ' get', 'get', ' --offline', '--offline', ' ', '&', '&&', '|', ';', 'x', '\n'), (text) => pattern.test(text), (text) => whole.test(text));
  });

  it('local Swift packages, as /\\.package\\s*\\([^)]*\\bpath\\s*:/ finds them', () => {
    const whole = /\.package\s*\([^)]*\bpath\s*:/;
    agree(texts('.package(', '.package (', '.target(', 'path:', 'path :', 'xpath:', ')', '(', ' ', 'url: "x"', '\n'), hasLocalSwiftPackage, (text) => whole.test(text));
  });

  it('yarn installs, as /\\byarn(?:\\s+install)?\\s*(?:--[a-z-]+(?![a-z-])\\s*)*(?:$|&&|;|\\|)/ finds them', () => {
    const pattern = /\byarn(?:\s+install)?\s*(?:--[a-z-]+(?![a-z-])\s*)*(?:$|&&|;|\|)/;
    agree(texts('yarn', ' ', '\t', 'install', '--', '-', 'frozen-lockfile', 'a', '&&', '&', ';', '|', 'x', '1', '\n'), (text) => yarnInstall.test(text), (text) => pattern.test(text));
  });

  it('Gemfile gemspec lines and requirements comments, as the expressions read them', () => {
    agree(texts('gemspec', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', 'x', '#'), (text) => GEMSPEC_LINE.test(text), (text) => /^\s*gemspec\b/m.test(text));
    agree(texts('#', ' ', '\t', '\r', '\u2028', 'a', '-r', 'b.txt'), withoutComment, (text) => text.replace(/(?:^|\s)#.*$/, ''));
  });

  it('reads RUNs of a hundred thousand characters that the expressions read in seconds', () => {
    const installs = builtinRules.filter((rule) => rule.meta.id === 'dependency-install-order');
    // Continued every few words: a line of BuildKit's holds at most 65,535 characters.
    const long = (word: string, count: number) => Array.from({ length: count / 100 }, () => word.repeat(100)).join('\\\n');
    for (const [command, install] of <[string, string][]>[
      [long('mvn ', 25_000), 'mvn dependency:go-offline'],
      [long('gradle ', 15_000), 'gradle dependencies'],
      [long('pip install ', 9_000), 'pip install -r requirements.txt'],
      [`yarn ${long('--yarn', 20_000)} 1`, 'yarn install'],
      [long('pub get --offline ', 5_000), 'dart pub get'],
      [long('conda create ', 7_000), 'conda env create -f environment.yml'],
      [long('cpanm ', 15_000), 'cpanm --installdeps .'],
    ]) {
      const ids = (run: string) => lint(`FROM node\nCOPY . .\nRUN ${run}\n`, { rules: installs }).findings.map((finding) => finding.ruleId);
      expect(ids(command)).toEqual([]);
      expect(ids(`${command} && ${install}`)).toEqual(['dependency-install-order']);
    }
    // Cache mount targets ending in a long run of slashes are still the package managers' cache folders.
    const slashes = '/'.repeat(40_000);
    const ruleIds = (text: string) => lint(text).findings.map((finding) => finding.ruleId);
    expect(ruleIds(`FROM a\nRUN --mount=type=cache,target=/var/cache/apt${slashes} apt-get install -y x\n`)).not.toContain('package-cache-mount');
    expect(ruleIds(`FROM a\nRUN --mount=type=cache,target=/root/.cache/pip${slashes} pip install x\n`)).not.toContain('pip-no-cache-dir');
    // A Package.swift of unclosed `.package(`: each is read once.
    expect(hasLocalSwiftPackage(`${'.package(url: "x", '.repeat(50_000)}path: "../x"`)).toBe(true);
    expect(hasLocalSwiftPackage('.package(url: "x", '.repeat(50_000))).toBe(false);
    // Many heredocs on one RUN: whether each is a script is decided once for the RUN.
    const heredocs = lint(`FROM a\nRUN ${'<<a '.repeat(20_000)}\n`);
    expect(heredocs.findings.map((finding) => finding.code)).not.toContain('DL3004');
  });
});
