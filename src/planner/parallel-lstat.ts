/**
 * `lstat` of many paths, shared between the main thread and worker threads. On a warm re-plan of a large
 * context the system calls are most of the time (100k `lstat`s: 0.3–0.45 s on one core here, two thirds of
 * it in the kernel), and they scale with cores: split over two threads they took 0.19–0.22 s instead of
 * 0.33–0.37 s on this 2-core machine. Results travel through shared memory as numbers, so no object is
 * copied between threads.
 *
 * Paths are handed out in batches. A walk adds paths as it lists directories, and full batches go to the
 * workers at once, so their calls overlap the listing; when the walk is done the main thread takes the
 * batches no worker has started, from the last one back (the workers take them from the first one on), in
 * slices of a few milliseconds so the event loop keeps running. A worker still starting up (about 45 ms for
 * the first one) or a busy core costs nothing but its share; one that cannot start or dies leaves its
 * batches to the main thread. This only ever saves time: it never fails a scan.
 */
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { errorCode } from './context-error.js';

/** Numbers per path in the result, in this order: st_mode (with the type bits), size, mtimeMs, ino, dev, ctimeMs, uid, gid. */
export const STAT_FIELDS = 8;
/** The mode slot of a path that no longer exists (or whose parent is no longer a directory). */
export const STAT_GONE = -1;
/** The mode slot of a path whose `lstat` failed otherwise; the caller repeats the call to report the error. */
export const STAT_FAILED = -2;

/** Paths a batch holds: small enough to balance two threads, large enough that handing out is rare. */
const BATCH_PATHS = 256;
/** Below this many paths, starting a worker costs more than it saves. */
const PARALLEL_MIN_PATHS = 4096;
/** Longest stretch of system calls on the main thread before the event loop gets a turn. */
const SLICE_MS = 8;

// A batch's state, the first 32-bit slot of its shared buffer (the numbers follow, 8-byte aligned).
const FREE = 0;
const TAKEN = 1;
const DONE = 2;
const HEADER_BYTES = 8;

export interface LstatOptions {
  /**
   * Worker threads that share the calls. Default: one fewer than the available cores (at most 3), used once
   * there are at least 4,096 paths.
   */
  readonly workers?: number | undefined;
  /** Whether the main thread takes batches too (default true). `false` leaves them to the workers unless none starts. */
  readonly mainThread?: boolean | undefined;
}

interface Batch {
  /** Each path is its directory's prefix and its name, put together only for the call (see `LstatSession.add`). */
  readonly prefixes: readonly string[];
  readonly names: readonly string[];
  readonly buffer: SharedArrayBuffer;
  readonly state: Int32Array;
  readonly values: Float64Array;
  /** The worker it was sent to, if any: only that one may take it besides the main thread. */
  worker: Worker | null;
}

/**
 * The `lstat` calls of one walk: paths are added as they are found, the results come out in the order added.
 * Never rejects: a path that cannot be read gets {@link STAT_GONE} or {@link STAT_FAILED} in its mode slot.
 */
export class LstatSession {
  private readonly batches: Batch[] = [];
  private partialPrefixes: string[] = [];
  private partialNames: string[] = [];
  private count = 0;
  private readonly id = nextSessionId++;
  private readonly workerCount: number;
  /** Whether workers wait for the default threshold of paths. */
  private readonly defaultThreshold: boolean;
  private readonly mainThread: boolean;
  /** Started on the first batch posted; `null` until then. */
  private workers: Worker[] | null = null;
  private nextWorker = 0;
  /** The first batch not yet sent to a worker (those before it were sent, or no worker was left to take them). */
  private unsent = 0;
  /** Workers that exited or failed: they will not finish what they took. */
  private readonly gone = new Set<Worker>();
  private onProgress: (() => void) | null = null;
  private readonly onMessage = (message: unknown): void => {
    if (typeof message === 'object' && message !== null && (message as { session?: unknown }).session === this.id) {
      this.onProgress?.();
    }
  };
  private readonly onGone = new Map<Worker, () => void>();
  private released = false;

  constructor(options: LstatOptions = {}) {
    this.workerCount = Math.max(0, Math.floor(options.workers ?? Math.min(3, availableParallelism() - 1)));
    this.defaultThreshold = options.workers === undefined;
    this.mainThread = options.mainThread !== false;
  }

