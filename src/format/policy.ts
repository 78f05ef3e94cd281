/**
 * What the formatter may change in an instruction without changing a cache key of the builders it must keep.
 *
 * BuildKit and the classic builder key steps on the instruction as parsed (keyword, flags and words), never on
 * the spacing between them, so for them every instruction is free to lay out. podman (buildah) records most
 * instructions as their logical line as written — everything after the 4 characters `RUN ` for a RUN, the whole
 * line for metadata instructions (ENV, LABEL, CMD, WORKDIR…) — and keys on that record; only FROM (keyed on
 * the base image), COPY and ADD (keyed on what they add) and ARG (keyed on its names) do not depend on the text's
 * layout. What never reaches any builder is free everywhere: comment lines and blanks after a continuation
 * marker, white-space-only continuation lines, the indentation before the keyword.
 */
import type { Instruction } from '../parser/index.js';
import type { CacheBuilder } from './options.js';

export interface LayoutPolicy {
  /** The keyword's case may change. */
  readonly keywordCase: boolean;
  /** Spacing between keyword, flags and words, JSON punctuation, continuation indentation and trailing blanks. */
  readonly spacing: boolean;
  /**
   * A single blank after the keyword may become a space (podman cuts a fixed 4 characters off `RUN `, so one
   * blank, whatever it is, is cut with the keyword).
   */
  readonly singleBlankAfterKeyword: boolean;
  /**
   * Everything after the keyword and the blanks that follow it stays as written (case of a nested keyword and
   * trailing blanks included): the classic builder records an ONBUILD trigger as written.
   */
  readonly verbatimAfterKeyword: boolean;
}

const FREE: LayoutPolicy = { keywordCase: true, spacing: true, singleBlankAfterKeyword: true, verbatimAfterKeyword: false };
const VERBATIM: LayoutPolicy = { keywordCase: false, spacing: false, singleBlankAfterKeyword: false, verbatimAfterKeyword: true };
const PODMAN_RUN: LayoutPolicy = { keywordCase: true, spacing: false, singleBlankAfterKeyword: true, verbatimAfterKeyword: false };
/** The classic builder commits `ONBUILD <trigger as written>`: only the keyword and the blanks after it are free. */
const CLASSIC_ONBUILD: LayoutPolicy = { keywordCase: true, spacing: true, singleBlankAfterKeyword: true, verbatimAfterKeyword: true };

/** Instructions whose podman record does not depend on how the line is written. */
const PODMAN_LAYOUT_FREE = new Set<Instruction['kind']>(['FROM', 'COPY', 'ADD', 'ARG']);

/** The policy for a top-level instruction, given the builders whose keys must not change. */
export function layoutPolicy(instruction: Instruction, keep: ReadonlySet<CacheBuilder>): LayoutPolicy {
  if (instruction.kind === 'UNKNOWN') return VERBATIM;
  if (instruction.kind === 'ONBUILD' && keep.has('classic') && !keep.has('podman')) return CLASSIC_ONBUILD;
  if (!keep.has('podman') || PODMAN_LAYOUT_FREE.has(instruction.kind)) return FREE;
  return instruction.kind === 'RUN' ? PODMAN_RUN : VERBATIM;
}
