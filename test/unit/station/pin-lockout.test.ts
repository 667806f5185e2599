import { describe, it, expect } from 'vitest';
import { FIRST_LOCK_MS, FREE_FAILURES, MAX_LOCK_MS, initialPinLockout, lockRemaining, pinFailed, pinSucceeded, type PinLockoutState } from '../../../electron/core/station/pin-lockout';

/** Feeds `n` wrong PINs, each at the moment the previous lockout ends, and returns each lockout's length. */
function failures(n: number): (number | undefined)[] {
  let state: PinLockoutState = initialPinLockout;
  let now = 1_000;
  return Array.from({ length: n }, () => {
    now = Math.max(now, state.lockedUntil) + 1;
    const r = pinFailed(state, now);
    state = r.state;
    return r.lockedForMs;
  });
}

describe('station/pinFailed', () => {
  it.each([
    { name: 'four wrong PINs cost nothing', n: 4, last: undefined },
    { name: 'the fifth locks for 30 s', n: FREE_FAILURES, last: FIRST_LOCK_MS },
    { name: 'the sixth for 60 s', n: 6, last: 2 * FIRST_LOCK_MS },
    { name: 'the eighth for 4 min', n: 8, last: 8 * FIRST_LOCK_MS },
    { name: 'never more than an hour', n: 40, last: MAX_LOCK_MS },
  ])('$name', ({ n, last }) => {
    expect(failures(n).at(-1)).toBe(last);
  });

  it('while locked, the time left counts down by the clock given; the right PIN starts the count again', () => {
    let state = initialPinLockout;
    for (let i = 0; i < FREE_FAILURES; i++) state = pinFailed(state, 100).state;
    expect(lockRemaining(state, 100)).toBe(FIRST_LOCK_MS);
    expect(lockRemaining(state, 100 + FIRST_LOCK_MS - 1)).toBe(1);
    expect(lockRemaining(state, 100 + FIRST_LOCK_MS)).toBe(0);
    expect(pinSucceeded()).toEqual({ failures: 0, lockedUntil: 0 });
  });

  it('a brute force of 10,000 four-digit PINs would take far beyond a working day', () => {
    // Each try must wait for the lockout before it (the station does not check a PIN while locked).
    let state = initialPinLockout;
    let now = 0;
    for (let i = 0; i < 10_000; i++) {
      now = Math.max(now, state.lockedUntil);
      state = pinFailed(state, now).state;
    }
    expect(now).toBeGreaterThan(9_000 * 3_600_000);
  });
});
