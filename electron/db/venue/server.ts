// The venue register's SQL (PostgreSQL, the `pg` package): the admin's calls (init, join, publish, export, search)
// and a station's (hello, ingest, pulls). Failures become AppErrors with the venue's codes; nothing else in the app
// speaks SQL to the venue server.
import pg from 'pg';
import { parse as parseUrl } from 'pg-connection-string';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { EntryRow } from '../entries';
import { FUNCTIONS_SQL, ROLES_SQL, STATION_GROUP, TABLES_SQL, VENUE_SCHEMA_VERSION } from './schema';

// BIGINT comes back as a JS number (entry ids and milliseconds stay far below 2^53); xid8 stays text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type VenueClient = pg.Client;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * A connection URL made a client config. On a Unix socket or loopback the server's own settings rule; anywhere else the
 * URL must ask for TLS that verifies the server (sslmode=verify-full, with sslrootcert for a private CA), or nothing
 * is sent: an ID hash or a station's password never crosses a network in clear.
 */
export function clientConfig(url: string): pg.ClientConfig {
  let parts: ReturnType<typeof parseUrl>;
  try {
    parts = parseUrl(url);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `the venue URL cannot be read: ${(err as Error).message}`);
  }
  const host = parts.host ?? 'localhost';
  const local = host.startsWith('/') || LOOPBACK.test(host);
  const mode = (parts as { sslmode?: string }).sslmode;
  if (!local && mode !== 'verify-full') {
    throw new AppError('VENUE_TLS_REQUIRED', `${host} is not on this machine: add sslmode=verify-full (and sslrootcert=CA.pem for a private CA) to the URL`);
  }
  return {
    host, ...(parts.port ? { port: Number(parts.port) } : {}),
    ...(parts.user ? { user: parts.user } : {}), ...(parts.password ? { password: parts.password } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    ssl: local ? (parts.ssl as pg.ClientConfig['ssl']) ?? false : { ...(typeof parts.ssl === 'object' ? (parts.ssl as object) : {}), rejectUnauthorized: true },
    connectionTimeoutMillis: 10_000,
    // A half-open TCP connection (a cable pulled) is found rather than waited on for ever.
    keepAlive: true,
    statement_timeout: 60_000,
    query_timeout: 65_000,
    application_name: 'gatecheck',
  };
}

/** The same URL with another role and password (what a station keeps after joining). */
export function withCredentials(url: string, user: string, password: string): string {
  const m = /^(postgres(?:ql)?:\/\/)(?:[^@/?]*@)?(.*)$/i.exec(url);
  if (!m) throw new AppError('INVALID_INPUT', 'the venue URL must start with postgresql://');
  return `${m[1]}${encodeURIComponent(user)}:${encodeURIComponent(password)}@${m[2]}`;
}

/** A pg or socket failure as the app's code: the server unreachable, the login refused, the venue not set up. */
export function venueError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const detail = e?.message ?? String(err);
  if (['28P01', '28000', '42501'].includes(code)) return new AppError('VENUE_DENIED', detail, { cause: err });
  // A certificate that does not verify, or a server that will not speak TLS when asked to: nothing was sent.
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code) || /does not support SSL/i.test(detail)) return new AppError('VENUE_TLS_FAILED', detail, { cause: err });
  if (['3F000', '42P01', '42883'].includes(code)) return new AppError('VENUE_NOT_FOUND', detail, { cause: err });
  if (/^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)
    || /Connection terminated|timeout|not queryable|closed/i.test(detail)) {
    return new AppError('VENUE_UNREACHABLE', detail, { cause: err });
  }
  return err;
}

export async function connectVenue(url: string): Promise<VenueClient> {
  const client = new pg.Client(clientConfig(url));
  // A connection that drops while idle must not become an uncaught 'error' event: the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    void client.end().catch(() => undefined);
    throw venueError(err);
  }
  return client;
}

