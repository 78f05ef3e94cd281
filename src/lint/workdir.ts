/** The working directory at a place in a Dockerfile, as far as the file itself says. */
import type { Instruction } from '../parser/index.js';
import { stageChainOf } from './scope.js';
import type { StageInfo } from './types.js';

/** The characters of a path that the builder and the shell both take as written: no quotes, `$`, `~` or `\`. */
export const PATH_CHARACTERS = 'A-Za-z0-9_@%+=:,./-';

/** A WORKDIR path the builder takes as written. */
const PLAIN_PATH = new RegExp(`^[${PATH_CHARACTERS}]+$`);

/**
 * The absolute working directory just before `instruction` (an instruction of `stage`), from the WORKDIRs of
 * the stage and the stages it is built on, resolved as the builder does (a relative one against the directory
 * before it, the result cleaned); `null` when it depends on a base image (only `scratch` is known to start at
 * `/`), on a WORKDIR that is not plain path text, on an ONBUILD WORKDIR of a stage built on, or on which stage
 * or image a FROM names through a variable (a `--build-arg` may name another).
 */
export function workdirBefore(stage: StageInfo, instruction: Instruction): string | null {
  const chain = stageChainOf(stage);
  if (chain.some((member) => member.stage.from.image?.raw.includes('$'))) return null;
  let directory: string | null = (chain[0] as StageInfo).baseImage === 'scratch' ? '/' : null;
  let triggered = false;
  for (const member of chain) {
    // An ONBUILD WORKDIR of the stage built on runs first thing in this one.
    if (triggered) directory = null;
    triggered = false;
    for (const earlier of member.stage.instructions) {
      if (earlier === instruction) return directory;
      if (earlier.kind === 'ONBUILD' && earlier.trigger?.kind === 'WORKDIR') triggered = true;
      if (earlier.kind !== 'WORKDIR') continue;
      const path = earlier.value?.value ?? '';
      if (!PLAIN_PATH.test(path)) directory = null;
      else if (path.startsWith('/')) directory = resolveWorkdir('/', path);
      else if (directory !== null) directory = resolveWorkdir(directory, path);
    }
  }
  return directory;
}

/** `path` resolved against the absolute `directory` and cleaned, as the builder stores a working directory. */
export function resolveWorkdir(directory: string, path: string): string {
  // By hand rather than with node:path, which the linter (run in browsers too) does not import.
  const segments: string[] = [];
  for (const segment of `${path.startsWith('/') ? '' : directory}/${path}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** Whether a WORKDIR path is plain path text, which the builder takes as written. */
export function isPlainPath(path: string): boolean {
  return PLAIN_PATH.test(path);
}
