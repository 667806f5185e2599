// The benchmark's goals (issue 30 and the issues before it), judged against a run's figures: `npm run bench`
// (test/bench/run.ts) prints each verdict beside its figure, and `--json` adds them as `goals` (a new key: every
// existing key stays a number).
// A figure the run did not measure (a part run alone, a field missing) is left out rather than judged.

/** One goal's verdict: the figure, the goal as words, whether the figure meets it. */
export interface GoalVerdict {
  value: number;
  goal: string;
  met: boolean;
}

type Figures = Record<string, unknown>;

/** The number at a dotted path of a run's JSON, or undefined. */
function at(figures: Figures, path: string): number | undefined {
  let x: unknown = figures;
  for (const k of path.split('.')) {
    if (typeof x !== 'object' || x === null) return undefined;
    x = (x as Record<string, unknown>)[k];
  }
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** A figure at most (or at least) a bound. */
const atMost = (path: string, bound: number, words: string) => ({ path, goal: words, met: (v: number) => v <= bound });
const atLeast = (path: string, bound: number, words: string) => ({ path, goal: words, met: (v: number) => v >= bound });
const below = (path: string, bound: number, words: string) => ({ path, goal: words, met: (v: number) => v < bound });

/**
 * "The gate's scan p95 unchanged while the million rows import": the p95 during within 20 % of the p95 before it (the
 * before figure alone moves by a third between repetitions of one run: 3.8–6.5 ms on P).
 */
export const UNCHANGED_TOLERANCE = 1.2;

/** The goals, figure by figure, as the README's performance table states them. */
export function goalVerdicts(figures: Figures): Record<string, GoalVerdict> {
  const simple = [
    atMost('scan.p95_ms', 10, '≤ 10 ms'),
    atMost('scan.p95_ms_throttled_4x', 25, '≤ 25 ms'),
    atMost('wedge.added_share', 0.05, '≤ 5 % of the typing'),
    atMost('verify.dcc_ratio', 1.25, '≤ 1.25× a bare node:crypto check'),
    atMost('verify.shc_ratio', 1.25, '≤ 1.25× a bare node:crypto check'),
    atMost('write.ratio', 2, '≤ 2× a bare insert'),
    atMost('export.ms_10k', 250, '≤ 250 ms'),
    atMost('export.ms_100k', 1000, '≤ 1,000 ms'),
    atLeast('camera.app.success', 0.95, '≥ 95 % of the frames'),
    atMost('camera.first_read_ms', 1000, '≤ 1,000 ms'),
    atMost('import.peak_rss_mb_1m', 256, '≤ 256 MB'),
    below('import.scan_during_import_p95_ms', 100, '< 100 ms'),
    atMost('venue.ratio', 1.2, '≤ 1.2× bare multi-row inserts'),
    atMost('venue.lag_p95_ms', 50, '≤ 50 ms'),
    atMost('serial.p95_ms', 30, '≤ 30 ms'),
    atMost('keys.attest_green_nat', 3, '≤ 3 keys'),
    atMost('keys.cert_then_green', 3, '≤ 3 keys'),
    atMost('seconds', 900, 'the whole run under 15 min'),
  ];
  const out: Record<string, GoalVerdict> = {};
  for (const g of simple) {
    const v = at(figures, g.path);
    if (v !== undefined) out[g.path] = { value: v, goal: g.goal, met: g.met(v) };
  }
  // The camera: at least the reference decoder's share of the same frames, too.
  const app = at(figures, 'camera.app.success');
  const reference = at(figures, 'camera.zxing_wasm.success');
  if (app !== undefined && reference !== undefined) out['camera.app.success_vs_reference'] = { value: app, goal: `≥ the reference's ${reference}`, met: app >= reference };
  const before = at(figures, 'import.scan_p95_ms_before_1m');
  const during = at(figures, 'import.scan_p95_ms_during_1m');
  if (before !== undefined && during !== undefined) {
    out['import.scan_p95_ms_during_1m'] = { value: during, goal: `unchanged: ≤ ${UNCHANGED_TOLERANCE}× the ${before} ms before`, met: during <= before * UNCHANGED_TOLERANCE };
  }
  return out;
}

/** How many goals a run met, of how many it measured. */
export function goalTally(verdicts: Record<string, GoalVerdict>): { met: number; of: number; missed: string[] } {
  const entries = Object.entries(verdicts);
  const missed = entries.filter(([, v]) => !v.met).map(([k]) => k);
  return { met: entries.length - missed.length, of: entries.length, missed };
}
