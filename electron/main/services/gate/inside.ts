// Who is inside (issue 31): exits from a scan or from the list, the inside list, the evacuation list. The matching
// rules are core/register/inside.ts's; this gathers this gate's register and the other gates' entries as the venue
// last gave them, and writes exits like every entry (append-only, marked, sent to the venue).
import type { ExitOutput, Handlers, InsidePerson, InsideView, ParsedInputOf } from '../../../api/contract';
import type { Bilingual } from '../../../core/errors';
import { AppError } from '../../../core/errors';
import type { Category, Outcome } from '../../../core/rules/types';
import { classifyCode, ROSTER_PREFIX } from '../../../core/scan/parse-code';
import { collectShcChunk, initialShcChunkState } from '../../../core/scan/shc-chunks';
import { decodeScan } from '../../../core/credentials/decode';
import { localDayOf } from '../../../core/register/local-day';
import { displayName } from '../../../core/register/names';
import { exitMarkOf, hoursMinutes, isOverdue, matchExits, previousDay, refOf, RESIDENT_CATEGORIES, type ExitMark, type Visit } from '../../../core/register/inside';
import { NOTE_PHRASES, stored } from '../../../core/register/notes';
import type { VisitRow } from '../../../db/entries';
import type { RemoteRow } from '../../../db/venue-link';
import { loadStationConfig, type StationConfig } from '../station-config';
import { clockTimeOf, maskName } from '../register';
import type { GateContext } from './context';

/** Other gates' entries and exits as the venue last gave them, and when that was (a station of a venue). */
export interface RemoteInside {
  visits: RemoteRow[];
  exits: RemoteRow[];
  syncedAt: number | null;
}

interface Candidate extends Visit {
  station: string;
  own: boolean;
  name?: string | undefined;
  idMasked?: string | undefined;
}

const ownVisit = (r: VisitRow): Candidate => ({
  ref: refOf(r.station, r.id), atMs: r.at_ms, localDay: r.local_day, category: r.category as Category, outcome: r.outcome as Outcome,
  station: r.station, own: true, name: r.name ?? undefined, idMasked: r.id_masked ?? undefined,
  idHash: r.id_hash ?? undefined, fingerprint: r.payload_fingerprint ?? undefined,
});
const remoteVisit = (r: RemoteRow): Candidate => ({
  ref: refOf(r.station, r.seq), atMs: r.at_ms, localDay: r.local_day, category: r.category as Category, outcome: r.outcome as Outcome,
  station: r.station, own: false, name: r.name_masked ?? undefined,
  idHash: r.id_hash ?? undefined, fingerprint: r.payload_fingerprint ?? undefined,
});
/** The code to check: a serial scan's as the port sent it, taken once (a second page gets nothing); else the input's. */
export function claimed(ctx: GateContext, input: { code: string; serialId?: number | undefined }): string {
  if (input.serialId === undefined) return input.code;
  const code = ctx.serial?.claim(input.serialId);
  if (code === undefined) throw new AppError('SCAN_TAKEN', `serial scan ${input.serialId} was taken already (or never came)`);
  return code;
}

/** The badge code in a roster scan (`GC1:<badge>`), or the text as it is. */
const badgeOf = (text: string) => (text.startsWith(ROSTER_PREFIX) ? text.slice(ROSTER_PREFIX.length) : text);

