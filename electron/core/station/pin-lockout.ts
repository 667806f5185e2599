// Wrong PINs cost time: after 5 failures in a row a PIN entry (the admin's, or one operator's) is locked, for 30 s,
// then twice as long after each further failure, up to an hour. A pure reducer in the form of the keyboard wedge:
// the station keeps the state (persisted, so a restart does not reset it) and feeds each attempt with its time.

export interface PinLockoutState {
  /** Wrong PINs in a row since the last right one. */
  failures: number;
  /** Epoch ms until which no attempt is checked (0: not locked). */
  lockedUntil: number;
}

export const initialPinLockout: PinLockoutState = { failures: 0, lockedUntil: 0 };

/** Failures allowed before the first lockout: enough for a mistyped PIN or two, far too few to guess one. */
export const FREE_FAILURES = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 3_600_000;

/** Milliseconds left to wait before an attempt is checked at all (0 when it may be tried now). */
export function lockRemaining(state: PinLockoutState, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

/**
 * A wrong PIN at `now`. Returns the next state and, when this failure starts a lockout, its length (for the log).
 * The 5th wrong PIN locks for 30 s, the 6th for 60 s, … (doubling), never more than an hour.
 */
export function pinFailed(state: PinLockoutState, now: number): { state: PinLockoutState; lockedForMs?: number } {
  const failures = state.failures + 1;
  if (failures < FREE_FAILURES) return { state: { failures, lockedUntil: 0 } };
  const lockedForMs = Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES));
  return { state: { failures, lockedUntil: now + lockedForMs }, lockedForMs };
}

/** The right PIN: the count starts again. */
export function pinSucceeded(): PinLockoutState {
  return initialPinLockout;
}
