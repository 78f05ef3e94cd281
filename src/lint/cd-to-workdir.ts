/**
 * The fix of no-cd-in-run (DL3003): a RUN that starts with `cd <dir> &&` becomes `WORKDIR <dir>` and the RUN
 * without its `cd`; when a later instruction of the stage (or the image's config) would otherwise see the new
 * directory, a WORKDIR back to the one the RUN ran in follows it.
 */
import type { Instruction, RunInstruction } from '../parser/index.js';
import { programWords } from './program-word.js';
import { runScripts } from './run-script.js';
import { placeAbove } from './move-instruction.js';
import { lineBreakAt } from './source-lines.js';
import type { InstructionScope, ReportDescriptor, StageInfo } from './types.js';
import { PATH_CHARACTERS, resolveWorkdir, workdirBefore } from './workdir.js';

/** Shells whose `cd` changes the directory of the rest of the `&&` chain, as WORKDIR does. */
const POSIX_SHELL = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh|ksh)$/;

/**
 * A directory written so that WORKDIR reads it as the shell does: plain path characters, after at most one
 * leading variable (checked separately to be one the Dockerfile defines, since WORKDIR expands only those).
 */
const PLAIN_DIRECTORY = new RegExp(`^(?:\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)\\}|([A-Za-z_][A-Za-z0-9_]*)))?[${PATH_CHARACTERS}]*$`);

/** The `cd` of `cd <dir> &&` at the very start of a RUN: its directory and the source to remove with it. */
interface LeadingCd {
  readonly directory: string;
  readonly start: number;
  readonly end: number;
}

function leadingCd(source: string, run: RunInstruction, scope: InstructionScope): LeadingCd | null {
  const shellForm = run.command;
  if (shellForm?.form !== 'shell' || run.heredocs.length > 0) return null;
  if (!POSIX_SHELL.test(scope.shell[0] ?? '') || !POSIX_SHELL.test(scope.analysisShell[0] ?? '')) return null;
  const parsed = runScripts(run)[0];
  if (parsed === undefined || parsed.origin !== 'command' || !parsed.script.complete) return null;
  const text = parsed.text;
  const cd = parsed.script.commands[0];
  if (cd === undefined || cd.nested || cd.name?.raw !== 'cd' || cd.args.length !== 1) return null;
  if (cd.assignments.length > 0 || cd.redirects.length > 0 || text.slice(0, cd.start).trim() !== '') return null;
  // The rest must be the `&&` chain's other commands, in the same shell: a `&` anywhere could put the cd in a
  // background job of its own, and a second cd would leave the finding standing.
  const chain = /^[ \t]*&&\s*/.exec(text.slice(cd.end));
  if (chain === null || /(^|[^&<>|])&(?![&>])/.test(text) || programWords(parsed.script, 'cd').length !== 1) return null;
  const restStart = cd.end + chain[0].length;
  if (restStart >= text.trimEnd().length) return null;
  const directory = cd.args[0]?.raw ?? '';
  const plain = PLAIN_DIRECTORY.exec(directory);
  if (plain === null || directory === '' || directory.startsWith('-')) return null;
  const variable = plain[1] ?? plain[2];
  if (variable !== undefined && !scope.env.has(variable) && scope.args.get(variable) === undefined) return null;
  const start = parsed.rangeOf(cd.start, cd.start).start.offset;
  const end = parsed.rangeOf(restStart, restStart).start.offset;
  // Comment lines inside the continuation would go with the cd.
  if (source.slice(start, end).includes('#')) return null;
  return { directory, start, end };
}

/** Instructions whose effect does not depend on the working directory at their place (only on the final one). */
const INDEPENDENT = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'STOPSIGNAL', 'MAINTAINER', 'SHELL', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'ONBUILD']);

/**
 * Whether something after `run` in its stage would see the directory a WORKDIR in place of its cd leaves: an
 * instruction that works in the directory before an absolute WORKDIR sets another, or the stage's end when the
 * stage's image is the build's result or a later stage is built on it. A stage that later stages only copy from
 * keeps the directory in its config unseen (unless it is built as the target, which the fix's safety says).
 */
function laterStepsSeeDirectory(stage: StageInfo, run: RunInstruction): boolean {
  const instructions = stage.stage.instructions;
  for (let index = instructions.indexOf(run) + 1; index < instructions.length; index++) {
    const later = instructions[index] as Instruction;
    if (later.kind === 'WORKDIR' && (later.value?.value ?? '').startsWith('/')) return false;
    if (later.kind === 'COPY' || later.kind === 'ADD') {
      if (!(later.destination?.value ?? '').startsWith('/')) return true;
    } else if (!INDEPENDENT.has(later.kind)) {
      return true;
    }
  }
  return stage.isFinal || stage.builtOnLater;
}

/**
 * `WORKDIR <dir>` above the RUN (and above the comment lines over it, which may be its pragmas), the RUN
 * without `cd <dir> &&`, and `WORKDIR <where it was>` below it when later steps would see the difference.
 * Written as absolute paths, in the RUN keyword's case and with the file's line breaks. `undefined` unless the
 * RUN starts with the only cd of its script, the directory is plain, and any directory needed is known.
 */
export function cdToWorkdir(source: string, run: RunInstruction, scope: InstructionScope): ReportDescriptor['fix'] {
  const stage = scope.stage;
  if (stage === null) return undefined;
  const cd = leadingCd(source, run, scope);
  if (cd === null) return undefined;
  const before = workdirBefore(stage, run);
  let directory = cd.directory;
  if (!directory.startsWith('/') && !directory.startsWith('$')) {
    // A relative WORKDIR is what absolute-workdir flags: written out from the directory it is relative to.
    if (before === null) return undefined;
    directory = resolveWorkdir(before, directory);
  }
  const restore = laterStepsSeeDirectory(stage, run);
  if (restore && before === null) return undefined;
  const above = placeAbove(source, run);
  if (above === null) return undefined;
  const { at: lineStart, indent } = above;
  const keyword = run.keyword === run.keyword.toLowerCase() ? 'workdir' : 'WORKDIR';
  const eol = lineBreakAt(source, lineStart);
  const edits = [
    { start: lineStart, end: lineStart, text: `${indent}${keyword} ${directory}${eol}` },
    { start: cd.start, end: cd.end, text: '' },
  ];
  if (restore) {
    const end = run.range.end.offset;
    edits.push({ start: end, end, text: `${eol}${indent}${keyword} ${before as string}` });
  }
  return { description: `Set WORKDIR ${directory} instead of cd`, edits };
}