/** Connects, runs `body`, always disconnects; failures mapped by venueError. */
export async function withVenue<T>(url: string, body: (client: VenueClient) => Promise<T>): Promise<T> {
  const client = await connectVenue(url);
  try {
    return await body(client);
  } catch (err) {
    throw venueError(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function inTransaction<T>(client: VenueClient, body: () => Promise<T>, mode = 'BEGIN'): Promise<T> {
  await client.query(mode);
  try {
    const out = await body();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

// --- the admin's calls -------------------------------------------------------------------------------------------

export interface InitResult {
  venueId: number;
  venueName: string;
  schemaCreated: boolean;
  venueCreated: boolean;
}

/** Creates the schema, the group roles and the venue (each only if missing) and replaces the functions. */
export async function initVenue(client: VenueClient, venueName: string): Promise<InitResult> {
  // Roles are cluster-wide: made outside the transaction, tolerating a concurrent init.
  await client.query(ROLES_SQL).catch((err: { code?: string }) => {
    if (err.code !== '23505' && err.code !== '42710') throw err;
  });
  return inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext(\'gc.init\'))');
    const exists = (await client.query("SELECT to_regclass('gc.schema_version') IS NOT NULL AS e")).rows[0].e as boolean;
    if (exists) {
      const v = (await client.query('SELECT max(version) AS v FROM gc.schema_version')).rows[0].v as number;
      if (v > VENUE_SCHEMA_VERSION) throw new AppError('DB_FROM_NEWER_VERSION', `venue schema ${v} is newer than this build's ${VENUE_SCHEMA_VERSION}`);
    } else {
      await client.query(TABLES_SQL);
    }
    await client.query(FUNCTIONS_SQL);
    const db = (await client.query('SELECT current_database() AS d')).rows[0].d as string;
    await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(db)} TO ${STATION_GROUP}`);
    const made = await client.query('INSERT INTO gc.venues (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING venue_id', [venueName]);
    const venueId = made.rows[0]?.venue_id ?? (await client.query('SELECT venue_id FROM gc.venues WHERE name = $1', [venueName])).rows[0].venue_id;
    return { venueId, venueName, schemaCreated: !exists, venueCreated: made.rowCount === 1 };
  });
}

async function venueIdOf(client: VenueClient, venueName: string | undefined): Promise<{ venueId: number; name: string }> {
  const rows = (await client.query('SELECT venue_id, name FROM gc.venues WHERE $1::text IS NULL OR name = $1 ORDER BY venue_id', [venueName ?? null])).rows;
  if (rows.length === 0) throw new AppError('VENUE_NOT_FOUND', venueName ? `no venue named ${venueName}` : 'no venue yet: run venue init');
  if (rows.length > 1) throw new AppError('INVALID_INPUT', `the database holds ${rows.length} venues: name one with --venue (${rows.map((r) => r.name).join(', ')})`);
  return { venueId: rows[0].venue_id, name: rows[0].name };
}

export interface Joined {
  venueId: number;
  venueName: string;
  stationId: number;
  stationName: string;
  role: string;
  password: string;
  /** The venue's ID-hash key (the joining station's own, if it is the first to join). */
  idKey: Buffer;
}

/**
 * Registers a station: a new id and its own login role (a member of gc_station) with a random password. The venue's
 * key is decided inside the same transaction: `decideKey` sees the venue's key (null before any station joined) and
 * returns the key the venue keeps, or throws (nothing is made).
 */
export async function joinStation(client: VenueClient, p: { venueName?: string | undefined; stationName: string; decideKey: (venueKey: Buffer | null) => Buffer }): Promise<Joined> {
  return inTransaction(client, async () => {
    const venue = await venueIdOf(client, p.venueName);
    const current = (await client.query('SELECT id_key FROM gc.venues WHERE venue_id = $1 FOR UPDATE', [venue.venueId])).rows[0].id_key as Buffer | null;
    const idKey = p.decideKey(current);
    if (!current) await client.query('UPDATE gc.venues SET id_key = $2 WHERE venue_id = $1', [venue.venueId, idKey]);
    const role = `gc_st_${venue.venueId}_${randomBytes(6).toString('hex')}`;
    const password = randomBytes(24).toString('base64url');
    const sql = (await client.query(`SELECT format('CREATE ROLE %I LOGIN PASSWORD %L CONNECTION LIMIT 8 IN ROLE ${STATION_GROUP}', $1::text, $2::text) AS s`, [role, password])).rows[0].s as string;
    await client.query(sql);
    const st = await client.query('INSERT INTO gc.stations (venue_id, name, role_name) VALUES ($1, $2, $3) RETURNING station_id', [venue.venueId, p.stationName, role]);
    return { venueId: venue.venueId, venueName: venue.name, stationId: st.rows[0].station_id, stationName: p.stationName, role, password, idKey };
  });
}

export type PublishKind = 'roster' | 'results' | 'pack' | 'trust' | 'settings';

/** Publishes (or replaces) one file for the venue's stations; returns whether it changed anything. */
export async function publish(client: VenueClient, p: { venueName?: string | undefined; kind: PublishKind; name: string; body: Uint8Array; sha256: string }): Promise<{ changed: boolean }> {
  const venue = await venueIdOf(client, p.venueName);
  const r = await client.query(`
    INSERT INTO gc.published (venue_id, kind, name, body, sha256) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (venue_id, kind, name) DO UPDATE SET body = EXCLUDED.body, sha256 = EXCLUDED.sha256, published_at = now(), txid = pg_current_xact_id()
      WHERE gc.published.sha256 <> EXCLUDED.sha256`, [venue.venueId, p.kind, p.name, Buffer.from(p.body), p.sha256]);
  return { changed: r.rowCount === 1 };
}

/** After restoring the server from a backup: a new epoch, so every station re-checks what the server holds of it. */
export async function markRestored(client: VenueClient, venueName?: string): Promise<string> {
  const venue = await venueIdOf(client, venueName);
  return (await client.query('UPDATE gc.venues SET epoch = gen_random_uuid() WHERE venue_id = $1 RETURNING epoch', [venue.venueId])).rows[0].epoch;
}

/** One venue entry as the admin's export and search read it: what the station sent, with where and when it arrived. */
export type VenueEntryRow = OutboxEntry & {
  station_id: number;
  received_ms: number;
  citations: string[];
};

const ENTRY_COLUMNS = `station_id, seq, local_day::text AS local_day, at_ms, (extract(epoch FROM received_at) * 1000)::bigint AS received_ms,
  station, operator, pack_id, pack_version, venue_kind, category, outcome, route, citations, evidence_summary, format, name,
  id_masked, id_hash, payload_fingerprint, verification, note, corrects_seq`;

/** Every entry of the venue's local days from…to, by day, then time, then station; read in pages (any size, flat memory). */
export async function* venueEntries(client: VenueClient, p: { venueName?: string | undefined; fromDay: string; toDay: string; pageSize?: number }): AsyncGenerator<VenueEntryRow> {
  const venue = await venueIdOf(client, p.venueName);
  const size = p.pageSize ?? 5000;
  let after: [string, number, number, number] = ['0001-01-01', -1, -1, -1];
  for (;;) {
    const rows = (await client.query<VenueEntryRow>(`
      SELECT ${ENTRY_COLUMNS} FROM gc.entries
      WHERE venue_id = $1 AND local_day BETWEEN $2::date AND $3::date
        AND (local_day, at_ms, station_id, seq) > ($4::date, $5::bigint, $6::int, $7::bigint)
      ORDER BY local_day, at_ms, station_id, seq LIMIT $8`, [venue.venueId, p.fromDay, p.toDay, ...after, size])).rows;
    yield* rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = [last.local_day, last.at_ms, last.station_id, last.seq];
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
    ORDER BY local_day, at_ms, station_id, seq LIMIT $8`,
  [venue.venueId, q.fromDay ?? null, q.toDay ?? null, q.outcome ?? null, q.category ?? null, q.idHash ?? null, q.station ?? null, q.limit])).rows;
}

/** The venue's ID-hash key (to hash an ID number searched for). */
export async function venueKey(client: VenueClient, venueName?: string): Promise<Buffer | null> {
  const venue = await venueIdOf(client, venueName);
  return (await client.query('SELECT id_key FROM gc.venues WHERE venue_id = $1', [venue.venueId])).rows[0].id_key;
}

// --- a station's calls -------------------------------------------------------------------------------------------

export interface Hello {
  venueId: number;
  venueName: string;
  stationId: number;
  stationName: string;
  highSeq: number;
  epoch: string;
  serverMs: number;
  idKey: Buffer | null;
  /** The server's oldest running transaction id (xid8, never going back on one server). */
  txidNow: string;
}

export async function hello(client: VenueClient): Promise<Hello> {
  const row = (await client.query('SELECT * FROM gc.hello()')).rows[0];
  if (!row) throw new AppError('VENUE_DENIED', 'this login is not a station of any venue (removed?)');
  return {
    venueId: row.venue_id, venueName: row.venue_name, stationId: row.station_id, stationName: row.station_name,
    highSeq: row.high_seq, epoch: row.epoch, serverMs: row.server_ms, idKey: row.id_key, txidNow: row.txid_now,
  };
}

/**
 * One entry as the station sends it (snake_case: the ingest function reads it with jsonb_to_recordset): the register's
 * row, its id as the station's sequence, its JSON columns as JSON.
 */
export type OutboxEntry = Omit<EntryRow, 'id' | 'corrects_id' | 'citations' | 'evidence_summary' | 'verification'> & {
  seq: number;
  corrects_seq: number | null;
  citations: unknown;
  evidence_summary: unknown;
  verification: string | null;
};

export interface Ingested {
  inserted: number;
  highSeq: number;
  epoch: string;
  serverMs: number;
}

/** Sends one batch; it is committed (or not at all) before this returns. */
export async function ingest(client: VenueClient, batch: readonly OutboxEntry[]): Promise<Ingested> {
  const row = (await client.query('SELECT * FROM gc.ingest($1::jsonb)', [JSON.stringify(batch)])).rows[0];
  return { inserted: row.inserted, highSeq: row.high_seq, epoch: row.epoch, serverMs: row.server_ms };
}

/**
 * Listens for the venue's new entries (the ingest function notifies at commit) on a connection of its own; calls
 * `onEntries` with the station id that sent them. Resolves with a function that stops listening.
 */
export async function listenForEntries(url: string, venueId: number, onEntries: (stationId: number) => void, onLost: (err: unknown) => void): Promise<() => Promise<void>> {
  const client = await connectVenue(url);
  client.on('notification', (n) => onEntries(Number(n.payload)));
  client.removeAllListeners('error');
  let stopped = false;
  const lost = (err: unknown) => {
    if (stopped) return;
    stopped = true;
    onLost(venueError(err));
    void client.end().catch(() => undefined);
  };
  client.on('error', lost);
  client.on('end', () => lost(new AppError('VENUE_UNREACHABLE', 'the listening connection ended')));
  try {
    await client.query(`LISTEN ${pg.escapeIdentifier(`gc_venue_${Math.trunc(venueId)}`)}`);
  } catch (err) {
    lost(err);
    throw venueError(err);
  }
  return async () => {
    stopped = true;
    await client.end().catch(() => undefined);
  };
}

export interface PublishedFile {
  kind: PublishKind;
  name: string;
  body: Buffer;
  sha256: string;
}

/**
 * Published files changed since `cursor` (a txid), and the next cursor: the xmin of this read's snapshot, so a file
 * whose transaction was still open is read next time. Files may come again; applying is by their digest.
 */
export async function pullPublished(client: VenueClient, cursor: string): Promise<{ files: PublishedFile[]; cursor: string }> {
  return inTransaction(client, async () => {
    const files = (await client.query('SELECT kind, name, body, sha256 FROM gc.published WHERE txid >= $1::xid8 ORDER BY txid, kind, name', [cursor])).rows as PublishedFile[];
    const next = (await client.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x as string;
    return { files, cursor: next };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

/** A station's view of its venue's entries (what its login may read: no names), for the register's venue view. */
export async function stationVenueEntries(client: VenueClient, q: { fromDay: string; toDay: string; outcome?: string | undefined; category?: string | undefined; idHash?: string | undefined; limit: number }) {
  return (await client.query<{ station_id: number; seq: number; station: string; local_day: string; at_ms: number; category: string; outcome: string }>(`
    SELECT station_id, seq, station, local_day::text AS local_day, at_ms, category, outcome FROM gc.entries
    WHERE venue_id = gc.my_venue() AND local_day BETWEEN $1::date AND $2::date
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
}

/** Other stations' entries of `sinceDay` onwards committed since `cursor`, at most `limit`, and the next cursor. */
export async function pullRecent(client: VenueClient, p: { cursor: string; stationId: number; sinceDay: string; limit: number }): Promise<{ entries: RecentEntry[]; cursor: string }> {
  return inTransaction(client, async () => {
    const rows = (await client.query(`
      SELECT station_id, seq, station, local_day::text AS local_day, at_ms, outcome, category, id_hash, payload_fingerprint, txid::text AS txid
      FROM gc.entries WHERE venue_id = gc.my_venue() AND txid >= $1::xid8 AND station_id <> $2 AND local_day >= $3::date
      ORDER BY txid LIMIT $4`, [p.cursor, p.stationId, p.sinceDay, p.limit])).rows as (RecentEntry & { txid: string })[];
    const xmin = (await client.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x as string;
    // A full page ends at its last row's transaction (read again next time: its other rows may be beyond the page).
    const cursor = rows.length === p.limit ? rows[rows.length - 1]!.txid : xmin;
    return { entries: rows.map(({ txid: _txid, ...e }) => e), cursor };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}
