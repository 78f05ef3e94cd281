import { afterEach, describe, expect, it, vi } from 'vitest';
import { LONGEST_SINGLE_DELAY_MS, startLongTimer } from '../../src/runtime/long-timer.js';

describe('startLongTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out a delay longer than one setTimeout can hold, in steps', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const thirtyDays = 30 * 24 * 3_600_000;
    startLongTimer(thirtyDays, fire);
    expect(spy.mock.calls.every(([, delay]) => (delay ?? 0) <= LONGEST_SINGLE_DELAY_MS)).toBe(true);
    vi.advanceTimersByTime(LONGEST_SINGLE_DELAY_MS);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(thirtyDays - LONGEST_SINGLE_DELAY_MS - 1);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls.every(([, delay]) => (delay ?? 0) <= LONGEST_SINGLE_DELAY_MS)).toBe(true);
  });

  it('fires a short delay once, on time', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    startLongTimer(500, fire);
    vi.advanceTimersByTime(499);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(10_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('never fires once cancelled, also between steps', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const cancel = startLongTimer(LONGEST_SINGLE_DELAY_MS * 3, fire);
    vi.advanceTimersByTime(LONGEST_SINGLE_DELAY_MS + 5);
    cancel();
    vi.advanceTimersByTime(LONGEST_SINGLE_DELAY_MS * 3);
    expect(fire).not.toHaveBeenCalled();
  });
});
