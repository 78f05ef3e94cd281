/**
 * Reading the engine's `POST /build` response — one JSON object per line — into typed events and a final
 * result. Both builders share the framing but not the content: the classic builder reports progress as text
 * (`Step n/N : …`, ` ---> Using cache`), BuildKit (`version=2`) as base64 protobuf status records. The decoder
 * never throws on what the engine sends; anything it cannot read becomes an `error` event from the decoder.
 */
import { TextDecoder } from 'node:util';
import { LINE_TERMINATOR } from '../../parser/line-terminators.js';
import { orderBuildKitSteps } from './buildkit-step-order.js';
import { readBuildKitStepName } from './buildkit-step-name.js';
import { decodeTraceAux, type TraceVertex } from './buildkit-trace.js';

/** A step as the classic builder announces it (`Step 3/5 : COPY a /a`). */
export interface StepEvent {
  readonly type: 'step';
  /** 1-based, counted over the whole Dockerfile (all stages); buildah: inside the stage. */
  readonly index: number;
  readonly total: number;
  readonly instruction: string;
  /** buildah, multi-stage only: the 1-based position of the stage in the Dockerfile (`[2/3] STEP 1/4: …`). */
  readonly stage?: string;
}

/** The classic builder found the current step in its cache. */
export interface CachedEvent {
  readonly type: 'cached';
  readonly step: number;
}

/**
 * Output of a build step. Classic: one event per line (a last line without newline comes at the next builder
 * message or the end); stderr is recognised by the red colouring the builder wraps around it. BuildKit: one
 * event per log record, with the vertex.
 */
export interface OutputEvent {
  readonly type: 'output';
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** Classic: the number of the step that printed it. */
  readonly step?: number;
  /** BuildKit: the digest of the vertex that printed it. */
  readonly vertex?: string;
}

/** A BuildKit vertex as (re-)sent by the engine; the latest send of a digest carries its full state. */
export interface VertexEvent {
  readonly type: 'vertex';
  readonly digest: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly cached: boolean;
  readonly started?: string;
  readonly completed?: string;
  readonly error?: string;
}

/** BuildKit progress inside a vertex (transfers, "exporting layers", …). */
export interface StatusEvent {
  readonly type: 'status';
  readonly vertex: string;
  readonly id: string;
  readonly current: number;
  readonly total: number;
  readonly completed?: string;
}

/**
 * A failure. `source: 'engine'` is the build failing (classic RUN failures carry the exit status as `code`);
 * `source: 'decoder'` is a line or record this decoder could not read — reported, but not a build failure.
 */
export interface ErrorEvent {
  readonly type: 'error';
  readonly message: string;
  readonly code?: number;
  readonly source: 'engine' | 'decoder';
}

/** The ID of the image the build produced. */
export interface ImageEvent {
  readonly type: 'image';
  readonly id: string;
}

export interface WarningEvent {
  readonly type: 'warning';
  readonly message: string;
}

export type BuildEvent = StepEvent | CachedEvent | OutputEvent | VertexEvent | StatusEvent | ErrorEvent | ImageEvent | WarningEvent;

/**
 * One Dockerfile instruction as the builder executed it. BuildKit reports only instructions that are operations
 * (FROM, RUN, COPY, ADD, WORKDIR), and identical operations are one vertex: a `FROM` of the same image in
 * several stages appears once, under the first stage's name.
 */
export interface BuildStep {
  /** The name as the engine printed it: `Step 2/4 : COPY a /a` (classic) or `[build 2/4] COPY a /a` (BuildKit). */
  readonly name: string;
  /** The instruction part of the name (`COPY a /a`); BuildKit has already substituted ARG values in it. */
  readonly instruction: string;
  /** Classic: position in the whole Dockerfile. BuildKit: position inside the stage. Both 1-based. */
  readonly index: number;
  readonly total: number;
  /**
   * Only in multi-stage builds. BuildKit: the stage name (`build`, or `stage-1` for an unnamed one); buildah:
   * the 1-based position of the stage in the Dockerfile.
   */
  readonly stage?: string;
  /** BuildKit only: the vertex digest. */
  readonly digest?: string;
  /**
   * Classic: the builder printed ` ---> Using cache`. BuildKit: some send of the vertex said `cached`.
   * Meaningless for `FROM` steps: the classic builder never looks them up, and BuildKit flags an image from the
   * engine's own store cached or not depending on whether later steps needed its content (observed on 20.10).
   */
  readonly cached: boolean;
  readonly error?: string;
}

