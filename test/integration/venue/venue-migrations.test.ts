// The venue schema's migrations, one by one on a real PostgreSQL, as the SQLite ones are: a database made by the
// first build (with the ID key on the server and one sequence per station) brought to this one's without losing a row,
// its key dropped, its stations' sequences kept as their first epoch; a database from a newer build is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { freshDatabase, sql } from '../../support/venue';
import { initVenue, joinStation, migrateVenue, schemaVersion } from '../../../electron/db/venue/admin';
import { VENUE_MIGRATIONS, VENUE_SCHEMA_VERSION } from '../../../electron/db/venue/migrations';
import { ROLES_SQL } from '../../../electron/db/venue/schema';
import { newAdminKeys } from '../../../electron/main/services/venue/admin-key';
import { withCredentials } from '../../../electron/db/venue/connect';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());

const NIL = '00000000-0000-0000-0000-000000000000';

async function withClient<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

describe('venue schema migrations', () => {
  it('each migration runs once, in order, and is recorded', async () => {
    const url = freshDatabase(cluster);
    await withClient(url, async (c) => {
      expect(await schemaVersion(c)).toBe(0);
      for (const m of VENUE_MIGRATIONS) {
        expect(await migrateVenue(c, m.version)).toEqual([m.version]);
        expect(await schemaVersion(c)).toBe(m.version);
      }
      expect(await migrateVenue(c)).toEqual([]);
    });
    expect((await sql<{ version: number }>(url, 'SELECT version FROM gc.schema_version ORDER BY 1')).map((r) => r.version)).toEqual(VENUE_MIGRATIONS.map((m) => m.version));
  });

  it('a database of schema 1, with entries, is brought to this build\'s: rows kept, the ID key gone, sequences become the first epoch', async () => {
    const url = freshDatabase(cluster);
    await withClient(url, async (c) => {
      await c.query(ROLES_SQL).catch(() => undefined);
      await migrateVenue(c, 1);
      // What the first build wrote: the venue's ID key on the server, a station's high mark, three entries.
      await c.query("INSERT INTO gc.venues (name, id_key) VALUES ('旧场所', '\\x00112233')");
      await c.query("INSERT INTO gc.stations (venue_id, name, role_name, high_seq) VALUES (1, '东门', 'gc_st_old', 3)");
      await c.query("CREATE TABLE gc.entries_2026_11 PARTITION OF gc.entries FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')");
      for (const seq of [1, 2, 3]) {
        await c.query(`INSERT INTO gc.entries (venue_id, station_id, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format)
          VALUES (1, 1, $1, '2026-11-20', $1, '东门', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none')`, [seq]);
      }
      expect(await migrateVenue(c)).toEqual(VENUE_MIGRATIONS.slice(1).map((m) => m.version));
    });
    expect(await sql(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'gc' AND table_name = 'venues' AND column_name = 'id_key'")).toEqual([]);
    expect(await sql(url, 'SELECT epoch, seq FROM gc.entries ORDER BY seq')).toEqual([1, 2, 3].map((seq) => ({ epoch: NIL, seq })));
    expect(await sql(url, 'SELECT station_id, epoch, high_seq FROM gc.station_epochs')).toEqual([{ station_id: 1, epoch: NIL, high_seq: 3 }]);
    // Schema 3: exits name what they close; the name other gates may read is masked by the server, for old rows too.
    expect(await sql(url, 'SELECT closes_station, closes_seq, name_masked FROM gc.entries ORDER BY seq LIMIT 1')).toEqual([{ closes_station: null, closes_seq: null, name_masked: null }]);
    await sql(url, `INSERT INTO gc.entries (venue_id, station_id, epoch, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format, name)
      VALUES (1, 1, $1, 4, '2026-11-20', 4, '东门', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none', '欧阳娜娜'), (1, 1, $1, 5, '2026-11-20', 5, '东门', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none', '李')`, [NIL]);
    expect((await sql<{ name_masked: string }>(url, 'SELECT name_masked FROM gc.entries WHERE seq >= 4 ORDER BY seq')).map((r) => r.name_masked)).toEqual(['欧***', '*']);
    // This build's functions on the upgraded schema: the venue takes the admin's key, a station joins, and the old
    // entries sent again (as an upgraded station would) are known, not clashes.
    const admin = newAdminKeys('旧场所');
    const joined = await withClient(url, async (c) => {
      const r = await initVenue(c, { venueName: '旧场所', adminKey: admin.publicKey });
      expect(r).toMatchObject({ schemaCreated: false, venueCreated: false, migrated: [] });
      return joinStation(c, { venueName: '旧场所', stationName: '西门', adminKey: admin.publicKey });
    });
    await sql(url, `INSERT INTO gc.entries (venue_id, station_id, epoch, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format)
      VALUES (1, $1, $2, 1, (now() AT TIME ZONE 'UTC')::date, 5, '西门', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none')`, [joined.stationId, NIL]);
    const stationUrl = withCredentials(url, joined.role, joined.password);
    const resent = { epoch: NIL, seq: 1, local_day: new Date().toISOString().slice(0, 10), at_ms: 5, station: '西门', operator: null, pack_id: 'p', pack_version: 1, venue_kind: 'school', category: 'visitor', outcome: 'admit', route: null, citations: [], evidence_summary: {}, format: 'none', name: null, id_masked: null, id_hash: null, payload_fingerprint: null, verification: null, note: null, corrects_seq: null };
    const r = (await sql<{ r: Record<string, unknown> }>(stationUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify([resent])]))[0]!.r;
    expect(r).toMatchObject({ inserted: 0, held: 1, clashes: [] });
  });

  it('a database from a newer build is refused (DB_FROM_NEWER_VERSION) and not touched', async () => {
    const url = freshDatabase(cluster);
    await withClient(url, async (c) => {
      await migrateVenue(c);
      await c.query('INSERT INTO gc.schema_version VALUES ($1)', [VENUE_SCHEMA_VERSION + 1]);
      await expect(initVenue(c, { venueName: 'x', adminKey: newAdminKeys('x').publicKey })).rejects.toMatchObject({ code: 'DB_FROM_NEWER_VERSION' });
    });
    expect(await sql(url, 'SELECT count(*)::int AS n FROM gc.venues')).toEqual([{ n: 0 }]);
  });
});
