// Who is inside across the gates of a venue, on a real PostgreSQL (issue 31): in at one station, out at another; an
// exit recorded before its gate knew of the entry; masked names only for other gates' people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { sql, venue, venueWith, type TestStation } from '../../support/venue';
import { cli } from '../../support/cli';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());

const iso = (ms: number) => new Date(ms).toISOString();

/** A venue of kind "other" (nothing is checked: everyone is let in), so every scan is someone inside. */
async function twoGates(): Promise<{ url: string; east: TestStation; west: TestStation }> {
  const { url, stations } = await venueWith(cluster, ['东门', '西门'], '颐养院');
  for (const s of stations) writeFileSync(s.profile, JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'other' }));
  return { url, east: stations[0]!, west: stations[1]! };
}

const checkIn = async (s: TestStation, code: string, at: number) => {
  const r = await cli('check', '--data-dir', s.data, '--profile', s.profile, '--category', 'visitor', '--now', iso(at), '--station', s.name, code);
  expect(r.code, r.err).toBe(0);
  expect(JSON.parse(r.out)).toMatchObject({ outcome: 'admit' });
};
const checkOut = (s: TestStation, code: string, at: number) =>
  cli('exit', '--data-dir', s.data, '--profile', s.profile, '--station', s.name, '--now', iso(at), code);
const inside = async (s: TestStation, at: number) => {
  const r = await cli('inside', '--data-dir', s.data, '--now', iso(at), '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { ref: string; name: string | null; gate: string; own: boolean }[];
};
const sync = async (...stations: TestStation[]) => {
  for (const s of stations) expect((await venue('sync', '--data-dir', s.data)).code).toBe(0);
};

describe('venue / who is inside across gates', () => {
  it('in at 东门, out at 西门: after a sync the person is inside at neither', async () => {
    const { url, east, west } = await twoGates();
    const now = Date.now();
    await checkIn(east, 'VISITOR-ZHANG-1', now - 40 * 60_000);
    await checkIn(east, 'VISITOR-LI-2', now - 39 * 60_000);
    await checkOut(west, 'VISITOR-ZHANG-1', now - 30 * 60_000).then((r) => expect(r.code).toBe(1)); // 西门 does not know of them yet
    await sync(east, west);
    // 西门 now holds 东门's entrants (as the venue gives them) and lists them, saying they came in at 东门.
    expect((await inside(west, now)).map((p) => [p.ref, p.gate, p.own])).toEqual([['东门#2', '东门', false]]);
    const out = await checkOut(west, 'VISITOR-LI-2', now - 5 * 60_000);
    expect(out.code, out.err).toBe(0);
    expect(JSON.parse(out.out)).toMatchObject({ matched: true, closed: { ref: '东门#2', station: '东门' } });
    await sync(west, east);
    expect(await inside(east, now)).toEqual([]);
    expect(await inside(west, now)).toEqual([]);
    // The venue holds the exits as entries of their own, naming what they closed.
    const exits = await sql<{ station: string; closes_station: string | null; closes_seq: string | null }>(url,
      "SELECT station, closes_station, closes_seq::text FROM gc.entries WHERE outcome = 'exit' ORDER BY at_ms");
    expect(exits).toEqual([{ station: '西门', closes_station: null, closes_seq: null }, { station: '西门', closes_station: '东门', closes_seq: '2' }]);
  });

  it("another gate's people show with the name as the server masks it; the station's login cannot read the full name", async () => {
    const { url, east, west } = await twoGates();
    const now = Date.now();
    // An ID card scan carries no name; a roster does. The name goes to the venue in full (the admin's register) and
    // comes back to other gates masked.
    await checkIn(east, 'FIRST-OF-THE-DAY', now - 20 * 60_000);
    await checkOut(east, 'FIRST-OF-THE-DAY', now - 15 * 60_000);
    await checkIn(west, 'WEST-FIRST', now - 20 * 60_000);
    await checkOut(west, 'WEST-FIRST', now - 14 * 60_000);
    const roster = `${east.dir}/roster.csv`;
    writeFileSync(roster, '姓名,工牌,类别\r\n欧阳娜娜,B-77,访客\r\n');
    expect((await cli('import', '--data-dir', east.data, '--roster', roster)).code).toBe(0);
    await checkIn(east, 'GC1:B-77', now - 10 * 60_000);
    await sync(east, west);
    const people = await inside(west, now);
    expect(people).toEqual([expect.objectContaining({ ref: '东门#3', name: '欧***', own: false })]);
    const stationUrl = (await sql<{ role_name: string }>(url, 'SELECT role_name FROM gc.stations LIMIT 1'))[0]!.role_name;
    const denied = await sql(url, `SET ROLE ${stationUrl}; SELECT name FROM gc.entries`).then(() => 'read', (e: Error) => e.message);
    expect(denied).toMatch(/permission denied/);
    // Scanned out at 西门 by the same badge.
    const out = await checkOut(west, 'GC1:B-77', now - 60_000);
    expect(JSON.parse(out.out)).toMatchObject({ matched: true, closed: { ref: '东门#3', name: '欧***' } });
  });
});
