/**
 * ShellCheck findings in the editor. ShellCheck takes tens of milliseconds a script, far longer than a
 * keystroke's lint, so a lint never waits for it: the ShellCheck rule answers from the scripts already checked
 * and notes the ones it has not seen. Once a document has been still for a moment, those scripts are checked in
 * the background, and the documents that asked for them are analysed again when the answers are in. A RUN that
 * did not change keeps its findings on every keystroke, as its script is answered from memory.
 */
import { createShellCheckRule, type ShellCheckComment } from '../lint/shellcheck.js';
import type { RuleModule } from '../lint/index.js';

/** What runs ShellCheck on one script (`null`: it could not be run, ran too long or failed). */
export interface ShellCheckChecker {
  check(script: string, timeoutMs?: number): Promise<readonly ShellCheckComment[] | null>;
}

export interface ShellCheckServiceOptions {
  /** How long a document must go without a new unanswered script before its scripts are checked. */
  readonly delayMs: number;
  /** How many ShellCheck processes run at once. */
  readonly concurrency: number;
  /** A ShellCheck process running longer than this is killed and its script counts as having no findings. */
  readonly timeoutMs: number;
  /** Called when scripts a document's latest analysis lacked have been checked. */
  readonly onAnswered: (uri: string) => void;
  /** Told once when ShellCheck fails on a script (it is not tried again). */
  readonly onFailure: (message: string) => void;
}

/**
 * The most script text kept with its answers. Scripts are a RUN's text plus a header of `export` lines, a few
 * hundred bytes each; this holds thousands, enough for every RUN of every open document.
 */
const ANSWERED_CHARACTERS = 4 * 1024 * 1024;

/** Longer scripts are not checked in the editor (`dfkit lint` still checks them). */
const LONGEST_SCRIPT = 256 * 1024;

export class ShellCheckService {
  /** The ShellCheck rule, answering from memory; add it to the rules documents are linted with. */
  readonly rule: RuleModule;
  readonly #checker: ShellCheckChecker;
  readonly #options: ShellCheckServiceOptions;
  /** Checked scripts and their comments, least recently used first. */
  readonly #answers = new Map<string, readonly ShellCheckComment[]>();
  #answeredCharacters = 0;
  /** Scripts the rule was asked about without an answer since the last analysis was taken note of. */
  #missed = new Set<string>();
  /** Per document, the scripts its latest analysis had no answer for. */
  readonly #waiting = new Map<string, ReadonlySet<string>>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #failureTold = false;
  #disposed = false;

  constructor(checker: ShellCheckChecker, options: ShellCheckServiceOptions) {
    this.#checker = checker;
    this.#options = options;
    this.rule = createShellCheckRule((script) => this.#answer(script));
  }

  /** Takes note of an analysis of `uri` just made: the scripts it found no answer for wait for ShellCheck. */
  analyzed(uri: string): void {
    const missed = this.#missed;
    this.#missed = new Set();
    if (missed.size === 0) {
      this.#waiting.delete(uri);
      return;
    }
    this.#waiting.set(uri, missed);
    this.#schedule();
  }

  /** A closed document waits for nothing. */
  forget(uri: string): void {
    this.#waiting.delete(uri);
  }

  /** Stops checking; checks already running finish without telling anyone. */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#waiting.clear();
  }

  #answer(script: string): readonly ShellCheckComment[] {
    const known = this.#answers.get(script);
    if (known) {
      // Most recently used last: the oldest answers go first when memory runs out.
      this.#answers.delete(script);
      this.#answers.set(script, known);
      return known;
    }
    if (script.length <= LONGEST_SCRIPT) this.#missed.add(script);
    return [];
  }

  #remember(script: string, comments: readonly ShellCheckComment[]): void {
    if (this.#answers.has(script)) return;
    this.#answers.set(script, comments);
    this.#answeredCharacters += script.length;
    for (const [oldest] of this.#answers) {
      if (this.#answeredCharacters <= ANSWERED_CHARACTERS) break;
      this.#answers.delete(oldest);
      this.#answeredCharacters -= oldest.length;
    }
  }

  /** Restarts the wait: scripts are checked once no document has made a new unanswered one for a while. */
  #schedule(): void {
    if (this.#disposed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#checkWaiting();
    }, this.#options.delayMs);
  }

  async #checkWaiting(): Promise<void> {
    // One round at a time; what arrives meanwhile is scheduled again when the round ends.
    if (this.#running || this.#disposed) return;
    const scripts = new Set<string>();
    for (const waiting of this.#waiting.values()) for (const script of waiting) if (!this.#answers.has(script)) scripts.add(script);
    if (scripts.size === 0) return this.#tellAnswered(scripts);
    this.#running = true;
    try {
      const queue = [...scripts];
      const worker = async (): Promise<void> => {
        for (let script = queue.pop(); script !== undefined; script = queue.pop()) {
          const comments = await this.#checker.check(script, this.#options.timeoutMs);
          if (comments === null) this.#failed();
          this.#remember(script, comments ?? []);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, queue.length) }, worker));
    } finally {
      this.#running = false;
    }
    if (this.#disposed) return;
    this.#tellAnswered(scripts);
  }

  /**
   * Tells each document whose waiting scripts are all answered now (or were checked in this round, should
   * memory have let go of an answer since), unless ShellCheck had nothing to say about any of them: its
   * analysis would come out the same. The rest wait for another round.
   */
  #tellAnswered(checked: ReadonlySet<string>): void {
    let more = false;
    for (const [uri, waiting] of [...this.#waiting]) {
      if ([...waiting].every((script) => checked.has(script) || this.#answers.has(script))) {
        this.#waiting.delete(uri);
        // An answer let go of since is told as if it had comments: the new analysis asks again.
        if ([...waiting].some((script) => (this.#answers.get(script)?.length ?? 1) > 0)) this.#options.onAnswered(uri);
      } else more = true;
    }
    if (more) this.#schedule();
  }

  #failed(): void {
    if (this.#failureTold) return;
    this.#failureTold = true;
    this.#options.onFailure(
      `ShellCheck failed on a RUN script or ran longer than ${this.#options.timeoutMs} ms; that script gets no SC findings (told once)`,
    );
  }
}