  /**
   * Queues the paths `prefix + name` of every name (`prefix`: an absolute directory path ending in a separator,
   * or '' for absolute names). Full batches go to the workers at once. The paths are put together only when
   * they are looked up: kept whole until then, 100k absolute paths outlive young-generation collections and
   * are copied by each of them.
   */
  add(prefix: string, names: readonly string[]): void {
    for (const name of names) {
      this.partialPrefixes.push(prefix);
      this.partialNames.push(name);
      if (this.partialNames.length === BATCH_PATHS) this.seal();
    }
  }

  /** The numbers of every path added, {@link STAT_FIELDS} per path, in the order added. */
  async finish(): Promise<Float64Array> {
    if (this.partialNames.length > 0) this.seal();
    // Batches the workers had not started: the main thread takes them from the last one back (all of them
    // when no worker could start).
    if (this.mainThread || (this.workers ?? []).length === 0) await this.statFree();
    await this.waitForWorkers();
    this.release();
    const all = new Float64Array(this.count * STAT_FIELDS);
    this.batches.forEach((batch, index) => all.set(batch.values, index * BATCH_PATHS * STAT_FIELDS));
    return all;
  }

  private seal(): void {
    const prefixes = this.partialPrefixes;
    const names = this.partialNames;
    this.partialPrefixes = [];
    this.partialNames = [];
    const buffer = new SharedArrayBuffer(HEADER_BYTES + 8 * STAT_FIELDS * names.length);
    const batch: Batch = {
      prefixes,
      names,
      buffer,
      state: new Int32Array(buffer, 0, 1),
      values: new Float64Array(buffer, HEADER_BYTES),
      worker: null,
    };
    this.batches.push(batch);
    this.count += names.length;
    if (this.workerCount === 0 || (this.defaultThreshold && this.count < PARALLEL_MIN_PATHS)) return;
    if (this.workers === null) this.startWorkers();
    while (this.unsent < this.batches.length && this.post(this.batches[this.unsent]!)) this.unsent++;
  }

  private startWorkers(): void {
    this.workers = workerPool(this.workerCount);
    for (const worker of this.workers) {
      const gone = (): void => {
        this.gone.add(worker);
        this.onProgress?.();
      };
      this.onGone.set(worker, gone);
      worker.on('message', this.onMessage);
      worker.on('exit', gone);
      worker.on('error', gone);
      holdWorker(worker);
    }
  }

  /** Sends the batch to the next worker; false when none is left (the main thread then does it). */
  private post(batch: Batch): boolean {
    const workers = (this.workers ?? []).filter((worker) => !this.gone.has(worker));
    if (workers.length === 0) return false;
    const worker = workers[this.nextWorker++ % workers.length]!;
    batch.worker = worker;
    let paths = '';
    for (let index = 0; index < batch.names.length; index++) {
      paths += `${index === 0 ? '' : '\0'}${batch.prefixes[index]!}${batch.names[index]!}`;
    }
    worker.postMessage({ session: this.id, paths, buffer: batch.buffer });
    return true;
  }

  /** Stats every batch no one has taken, from the last one back, yielding to the event loop between slices. */
  private async statFree(): Promise<void> {
    let sliceStart = performance.now();
    for (let index = this.batches.length - 1; index >= 0; index--) {
      const batch = this.batches[index]!;
      if (Atomics.compareExchange(batch.state, 0, FREE, TAKEN) !== FREE) continue;
      statInto(batch, batch.values);
      Atomics.store(batch.state, 0, DONE);
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((resume) => setImmediate(resume));
        sliceStart = performance.now();
      }
    }
  }

  /** Waits until every batch is done; what was sent to a worker that is gone is done here. */
  private async waitForWorkers(): Promise<void> {
    for (;;) {
      const open = this.batches.filter((batch) => Atomics.load(batch.state, 0) !== DONE);
      if (open.length === 0) return;
      let waiting = false;
      for (const batch of open) {
        if (batch.worker === null || this.gone.has(batch.worker)) {
          // Never sent, or its worker will not touch it again.
          statInto(batch, batch.values);
          Atomics.store(batch.state, 0, DONE);
        } else {
          waiting = true;
        }
      }
      if (!waiting) return;
      await new Promise<void>((resolve) => {
        this.onProgress = resolve;
        // Workers mark a batch done before they post, so one finished since the check above is seen here.
        if (open.every((batch) => Atomics.load(batch.state, 0) === DONE)) resolve();
      });
      this.onProgress = null;
    }
  }

  /** Gives up the calls (the walk failed): the workers are let go; what they still do is thrown away. */
  cancel(): void {
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    for (const worker of this.workers ?? []) {
      const gone = this.onGone.get(worker)!;
      worker.off('message', this.onMessage);
      worker.off('exit', gone);
      worker.off('error', gone);
      releaseWorker(worker);
    }
  }
}

