/** The shapes every report formatter shares. */
import type { Finding, RuleMeta } from '../types.js';

/** The findings of one linted file. */
export interface FileFindings {
  /** The path as the user gave it (`-` for stdin). */
  readonly file: string;
  readonly findings: readonly Finding[];
  /** The file's text; formats that quote code or describe fixes by line use it when present. */
  readonly source?: string;
}

export interface FormatOptions {
  /** Plain text only (`--no-color`, `NO_COLOR`); only `tty` colours anything. */
  readonly noColor?: boolean;
  /**
   * Replaces every file name in the checkstyle, codeclimate, gitlab_codeclimate, sonarqube(_mqr) and junit reports
   * (hadolint's `--file-path-in-report`, for runs inside a container whose paths differ from the repository's).
   */
  readonly filePathInReport?: string;
  /** Rule metadata keyed by finding code, for the formats that describe rules (sarif, sonarqube_mqr, codeclimate). */
  readonly rules?: ReadonlyMap<string, RuleMeta>;
  /** dfkit's version, written where a format names the tool's version (sarif). */
  readonly toolVersion?: string;
  /**
   * Where a finding is placed. `hadolint` (the default of hadolint's own formats: json, checkstyle, codeclimate,
   * gitlab_codeclimate, gnu, codacy, sonarqube(_mqr), junit) reports the instruction's first line and column 1, as
   * hadolint does, so that reports and baselines stay comparable; `exact` reports the token's own range (the
   * default of tty, sarif and github). Parse errors always carry their real position.
   */
  readonly positions?: PositionStyle;
}

export type PositionStyle = 'hadolint' | 'exact';

/** Renders the findings of a whole run as one report. */
export type Formatter = (results: readonly FileFindings[], options?: FormatOptions) => string;

/** hadolint's format names, plus `github` (workflow commands) and `sonarqube_mqr` (SonarQube 10.3+). */
export const FORMAT_NAMES = [
  'tty',
  'json',
  'checkstyle',
  'codeclimate',
  'gitlab_codeclimate',
  'gnu',
  'codacy',
  'sonarqube',
  'sonarqube_mqr',
  'sarif',
  'junit',
  'github',
] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
