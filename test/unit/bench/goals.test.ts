// The benchmark's goal verdicts (test/support/bench-goals.ts): each figure judged at its bound, just past it, and left out
// when the run did not measure it.
import { describe, it, expect } from 'vitest';
import { goalTally, goalVerdicts, UNCHANGED_TOLERANCE } from '../../support/bench-goals';

/** A run's JSON with one figure set at a dotted path. */
function run(path: string, value: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let x = out;
  const keys = path.split('.');
  for (const k of keys.slice(0, -1)) x = (x[k] = {}) as Record<string, unknown>;
  x[keys.at(-1)!] = value;
  return out;
}

// [figure, a value that meets the goal (at the bound where the bound is inclusive), one that does not]
const BOUNDS: [string, number, number][] = [
  ['scan.p95_ms', 10, 10.1],
  ['scan.p95_ms_throttled_4x', 25, 25.1],
  ['verify.dcc_ratio', 1.25, 1.26],
  ['verify.shc_ratio', 1.25, 1.26],
  ['export.ms_100k', 1000, 1001],
  ['export.ms_10k', 250, 251],
  ['camera.app.success', 0.95, 0.949],
  ['import.peak_rss_mb_1m', 256, 257],
  ['import.scan_during_import_p95_ms', 99.9, 100],
  ['serial.p95_ms', 30, 30.5],
  ['venue.ratio', 1.2, 1.21],
  ['seconds', 900, 901],
];

describe('bench/goals', () => {
  it.each(BOUNDS)('%s: %d meets its goal, %d does not', (path, ok, over) => {
    expect(goalVerdicts(run(path, ok))[path]).toMatchObject({ value: ok, met: true });
    expect(goalVerdicts(run(path, over))[path]).toMatchObject({ value: over, met: false });
  });

  it('leaves out what the run did not measure, and a figure that is not a number', () => {
    expect(goalVerdicts({})).toEqual({});
    expect(goalVerdicts({ scan: { p95_ms: 'fast' }, verify: { dcc_ratio: Number.NaN } })).toEqual({});
  });

  it('holds the camera to the reference decoder on the same frames as well as to 95 %', () => {
    const v = goalVerdicts({ camera: { app: { success: 0.96 }, zxing_wasm: { success: 0.97 } } });
    expect(v['camera.app.success']!.met).toBe(true);
    expect(v['camera.app.success_vs_reference']!.met).toBe(false);
  });

  it('calls the scans during the million-row import unchanged within the tolerance of those before it', () => {
    const judge = (before: number, during: number) => goalVerdicts({ import: { scan_p95_ms_before_1m: before, scan_p95_ms_during_1m: during } })['import.scan_p95_ms_during_1m']!.met;
    expect(judge(5, 5 * UNCHANGED_TOLERANCE)).toBe(true);
    expect(judge(5, 5 * UNCHANGED_TOLERANCE + 0.1)).toBe(false);
    expect(judge(5, 4)).toBe(true);
  });

  it('counts the goals met and names those missed', () => {
    const t = goalTally(goalVerdicts({ scan: { p95_ms: 24.6 }, verify: { dcc_ratio: 1.2 } }));
    expect(t).toEqual({ met: 1, of: 2, missed: ['scan.p95_ms'] });
  });
});