export interface BuildError {
  readonly message: string;
  /** The classic builder's exit status of a failed RUN. */
  readonly code?: number;
  /** The HTTP status when the engine refused the build before streaming (e.g. 500 "Cannot locate …"). */
  readonly status?: number;
}

export interface BuildResult {
  readonly imageId: string | null;
  /**
   * Classic: in the order the builder ran them. BuildKit: stage by stage (a stage after those it takes input
   * from), by index inside a stage — BuildKit itself announces steps in no fixed order.
   */
  readonly steps: readonly BuildStep[];
  readonly error?: BuildError;
}

type MutableStep = { -readonly [K in keyof BuildStep]: BuildStep[K] };

// Classic and buildah (podman's compatibility API) word their step headers and cache hits differently; buildah
// numbers steps per stage and puts the stage's position first in multi-stage builds (`[2/3] STEP 1/4: FROM …`).
const CLASSIC_STEP = /^(?:Step (\d+)\/(\d+) : |(?:\[(\d+)\/\d+\] )?STEP (\d+)\/(\d+): )(.*)$/;
const CLASSIC_CACHED = /^ ?-{2,3}> Using cache\b/;
// ` ---> 2ca3fcd3a3e3`: the image the step committed, i.e. the step is done.
const CLASSIC_STEP_IMAGE = /^ ?-{2,3}> [0-9a-f]{6,}$/;
const CLASSIC_NOISE = [
  /^ ---> Running in [0-9a-f]+$/,
  /^Removing intermediate container [0-9a-f]+$/,
  /^Successfully (built|tagged) \S+$/,
  /^(?:\[\d+\/\d+\] )?COMMIT\b/,
];
// Most warnings stand alone; one about the base image's platform follows the FROM step's arrow.
const CLASSIC_WARNING_HEAD = /^(?: ?-{2,3}> )?\[warning\]:?\s*/i;
// Messages the builder writes itself. RUN output still waiting for its newline is flushed before one of these,
// so that the two never end up on one line.
const BUILDER_MESSAGE = /^(?:Step \d+\/\d+ : |(?:\[\d+\/\d+\] )?STEP \d+\/\d+: | ?-{2,3}> |Removing intermediate container |Successfully (?:built|tagged) |\[warning\])/i;
// The classic builder wraps every chunk a RUN writes to stderr in red — one stream message per write.
const STDERR_OPEN = '\u001b[91m';
const STDERR_CLOSE = '\u001b[0m';

/**
 * The message of a classic builder's `[Warning] …` line (after ` ---> ` or not), read as `/^\[warning\]:?\s*(.*)$/i` reads it (null when
 * it is none) without that pattern's quadratic retries on a long run of blanks before a line terminator.
 */
