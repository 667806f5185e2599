// The venue admin's calls to the venue register (a role that owns the venue database): set-up and migrations,
// stations (join, invite, revoke), publishing signed files, upkeep, and reading the register (export, search).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import { FUNCTIONS_SQL, ROLES_SQL, STATION_GROUP, STATION_IDLE_TIMEOUT, STATION_STATEMENT_TIMEOUT } from './schema';
import { VENUE_MIGRATIONS, VENUE_SCHEMA_VERSION } from './migrations';
import { inTransaction, type VenueClient } from './connect';
import type { OutboxEntry } from './station-client';

export interface InitResult {
  venueId: number;
  venueName: string;
  schemaCreated: boolean;
  venueCreated: boolean;
  /** Migrations run now (their numbers). */
  migrated: number[];
  retentionDays: number;
}

/** The schema's version in this database (0: none yet). */
export async function schemaVersion(client: VenueClient): Promise<number> {
  const exists = (await client.query("SELECT to_regclass('gc.schema_version') IS NOT NULL AS e")).rows[0].e as boolean;
  if (!exists) return 0;
  return ((await client.query('SELECT max(version) AS v FROM gc.schema_version')).rows[0].v as number | null) ?? 0;
}

/** Runs the migrations this database lacks, up to `target` (all by default), each recorded; returns their numbers. */
export async function migrateVenue(client: VenueClient, target = VENUE_SCHEMA_VERSION): Promise<number[]> {
  const current = await schemaVersion(client);
  if (current > VENUE_SCHEMA_VERSION) throw new AppError('DB_FROM_NEWER_VERSION', `venue schema ${current} is newer than this build's ${VENUE_SCHEMA_VERSION}`);
  const ran: number[] = [];
  for (const m of VENUE_MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    await client.query(m.sql);
    await client.query('INSERT INTO gc.schema_version VALUES ($1)', [m.version]);
    ran.push(m.version);
  }
  return ran;
}

/**
 * Creates or upgrades the schema, the group roles and the venue (each only if missing), replaces the functions, makes
 * the window's partitions. The venue is bound to the admin's public key: another key for an existing venue is refused.
 */
