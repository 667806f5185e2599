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

/** An exit as the register keeps it (this gate's or another's row, by its station and number), as the matching reads it. */
export function exitMarkOf(station: string, seq: number, r: { at_ms: number; id_hash: string | null; payload_fingerprint: string | null; closes_station: string | null; closes_seq: number | null }): ExitMark {
  return {
    ref: refOf(station, seq), atMs: r.at_ms, idHash: r.id_hash ?? undefined, fingerprint: r.payload_fingerprint ?? undefined,
    closes: r.closes_station !== null && r.closes_seq !== null ? refOf(r.closes_station, r.closes_seq) : undefined,
  };
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
  const order = (a: { atMs: number; ref: string }, b: { atMs: number; ref: string }) => a.atMs - b.atMs || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
  const sorted = [...admitted].sort(order);
  // Keys link entries into people, through each other too (an ID card and a certificate scanned together once tie
  // that certificate to the ID): a person's entries, by the root of their keys (a few each), are what an exit looks at.
  const parent = new Map<string, string>();
  const root = (k: string): string => {
    let r = k;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const keysOf = (v: { idHash?: string | undefined; fingerprint?: string | undefined }) =>
    [...(v.idHash !== undefined ? [`i:${v.idHash}`] : []), ...(v.fingerprint !== undefined ? [`f:${v.fingerprint}`] : [])];
  for (const v of sorted) {
    const [first, ...rest] = keysOf(v);
    if (first === undefined) continue;
    if (!parent.has(first)) parent.set(first, first);
    for (const k of rest) {
      if (!parent.has(k)) parent.set(k, k);
      parent.set(root(k), root(first));
    }
  }
  const byPerson = new Map<string, V[]>();
  for (const v of sorted) {
    const [key] = keysOf(v);
    if (key === undefined) continue;
    const r = root(key);
    const list = byPerson.get(r);
    if (list) list.push(v);
    else byPerson.set(r, [v]);
  }
  /** Every entry of the person these keys belong to, oldest first. */
  const personOf = (keys: { idHash?: string | undefined; fingerprint?: string | undefined }): V[] => {
    const roots = new Set(keysOf(keys).filter((k) => parent.has(k)).map(root));
    return [...roots].flatMap((r) => byPerson.get(r) ?? []).sort(order);
  };
  const closedBy = new Map<string, ExitMark>();
  const unmatched: ExitMark[] = [];
  for (const x of [...exits].sort(order)) {
    const named = x.closes !== undefined ? byRef.get(x.closes) : undefined;
    let closed = 0;
    if (named && !closedBy.has(named.ref)) {
      closedBy.set(named.ref, x);
      closed++;
    }
    const entries = personOf({ idHash: x.idHash ?? named?.idHash, fingerprint: x.fingerprint ?? named?.fingerprint });
    for (const v of entries) {
      if (v.atMs > x.atMs || closedBy.has(v.ref)) continue;
      closedBy.set(v.ref, x);
      closed++;
    }
    if (closed === 0 && x.closes === undefined) {
      const after = entries.find((v) => v.atMs > x.atMs && v.atMs <= x.atMs + skewMs && !closedBy.has(v.ref));
      if (after) {
        closedBy.set(after.ref, x);
        closed++;
      }
    }
    if (closed === 0 && !(x.closes !== undefined && !byRef.has(x.closes))) unmatched.push(x);
  }
  // One line per person: a person checked twice without leaving (a recheck, or a second gate) is listed once, at the
  // latest entry; people without a key (an attested phone, nothing scanned) stand alone.
  const open: V[] = [];
  const listed = new Set<string>();
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i]!;
    if (closedBy.has(v.ref)) continue;
    const [key] = keysOf(v);
    const person = key === undefined ? undefined : root(key);
    if (person !== undefined && listed.has(person)) continue;
    if (person !== undefined) listed.add(person);
    open.push(v);
  }
  return { closedBy, unmatched, open: open.reverse() };
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
