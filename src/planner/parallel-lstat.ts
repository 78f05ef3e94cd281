/**
 * `lstat` of many paths, shared between the main thread and worker threads. On a warm re-plan of a large
 * context the system calls are most of the time (100k `lstat`s: 0.3–0.45 s on one core here, two thirds of
 * it in the kernel), and they scale with cores: split over two threads they took 0.19–0.22 s instead of
 * 0.33–0.37 s on this 2-core machine. Results travel through shared memory as numbers, so no object is
 * copied between threads.
 *
 * Work is handed out in batches from a shared counter: whichever thread is free takes the next batch, so a
 * worker still starting up (about 45 ms for the first one) or a busy core costs nothing but its share. The
 * main thread works too, in slices of a few milliseconds, so the event loop keeps running. A worker that
 * cannot start or dies leaves its batches to the main thread: this only ever saves time, it never fails a scan.
 */
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Numbers per path in the result, in this order: st_mode (with the type bits), size, mtimeMs, ino, dev, ctimeMs, uid, gid. */
export const STAT_FIELDS = 8;
/** The mode slot of a path that no longer exists (or whose parent is no longer a directory). */
export const STAT_GONE = -1;
/** The mode slot of a path whose `lstat` failed otherwise; the caller repeats the call to report the error. */
export const STAT_FAILED = -2;

/** Paths a batch holds: small enough to balance two threads, large enough that claiming is rare. */
const BATCH_PATHS = 256;
/** Below this many paths, starting a worker costs more than it saves. */
const PARALLEL_MIN_PATHS = 4096;
/** Longest stretch of system calls on the main thread before the event loop gets a turn. */
const SLICE_MS = 8;

export interface LstatAllOptions {
  /**
   * Worker threads that share the calls. Default: one fewer than the available cores (at most 3) when there
   * are at least 4,096 paths, else none.
   */
  readonly workers?: number | undefined;
  /** Whether the main thread takes batches too (default true). `false` leaves them to the workers unless none starts. */
  readonly mainThread?: boolean | undefined;
}

/**
 * The `lstat` of every path (absolute), as {@link STAT_FIELDS} numbers per path in input order. Never
 * rejects: a path that cannot be read gets {@link STAT_GONE} or {@link STAT_FAILED} in its mode slot.
 */
export async function lstatAll(paths: readonly string[], options: LstatAllOptions = {}): Promise<Float64Array> {
  const count = paths.length;
  const batches = Math.ceil(count / BATCH_PATHS);
  const wanted = options.workers ?? (count >= PARALLEL_MIN_PATHS ? Math.min(3, availableParallelism() - 1) : 0);
  const workers = wanted > 0 && batches > 1 ? workerPool(Math.min(wanted, batches)) : [];
  if (workers.length === 0) {
    const values = new Float64Array(count * STAT_FIELDS);
    await statBatchesInSlices(paths, values, batches, () => ({ claim: nextOf(batches), done: () => {} }));
    return values;
  }
  // Slot 0: the next batch to claim; slot 1 + b: 1 once batch b is written.
  const control = new Int32Array(new SharedArrayBuffer(4 * (1 + batches)));
  const values = new Float64Array(new SharedArrayBuffer(8 * count * STAT_FIELDS));
  const task: LstatTask = { id: nextTaskId++, paths: paths.join('\0'), control: control.buffer, values: values.buffer, batch: BATCH_PATHS };
  const finished = workers.map((worker) => runTask(worker, task));
  if (options.mainThread !== false) {
    await statBatchesInSlices(paths, values, batches, () => ({
      claim: () => Atomics.add(control, 0, 1),
      done: (batch) => Atomics.store(control, 1 + batch, 1),
    }));
  }
  if (!allDone(control, batches)) {
    await Promise.all(finished);
    // Whatever a dead worker claimed and did not finish (or nobody claimed) is done here.
    for (let batch = 0; batch < batches; batch++) {
      if (Atomics.load(control, 1 + batch) !== 1) statBatch(paths, values, batch);
    }
  }
  return values;
}

