/**
 * Plans for hover, made lazily and kept per document revision (the store's count of changes: a client's
 * version number may be reused for another text). Planning reads and hashes the build context, so it runs
 * only when a hover asks for a step's key, never on the diagnostics path, and a revision is planned at most
 * once.
 */
import { dirname } from 'node:path';
import { hostPlatform, plan, type Plan } from '../planner/index.js';

/** What a plan is made from: the text and the Dockerfile's path (the context is its folder). */
export interface PlanRequest {
  readonly text: string;
  readonly file: string;
}

export type PlanProvider = (request: PlanRequest) => Promise<Plan>;

/**
 * The context is the Dockerfile's folder, as with `docker build -f <file> <its folder>`, and the platform this
 * machine's, as `dfkit plan` and a local engine take it: hover shows the keys the build here will have.
 */
export const planFromDisk: PlanProvider = ({ text, file }) => {
  const platform = hostPlatform();
  return plan(text, { context: dirname(file), dockerfilePath: file, platform, buildPlatform: platform });
};

export class PlanCache {
  readonly #provider: PlanProvider;
  readonly #plans = new Map<string, { revision: number; plan: Promise<Plan | null> }>();

  constructor(provider: PlanProvider = planFromDisk) {
    this.#provider = provider;
  }

  /** The plan of a document revision (started now if needed); `null` when planning failed. */
  planOf(uri: string, revision: number, request: PlanRequest): Promise<Plan | null> {
    const cached = this.#plans.get(uri);
    if (cached && cached.revision === revision) return cached.plan;
    const planned = this.#provider(request).catch(() => null);
    this.#plans.set(uri, { revision, plan: planned });
    return planned;
  }

  forget(uri: string): void {
    this.#plans.delete(uri);
  }

  clear(): void {
    this.#plans.clear();
  }
}