function classicWarning(line: string): string | null {
  const head = CLASSIC_WARNING_HEAD.exec(line);
  if (!head) return null;
  const message = line.slice(head[0].length);
  return LINE_TERMINATOR.test(message) ? null : message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A stateful reader of one build's response. Feed it every line with `push`, then call `end` once; `result`
 * summarises what was seen so far.
 *
 * @example
 * const decoder = new BuildProgressDecoder();
 * for (const line of lines) for (const event of decoder.push(line)) console.log(event);
 * decoder.end();
 * const { imageId, steps, error } = decoder.result();
 */
export class BuildProgressDecoder {
  private readonly steps: MutableStep[] = [];
  private readonly vertexSteps = new Map<string, MutableStep>();
  private readonly vertexInputs = new Map<string, readonly string[]>();
  private readonly logDecoders = new Map<string, TextDecoder>();
  private classicStep: MutableStep | null = null;
  private classicStepDone = false;
  private readonly pendingText = { stdout: '', stderr: '' };
  private imageId: string | null = null;
  private error: BuildError | undefined;

  /** Decodes one line of the response (surrounding whitespace and empty lines are fine). */
  push(line: string): BuildEvent[] {
    const trimmed = line.trim();
    if (trimmed === '') return [];
    let message: unknown;
    try {
      message = JSON.parse(trimmed);
    } catch {
      return [{ type: 'error', source: 'decoder', message: `unreadable build stream line: ${trimmed.slice(0, 200)}` }];
    }
    return this.pushMessage(message);
  }

  /** Decodes one already parsed message. */
  pushMessage(message: unknown): BuildEvent[] {
    if (!isRecord(message)) return [{ type: 'error', source: 'decoder', message: 'build stream line is not a JSON object' }];
    const events: BuildEvent[] = [];
    if (typeof message['stream'] === 'string') this.classicText(message['stream'], events);
    if (isRecord(message['errorDetail']) || typeof message['error'] === 'string') this.engineError(message, events);
    if (message['id'] === 'moby.buildkit.trace') this.trace(message['aux'], events);
    else if (isRecord(message['aux']) && typeof message['aux']['ID'] === 'string') {
      this.imageId = message['aux']['ID'];
      events.push({ type: 'image', id: this.imageId });
    }
    return events;
  }

  /** Flushes text that did not end in a newline. */
  end(): BuildEvent[] {
    const events: BuildEvent[] = [];
    this.flushText(events);
    return events;
  }

  result(): BuildResult {
    const ordered = this.vertexSteps.size > 0 ? orderBuildKitSteps(this.steps, (digest) => this.vertexInputs.get(digest) ?? []) : this.steps;
    const steps = ordered.map((s) => ({ ...s }));
    return { imageId: this.imageId, steps, ...(this.error && { error: this.error }) };
  }

  private classicText(text: string, events: BuildEvent[]): void {
    if (text.length >= STDERR_OPEN.length + STDERR_CLOSE.length && text.startsWith(STDERR_OPEN) && text.endsWith(STDERR_CLOSE)) {
      this.appendText('stderr', text.slice(STDERR_OPEN.length, -STDERR_CLOSE.length), events);
      return;
    }
    if (BUILDER_MESSAGE.test(text)) this.flushText(events);
    this.appendText('stdout', text, events);
  }

  private appendText(stream: 'stdout' | 'stderr', text: string, events: BuildEvent[]): void {
    let pending = this.pendingText[stream] + text;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      this.classicLine(stream, pending.slice(0, newline + 1), events);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    this.pendingText[stream] = pending;
  }

  private flushText(events: BuildEvent[]): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.pendingText[stream];
      this.pendingText[stream] = '';
      if (rest !== '') this.classicLine(stream, rest, events);
    }
  }

  private classicLine(stream: 'stdout' | 'stderr', raw: string, events: BuildEvent[]): void {
    const step = this.classicStep ? { step: this.classicStep.index } : {};
    if (stream === 'stderr') {
      events.push({ type: 'output', stream, text: raw, ...step });
      return;
    }
    const line = raw.replace(/\r?\n$/, '');
    const header = CLASSIC_STEP.exec(line);
    if (header) {
      const index = Number(header[1] ?? header[4]);
      const total = Number(header[2] ?? header[5]);
      const instruction = header[6] ?? '';
      const stage = header[3];
      const step: MutableStep = { name: line, instruction, index, total, cached: false, ...(stage !== undefined && { stage }) };
      this.steps.push(step);
      this.classicStep = step;
      this.classicStepDone = false;
      events.push({ type: 'step', index, total, instruction, ...(stage !== undefined && { stage }) });
      return;
    }
    if (CLASSIC_CACHED.test(line)) {
      if (this.classicStep) {
        this.classicStep.cached = true;
        events.push({ type: 'cached', step: this.classicStep.index });
      }
      return;
    }
    if (CLASSIC_STEP_IMAGE.test(line)) {
      this.classicStepDone = true;
      return;
    }
    if (CLASSIC_NOISE.some((re) => re.test(line))) return;
    const warning = classicWarning(line);
    if (warning !== null) {
      events.push({ type: 'warning', message: warning });
      return;
    }
    events.push({ type: 'output', stream, text: raw, ...step });
  }

  private engineError(message: Record<string, unknown>, events: BuildEvent[]): void {
    this.flushText(events);
    const detail = isRecord(message['errorDetail']) ? message['errorDetail'] : {};
    const text = typeof detail['message'] === 'string' ? detail['message'] : typeof message['error'] === 'string' ? message['error'] : 'build failed';
    const code = typeof detail['code'] === 'number' ? detail['code'] : undefined;
    this.error = { message: text, ...(code !== undefined && { code }) };
    // Classic names the failing step only by position: the step that was running, if one still was.
    if (this.classicStep && !this.classicStepDone && this.classicStep.error === undefined) this.classicStep.error = text;
    events.push({ type: 'error', source: 'engine', message: text, ...(code !== undefined && { code }) });
  }

  private trace(aux: unknown, events: BuildEvent[]): void {
    if (typeof aux !== 'string') {
      events.push({ type: 'error', source: 'decoder', message: 'BuildKit trace record without a base64 payload' });
      return;
    }
    const decoded = decodeTraceAux(aux);
    if (!decoded.ok) {
      events.push({ type: 'error', source: 'decoder', message: decoded.error });
      return;
    }
    const { vertexes, statuses, logs, warnings } = decoded.value;
    for (const v of vertexes) this.vertex(v, events);
    for (const s of statuses) {
      events.push({ type: 'status', vertex: s.vertex, id: s.id, current: s.current, total: s.total, ...(s.completed && { completed: s.completed }) });
    }
    for (const l of logs) {
      const stream = l.stream === 2 ? 'stderr' : 'stdout';
      const key = `${l.vertex}\u0000${stream}`;
      let decoder = this.logDecoders.get(key);
      if (!decoder) this.logDecoders.set(key, (decoder = new TextDecoder('utf-8')));
      const text = decoder.decode(l.msg, { stream: true });
      if (text !== '') events.push({ type: 'output', stream, text, vertex: l.vertex });
    }
    for (const w of warnings) events.push({ type: 'warning', message: [w.short, ...w.detail].filter(Boolean).join('\n') });
  }

  private vertex(v: TraceVertex, events: BuildEvent[]): void {
    events.push({
      type: 'vertex',
      digest: v.digest,
      name: v.name,
      inputs: v.inputs,
      cached: v.cached,
      ...(v.started && { started: v.started }),
      ...(v.completed && { completed: v.completed }),
      ...(v.error && { error: v.error }),
    });
    const known = this.vertexSteps.get(v.digest);
    if (known) {
      // Re-sends carry the full state, but a cache hit or an error once seen stays true for the step.
      known.cached ||= v.cached;
      if (v.error) known.error = v.error;
      return;
    }
    const read = readBuildKitStepName(v.name);
    if (!read) return;
    this.vertexInputs.set(v.digest, v.inputs);
    const step: MutableStep = {
      name: v.name,
      instruction: read.instruction,
      index: read.index,
      total: read.total,
      ...(read.stage !== undefined && { stage: read.stage }),
      digest: v.digest,
      cached: v.cached,
      ...(v.error && { error: v.error }),
    };
    this.steps.push(step);
    this.vertexSteps.set(v.digest, step);
  }
}

/** Decodes a whole captured response body at once (tests, recorded streams). */
export function decodeBuildStream(body: string): { events: BuildEvent[]; result: BuildResult } {
  const decoder = new BuildProgressDecoder();
  const events = body.split('\n').flatMap((line) => decoder.push(line));
  events.push(...decoder.end());
  return { events, result: decoder.result() };
}
