import { describe, it, expect } from 'vitest';
import { clockDrift, clockJump, CLOCK_JUMP_LIMIT_MS } from '../../../electron/core/register/clock-jump';

const H = 3_600_000;
const at = (wallMs: number, monoMs: number) => ({ wallMs, monoMs });

describe('core/register/clock-jump', () => {
  it.each([
    ['an ordinary minute', at(0, 0), at(60_000, 60_000), undefined],
    ['a time-sync correction of 20 s back', at(0, 0), at(40_000, 60_000), undefined],
    ['set back an hour', at(0, 0), at(-H + 60_000, 60_000), 'back'],
    ['forward a whole day: still only a day', at(0, 0), at(CLOCK_JUMP_LIMIT_MS + 60_000, 60_000), undefined],
    ['forward a day and a minute', at(0, 0), at(CLOCK_JUMP_LIMIT_MS + 120_001, 60_000), 'forward'],
    ['forward a year', at(0, 0), at(365 * 24 * H, 60_000), 'forward'],
    ['a laptop asleep for two days (both clocks moved)', at(0, 0), at(48 * H, 48 * H), undefined],
  ] as const)('%s', (_name, before, after, kind) => {
    expect(clockJump(before, after)?.kind).toBe(kind);
  });

  it('reports where the clock should be and where it went', () => {
    const jump = clockJump(at(1_000, 50), at(1_000 + 60_000 + 3 * 24 * H, 60_050))!;
    expect(jump).toEqual({ kind: 'forward', fromMs: 61_000, toMs: 61_000 + 3 * 24 * H, driftMs: 3 * 24 * H });
    expect(clockDrift(at(0, 0), at(5, 5))).toBe(0);
  });

  // The system's uptime has fractions (os.uptime() on Linux): the drift must still fit the log's INTEGER column.
  it('drift is whole milliseconds when the monotonic clock has fractions', () => {
    const jump = clockJump(at(1_000, 12.345), at(1_000 + 2 * 24 * H, 60_012.9))!;
    expect(Number.isInteger(jump.driftMs)).toBe(true);
    expect(Number.isInteger(jump.fromMs)).toBe(true);
    expect(jump.driftMs).toBe(2 * 24 * H - 60_001);
  });
});