export function insideHandlers(ctx: GateContext): Pick<Handlers, 'exit' | 'exitFromList' | 'inside' | 'evacuation'> {
  const { entries, settings, packs, clock, session } = ctx;
  let chunks = initialShcChunkState;

  /** This gate's and the other gates' entries and exits since the start of the previous venue day, matched. */
  function state(cfg: StationConfig, now: number) {
    const day = localDayOf(now, cfg.timeZone);
    const from = previousDay(day);
    const remote = ctx.remoteInside?.(from);
    const visits = [...entries.visits(from, day).map(ownVisit), ...(remote?.visits ?? []).map(remoteVisit)];
    const exits = [...entries.exits(from, day).map((r) => exitMarkOf(r.station, r.id, r)), ...(remote?.exits ?? []).map((r) => exitMarkOf(r.station, r.seq, r))];
    return { day, visits, exits, remote, ...matchExits(visits, exits) };
  }

  /**
   * Whether the station is locked (it has operators and nobody is signed in). A locked station still shows the
   * inside list and writes the evacuation list — at a fire alarm nobody should have to type a PIN first — with every
   * name masked as other gates' are; exits from the list need an operator.
   */
  function locked(): boolean {
    try {
      session.currentOperator();
      return false;
    } catch (err) {
      if (err instanceof AppError && err.code === 'SIGNED_OUT') return true;
      throw err;
    }
  }

  function view(cfg: StationConfig, now: number, search?: string, masked = false): InsideView {
    const s = state(cfg, now);
    const staff = cfg.data.insideStaff ?? 'apart';
    const nowClock = clockTimeOf(now, cfg.timeZone).slice(0, 5);
    const key = search ? displayName(search).toLowerCase() : '';
    const people = s.open
      .filter((v) => staff === 'apart' || !RESIDENT_CATEGORIES.includes(v.category))
      .map((v): InsidePerson => ({
        ref: v.ref,
        // A signed-in operator sees this gate's entrants in full; the venue gives other gates' masked.
        name: !v.own ? v.name : !v.name ? undefined : masked ? maskName(v.name) : displayName(v.name),
        idMasked: v.idMasked, category: v.category, outcome: v.outcome, station: v.station, own: v.own, at: v.atMs, localDay: v.localDay,
        minutesInside: Math.max(0, Math.floor((now - v.atMs) / 60_000)),
        overdue: isOverdue(v, s.day, nowClock, cfg.data.visitingUntil),
        group: RESIDENT_CATEGORIES.includes(v.category) ? 'resident' : 'visitor',
      }))
      .filter((p) => !key || (p.name ?? '').toLowerCase().includes(key) || clockTimeOf(p.at, cfg.timeZone).startsWith(key) || p.station.toLowerCase().includes(key));
    return {
      now, day: s.day, count: people.length, people, staff, visitingUntil: cfg.data.visitingUntil, unmatchedExits: s.unmatched.length,
      ...(masked ? { namesMasked: true as const } : {}),
      ...(s.remote ? { venue: { syncedAt: s.remote.syncedAt } } : {}),
    };
  }

  /** Writes the exit, announces it, and says what it closed. */
  function write(cfg: StationConfig, now: number, x: {
    input: 'wedge' | 'camera' | 'manual' | 'serial'; format: 'none' | ReturnType<typeof classifyCode>['format'];
    category?: Category | undefined; closed?: Candidate | undefined; name?: string | undefined; idMasked?: string | undefined;
    idHash?: string | undefined; fingerprint?: string | undefined; note?: string | undefined;
  }): ExitOutput {
    const operator = session.currentOperator();
    const closes = x.closed ? { station: x.closed.station, seq: Number(x.closed.ref.slice(x.closed.ref.lastIndexOf('#') + 1)) } : undefined;
    const category = x.category ?? x.closed?.category ?? cfg.defaultCategory;
    const id = entries.insertExit({
      atMs: now, localDay: localDayOf(now, cfg.timeZone), station: cfg.stationName, operator, packId: cfg.venue.pack.id, packVersion: cfg.venue.pack.version,
      venueKind: cfg.profile.venueKind, category, format: x.format, input: x.input,
      name: x.name ?? (x.closed?.own ? x.closed.name : undefined), idMasked: x.idMasked ?? x.closed?.idMasked,
      idHash: x.idHash ?? x.closed?.idHash, payloadFingerprint: x.fingerprint ?? x.closed?.fingerprint, note: x.note, closes,
    });
    ctx.emit('exitRecorded', { id, at: now, matched: x.closed !== undefined });
    const c = x.closed;
    const minutes = c ? Math.max(0, Math.floor((now - c.atMs) / 60_000)) : 0;
    const who = c?.name ? (c.own ? maskName(c.name) : c.name) : '';
    const message: Bilingual = c
      ? { zh: `已登记离场${who ? `：${who}` : ''}（${c.station} ${clockTimeOf(c.atMs, cfg.timeZone).slice(0, 5)} 进入，停留 ${hoursMinutes(minutes)}）`, en: `Exit recorded${who ? `: ${who}` : ''} (in at ${c.station} ${clockTimeOf(c.atMs, cfg.timeZone).slice(0, 5)}, inside ${hoursMinutes(minutes)})` }
      : { zh: '已登记离场，但未找到此人的入场记录（已记录并将在日报中列出）', en: 'Exit recorded, but no entry was found for this person (recorded, and reported in the day\'s summary)' };
    return {
      entryId: id, at: now, matched: c !== undefined, message,
      ...(c ? { closed: { ref: c.ref, name: c.own ? (c.name ? maskName(c.name) : undefined) : c.name, category: c.category, station: c.station, at: c.atMs, minutesInside: minutes } } : {}),
    };
  }

  return {
    async exit(input: ParsedInputOf<'exit'>): Promise<ExitOutput> {
      const cfg = loadStationConfig(settings, packs);
      session.currentOperator(); // SIGNED_OUT while locked: a scan then never records anything
      const now = clock();
      const { format, text } = classifyCode(claimed(ctx, input));
      let parts = [text];
      if (format === 'shc') {
        const collected = collectShcChunk(chunks, text, now);
        chunks = collected.state;
        if (!('parts' in collected.step)) {
          const { scanned, total } = collected.step;
          throw new AppError('INVALID_INPUT', `multi-part code: ${scanned} of ${total} parts scanned; scan the rest`);
        }
        parts = collected.step.parts;
      }
      // No proof is checked on the way out: the scan only finds the person (the ID number, the roster's badge, or
      // the very same code, by its fingerprint).
      const decoded = await decodeScan(parts, { trust: (await ctx.trust()).store, now });
      const idHash = decoded.ok && decoded.idNumber ? ctx.hashId(decoded.idNumber) : undefined;
      const person = idHash ? ctx.rosters.byIdHash(idHash) : decoded.ok && (format === 'roster' || format === 'opaque') ? ctx.rosters.byBadge(badgeOf(text)) : undefined;
      const keys = { idHash: idHash ?? person?.idHash, fingerprint: ctx.fingerprint(parts.join('\n')) };
      // What this exit closes, by the very rules the list is drawn by: matched with the exits before it.
      const s = state(cfg, now);
      const probe: ExitMark = { ref: '\u0000probe', atMs: now, ...keys };
      const closedRefs = new Set([...matchExits(s.visits, [...s.exits, probe]).closedBy].filter(([, x]) => x === probe).map(([ref]) => ref));
      const closed = s.visits.filter((v) => closedRefs.has(v.ref)).sort((a, b) => b.atMs - a.atMs)[0];
      return write(cfg, now, {
        input: input.source, format, category: input.category, closed,
        name: decoded.ok ? decoded.identity.name ?? person?.name : person?.name,
        idMasked: decoded.ok ? decoded.identity.idMasked ?? person?.idMasked : person?.idMasked,
        ...keys,
      });
    },

    async exitFromList(input: ParsedInputOf<'exitFromList'>): Promise<ExitOutput> {
      const cfg = loadStationConfig(settings, packs);
      const operator = session.currentOperator();
      const now = clock();
      const closed = state(cfg, now).open.find((v) => v.ref === input.ref);
      if (!closed) throw new AppError('INVALID_INPUT', `${input.ref} is not on the inside list (already out?)`);
      const out = write(cfg, now, {
        input: 'manual', format: 'none', closed,
        ...(input.signOut ? { note: stored(NOTE_PHRASES.signedOut) } : {}),
      });
      if (input.signOut) ctx.log?.('inside.sign-out', { entry: out.entryId, closes: input.ref, operator: operator ?? '' });
      return out;
    },

    async inside(input: ParsedInputOf<'inside'>): Promise<InsideView> {
      return view(loadStationConfig(settings, packs), clock(), input.search, locked());
    },

    async evacuation(input: ParsedInputOf<'evacuation'>) {
      const masked = locked();
      const cfg = loadStationConfig(settings, packs);
      const now = clock();
      const v = view(cfg, now, undefined, masked);
      const written = ctx.register.exportEvacuation({ view: v, outDir: ctx.exportDir(), language: input.language, now, timeZone: cfg.timeZone, operator: session.signedIn() });
      if (masked) ctx.log?.('inside.evacuation-locked', { rows: written.rows });
      return { ...written, view: v };
    },
  };
}
