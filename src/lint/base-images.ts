/**
 * The images a Dockerfile's stages start from, for a caller that looks them up (an engine, a registry) and passes
 * what it learns back as `settings.baseImages` (`dfkit lint --resolve-images`).
 */
import { isConcreteImageReference, parse } from '../parser/index.js';
import { buildFileScope } from './scope.js';
import type { BaseImageFacts, LintSettings, StageInfo } from './types.js';

/** What the caller resolved of `reference` (only its own entries: an image may be named `constructor`). */
export function baseImageFacts(settings: LintSettings, reference: string): BaseImageFacts | undefined {
  const images = settings.baseImages;
  return images !== undefined && Object.hasOwn(images, reference) ? images[reference] : undefined;
}

/**
 * Every image a stage's FROM names (not another stage, not `scratch`), each once, in order, after the global
 * ARGs and `buildArgs` are expanded: the keys `settings.baseImages` is read by. Names still holding a variable
 * or no valid reference are left out.
 *
 * @example
 * baseImageReferences('ARG V=3.12\nFROM python:${V} AS build\nFROM build\n'); // ['python:3.12']
 */
export function baseImageReferences(text: string, buildArgs: Readonly<Record<string, string>> = {}): string[] {
  return baseImageReferencesOf(buildFileScope(parse(text).ast, buildArgs).stages);
}

/** {@link baseImageReferences} of stages already worked out. */
export function baseImageReferencesOf(stages: readonly StageInfo[]): string[] {
  const found = new Set<string>();
  for (const stage of stages) {
    if (stage.parent === null && isConcreteImageReference(stage.baseImage)) found.add(stage.baseImage);
  }
  return [...found];
}
