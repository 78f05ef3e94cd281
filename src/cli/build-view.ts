/**
 * The live build view for a terminal: a header with the elapsed time and finished steps, a bar while the
 * context is sent, every running step with its own timer and the tail of its output, redrawn in place a few
 * times a second. A finished step leaves the live area and is printed once above it, so the live area stays
 * as small as what is running and a long build scrolls like a log.
 */
import type { BuildEvent, BuildStepRef } from '../runtime/adapter.js';
import { formatBytes } from './bytes.js';

export interface TerminalOutput {
  write(text: string): void;
  /** Terminal width; lines are cut to it so that redrawing can count them. */
  readonly columns: number;
  readonly color: boolean;
}

export interface BuildViewOptions {
  readonly dockerfileName: string;
  /** Lines of output shown under a running step. */
  readonly tailLines?: number;
  /** Lines of output kept for a step that fails, printed with it. */
  readonly failureLines?: number;
  /** Milliseconds between redraws while nothing else happens (the timers move); 0 draws only on events. */
  readonly refreshMs?: number;
  readonly now?: () => number;
}

interface StepState {
  readonly ref: BuildStepRef;
  readonly started: number;
  readonly output: string[];
  partial: string;
}

const ESC = '\u001b[';

/** A build view that redraws its live area on a terminal. Call `print` per event and `close` at the end. */
export class BuildView {
  private readonly out: TerminalOutput;
  private readonly options: Required<Omit<BuildViewOptions, 'now'>> & { now: () => number };
  private readonly started: number;
  private readonly running = new Map<string, StepState>();
  /** Steps already printed: BuildKit can report a step done and then cached (its FROM), or twice. */
  private readonly shown = new Set<string>();
  private finished = 0;
  private cached = 0;
  private upload: { bytesUploaded: number; bytesExpected: number } | null = null;
  private liveLines = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(out: TerminalOutput, options: BuildViewOptions) {
    this.out = out;
    this.options = {
      tailLines: 5,
      failureLines: 20,
      refreshMs: 100,
      now: Date.now,
      ...options,
    };
    this.started = this.options.now();
    if (this.options.refreshMs > 0) {
      this.timer = setInterval(() => this.redraw(), this.options.refreshMs);
      // The view must never keep the process alive on its own.
      this.timer.unref?.();
    }
  }