/** One options object for every call rather than one per call. */
const LSTAT_OPTIONS = { throwIfNoEntry: false } as const;

function statInto(batch: Batch, values: Float64Array): void {
  const { prefixes, names } = batch;
  for (let index = 0; index < names.length; index++) {
    const at = index * STAT_FIELDS;
    let stats;
    try {
      stats = lstatSync(prefixes[index]! + names[index]!, LSTAT_OPTIONS);
    } catch (error) {
      const code = errorCode(error);
      values[at] = code === 'ENOENT' || code === 'ENOTDIR' ? STAT_GONE : STAT_FAILED;
      continue;
    }
    if (!stats) {
      values[at] = STAT_GONE;
      continue;
    }
    values[at] = stats.mode;
    values[at + 1] = stats.size;
    values[at + 2] = stats.mtimeMs;
    values[at + 3] = stats.ino;
    values[at + 4] = stats.dev;
    values[at + 5] = stats.ctimeMs;
    values[at + 6] = stats.uid;
    values[at + 7] = stats.gid;
  }
}

// --- Workers ---------------------------------------------------------------------------------------------------

let nextSessionId = 1;

/**
 * The workers' code: `statInto` of each batch it is sent and can take, with the same encoding, then a message
 * naming the session. A source string rather than a module file, so that it runs the same from the sources,
 * the ES module and CommonJS builds and the bundled CLI, none of which would have to ship and locate a
 * separate worker file. The paths come joined by NUL, which no path holds: one string crosses between threads
 * far faster than 256.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { lstatSync } = require('node:fs');
const options = { throwIfNoEntry: false };
parentPort.on('message', (batch) => {
  const state = new Int32Array(batch.buffer, 0, 1);
  if (Atomics.compareExchange(state, 0, ${FREE}, ${TAKEN}) !== ${FREE}) return;
  const values = new Float64Array(batch.buffer, ${HEADER_BYTES});
  const paths = batch.paths.split('\\0');
  for (let index = 0; index < paths.length; index++) {
    const at = index * ${STAT_FIELDS};
    let stats;
    try {
      stats = lstatSync(paths[index], options);
    } catch (error) {
      values[at] = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? ${STAT_GONE} : ${STAT_FAILED};
      continue;
    }
    if (!stats) { values[at] = ${STAT_GONE}; continue; }
    values[at] = stats.mode; values[at + 1] = stats.size; values[at + 2] = stats.mtimeMs; values[at + 3] = stats.ino;
    values[at + 4] = stats.dev; values[at + 5] = stats.ctimeMs; values[at + 6] = stats.uid; values[at + 7] = stats.gid;
  }
  Atomics.store(state, 0, ${DONE});
  parentPort.postMessage({ session: batch.session });
});
`;

/** Workers kept for the next scan (a language server re-plans often); idle ones do not keep the process alive. */
const pool: Worker[] = [];
/** Sessions using each worker: it is kept referenced while there are any. */
const holders = new Map<Worker, number>();

function workerPool(size: number): Worker[] {
  while (pool.length < size) {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      break; // no threads here: the main thread does it all
    }
    worker.unref();
    worker.setMaxListeners(0); // one listener per session in flight
    const drop = (): void => {
      const at = pool.indexOf(worker);
      if (at >= 0) pool.splice(at, 1);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    pool.push(worker);
  }
  return pool.slice(0, size);
}

function holdWorker(worker: Worker): void {
  holders.set(worker, (holders.get(worker) ?? 0) + 1);
  worker.ref();
}

function releaseWorker(worker: Worker): void {
  const left = (holders.get(worker) ?? 1) - 1;
  if (left > 0) {
    holders.set(worker, left);
    return;
  }
  holders.delete(worker);
  worker.unref();
}
