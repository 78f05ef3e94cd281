/**
 * `dfkit/planner`: the layer planner. For a Dockerfile, a build context and build options it computes every
 * step's cache key the way the engine will (BuildKit or the classic builder), and tells which steps a change
 * rebuilds and why — before anything is built.
 *
 * @example
 * ```ts
 * import { plan, planWhatIf, planToText } from 'dfkit/planner';
 * const current = await plan(text, { context: '.', builder: 'buildkit' });
 * const { explanation } = await planWhatIf(text, { context: '.' }, ['src/app.ts']);
 * explanation.stages.map((stage) => stage.summary);
 * // ['`src/app.ts` changed; it is copied by `COPY . .` on line 7, so lines 7–9 rebuild']
 * ```
 */
export * from './plan-types.js';
export type * from './context-types.js';
export { plan, planWhatIf, type PlanOptions, type WhatIf } from './plan.js';
export { hostPlatform } from './host-platform.js';
export { planWithContext, type PlanCoreOptions, type PlanInputs } from './plan-core.js';
export { explainChanges, type Explanation, type StageExplanation } from './explain.js';
export { imageReferences } from './image-references.js';
export { buildStageGraph, type StageGraph, type StageNode, type StageEdge, type StageBase } from './graph.js';
export {
  parsePlatform,
  formatPlatform,
  platformArgs,
  PROXY_ARGS,
  DEFAULT_PLATFORM,
  type Platform,
} from './args.js';
export { planToJson, planFromJson, PlanFormatError } from './export/json.js';
export { planToText, type TextOptions } from './export/text.js';
export { planToDot } from './export/dot.js';
export { planToMermaid } from './export/mermaid.js';
export { sha256Hex, digestOf, Sha256 } from './sha256.js';
export { contextFromFiles, contentOf, type MemoryFile } from './memory-context.js';
export { memoryHasher } from './memory-hasher.js';
export { createRemoteSourceFetcher, type RemoteSource, type RemoteSourceReader, type RemoteSourceFetcherOptions } from './remote-source.js';
export { scanContext, ignoreFileFor, ContextScanError, type ScanOptions } from './context.js';
// Read by the parser layer since the linter needs it too; re-exported here so `dfkit/planner` keeps its names.
export {
  parseDockerignore,
  createIgnoreMatcher,
  IgnoreFileError,
  type IgnorePattern,
  type IgnoreMatcher,
} from '../parser/dockerignore/index.js';
export { selectSources, type SelectSourcesOptions, type SourceSelectionResult } from './sources.js';
export { digestSelection, digestSelections, differsOnlyInDirModes, type SelectionDigest } from './source-digest.js';
export { createContentHasher, type ContentHasherOptions, type CachingContentHasher } from './hash.js';
