// Who is inside: entries admitted and exits recorded, matched. Pure: the caller gathers this gate's register and the
// other gates' entries as the venue holds them; the rules for matching and for "inside" live here once.
import type { Category, Outcome } from '../rules/types';

/** Outcomes that put a person on the premises: admitted, an emergency, or sent on to sampling or the fever clinic. */
export const INSIDE_OUTCOMES: readonly Outcome[] = ['admit', 'admit-emergency', 'route'];
/** The outcome column of an exit: an exit is an entry of its own in the append-only register. */
export const EXIT = 'exit';

/** Categories that belong to the place (listed apart from visitors; never overdue). */
export const RESIDENT_CATEGORIES: readonly Category[] = ['staff', 'worker', 'student', 'resident'];

/**
 * How far an exit may come before the entry it closes, by the two stations' clocks (gates on separate laptops, set by
 * hand): a person who came in at one gate and left by another a minute later is still matched.
 */
export const SKEW_MS = 10 * 60_000;

/** An entry (one register row): `ref` names it across the venue, "station#seq". */
export interface Visit {
  ref: string;
  atMs: number;
  localDay: string;
  category: Category;
  outcome: Outcome;
  idHash?: string | undefined;
  fingerprint?: string | undefined;
}

/** An exit: its own ref, the entry it names (when it was matched as it was recorded) and the person's keys. */
export interface ExitMark {
  ref: string;
  atMs: number;
  closes?: string | undefined;
  idHash?: string | undefined;
  fingerprint?: string | undefined;
}

export const refOf = (station: string, seq: number) => `${station}#${seq}`;

/** Two records of one person: the same ID fingerprint or the same scanned credential (or badge). */
export function samePerson(a: { idHash?: string | undefined; fingerprint?: string | undefined }, b: { idHash?: string | undefined; fingerprint?: string | undefined }): boolean {
  return (a.idHash !== undefined && a.idHash === b.idHash) || (a.fingerprint !== undefined && a.fingerprint === b.fingerprint);
}

export interface Matched<V extends Visit> {
  /** Each closed entry's ref, and the exit that closed it. */
  closedBy: Map<string, ExitMark>;
  /** Exits that found no entry (recorded all the same, and reported). */
  unmatched: ExitMark[];
  /** Entries still open, one per person (the latest of a person's open entries), oldest first. */
  open: V[];
}

/**
 * Matches exits to entries, in time order. An exit closes the entry it names; otherwise (or besides) every open entry
 * of the same person made before it; failing that, the first one made just after it within `SKEW_MS` (another gate's
 * clock a little ahead). An exit naming an entry outside `visits` (older than the list looks) counts as matched.
 */
export function matchExits<V extends Visit>(visits: readonly V[], exits: readonly ExitMark[], skewMs = SKEW_MS): Matched<V> {
  // Only people let in can leave: a refused entrant's entry is never closed.
  const admitted = visits.filter((v) => INSIDE_OUTCOMES.includes(v.outcome));
  const byRef = new Map(admitted.map((v) => [v.ref, v]));
  const sorted = [...admitted].sort((a, b) => a.atMs - b.atMs || a.ref.localeCompare(b.ref));
  const closedBy = new Map<string, ExitMark>();
  const unmatched: ExitMark[] = [];
  for (const x of [...exits].sort((a, b) => a.atMs - b.atMs || a.ref.localeCompare(b.ref))) {
    const named = x.closes !== undefined ? byRef.get(x.closes) : undefined;
    let closed = 0;
    if (named && !closedBy.has(named.ref)) {
      closedBy.set(named.ref, x);
      closed++;
    }
    const keys = { idHash: x.idHash ?? named?.idHash, fingerprint: x.fingerprint ?? named?.fingerprint };
    if (keys.idHash !== undefined || keys.fingerprint !== undefined) {
      const before = sorted.filter((v) => v.atMs <= x.atMs && !closedBy.has(v.ref) && samePerson(v, keys));
      for (const v of before) closedBy.set(v.ref, x);
      closed += before.length;
      if (closed === 0 && x.closes === undefined) {
        const after = sorted.find((v) => v.atMs > x.atMs && v.atMs <= x.atMs + skewMs && !closedBy.has(v.ref) && samePerson(v, keys));
        if (after) {
          closedBy.set(after.ref, x);
          closed++;
        }
      }
    }
    if (closed === 0 && !(x.closes !== undefined && !byRef.has(x.closes))) unmatched.push(x);
  }
  // One line per person: a person checked twice without leaving (a recheck, or a second gate) is listed once, at the
  // latest entry; people without a key (an attested phone, nothing scanned) each stand alone.
  const open: V[] = [];
  const latestOf = new Map<string, V>();
  for (const v of sorted) {
    if (closedBy.has(v.ref)) continue;
    const key = v.idHash !== undefined ? `i:${v.idHash}` : v.fingerprint !== undefined ? `f:${v.fingerprint}` : undefined;
    if (key === undefined) {
      open.push(v);
      continue;
    }
    const earlier = latestOf.get(key) ?? (v.fingerprint !== undefined ? latestOf.get(`f:${v.fingerprint}`) : undefined);
    if (earlier) open.splice(open.indexOf(earlier), 1);
    latestOf.set(key, v);
    if (v.fingerprint !== undefined) latestOf.set(`f:${v.fingerprint}`, v);
    open.push(v);
  }
  return { closedBy, unmatched, open };
}

/** The first day an inside list looks at: the start of the previous venue day (people left overnight stay listed). */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Overdue: a visitor still inside after the venue's visiting hours end ("HH:MM" local), or since an earlier day. */
export function isOverdue(v: { category: Category; localDay: string }, today: string, nowClock: string, visitingUntil: string | undefined): boolean {
  if (RESIDENT_CATEGORIES.includes(v.category)) return false;
  if (v.localDay < today) return true;
  return visitingUntil !== undefined && nowClock >= visitingUntil;
}

/** "1:05" for 65 minutes: hours and minutes, as the lists and CSV files show a time inside. */
export function hoursMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}
