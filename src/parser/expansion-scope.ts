/**
 * Which parts of which instructions the builder expands `$VAR` references in, as BuildKit does at build time.
 * The shell expands RUN, CMD and ENTRYPOINT itself; SHELL, HEALTHCHECK, MAINTAINER, `COPY --from`, mount
 * `from` and `--exclude` patterns are taken literally; ONBUILD triggers are expanded when they fire.
 */
import type { InstructionName } from './ast.js';

/** How the builder expands an instruction's arguments. */
export interface ExpansionScope {
  /** Arguments are expanded (as one word each, or with word splitting for EXPOSE). */
  readonly args: 'none' | 'word' | 'words';
  /** Flags whose values are expanded. */
  readonly flags: readonly string[];
  /** Only global ARGs (those before the first FROM) and the automatic platform ARGs are visible (FROM). */
  readonly globalArgsOnly?: boolean;
  /** Heredoc bodies are expanded unless the heredoc name was quoted (COPY and ADD). */
  readonly heredocBodies?: boolean;
}

const NONE: ExpansionScope = { args: 'none', flags: [] };

const SCOPES: Readonly<Record<InstructionName, ExpansionScope>> = {
  ADD: { args: 'word', flags: ['chown', 'chmod', 'checksum'], heredocBodies: true },
  ARG: { args: 'word', flags: [] },
  CMD: NONE,
  COPY: { args: 'word', flags: ['chown', 'chmod'], heredocBodies: true },
  ENTRYPOINT: NONE,
  ENV: { args: 'word', flags: [] },
  EXPOSE: { args: 'words', flags: [] },
  FROM: { args: 'word', flags: ['platform'], globalArgsOnly: true },
  HEALTHCHECK: NONE,
  LABEL: { args: 'word', flags: [] },
  MAINTAINER: NONE,
  ONBUILD: NONE,
  RUN: { args: 'none', flags: ['mount'] },
  SHELL: NONE,
  STOPSIGNAL: { args: 'word', flags: [] },
  USER: { args: 'word', flags: [] },
  VOLUME: { args: 'word', flags: [] },
  WORKDIR: { args: 'word', flags: [] },
};

/**
 * What the builder expands for an instruction; unknown instructions expand nothing.
 *
 * @example
 * expansionScope('COPY').flags; // ['chown', 'chmod'] — `--from` is never expanded
 * expansionScope('RUN').args;   // 'none' — the shell expands RUN, not the builder
 */
export function expansionScope(name: string): ExpansionScope {
  return SCOPES[name.toUpperCase() as InstructionName] ?? NONE;
}
