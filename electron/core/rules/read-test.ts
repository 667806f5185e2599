// How the evaluator reads one test: its sampling time (never in the future beyond a clock's tolerance), its status
// from the stated result and the Ct value (N101-9), and its age in hours. Pure: `now` is a parameter.
import type { Bilingual } from '../errors';
import type { TestEvidence, WithinHours } from './types';

const HOUR_MS = 3_600_000;
/** A sampling time later than this past `now` is bad evidence (a wrong clock or a forged result). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** N101-9: positive means NAT Ct < 35; a stated positive with Ct 35–40 is assessed and re-tested after 24 h. */
export const CT_POSITIVE_BELOW = 35;
export const CT_RETEST_UP_TO = 40;

export type TestStatus = 'negative' | 'positive' | 'retest';

export interface ReadTest {
  item: TestEvidence;
  status: TestStatus;
  /** The sampling instant; for a "within N h" test, the oldest it can be (now − N h): the cautious reading. */
  at: number;
  hours: number;
  /** Set for a test shown as "within N h": its age is at most N, not known exactly. */
  withinHours?: WithinHours | undefined;
}

/** Hours for staff to read: one decimal, cut (not rounded) so 47.96 h never shows as 48. */
export function hoursText(h: number): string {
  return (Math.floor(h * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/** One test as the rules see it, or why it cannot count (a sampling time unreadable or in the future). */
export function readTest(item: TestEvidence, now: number): ReadTest | { bad: Bilingual } {
  if (item.withinHours !== undefined) {
    // At most N hours old: read as exactly N, so it satisfies a window W exactly when N ≤ W.
    return { item, status: statusOf(item), at: now - item.withinHours * HOUR_MS, hours: item.withinHours, withinHours: item.withinHours };
  }
  const at = item.sampledAt === undefined ? NaN : Date.parse(item.sampledAt);
  if (!Number.isFinite(at)) return { bad: { zh: '检测采样时间无法识别', en: 'the sampling time cannot be read' } };
  if (at > now + FUTURE_TOLERANCE_MS) {
    return { bad: { zh: '检测采样时间晚于当前时间，证明无效', en: 'the sampling time is in the future: the proof is not valid' } };
  }
  return { item, status: statusOf(item), at, hours: Math.max(0, (now - at) / HOUR_MS) };
}

/** The result as the rules count it: the stated result, or what the Ct value says of a NAT (N101-9). */
function statusOf(item: TestEvidence): TestStatus {
  if (item.method !== 'nat' || item.ct === undefined) return item.result;
  if (item.ct < CT_POSITIVE_BELOW) return 'positive';
  if (item.result === 'positive') return item.ct <= CT_RETEST_UP_TO ? 'retest' : 'negative';
  return 'negative';
}

/** How old a test is, in words: "sampled 12.5 h ago", or "within 48 h" for what a phone shows. */
export function agoText(t: ReadTest): Bilingual {
  return t.withinHours !== undefined
    ? { zh: `${t.withinHours} 小时内采样`, en: `sampled within ${t.withinHours} h` }
    : { zh: `采样 ${hoursText(t.hours)} 小时前`, en: `sampled ${hoursText(t.hours)} h ago` };
}

/** Latest first; at the same instant a positive sorts before a re-test before a negative (the cautious reading). */
export function byRecency(a: ReadTest, b: ReadTest): number {
  const order: Record<TestStatus, number> = { positive: 0, retest: 1, negative: 2 };
  return b.at - a.at || order[a.status] - order[b.status];
}
