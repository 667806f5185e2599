// The station's side of the venue register: its link (ids, cursors, what the venue confirmed, the admin key it
// pinned), its install epochs, the outbox (entries above the confirmed id, as the protocol's wire entries), the
// entries set aside, other gates' recent entries, and the published files applied.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { RecentEntry } from './venue/station-client';
import { venueIdMask, type WireEntry } from '../core/venue/protocol';
import { asAppError } from './errors';

export interface VenueLink {
  venueId: number;
  venueName: string;
  stationId: number;
  stationName: string;
  joinedMs: number;
  sentThrough: number;
  epoch: string | null;
  downCursor: string;
  recentCursor: string;
  lastSyncMs: number | null;
  lastError: string | null;
  skewMs: number | null;
  /** The venue admin's public key this station pinned when it joined (null: a link from before signatures). */
  adminKey: string | null;
  /** Entries up to this id were written before joining (fingerprinted with this station's own key). */
  joinedThrough: number;
}

export interface VenueEpoch {
  epoch: string;
  firstSeq: number;
  openedMs: number;
  reason: string;
}

export interface SetAside {
  seq: number;
  epoch: string;
  reason: string;
  atMs: number;
}

interface LinkRow {
  venue_id: number;
  venue_name: string;
  station_id: number;
  station_name: string;
  joined_ms: number;
  sent_through: number;
  epoch: string | null;
  down_cursor: string;
  recent_cursor: string;
  last_sync_ms: number | null;
  last_error: string | null;
  skew_ms: number | null;
  admin_key: string | null;
  joined_through: number;
}

/** Another gate's entry as this station keeps it (schema 90: with the masked name and what an exit closes). */
export type RemoteRow = Required<RecentEntry>;

/** Another gate's latest entry of a person (or of the same code). */
export interface SeenElsewhere {
  station: string;
  atMs: number;
  outcome: string;
}