  print(event: BuildEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'context':
        this.above(`=> context: ${event.files} file${event.files === 1 ? '' : 's'}, ${formatBytes(event.bytesSent)}${event.bytesSent < event.bytesTotal ? ` of ${formatBytes(event.bytesTotal)} (only what the build needs)` : ''}`);
        break;
      case 'upload':
        this.upload = event.done ? null : { bytesUploaded: event.bytesUploaded, bytesExpected: event.bytesExpected };
        if (event.done) this.above(event.transport === 'session' ? `=> context synced: ${formatBytes(event.bytesUploaded)} changed since the engine's copy` : `=> context sent: ${formatBytes(event.bytesUploaded)}`);
        break;
      case 'step-started':
        if (!this.running.has(event.step.name)) {
          this.running.set(event.step.name, { ref: event.step, started: this.options.now(), output: [], partial: '' });
        }
        break;
      case 'step-cached':
        this.running.delete(event.step.name);
        if (this.shown.has(event.step.name)) break;
        this.shown.add(event.step.name);
        this.finished++;
        this.cached++;
        this.above(`${this.paint('2', '=> CACHED')} ${this.stepTitle(event.step)}`);
        break;
      case 'step-done': {
        const state = this.running.get(event.step.name);
        this.running.delete(event.step.name);
        if (this.shown.has(event.step.name)) break;
        this.shown.add(event.step.name);
        this.finished++;
        if (event.cached) this.cached++;
        const time = state ? this.seconds(this.options.now() - state.started) : '';
        this.above(`${event.cached ? this.paint('2', '=> CACHED') : this.paint('34', '=> DONE')} ${this.stepTitle(event.step)}${time ? `  ${time}` : ''}`);
        break;
      }
      case 'log':
        this.append(event.step, event.text);
        break;
      case 'warning':
        this.above(`${this.paint('33', 'warning:')} ${event.message}`);
        break;
      case 'error': {
        const state = event.step ? this.running.get(event.step.name) : undefined;
        if (state && event.step) {
          this.running.delete(event.step.name);
          const lines = [...state.output, ...(state.partial ? [state.partial] : [])].slice(-this.options.failureLines);
          this.above([`${this.paint('31', '=> ERROR')} ${this.stepTitle(event.step)}`, ...lines.map((line) => `   | ${line}`)].join('\n'));
        }
        break; // the message itself is reported with the outcome, next to the instruction
      }
      case 'image':
        this.above(`=> built ${event.id}`);
        break;
    }
    this.redraw();
  }

  /** Stops redrawing and leaves the last frame (without the live area) on the terminal. */
  close(): void {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const state of this.running.values()) {
      if (state.partial) state.output.push(state.partial);
    }
    this.running.clear();
    this.upload = null;
    this.redraw();
    this.closed = true;
  }

  private append(step: BuildStepRef | undefined, text: string): void {
    const key = step?.name;
    const state = key !== undefined ? this.running.get(key) : undefined;
    if (!state) {
      // Output of a step the engine did not announce (or of the build itself) goes straight above the view.
      const lines = text.split(/\r?\n/).map(lastRewrite).filter((line) => line !== '');
      if (lines.length > 0) this.above(lines.map((line) => `   | ${line}`).join('\n'));
      return;
    }
    const pieces = (state.partial + text).split(/\r?\n/);
    state.partial = pieces.pop() ?? '';
    // A carriage return redraws a line in place (progress bars of npm, curl…): keep what it ended as.
    for (const piece of pieces) state.output.push(lastRewrite(piece));
    const keep = this.options.failureLines;
    if (state.output.length > keep) state.output.splice(0, state.output.length - keep);
  }

  /** Prints lines permanently above the live area. */
  private above(text: string): void {
    this.clearLive();
    this.out.write(
      text
        .split('\n')
        .map((line) => `${this.cut(line)}\n`)
        .join(''),
    );
  }

  private redraw(): void {
    if (this.closed) return;
    const frame = this.frame();
    this.clearLive();
    this.out.write(frame.map((line) => `${line}\n`).join(''));
    this.liveLines = frame.length;
  }

  private clearLive(): void {
    if (this.liveLines === 0) return;
    this.out.write(`${ESC}${this.liveLines}A\r${ESC}J`);
    this.liveLines = 0;
  }

  private frame(): string[] {
    if (this.running.size === 0 && this.upload === null) return [];
    const now = this.options.now();
    const lines = [this.cut(`[+] Building ${this.seconds(now - this.started)} (${this.finished} finished${this.cached > 0 ? `, ${this.cached} cached` : ''})`)];
    if (this.upload) lines.push(this.cut(` => sending context ${bar(this.upload.bytesUploaded, this.upload.bytesExpected, 24)} ${formatBytes(this.upload.bytesUploaded)} / ${formatBytes(this.upload.bytesExpected)}`));
    for (const state of this.running.values()) {
      lines.push(this.fit(` => ${this.stepTitle(state.ref)}`, this.seconds(now - state.started)));
      const tail = [...state.output, ...(state.partial ? [lastRewrite(state.partial)] : [])].slice(-this.options.tailLines);
      for (const line of tail) lines.push(this.paint('2', this.cut(`    ${line}`)));
    }
    return lines;
  }

  private stepTitle(step: BuildStepRef): string {
    return step.line !== undefined ? `${step.name}  (${this.options.dockerfileName}:${step.line})` : step.name;
  }

  private seconds(ms: number): string {
    return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  }

  /** `left` cut to leave room for `right`, which is aligned to the terminal's right edge. */
  private fit(left: string, right: string): string {
    const width = Math.max(20, this.out.columns - 1);
    const room = width - right.length - 1;
    const shown = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left;
    return `${shown}${' '.repeat(Math.max(1, width - shown.length - right.length))}${right}`;
  }

  private cut(line: string): string {
    const width = Math.max(20, this.out.columns - 1);
    const plain = stripControls(line);
    if (plain.length <= width) return plain === line || this.out.color ? line : plain;
    // Too long: cut the visible text (a colour is lost rather than an escape sequence cut in half).
    return `${plain.slice(0, width - 1)}…`;
  }

  private paint(code: string, text: string): string {
    return this.out.color ? `${ESC}${code}m${text}${ESC}0m` : text;
  }
}

function lastRewrite(line: string): string {
  const parts = line.split('\r').filter((part) => part !== '');
  return stripControls(parts[parts.length - 1] ?? '');
}

/** Escape sequences and control characters in build output would break the line count of the live area. */
function stripControls(text: string): string {
   
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]|[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function bar(done: number, total: number, width: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.floor(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}
