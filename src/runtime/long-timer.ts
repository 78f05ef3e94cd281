/**
 * A timer for any length of time. Node's `setTimeout` holds at most 2^31-1 ms (about 24.8 days) and fires a
 * longer delay after 1 ms instead (with a warning), so a `--timeout` of a month would end a run at once.
 */

/** The longest delay one `setTimeout` honours. */
export const LONGEST_SINGLE_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `fire` once `delayMs` have passed, waiting in steps a single timer can hold. Returns a function that
 * cancels it. Like `setTimeout`, a delay that is not a positive finite number fires on the next turn.
 */
export function startLongTimer(delayMs: number, fire: () => void): () => void {
  const due = Date.now() + (Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = (): void => {
    const left = Math.max(0, due - Date.now());
    timer = setTimeout(() => (Date.now() >= due ? fire() : wait()), Math.min(left, LONGEST_SINGLE_DELAY_MS));
  };
  wait();
  return () => clearTimeout(timer);
}
