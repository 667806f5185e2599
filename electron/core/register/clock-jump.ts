// Clock jumps: the wall clock compared with a monotonic one (which a changed system time does not move). A station
// whose clock leapt forward would purge entries as expired and date new ones wrongly; one set back writes into days
// already exported. Pure: the samples come from the caller.

/** More than this forward is a jump that holds purging until an admin confirms the time. */
export const CLOCK_JUMP_LIMIT_MS = 86_400_000;

export interface ClockSample {
  /** The wall clock, epoch milliseconds. */
  wallMs: number;
  /** A monotonic clock in milliseconds (any origin) that counts time asleep, e.g. the system's uptime. */
  monoMs: number;
}

/**
 * How far the wall clock moved beyond real elapsed time between two samples: positive forward, negative back. Whole
 * milliseconds: the system's uptime has fractions, and the security log stores integers.
 */
export function clockDrift(before: ClockSample, after: ClockSample): number {
  return Math.round(after.wallMs - before.wallMs - (after.monoMs - before.monoMs));
}

export type ClockJump = { kind: 'forward' | 'back'; fromMs: number; toMs: number; driftMs: number };

/**
 * A jump between two samples, if any: forward beyond `limitMs`, or back by more than `backMs` (a minute by default:
 * ordinary time-sync corrections are seconds).
 */
export function clockJump(before: ClockSample, after: ClockSample, limitMs = CLOCK_JUMP_LIMIT_MS, backMs = 60_000): ClockJump | undefined {
  const driftMs = clockDrift(before, after);
  // Where the wall clock should be now, had it not jumped.
  const fromMs = after.wallMs - driftMs;
  if (driftMs > limitMs) return { kind: 'forward', fromMs, toMs: after.wallMs, driftMs };
  if (driftMs < -backMs) return { kind: 'back', fromMs, toMs: after.wallMs, driftMs };
  return undefined;
}