export async function initVenue(client: VenueClient, p: { venueName: string; adminKey: string; retentionDays?: number | undefined }): Promise<InitResult> {
  // Roles are cluster-wide: made outside the transaction, tolerating a concurrent init.
  await client.query(ROLES_SQL).catch((err: { code?: string }) => {
    if (err.code !== '23505' && err.code !== '42710') throw err;
  });
  return inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext(\'gc.init\'))');
    const before = await schemaVersion(client);
    const migrated = await migrateVenue(client);
    await client.query(FUNCTIONS_SQL);
    const db = (await client.query('SELECT current_database() AS d')).rows[0].d as string;
    await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(db)} TO ${STATION_GROUP}`);
    const made = await client.query('INSERT INTO gc.venues (name, admin_key, retention_days) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING venue_id, retention_days', [p.venueName, p.adminKey, p.retentionDays ?? 30]);
    let venueId: number;
    let retentionDays: number;
    if (made.rows[0]) {
      ({ venue_id: venueId, retention_days: retentionDays } = made.rows[0]);
      await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'init', jsonb_build_object('retention_days', $2::int))", [venueId, retentionDays]);
    } else {
      const v = (await client.query('SELECT venue_id, admin_key, retention_days FROM gc.venues WHERE name = $1 FOR UPDATE', [p.venueName])).rows[0];
      venueId = v.venue_id;
      if (v.admin_key === null) await client.query('UPDATE gc.venues SET admin_key = $2 WHERE venue_id = $1', [venueId, p.adminKey]);
      else if (v.admin_key !== p.adminKey) throw new AppError('VENUE_ADMIN_KEY', `the venue ${p.venueName} was set up with another admin key: use its key file (--admin-key FILE)`);
      if (p.retentionDays !== undefined && p.retentionDays !== v.retention_days) await setRetention(client, venueId, p.retentionDays);
      retentionDays = p.retentionDays ?? v.retention_days;
    }
    await client.query('SELECT gc.maintain($1)', [venueId]);
    return { venueId, venueName: p.venueName, schemaCreated: before === 0, venueCreated: made.rowCount === 1, migrated, retentionDays };
  });
}

async function setRetention(client: VenueClient, venueId: number, days: number): Promise<void> {
  await client.query('UPDATE gc.venues SET retention_days = $2, maintained_on = NULL WHERE venue_id = $1', [venueId, days]);
  await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'retention', jsonb_build_object('retention_days', $2::int))", [venueId, days]);
}

export async function venueIdOf(client: VenueClient, venueName: string | undefined): Promise<{ venueId: number; name: string; adminKey: string | null }> {
  const rows = (await client.query('SELECT venue_id, name, admin_key FROM gc.venues WHERE $1::text IS NULL OR name = $1 ORDER BY venue_id', [venueName ?? null])).rows;
  if (rows.length === 0) throw new AppError('VENUE_NOT_FOUND', venueName ? `no venue named ${venueName}` : 'no venue yet: run venue init');
  if (rows.length > 1) throw new AppError('INVALID_INPUT', `the database holds ${rows.length} venues: name one with --venue (${rows.map((r) => r.name).join(', ')})`);
  return { venueId: rows[0].venue_id, name: rows[0].name, adminKey: rows[0].admin_key };
}

export interface Joined {
  venueId: number;
  venueName: string;
  stationId: number;
  stationName: string;
  role: string;
  password: string;
}

/**
 * Registers a station: a new id and its own login role (a member of gc_station) with a random password, a statement
 * timeout and a connection limit. `adminKey` is the admin's public key the station pins (from the admin's key file or
 * a join code): one the venue was not set up with is refused. With an invite, the invite is used up in the same
 * transaction (unknown, used, expired or for another station: refused, nothing made).
 */
export async function joinStation(client: VenueClient, p: { venueName?: string | undefined; stationName: string; adminKey: string; inviteId?: string | undefined }): Promise<Joined> {
  return inTransaction(client, async () => {
    const venue = await venueIdOf(client, p.venueName);
    if (venue.adminKey !== p.adminKey) throw new AppError('VENUE_ADMIN_KEY', `the key given (key file or join code) is not the admin key venue ${venue.name} was set up with`);
    const role = `gc_st_${venue.venueId}_${randomBytes(6).toString('hex')}`;
    const password = randomBytes(24).toString('base64url');
    const sql = (await client.query(`SELECT format('CREATE ROLE %I LOGIN PASSWORD %L CONNECTION LIMIT 8 IN ROLE ${STATION_GROUP}', $1::text, $2::text) AS s`, [role, password])).rows[0].s as string;
    await client.query(sql);
    await client.query(`ALTER ROLE ${pg.escapeIdentifier(role)} SET statement_timeout = '${STATION_STATEMENT_TIMEOUT}'`);
    await client.query(`ALTER ROLE ${pg.escapeIdentifier(role)} SET idle_in_transaction_session_timeout = '${STATION_IDLE_TIMEOUT}'`);
    const st = await client.query('INSERT INTO gc.stations (venue_id, name, role_name) VALUES ($1, $2, $3) RETURNING station_id', [venue.venueId, p.stationName, role]);
    const stationId = st.rows[0].station_id as number;
    if (p.inviteId !== undefined) {
      const used = await client.query(`UPDATE gc.invites SET used_at = now(), used_by = $4
        WHERE invite_id = $1 AND venue_id = $2 AND station_name = $3 AND used_at IS NULL AND expires_at > now() RETURNING invite_id`, [p.inviteId, venue.venueId, p.stationName, stationId]);
      if (used.rowCount !== 1) throw new AppError('VENUE_INVITE', 'this join code is unknown to the venue, already used, expired, or for another station name');
    }
    await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'join', jsonb_build_object('station', $2::text, 'station_id', $3::int, 'invite', $4::text))", [venue.venueId, p.stationName, stationId, p.inviteId ?? null]);
    return { venueId: venue.venueId, venueName: venue.name, stationId, stationName: p.stationName, role, password };
  });
}

/** Registers a one-time invite (its id only: the code never reaches the server). */
export async function addInvite(client: VenueClient, p: { venueName?: string | undefined; inviteId: string; stationName: string; expiresMs: number }): Promise<void> {
  const venue = await venueIdOf(client, p.venueName);
  await client.query('INSERT INTO gc.invites (invite_id, venue_id, station_name, expires_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0))', [p.inviteId, venue.venueId, p.stationName, p.expiresMs]);
  await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'invite', jsonb_build_object('station', $2::text))", [venue.venueId, p.stationName]);
}

/** Locks a station out: its login can no longer connect, its open sessions end; its entries stay. */
export async function revokeStation(client: VenueClient, p: { venueName?: string | undefined; stationName: string }): Promise<{ stationId: number; role: string }> {
  return inTransaction(client, async () => {
    const venue = await venueIdOf(client, p.venueName);
    const rows = (await client.query('SELECT station_id, role_name FROM gc.stations WHERE venue_id = $1 AND name = $2 AND revoked_at IS NULL', [venue.venueId, p.stationName])).rows;
    if (rows.length === 0) throw new AppError('VENUE_NOT_FOUND', `no station named ${p.stationName} in venue ${venue.name} (or it is revoked already)`);
    for (const r of rows) {
      await client.query(`ALTER ROLE ${pg.escapeIdentifier(r.role_name)} NOLOGIN PASSWORD NULL`);
      await client.query('UPDATE gc.stations SET revoked_at = now() WHERE station_id = $1', [r.station_id]);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [r.role_name]);
      await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'revoke', jsonb_build_object('station', $2::text, 'station_id', $3::int))", [venue.venueId, p.stationName, r.station_id]);
    }
    return { stationId: rows[0].station_id, role: rows[0].role_name };
  });
}

export type PublishKind = 'roster' | 'results' | 'pack' | 'trust' | 'settings' | 'admin-key';

/**
 * Publishes (or replaces) one file for the venue's stations, with the admin's signature; returns whether it changed.
 * The same bytes again change nothing, unless `resign` (a new signature for them: a key rotation).
 */
export async function publish(client: VenueClient, p: { venueName?: string | undefined; kind: PublishKind; name: string; body: Uint8Array; sha256: string; sig: string; resign?: boolean }): Promise<{ changed: boolean }> {
  const venue = await venueIdOf(client, p.venueName);
  const r = await client.query(`
    INSERT INTO gc.published (venue_id, kind, name, body, sha256, sig) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (venue_id, kind, name) DO UPDATE SET body = EXCLUDED.body, sha256 = EXCLUDED.sha256, sig = EXCLUDED.sig, published_at = now(), txid = pg_current_xact_id()
      WHERE gc.published.sha256 <> EXCLUDED.sha256 OR ($7::boolean AND gc.published.sig IS DISTINCT FROM EXCLUDED.sig)`, [venue.venueId, p.kind, p.name, Buffer.from(p.body), p.sha256, p.sig, p.resign === true]);
  if (r.rowCount === 1) await client.query("INSERT INTO gc.audit (venue_id, action, detail) VALUES ($1, 'publish', jsonb_build_object('kind', $2::text, 'name', $3::text, 'sha256', $4::text))", [venue.venueId, p.kind, p.name, p.sha256]);
  return { changed: r.rowCount === 1 };
}

/** Records the admin's new public key (after stations were sent the rotation, signed by the old key). */
export async function setAdminKey(client: VenueClient, p: { venueName?: string | undefined; adminKey: string }): Promise<void> {
  const venue = await venueIdOf(client, p.venueName);
  await client.query('UPDATE gc.venues SET admin_key = $2 WHERE venue_id = $1', [venue.venueId, p.adminKey]);
  await client.query("INSERT INTO gc.audit (venue_id, action) VALUES ($1, 'rotate-admin-key')", [venue.venueId]);
}

/** After restoring the server from a backup: a new epoch, so every station re-checks what the server holds of it. */
export async function markRestored(client: VenueClient, venueName?: string): Promise<string> {
  const venue = await venueIdOf(client, venueName);
  return (await client.query('UPDATE gc.venues SET epoch = gen_random_uuid() WHERE venue_id = $1 RETURNING epoch', [venue.venueId])).rows[0].epoch;
}

/** The venue's upkeep now (partitions made and dropped, old rows deleted), optionally with a new retention. */
export async function maintainVenue(client: VenueClient, p: { venueName?: string | undefined; retentionDays?: number | undefined }): Promise<Record<string, unknown>> {
  return inTransaction(client, async () => {
    const venue = await venueIdOf(client, p.venueName);
    if (p.retentionDays !== undefined) await setRetention(client, venue.venueId, p.retentionDays);
    return (await client.query('SELECT gc.maintain($1) AS r', [venue.venueId])).rows[0].r;
  });
}

export interface VenueStatusReport {
  venue: string;
  retentionDays: number;
  window: { from: string; to: string };
  /** Each month's partition, its rows of this venue, and the day it goes (when the window has passed it). */
  partitions: { month: string; rows: number; dropsOn: string }[];
  /** The oldest day held and the day its entries are deleted. */
  oldestDay?: string | undefined;
  oldestGoesOn?: string | undefined;
  stations: { stationId: number; name: string; lastSeenMs: number | null; revoked: boolean; epochs: number }[];
  invitesOpen: number;
}

export async function venueStatus(client: VenueClient, venueName?: string): Promise<VenueStatusReport> {
  const venue = await venueIdOf(client, venueName);
  const v = (await client.query(`SELECT v.retention_days, w.lo::text AS lo, w.hi::text AS hi FROM gc.venues v, gc.day_window(v.venue_id) w WHERE v.venue_id = $1`, [venue.venueId])).rows[0];
  const parts = (await client.query(`
    SELECT to_char(to_date(substr(c.relname, 9), 'YYYY_MM'), 'YYYY-MM') AS month,
           ((to_date(substr(c.relname, 9), 'YYYY_MM') + interval '1 month')::date + $1::int)::text AS drops_on
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'gc.entries'::regclass ORDER BY 1`, [v.retention_days])).rows;
  const counts = new Map((await client.query("SELECT to_char(local_day, 'YYYY-MM') AS month, count(*)::int AS n FROM gc.entries WHERE venue_id = $1 GROUP BY 1", [venue.venueId])).rows.map((r) => [r.month as string, r.n as number]));
  const oldest = (await client.query('SELECT min(local_day)::text AS d, (min(local_day) + $2::int + 1)::text AS goes FROM gc.entries WHERE venue_id = $1', [venue.venueId, v.retention_days])).rows[0];
  const stations = (await client.query(`
    SELECT s.station_id, s.name, (extract(epoch FROM s.last_seen_at) * 1000)::bigint AS last_seen_ms, s.revoked_at IS NOT NULL AS revoked,
      (SELECT count(*)::int FROM gc.station_epochs e WHERE e.station_id = s.station_id) AS epochs
    FROM gc.stations s WHERE s.venue_id = $1 ORDER BY s.station_id`, [venue.venueId])).rows;
  const invites = (await client.query('SELECT count(*)::int AS n FROM gc.invites WHERE venue_id = $1 AND used_at IS NULL AND expires_at > now()', [venue.venueId])).rows[0].n as number;
  return {
    venue: venue.name, retentionDays: v.retention_days, window: { from: v.lo, to: v.hi },
    partitions: parts.map((p) => ({ month: p.month, rows: counts.get(p.month) ?? 0, dropsOn: p.drops_on })),
    ...(oldest.d ? { oldestDay: oldest.d, oldestGoesOn: oldest.goes } : {}),
    stations: stations.map((s) => ({ stationId: s.station_id, name: s.name, lastSeenMs: s.last_seen_ms, revoked: s.revoked, epochs: s.epochs })),
    invitesOpen: invites,
  };
}

/** One venue entry as the admin's export and search read it: what the station sent, with where and when it arrived. */
export type VenueEntryRow = Required<OutboxEntry> & {
  station_id: number;
  received_ms: number;
  citations: unknown;
};

const ENTRY_COLUMNS = `station_id, epoch, seq, local_day::text AS local_day, at_ms, (extract(epoch FROM received_at) * 1000)::bigint AS received_ms,
  station, operator, pack_id, pack_version, venue_kind, category, outcome, route, citations, evidence_summary, format, name,
  id_masked, id_hash, payload_fingerprint, verification, note, corrects_seq, closes_station, closes_seq`;

/** Every entry of the venue's local days from…to, by day, then time, then station; read in pages (any size, flat memory). */
export async function* venueEntries(client: VenueClient, p: { venueName?: string | undefined; fromDay: string; toDay: string; pageSize?: number }): AsyncGenerator<VenueEntryRow> {
  const venue = await venueIdOf(client, p.venueName);
  const size = p.pageSize ?? 5000;
  let after: [string, number, number, string, number] = ['0001-01-01', -1, -1, '00000000-0000-0000-0000-000000000000', -1];
  for (;;) {
    const rows = (await client.query<VenueEntryRow>(`
      SELECT ${ENTRY_COLUMNS} FROM gc.entries
      WHERE venue_id = $1 AND local_day BETWEEN $2::date AND $3::date
        AND (local_day, at_ms, station_id, epoch, seq) > ($4::date, $5::bigint, $6::int, $7::uuid, $8::bigint)
      ORDER BY local_day, at_ms, station_id, epoch, seq LIMIT $9`, [venue.venueId, p.fromDay, p.toDay, ...after, size])).rows;
    yield* rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = [last.local_day, last.at_ms, last.station_id, last.epoch, last.seq];
  }
}

export interface VenueSearch {
  venueName?: string | undefined;
  fromDay?: string | undefined;
  toDay?: string | undefined;
  outcome?: string | undefined;
  category?: string | undefined;
  idHash?: string | undefined;
  station?: string | undefined;
  limit: number;
}

export async function searchVenue(client: VenueClient, q: VenueSearch): Promise<VenueEntryRow[]> {
  const venue = await venueIdOf(client, q.venueName);
  return (await client.query<VenueEntryRow>(`
    SELECT ${ENTRY_COLUMNS} FROM gc.entries
    WHERE venue_id = $1
      AND ($2::date IS NULL OR local_day >= $2::date) AND ($3::date IS NULL OR local_day <= $3::date)
      AND ($4::text IS NULL OR outcome = $4) AND ($5::text IS NULL OR category = $5)
      AND ($6::text IS NULL OR id_hash = $6) AND ($7::text IS NULL OR station = $7)
    ORDER BY local_day, at_ms, station_id, epoch, seq LIMIT $8`,
  [venue.venueId, q.fromDay ?? null, q.toDay ?? null, q.outcome ?? null, q.category ?? null, q.idHash ?? null, q.station ?? null, q.limit])).rows;
}
