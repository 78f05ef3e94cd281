/**
 * Young-generation garbage collection while the server is idle. A lint allocates a few megabytes, and V8
 * collects the young generation whenever it fills — in the middle of whichever lint happens to fill it, adding
 * milliseconds to that keystroke's diagnostics. Collecting right after diagnostics are published, when the
 * server has nothing else to do, moves that pause out of the edit → diagnostics path: the next lint starts with
 * an empty young generation, and one lint's garbage fits in it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let cached: GcFunction | null | undefined;

/** V8's `gc` function, made available without starting Node with `--expose-gc`; `null` if it cannot be. */
function gcFunction(): GcFunction | null {
  if (cached !== undefined) return cached;
  try {
    // The flag only installs `gc` in contexts created after it is set, so the server's own globals stay as
    // they were; a fresh context hands the function over.
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    cached = typeof gc === 'function' ? (gc as GcFunction) : null;
  } catch {
    cached = null;
  }
  return cached;
}

export interface IdleCollector {
  /** Asks for a collection once the current work is done (on a later turn of the event loop). */
  afterWork(): void;
  /** Cancels a pending collection (the server is shutting down). */
  dispose(): void;
}

/**
 * A collector that runs a young-generation collection on the turn after work finished, unless `busy()` says
 * more work is already waiting (then the collection waits for the end of that work).
 */
export function idleCollector(busy: () => boolean): IdleCollector {
  const gc = gcFunction();
  let pending: NodeJS.Immediate | null = null;
  const run = (): void => {
    pending = null;
    if (busy()) return; // the work that is waiting will ask again when it is done
    gc?.({ type: 'minor', execution: 'sync' });
  };
  return {
    afterWork() {
      if (gc && pending === null) pending = setImmediate(run);
    },
    dispose() {
      if (pending !== null) clearImmediate(pending);
      pending = null;
    },
  };
}
