// A station's calls to the venue register, with its own login (a member of gc_station): hello, ingest, the pulls of
// published files and other gates' entries, and LISTEN for the venue's new entries. The station's identity is its
// login; nothing here sends a station or venue id the server would believe.
import pg from 'pg';
import { AppError } from '../../core/errors';
import type { WireEntry } from '../../core/venue/protocol';
import { inTransaction, venueError, type VenueClient } from './connect';

export interface Hello {
  venueId: number;
  venueName: string;
  stationId: number;
  stationName: string;
  /** Changed by `venue restored` (the server restored from a backup). */
  venueEpoch: string;
  /** The highest sequence the venue holds of each of this station's epochs. */
  epochs: Record<string, number>;
  serverMs: number;
  /** The server's oldest running transaction id (xid8, never going back on one server). */
  txidNow: string;
  retentionDays: number;
}

export async function hello(client: VenueClient): Promise<Hello> {
  const row = (await client.query('SELECT * FROM gc.hello()')).rows[0];
  if (!row) throw new AppError('VENUE_DENIED', 'this login is not a station of any venue (removed or revoked?)');
  return {
    venueId: row.venue_id, venueName: row.venue_name, stationId: row.station_id, stationName: row.station_name,
    venueEpoch: row.venue_epoch, epochs: Object.fromEntries(Object.entries(row.epochs as Record<string, unknown>).map(([k, v]) => [k, Number(v)])),
    serverMs: Number(row.server_ms), txidNow: row.txid_now, retentionDays: row.retention_days,
  };
}

/** One entry as the station sends it: the protocol's wire entry. */
export type OutboxEntry = WireEntry;

export interface Ingested {
  /** Entries the venue took now. */
  inserted: number;
  /** Entries it already held with the same content (a batch sent again). */
  held: number;
  /** Entries it refused, each with the reason (a field, a day outside its window). */
  refused: { seq: number; epoch: string; reason: string }[];
  /** Entries it holds with other content under the same epoch and sequence: nothing of the batch was written. */
  clashes: { seq: number; epoch: string }[];
  /** The highest sequence it holds of each of this station's epochs. */
  epochs: Record<string, number>;
  serverMs: number;
}

/** Sends one batch (a JSON array of wire entries); it is committed (or not at all) before this returns. */
export async function ingest(client: VenueClient, batch: readonly WireEntry[] | string): Promise<Ingested> {
  const text = typeof batch === 'string' ? batch : JSON.stringify(batch);
  const r = (await client.query('SELECT gc.ingest($1::jsonb) AS r', [text])).rows[0].r as Record<string, unknown>;
  return {
    inserted: Number(r.inserted), held: Number(r.held), refused: r.refused as Ingested['refused'], clashes: r.clashes as Ingested['clashes'],
    epochs: Object.fromEntries(Object.entries(r.epochs as Record<string, unknown>).map(([k, v]) => [k, Number(v)])), serverMs: Number(r.server_ms),
  };
}

/**
 * Listens on this connection (the station's one open connection) for the venue's new entries: the ingest function
 * notifies at commit, with the id of the station that sent them.
 */
export async function listenForEntries(client: VenueClient, venueId: number, onEntries: (stationId: number) => void): Promise<void> {
  client.on('notification', (n) => onEntries(Number(n.payload)));
  try {
    await client.query(`LISTEN ${pg.escapeIdentifier(`gc_venue_${Math.trunc(venueId)}`)}`);
  } catch (err) {
    throw venueError(err);
  }
}

export type PublishedKind = 'roster' | 'results' | 'pack' | 'trust' | 'settings' | 'admin-key';

/** A published file as the server hands it over: nothing in it is believed before its signature is checked. */
export interface PublishedFile {
  kind: PublishedKind;
  name: string;
  body: Buffer;
  sha256: string;
  /** The admin's signed statement of it (a flattened JWS), or null (refused: the server cannot publish by itself). */
  sig: string | null;
}

/**
 * Published files changed since `cursor` (a txid), and the next cursor: the xmin of this read's snapshot, so a file
 * whose transaction was still open is read next time. Files may come again; applying is by their digest.
 */
export async function pullPublished(client: VenueClient, cursor: string): Promise<{ files: PublishedFile[]; cursor: string }> {
  return inTransaction(client, async () => {
    const files = (await client.query('SELECT kind, name, body, sha256, sig FROM gc.published WHERE txid >= $1::xid8 ORDER BY txid, kind, name', [cursor])).rows as PublishedFile[];
    const next = (await client.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x as string;
    return { files, cursor: next };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

/** A station's view of its venue's entries (what its login may read: no names), for the register's venue view: people checked, not exits. */
export async function stationVenueEntries(client: VenueClient, q: { fromDay: string; toDay: string; outcome?: string | undefined; category?: string | undefined; idHash?: string | undefined; limit: number }) {
  return (await client.query<{ station_id: number; seq: number; station: string; local_day: string; at_ms: number; category: string; outcome: string }>(`
    SELECT station_id, seq, station, local_day::text AS local_day, at_ms, category, outcome FROM gc.entries
    WHERE venue_id = gc.my_venue() AND local_day BETWEEN $1::date AND $2::date AND outcome <> 'exit'
      AND ($3::text IS NULL OR outcome = $3) AND ($4::text IS NULL OR category = $4) AND ($5::text IS NULL OR id_hash = $5)
    ORDER BY local_day, at_ms, station_id, seq LIMIT $6`, [q.fromDay, q.toDay, q.outcome ?? null, q.category ?? null, q.idHash ?? null, q.limit])).rows;
}

/** Another gate's entry, masked: who (keyed hashes), where, when, with what outcome. */
export interface RecentEntry {
  station_id: number;
  seq: number;
  station: string;
  local_day: string;
  at_ms: number;
  outcome: string;
  category: string;
  id_hash: string | null;
  payload_fingerprint: string | null;
  /** Schema 3 onwards: the name masked by the server, what an exit closes, what a correction replaces. */
  name_masked?: string | null;
  closes_station?: string | null;
  closes_seq?: number | null;
  corrects_seq?: number | null;
}

/** Other stations' entries of `sinceDay` onwards committed since `cursor`, at most `limit`, and the next cursor. */
export async function pullRecent(client: VenueClient, p: { cursor: string; stationId: number; sinceDay: string; limit: number }): Promise<{ entries: RecentEntry[]; cursor: string }> {
  return inTransaction(client, async () => {
    const rows = (await client.query(`
      SELECT station_id, seq, station, local_day::text AS local_day, at_ms, outcome, category, id_hash, payload_fingerprint,
        name_masked, closes_station, closes_seq, corrects_seq, txid::text AS txid
      FROM gc.entries WHERE venue_id = gc.my_venue() AND txid >= $1::xid8 AND station_id <> $2 AND local_day >= $3::date
      ORDER BY txid LIMIT $4`, [p.cursor, p.stationId, p.sinceDay, p.limit])).rows as (RecentEntry & { txid: string })[];
    const xmin = (await client.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x as string;
    // A full page ends at its last row's transaction (read again next time: its other rows may be beyond the page).
    const cursor = rows.length === p.limit ? rows[rows.length - 1]!.txid : xmin;
    return { entries: rows.map(({ txid: _txid, ...e }) => e), cursor };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}