interface BatchSource {
  /** The next unclaimed batch (may be past the last). */
  readonly claim: () => number;
  readonly done: (batch: number) => void;
}

function nextOf(batches: number): () => number {
  let next = 0;
  return () => (next < batches ? next++ : batches);
}

async function statBatchesInSlices(
  paths: readonly string[],
  values: Float64Array,
  batches: number,
  source: () => BatchSource,
): Promise<void> {
  const { claim, done } = source();
  let sliceStart = performance.now();
  for (let batch = claim(); batch < batches; batch = claim()) {
    statBatch(paths, values, batch);
    done(batch);
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resume) => setImmediate(resume));
      sliceStart = performance.now();
    }
  }
}

function allDone(control: Int32Array, batches: number): boolean {
  for (let batch = 0; batch < batches; batch++) if (Atomics.load(control, 1 + batch) !== 1) return false;
  return true;
}

/** One options object for every call rather than one per call. */
const LSTAT_OPTIONS = { throwIfNoEntry: false } as const;

function statBatch(paths: readonly string[], values: Float64Array, batch: number): void {
  const end = Math.min(paths.length, (batch + 1) * BATCH_PATHS);
  for (let index = batch * BATCH_PATHS; index < end; index++) {
    const at = index * STAT_FIELDS;
    let stats;
    try {
      stats = lstatSync(paths[index]!, LSTAT_OPTIONS);
    } catch (error) {
      values[at] = isGone(error) ? STAT_GONE : STAT_FAILED;
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

function isGone(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

// --- Workers ---------------------------------------------------------------------------------------------------

interface LstatTask {
  readonly id: number;
  /** The paths joined by NUL, which no path holds: one string copies between threads far faster than 100k. */
  readonly paths: string;
  readonly control: ArrayBufferLike;
  readonly values: ArrayBufferLike;
  readonly batch: number;
}

/**
 * The workers' code: the loop of `statBatch` over claimed batches, with the same encoding. A source string
 * rather than a module file, so that it runs the same from the sources, the ES module and CommonJS builds and
 * the bundled CLI, none of which would have to ship and locate a separate worker file.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { lstatSync } = require('node:fs');
const options = { throwIfNoEntry: false };
parentPort.on('message', (task) => {
  const paths = task.paths.split('\\0');
  const control = new Int32Array(task.control);
  const values = new Float64Array(task.values);
  const batches = Math.ceil(paths.length / task.batch);
  for (let batch = Atomics.add(control, 0, 1); batch < batches; batch = Atomics.add(control, 0, 1)) {
    const end = Math.min(paths.length, (batch + 1) * task.batch);
    for (let index = batch * task.batch; index < end; index++) {
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
    Atomics.store(control, 1 + batch, 1);
  }
  parentPort.postMessage(task.id);
});
`;

let nextTaskId = 1;
/** Workers kept for the next scan (a language server re-plans often); idle ones do not keep the process alive. */
const pool: Worker[] = [];
/** Tasks each worker has not answered yet: it is kept referenced while there are any. */
const running = new Map<Worker, number>();

function workerPool(size: number): Worker[] {
  while (pool.length < size) {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      break; // no threads here: the main thread does it all
    }
    worker.unref();
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

/** Resolves when the worker has answered the task, or has failed or exited; never rejects. */
function runTask(worker: Worker, task: LstatTask): Promise<void> {
  return new Promise((resolve) => {
    const settle = (): void => {
      worker.off('message', onMessage);
      worker.off('error', settle);
      worker.off('exit', settle);
      const left = (running.get(worker) ?? 1) - 1;
      if (left > 0) running.set(worker, left);
      else {
        running.delete(worker);
        worker.unref();
      }
      resolve();
    };
    const onMessage = (id: unknown): void => {
      if (id === task.id) settle();
    };
    worker.on('message', onMessage);
    worker.on('error', settle);
    worker.on('exit', settle);
    running.set(worker, (running.get(worker) ?? 0) + 1);
    worker.ref();
    worker.postMessage(task);
  });
}
