// What a station's own PostgreSQL role may do, tried as an attacker would: write the register directly, forge
// another station's entries, read another venue's rows or the columns it has no need of, make partitions, or log in
// with a wrong password. Each must fail; the ingest function is the only way in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { check, freshDatabase, newStation, sql, venue } from '../../support/venue';
import { readStationUrl } from '../../../electron/main/services/venue/link-files';
import { withCredentials } from '../../../electron/db/venue/connect';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());


const TODAY = new Date().toISOString().slice(0, 10);
const ROW = { epoch: '5f0c1a2e-7d3b-4c8a-9e61-0b2d4f6a8c10', seq: 999, local_day: TODAY, at_ms: 1, station: 'x', operator: null, pack_id: 'p', pack_version: 1, venue_kind: 'school', category: 'visitor', outcome: 'admit', route: null, citations: [], evidence_summary: {}, format: 'none', name: null, id_masked: null, id_hash: null, payload_fingerprint: null, verification: null, note: null, corrects_seq: null };

describe('a station role reaches only what it needs', () => {
  it('refuses direct writes, other venues, unneeded columns, partition making and a wrong password', async () => {
    const url = freshDatabase(cluster);
    await venue('init', '--db', url, '--venue', '一院');
    await venue('init', '--db', url, '--venue', '二院');
    const a = newStation('一院东门');
    const b = newStation('二院南门');
    expect((await venue('join', '--data-dir', a.data, '--db', url, '--station', a.name, '--venue', '一院')).code).toBe(0);
    expect((await venue('join', '--data-dir', b.data, '--db', url, '--station', b.name, '--venue', '二院')).code).toBe(0);
    await check(a, 'SECRET-A');
    await check(b, 'SECRET-B');
    for (const s of [a, b]) expect((await venue('sync', '--data-dir', s.data)).code).toBe(0);
    const aUrl = readStationUrl(a.data)!;

    await expect(sql(aUrl, "INSERT INTO gc.entries (venue_id, station_id, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format) VALUES (1, 1, 5, '2026-11-20', 1, 'x', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none')"))
      .rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'UPDATE gc.stations SET last_seen_at = NULL')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'DELETE FROM gc.entries')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'SELECT name, id_masked FROM gc.entries')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'SELECT admin_key FROM gc.venues')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'SELECT * FROM gc.invites')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'SELECT * FROM gc.audit')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, "SELECT gc.ensure_month('2030-01-01', '2030-01-01', '2030-01-02')")).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, 'SELECT gc.maintain(1)')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, `SELECT * FROM gc.entries_${TODAY.slice(0, 7).replace('-', '_')}`)).rejects.toMatchObject({ code: '42501' });
    await expect(sql(aUrl, "INSERT INTO gc.published (venue_id, kind, name, body, sha256) VALUES (1, 'roster', 'x', '\\x00', 'x')")).rejects.toMatchObject({ code: '42501' });

    // Row-level security: only its own venue's entries, whatever the query asks for.
    const seen = await sql<{ station: string }>(aUrl, 'SELECT station FROM gc.entries');
    expect(seen.map((r) => r.station)).toEqual([a.name]);
    expect(await sql(aUrl, 'SELECT station FROM gc.entries WHERE venue_id <> gc.my_venue()')).toEqual([]);

    // A forged batch (another venue's id, another station's id in the JSON) lands as this station's, in its venue.
    const forged = await sql<{ r: { inserted: number } }>(aUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify([{ ...ROW, venue_id: 2, station_id: 2 }])]);
    expect(forged[0]!.r.inserted).toBe(1);
    const landed = await sql<{ venue: string; station: string }>(url, 'SELECT v.name AS venue, s.name AS station FROM gc.entries e JOIN gc.venues v USING (venue_id) JOIN gc.stations s USING (station_id) WHERE e.seq = 999');
    expect(landed).toEqual([{ venue: '一院', station: a.name }]);

    // A batch that is not an array, or too large, is refused whole.
    await expect(sql(aUrl, 'SELECT * FROM gc.ingest($1::jsonb)', ['{"seq":1}'])).rejects.toMatchObject({ code: '22023' });
    await expect(sql(aUrl, 'SELECT * FROM gc.ingest($1::jsonb)', [JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ ...ROW, seq: 10_000 + i })))])).rejects.toMatchObject({ code: '22023' });

    // A wrong password, tried many times, never gets in (scram-sha-256).
    const role = /^postgresql:\/\/([^:]+):/.exec(aUrl)![1]!;
    for (let i = 0; i < 20; i++) {
      await expect(sql(withCredentials(url, decodeURIComponent(role), `guess-${i}`), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    }
    // The admin's own URL is not a station: the ingest function refuses it.
    await expect(sql(url, 'SELECT * FROM gc.ingest($1::jsonb)', ['[]'])).rejects.toMatchObject({ code: '42501' });
  });

  it('a station whose role was dropped by the admin is told so (VENUE_DENIED), and records on', async () => {
    const url = freshDatabase(cluster);
    await venue('init', '--db', url, '--venue', '三院');
    const s = newStation('三院北门');
    await venue('join', '--data-dir', s.data, '--db', url, '--station', s.name);
    const role = decodeURIComponent(/^postgresql:\/\/([^:]+):/.exec(readStationUrl(s.data)!)![1]!);
    await sql(url, `DROP OWNED BY "${role}"; DROP ROLE "${role}"`);
    await check(s, 'AFTER-DROP');
    const r = await venue('sync', '--data-dir', s.data);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/VENUE_DENIED/);
    expect((await venue('status', '--data-dir', s.data)).json).toMatchObject({ pending: 1, lastError: 'VENUE_DENIED' });
  });
});
