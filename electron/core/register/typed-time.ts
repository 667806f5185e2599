// A sampling time as an operator types what a phone or a paper shows, read in the venue's zone against the
// station's clock (which is the training clock in training mode): "9:30" is today's, or yesterday's if today's is
// still to come; "12-08 9:30" and "2022-12-08 09:30" name the day. Never guessed: what cannot be read is refused.
import { localDayOf } from './local-day';

const FORMATS: { re: RegExp; parts: (m: RegExpExecArray) => { y?: number; mo?: number; d?: number; h: number; mi: number } }[] = [
  { re: /^(\d{1,2})[:：](\d{2})$/, parts: (m) => ({ h: +m[1]!, mi: +m[2]! }) },
  { re: /^(\d{1,2})[-/.](\d{1,2})\s+(\d{1,2})[:：](\d{2})$/, parts: (m) => ({ mo: +m[1]!, d: +m[2]!, h: +m[3]!, mi: +m[4]! }) },
  { re: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[\sT]+(\d{1,2})[:：](\d{2})$/, parts: (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]! }) },
];

/** The UTC instant of a wall-clock time in `timeZone` (China's zones have a fixed offset; DST is handled all the same). */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const shown = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(guess);
  const p = Object.fromEntries(shown.map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +(p.hour === '24' ? '0' : p.hour!), +p.minute!);
  return guess - (asUtc - guess);
}

/**
 * The instant (epoch ms) a typed sampling time names, or undefined when it cannot be read (a bad format, a
 * date that does not exist, or a time later than `now`). `typedTimeIsFuture` tells the last case apart.
 */
export function readTypedTime(text: string, now: number, timeZone: string): number | undefined {
  const at = readTypedInstant(text, now, timeZone);
  return at === undefined || at > now ? undefined : at;
}

/** Whether a typed time reads as a real instant later than `now` (to be refused with its own message, never moved back). */
export function typedTimeIsFuture(text: string, now: number, timeZone: string): boolean {
  const at = readTypedInstant(text, now, timeZone);
  return at !== undefined && at > now;
}

function readTypedInstant(text: string, now: number, timeZone: string): number | undefined {
  const t = text.trim();
  for (const f of FORMATS) {
    const m = f.re.exec(t);
    if (!m) continue;
    const { y, mo, d, h, mi } = f.parts(m);
    if (h > 23 || mi > 59) return undefined;
    const [ty, tmo, td] = localDayOf(now, timeZone).split('-').map(Number) as [number, number, number];
    let at = instantOf(y ?? ty, mo ?? tmo, d ?? td, h, mi, timeZone);
    // The day must exist as typed (no 2-30), checked by reading it back.
    if (mo !== undefined && localDayOf(at, timeZone) !== `${String(y ?? ty).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`) return undefined;
    if (mo === undefined && at > now) at -= 86_400_000; // "9:30" after 9:30 today is this morning; before it, yesterday's
    // A month and day after today's are last year's; today's own day with a later time is in the future, not last year.
    if (mo !== undefined && y === undefined && at > now && (mo > tmo || (mo === tmo && d! > td))) at = instantOf(ty - 1, mo, d!, h, mi, timeZone);
    return at;
  }
  return undefined;
}
