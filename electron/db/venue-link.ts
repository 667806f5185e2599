// The station's side of the venue register: its link (ids, cursors, what the venue confirmed), the outbox (entries
// above the confirmed id), other gates' recent entries, and the published files applied.
import type { Database } from 'better-sqlite3';
import type { OutboxEntry, RecentEntry } from './venue/server';
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
}

/** Another gate's latest entry of a person (or of the same code). */
export interface SeenElsewhere {
  station: string;
  atMs: number;
  outcome: string;
}

export function createVenueLinkRepo(db: Database) {
  const getStmt = db.prepare<[], LinkRow>('SELECT * FROM venue_link WHERE id = 1');
  const insertStmt = db.prepare(`INSERT INTO venue_link (id, venue_id, venue_name, station_id, station_name, joined_ms, sent_through)
    VALUES (1, @venueId, @venueName, @stationId, @stationName, @joinedMs, 0)`);
  const outboxStmt = db.prepare<{ after: number; limit: number }, Record<string, unknown>>(`
    SELECT id AS seq, local_day, at_ms, station, operator, pack_id, pack_version, venue_kind, category, outcome, route,
      citations, evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, verification, note, corrects_id AS corrects_seq
    FROM entries WHERE id > @after ORDER BY id LIMIT @limit`);
  const pendingStmt = db.prepare<{ after: number }, { n: number }>('SELECT COUNT(*) AS n FROM entries WHERE id > @after');
  const upsertRecent = db.prepare(`INSERT OR IGNORE INTO venue_recent (station_id, seq, station, local_day, at_ms, outcome, category, id_hash, payload_fingerprint)
    VALUES (@station_id, @seq, @station, @local_day, @at_ms, @outcome, @category, @id_hash, @payload_fingerprint)`);
  const purgeRecentStmt = db.prepare<{ before: string }>('DELETE FROM venue_recent WHERE local_day < @before');
  const seenStmt = db.prepare<{ idHash: string | null; fingerprint: string | null; day: string }, { station: string; at_ms: number; outcome: string }>(`
    SELECT station, at_ms, outcome FROM venue_recent
    WHERE local_day = @day AND ((@idHash IS NOT NULL AND id_hash = @idHash) OR (@fingerprint IS NOT NULL AND payload_fingerprint = @fingerprint))
    ORDER BY at_ms DESC LIMIT 1`);
  const appliedStmt = db.prepare<{ kind: string; name: string }, { sha256: string }>('SELECT sha256 FROM venue_applied WHERE kind = @kind AND name = @name');
  const markAppliedStmt = db.prepare(`INSERT INTO venue_applied (kind, name, sha256, applied_ms, outcome) VALUES (@kind, @name, @sha256, @at, @outcome)
    ON CONFLICT (kind, name) DO UPDATE SET sha256 = excluded.sha256, applied_ms = excluded.applied_ms, outcome = excluded.outcome`);
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
        lastSyncMs: r.last_sync_ms, lastError: r.last_error, skewMs: r.skew_ms,
      };
    },
    create(link: Pick<VenueLink, 'venueId' | 'venueName' | 'stationId' | 'stationName' | 'joinedMs'>): void {
      insertStmt.run(link);
    },
    /** Entries above `after`, oldest first, as the ingest function takes them. */
    outbox(after: number, limit: number): OutboxEntry[] {
      return outboxStmt.all({ after, limit }).map((r) => ({
        ...(r as unknown as OutboxEntry),
        citations: JSON.parse(r.citations as string),
        evidence_summary: JSON.parse(r.evidence_summary as string),
      }));
    },
    pending(after: number): number {
      return pendingStmt.get({ after })?.n ?? 0;
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
      return db.transaction(() => entries.reduce((n, e) => n + upsertRecent.run(e).changes, 0))();
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
    appliedDigest(kind: string, name: string): string | undefined {
      return appliedStmt.get({ kind, name })?.sha256;
    },
    markApplied(a: { kind: string; name: string; sha256: string; at: number; outcome: string }): void {
      markAppliedStmt.run(a);
    },
  };
}

export type VenueLinkRepo = ReturnType<typeof createVenueLinkRepo>;
