// Property runs sized for the machine the suite runs on: two cores, both possibly busy with other work. Each property
// states its run count and passes PROPERTY_TIMEOUT_MS as its timeout; the counts were measured (npm run test:stress,
// with stress-ng occupying both cores) so that every property finishes in under a third of that timeout. No
// property depends on the machine's speed beyond that margin. GATE_PROPERTY_RUNS overrides every count for a deeper
// run on a quiet machine, and the timeout grows with it.

/** A property test's own timeout (Vitest's default of 5 s is sized for a single quick example, not a search). */
export const PROPERTY_TIMEOUT_MS = 60_000;

const override = Number(process.env.GATE_PROPERTY_RUNS);
const factor = (runs: number) => (Number.isInteger(override) && override > 0 ? override / runs : 1);

/** fast-check parameters for a property sized at `runs` runs (or the GATE_PROPERTY_RUNS override). */
export function sized(runs: number): { numRuns: number } {
  return { numRuns: Math.max(1, Math.round(runs * factor(runs))) };
}

/** The timeout for a property sized at `runs`: PROPERTY_TIMEOUT_MS, scaled up with a larger override. */
export function timeoutFor(runs: number): number {
  return Math.ceil(PROPERTY_TIMEOUT_MS * Math.max(1, factor(runs)));
}
