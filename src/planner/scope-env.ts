import { MapView } from './map-view.js';

/**
 * The variables an instruction expands against, as a live view of a stage's ARGs and ENV: ARGs with a value,
 * overridden by ENV of the same name. Looking a name up costs two map reads, where building the merged map
 * cost one entry per variable in scope, for every instruction: a Dockerfile of thousands of ARG lines planned
 * in quadratic time. Iterating builds the merged map, in its order (ARGs as declared, then ENV-only names).
 * A view, not a copy: read it before the stage changes.
 */
export class ScopeEnv extends MapView<string, string> {
  constructor(
    private readonly args: ReadonlyMap<string, string | undefined>,
    private readonly env: ReadonlyMap<string, string>,
  ) {
    super();
  }

  override get(name: string): string | undefined {
    return this.env.has(name) ? this.env.get(name) : this.args.get(name);
  }

  override has(name: string): boolean {
    return this.env.has(name) || this.args.get(name) !== undefined;
  }

  get size(): number {
    return this.derived().size;
  }

  protected derived(): Map<string, string> {
    const merged = new Map<string, string>();
    for (const [name, value] of this.args) if (value !== undefined) merged.set(name, value);
    for (const [name, value] of this.env) merged.set(name, value);
    return merged;
  }
}