export function createVenueLinkRepo(db: Database) {
  const getStmt = db.prepare<[], LinkRow>('SELECT * FROM venue_link WHERE id = 1');
  const insertStmt = db.prepare(`INSERT INTO venue_link (id, venue_id, venue_name, station_id, station_name, joined_ms, sent_through, admin_key, joined_through)
    VALUES (1, @venueId, @venueName, @stationId, @stationName, @joinedMs, 0, @adminKey, @joinedThrough)`);
  // The epoch an entry belongs to is the latest one opened at or below its id; entries written before joining go
  // without their fingerprints (keyed with this station's own key, which no other gate has).
  // Rows as arrays (better-sqlite3's raw mode): a thousand a batch, each made into its wire entry in one step.
  const outboxStmt = db.prepare<{ after: number; limit: number }, unknown[]>(`
    SELECT e.id AS seq, e.local_day, e.at_ms, e.station, e.operator, e.pack_id, e.pack_version, e.venue_kind, e.category, e.outcome, e.route,
      e.citations, e.evidence_summary, e.format, e.name, e.id_masked,
      CASE WHEN e.id <= l.joined_through THEN NULL ELSE e.id_hash END AS id_hash,
      CASE WHEN e.id <= l.joined_through THEN NULL ELSE e.payload_fingerprint END AS payload_fingerprint,
      e.verification, e.note, e.corrects_id AS corrects_seq, e.closes_station, e.closes_seq
    FROM entries e, venue_link l WHERE e.id > @after AND e.id NOT IN (SELECT seq FROM venue_refused) ORDER BY e.id LIMIT @limit`).raw(true);
  const pendingStmt = db.prepare<{ after: number }, { n: number }>('SELECT COUNT(*) AS n FROM entries WHERE id > @after AND id NOT IN (SELECT seq FROM venue_refused)');
  const epochsStmt = db.prepare<[], { epoch: string; first_seq: number; opened_ms: number; reason: string }>('SELECT * FROM venue_epochs ORDER BY first_seq');
  const openEpochStmt = db.prepare('INSERT INTO venue_epochs (epoch, first_seq, opened_ms, reason) VALUES (@epoch, @firstSeq, @openedMs, @reason)');
  const dropEpochsFromStmt = db.prepare<{ firstSeq: number }>('DELETE FROM venue_epochs WHERE first_seq >= @firstSeq');
  const setAsideStmt = db.prepare('INSERT OR REPLACE INTO venue_refused (seq, epoch, reason, at_ms) VALUES (@seq, @epoch, @reason, @atMs)');
  const setAsideListStmt = db.prepare<{ limit: number }, { seq: number; epoch: string; reason: string; at_ms: number }>('SELECT * FROM venue_refused ORDER BY seq DESC LIMIT @limit');
  const setAsideCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM venue_refused');
  const refusedFilesStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM venue_applied WHERE outcome = 'VENUE_SIGNATURE'");
  const upsertRecent = db.prepare(`INSERT OR IGNORE INTO venue_recent (station_id, seq, station, local_day, at_ms, outcome, category, id_hash, payload_fingerprint,
      name_masked, closes_station, closes_seq, corrects_seq)
    VALUES (@station_id, @seq, @station, @local_day, @at_ms, @outcome, @category, @id_hash, @payload_fingerprint,
      @name_masked, @closes_station, @closes_seq, @corrects_seq)`);
  // Other gates' entrants let in (not corrected by a later entry of theirs) and their exits, from a day on.
  const remoteVisitsStmt = db.prepare<{ from: string }, RemoteRow>(`
    SELECT * FROM venue_recent r WHERE local_day >= @from AND outcome IN ('admit', 'admit-emergency', 'route')
      AND NOT EXISTS (SELECT 1 FROM venue_recent c WHERE c.station_id = r.station_id AND c.corrects_seq = r.seq)`);
  const remoteExitsStmt = db.prepare<{ from: string }, RemoteRow>("SELECT * FROM venue_recent WHERE local_day >= @from AND outcome = 'exit' ORDER BY at_ms");
  const purgeRecentStmt = db.prepare<{ before: string }>('DELETE FROM venue_recent WHERE local_day < @before');
  const seenStmt = db.prepare<{ idHash: string | null; fingerprint: string | null; day: string }, { station: string; at_ms: number; outcome: string }>(`
    SELECT station, at_ms, outcome FROM venue_recent
    WHERE local_day = @day AND outcome <> 'exit' AND ((@idHash IS NOT NULL AND id_hash = @idHash) OR (@fingerprint IS NOT NULL AND payload_fingerprint = @fingerprint))
    ORDER BY at_ms DESC LIMIT 1`);
  const appliedStmt = db.prepare<{ kind: string; name: string }, { sha256: string; issued_ms: number; outcome: string }>('SELECT sha256, issued_ms, outcome FROM venue_applied WHERE kind = @kind AND name = @name');
  // A refused file keeps the record of the last good one (its digest and issue time): only the outcome says it failed.
  const markAppliedStmt = db.prepare(`INSERT INTO venue_applied (kind, name, sha256, applied_ms, outcome, issued_ms) VALUES (@kind, @name, @sha256, @at, @outcome, @issuedMs)
    ON CONFLICT (kind, name) DO UPDATE SET sha256 = excluded.sha256, applied_ms = excluded.applied_ms, outcome = excluded.outcome, issued_ms = excluded.issued_ms`);
  const markRefusedStmt = db.prepare(`INSERT INTO venue_applied (kind, name, sha256, applied_ms, outcome, issued_ms) VALUES (@kind, @name, '', @at, @outcome, 0)
    ON CONFLICT (kind, name) DO UPDATE SET applied_ms = excluded.applied_ms, outcome = excluded.outcome`);
  // One statement per kind of update, prepared once (a sync round makes several).
  const updates = new Map<string, ReturnType<Database['prepare']>>();
  const update = (sets: string, values: Record<string, unknown>) => {
    try {
      let stmt = updates.get(sets);
      if (!stmt) updates.set(sets, (stmt = db.prepare(`UPDATE venue_link SET ${sets} WHERE id = 1`)));
      stmt.run(values);
    } catch (err) {
      throw asAppError(err);
    }
  };

  return {
    get(): VenueLink | undefined {
      const r = getStmt.get();
      if (!r) return undefined;
      return {
        venueId: r.venue_id, venueName: r.venue_name, stationId: r.station_id, stationName: r.station_name, joinedMs: r.joined_ms,
        sentThrough: r.sent_through, epoch: r.epoch, downCursor: r.down_cursor, recentCursor: r.recent_cursor,
        lastSyncMs: r.last_sync_ms, lastError: r.last_error, skewMs: r.skew_ms, adminKey: r.admin_key, joinedThrough: r.joined_through,
      };
    },
    /** The link and its first epoch (covering every entry, those written before joining too). */
    create(link: Pick<VenueLink, 'venueId' | 'venueName' | 'stationId' | 'stationName' | 'joinedMs' | 'adminKey' | 'joinedThrough'>): void {
      db.transaction(() => {
        insertStmt.run(link);
        openEpochStmt.run({ epoch: randomUUID(), firstSeq: 1, openedMs: link.joinedMs, reason: 'joined' });
      })();
    },
    /**
     * Entries above `after` that are not set aside, oldest first, as the protocol's wire entries (the venue keeps at
     * most the last four characters of an ID number). An entry that cannot be read back is returned with `problem`.
     */
    outbox(after: number, limit: number): { entry: WireEntry; problem?: string }[] {
      // The epoch of an entry is the latest one opened at or below its id (a few epochs at most, newest first).
      const epochs = epochsStmt.all().reverse();
      const epochOf = (seq: number) => epochs.find((p) => p.first_seq <= seq)?.epoch ?? epochs[epochs.length - 1]!.epoch;
      return outboxStmt.all({ after, limit }).map((r) => {
        const [seq, localDay, atMs, station, operator, packId, packVersion, venueKind, category, outcome, route, citations, evidence, format, name, idMasked, idHash, fingerprint, verification, note, correctsSeq, closesStation, closesSeq] = r as [number, string, number, string, string | null, string, number, string, string, string, string | null, string, string, string, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null, number | null];
        // A field with no value is left out (the venue reads it as NULL): most entries have half their fields empty,
        // and the batch's text is what both ends spend their time on.
        const entry: WireEntry = {
          epoch: epochOf(seq), seq, local_day: localDay, at_ms: atMs, station, pack_id: packId, pack_version: packVersion,
          venue_kind: venueKind, category, outcome, citations: null, evidence_summary: null, format,
        };
        if (operator !== null) entry.operator = operator;
        if (route !== null) entry.route = route;
        if (name !== null) entry.name = name;
        if (idMasked !== null) entry.id_masked = venueIdMask(idMasked);
        if (idHash !== null) entry.id_hash = idHash;
        if (fingerprint !== null) entry.payload_fingerprint = fingerprint;
        if (verification !== null) entry.verification = verification;
        if (note !== null) entry.note = note;
        if (correctsSeq !== null) entry.corrects_seq = correctsSeq;
        if (closesStation !== null) entry.closes_station = closesStation;
        if (closesSeq !== null) entry.closes_seq = closesSeq;
        try {
          entry.citations = JSON.parse(citations);
          entry.evidence_summary = JSON.parse(evidence);
          return { entry };
        } catch (err) {
          return { entry, problem: `unreadable JSON (${(err as Error).message})` };
        }
      });
    },
    pending(after: number): number {
      return pendingStmt.get({ after })?.n ?? 0;
    },
    epochs(): VenueEpoch[] {
      return epochsStmt.all().map((r) => ({ epoch: r.epoch, firstSeq: r.first_seq, openedMs: r.opened_ms, reason: r.reason }));
    },
    /**
     * A new epoch from entry `firstSeq` on (a random id the venue has never seen). An epoch opened at or above it
     * before (whose entries never reached the venue) is replaced.
     */
    openEpoch(firstSeq: number, reason: string, atMs: number): string {
      const epoch = randomUUID();
      db.transaction(() => {
        dropEpochsFromStmt.run({ firstSeq });
        openEpochStmt.run({ epoch, firstSeq, openedMs: atMs, reason });
      })();
      return epoch;
    },
    /** An entry the venue will not take (or this station cannot send): kept here with the reason, not sent again. */
    setAside(a: SetAside): void {
      setAsideStmt.run(a);
    },
    setAsideList(limit = 100): SetAside[] {
      return setAsideListStmt.all({ limit }).map((r) => ({ seq: r.seq, epoch: r.epoch, reason: r.reason, atMs: r.at_ms }));
    },
    setAsideCount(): number {
      return setAsideCountStmt.get()?.n ?? 0;
    },
    /** Published files refused (unsigned, wrongly signed, a rollback) whose last word was that refusal. */
    refusedFiles(): number {
      return refusedFilesStmt.get()?.n ?? 0;
    },
    /** A new admin key, taken from a rotation statement signed with the pinned one. */
    setAdminKey(key: string): void {
      update('admin_key = @key', { key });
    },
    /** What the venue confirmed: never moves back except by `resendFrom` (a server that lost entries). */
    confirm(through: number): void {
      update('sent_through = MAX(sent_through, @through)', { through });
    },
    /** The server holds less than confirmed (restored from a backup): send again from its high-water mark. */
    resendFrom(serverHigh: number): void {
      update('sent_through = MIN(sent_through, @serverHigh)', { serverHigh });
    },
    setEpoch(epoch: string): void {
      update('epoch = @epoch', { epoch });
    },
    setCursors(c: { down?: string; recent?: string }): void {
      if (c.down !== undefined) update('down_cursor = @down', { down: c.down });
      if (c.recent !== undefined) update('recent_cursor = @recent', { recent: c.recent });
    },
    roundDone(r: { atMs: number; skewMs: number }): void {
      update('last_sync_ms = @atMs, skew_ms = @skewMs, last_error = NULL', r);
    },
    roundFailed(code: string): void {
      update('last_error = @code', { code });
    },
    addRecent(entries: readonly RecentEntry[]): number {
      return db.transaction(() => entries.reduce((n, e) => n + upsertRecent.run({
        name_masked: null, closes_station: null, closes_seq: null, corrects_seq: null, ...e,
      }).changes, 0))();
    },
    /** Other gates' entries that let someone in, from a day on (as the venue held them at the last sync). */
    remoteVisits(from: string): RemoteRow[] {
      return remoteVisitsStmt.all({ from });
    },
    /** Other gates' exits from a day on. */
    remoteExits(from: string): RemoteRow[] {
      return remoteExitsStmt.all({ from });
    },
    purgeRecentBefore(day: string): number {
      return purgeRecentStmt.run({ before: day }).changes;
    },
    /** Another gate's latest entry today of this ID hash or scan fingerprint. */
    seenElsewhere(q: { idHash?: string | undefined; fingerprint?: string | undefined; day: string }): SeenElsewhere | undefined {
      if (!q.idHash && !q.fingerprint) return undefined;
      const r = seenStmt.get({ idHash: q.idHash ?? null, fingerprint: q.fingerprint ?? null, day: q.day });
      return r ? { station: r.station, atMs: r.at_ms, outcome: r.outcome } : undefined;
    },
    /** What this station last applied of a published file (digest, issue time), and how its last try ended. */
    applied(kind: string, name: string): { sha256: string; issuedMs: number; outcome: string } | undefined {
      const r = appliedStmt.get({ kind, name });
      return r ? { sha256: r.sha256, issuedMs: r.issued_ms, outcome: r.outcome } : undefined;
    },
    markApplied(a: { kind: string; name: string; sha256: string; at: number; outcome: string; issuedMs: number }): void {
      markAppliedStmt.run(a);
    },
    /** A file refused before it could apply: the record of the last good one stays. */
    markRefused(a: { kind: string; name: string; at: number; outcome: string }): void {
      markRefusedStmt.run(a);
    },
  };
}

export type VenueLinkRepo = ReturnType<typeof createVenueLinkRepo>;
