// A venue with three gates on a real PostgreSQL (a throwaway cluster): join, exactly-once push through every failure
// the issue names, published files down, other gates' entries across, the venue's CSV and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { ADMIN_HOME, ADMIN_PASSPHRASE, at, check, dayAgo, DEFAULT_NOW, freshDatabase, newStation, sql, venue, type TestStation, venueWith as venueOf } from '../../support/venue';
import { defaultAdminKeyPath, readAdminKeyFile } from '../../../electron/main/services/venue/admin-key';
import { cli, cliWith } from '../../support/cli';
import { csv, idNumber } from '../../support/roster-files';
import { openGate } from '../../../electron/main/services/compose';
import { sampleEntry } from '../../support/entries';
import pg from 'pg';
import { createVenueSync } from '../../../electron/main/services/venue/sync';
import { AppError } from '../../../electron/core/errors';
import { ROOT } from '../../support/paths';
import { readStationUrl } from '../../../electron/main/services/venue/link-files';
import { idHasher, SECRET_FILE_NAME } from '../../../electron/main/services/install-secret';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());


const venueWith = (...names: string[]) => venueOf(cluster, names);

/** Entries written straight into a station's register (many, fast), as checks would have written them. */
async function writeEntries(station: TestStation, count: number, day = dayAgo(2)): Promise<void> {
  const gate = await openGate(station.data);
  try {
    gate.db.transaction(() => {
      for (let i = 0; i < count; i++) gate.entries.insert({ ...sampleEntry, station: station.name, localDay: day, atMs: Date.parse(`${day}T02:00:00Z`) + i * 1000, payloadFingerprint: undefined, idHash: createHash('sha256').update(`h${i}`).digest('hex') });
    })();
  } finally {
    gate.close();
  }
}

const countOf = async (url: string, stationName?: string) =>
  Number((await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM gc.entries WHERE $1::text IS NULL OR station = $1', [stationName ?? null]))[0]!.n);
const duplicatesOf = async (url: string) =>
  Number((await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM (SELECT station_id, seq FROM gc.entries GROUP BY 1, 2 HAVING count(*) > 1) d'))[0]!.n);

describe('venue init and join', () => {
  it('init makes the schema, the roles and the venue once; run again it changes nothing', async () => {
    const url = freshDatabase(cluster);
    const first = await venue('init', '--db', url, '--venue', '实验小学');
    expect(first.json).toMatchObject({ schemaCreated: true, venueCreated: true, venueName: '实验小学' });
    const again = await venue('init', '--db', url, '--venue', '实验小学');
    expect(again.json).toMatchObject({ schemaCreated: false, venueCreated: false, venueId: first.json.venueId });
    const roles = await sql<{ rolname: string }>(url, "SELECT rolname FROM pg_roles WHERE rolname IN ('gc_station', 'gc_publisher') ORDER BY 1");
    expect(roles.map((r) => r.rolname)).toEqual(['gc_publisher', 'gc_station']);
  });

  it('three stations get three ids and the venue\'s key from the admin\'s key file, never their own nor through the server', async () => {
    const { url, stations } = await venueWith('东门', '西门', '南门');
    const rows = await sql<{ station_id: number; name: string }>(url, 'SELECT station_id, name FROM gc.stations ORDER BY station_id');
    expect(rows.map((r) => r.name)).toEqual(['东门', '西门', '南门']);
    expect(new Set(rows.map((r) => r.station_id)).size).toBe(3);
    const admin = readAdminKeyFile(defaultAdminKeyPath({ XDG_CONFIG_HOME: ADMIN_HOME }), ADMIN_PASSPHRASE);
    for (const s of stations) {
      expect(readFileSync(join(s.data, 'venue.key'), 'utf8')).toBe(admin.fingerprintKey.toString('hex'));
      // Each station's own key (its PIN pepper, its own data) is its own.
      expect(readFileSync(join(s.data, SECRET_FILE_NAME), 'utf8').trim()).not.toBe(admin.fingerprintKey.toString('hex'));
    }
    // The venue holds the admin's public key only.
    expect(await sql(url, 'SELECT admin_key FROM gc.venues')).toEqual([{ admin_key: admin.publicKey }]);
  });

  it('a station used before it joins joins all the same; its history reaches the venue, without its own fingerprints', async () => {
    const { url } = await venueWith('东门');
    const used = newStation('旧岗');
    await check(used, idNumber(7));
    await check(used, 'VISIT-BEFORE');
    // Its own roster, imported before joining (fingerprinted with its own key).
    const roster = join(used.dir, 'own.csv');
    writeFileSync(roster, csv([['姓名', '身份证号', '类别'], ['周老师', idNumber(21), '教职工']], 'utf8'));
    expect((await cli('import', '--data-dir', used.data, '--roster', roster)).code).toBe(0);
    const r = await venue('join', '--data-dir', used.data, '--db', url, '--station', '旧岗');
    expect(r.err).toBe('');
    expect(r.json).toMatchObject({ history: 2 });
    // Still found by ID number after joining (the station's own roster, under its own key).
    expect(await check(used, idNumber(21))).toMatchObject({ holder: { name: '周老师' } });
    await check(used, idNumber(8));
    expect((await venue('sync', '--data-dir', used.data)).json).toMatchObject({ pushed: 4 });
    const rows = await sql<{ seq: number; id_hash: string | null; payload_fingerprint: string | null }>(url, "SELECT seq, id_hash, payload_fingerprint FROM gc.entries WHERE station = '旧岗' ORDER BY seq");
    expect(rows.map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0]).toMatchObject({ id_hash: null, payload_fingerprint: null });
    expect(rows[3]!.id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('joining twice is refused; a re-imaged station (a new folder) joins again under a new id, its old entries kept', async () => {
    const { url, stations } = await venueWith('东门');
    await check(stations[0]!, 'VISIT-1');
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 1 });
    const twice = await venue('join', '--data-dir', stations[0]!.data, '--db', url, '--station', '东门');
    expect(twice.err).toMatch(/VENUE_ALREADY_JOINED/);
    const reimaged = newStation('东门');
    expect((await venue('join', '--data-dir', reimaged.data, '--db', url, '--station', '东门')).code).toBe(0);
    await check(reimaged, 'VISIT-2');
    expect((await venue('sync', '--data-dir', reimaged.data)).json).toMatchObject({ pushed: 1 });
    const rows = await sql<{ station_id: number; seq: number }>(url, 'SELECT station_id, seq FROM gc.entries ORDER BY station_id');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.seq).toBe(1);
    expect(rows[1]!.seq).toBe(1);
    expect(rows[0]!.station_id).not.toBe(rows[1]!.station_id);
  });
});

describe('joining from Settings (admin PIN)', () => {
  it('needs the admin PIN, and hashes with the venue key from the next check on, without a restart', async () => {
    const { url, stations } = await venueWith('东门');
    const west = newStation('西门');
    const setup = await cliWith({ env: { GATECHECK_ADMIN_PIN: '975310', GATECHECK_OPERATOR_PIN: '8642' } }, 'setup', '--data-dir', west.data, '--profile', west.profile, '--station', '西门', '--operator', '赵敏');
    expect(setup.err).toBe('');
    const gate = await openGate(west.data, { operator: () => '赵敏' });
    try {
      const code = (await venue('invite', '--db', url, '--station', '西门')).json.code as string;
      expect(code).toMatch(/^GC1-/);
      await expect(gate.handlers.joinVenue({ adminPin: '000000', url, stationName: '西门', joinCode: code })).rejects.toMatchObject({ code: 'WRONG_PIN' });
      expect(gate.venueLink.get()).toBeUndefined();
      const joined = await gate.handlers.joinVenue({ adminPin: '975310', url, stationName: '西门', joinCode: code });
      expect(joined).toMatchObject({ venueName: '实验小学', pending: 0 });
      await gate.handlers.check({ code: idNumber(9), category: 'visitor', source: 'wedge' });
      const venueKey = Buffer.from(readFileSync(join(stations[0]!.data, 'venue.key'), 'utf8').trim(), 'hex');
      expect(gate.entries.search({ idHash: idHasher(venueKey)(idNumber(9)) })).toHaveLength(1);
      // The register's venue view: 东门's entry and this one, found by ID number across gates, with no names.
      await check(stations[0]!, idNumber(9));
      expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 1 });
      await gate.venue.round();
      await expect(gate.handlers.venueRegister({ adminPin: '000000', fromDay: '2020-01-01', toDay: '2030-01-01', limit: 10 })).rejects.toMatchObject({ code: 'WRONG_PIN' });
      const view = await gate.handlers.venueRegister({ adminPin: '975310', fromDay: '2020-01-01', toDay: '2030-01-01', idNumber: idNumber(9), limit: 10 });
      expect(view.rows.map((r) => r.station)).toEqual(['东门', '西门']);
      expect(view.byStation).toEqual([{ station: '东门', entries: 1 }, { station: '西门', entries: 1 }]);
      expect(JSON.stringify(view)).not.toMatch(/name/i);
    } finally {
      gate.close();
    }
  });
});

describe('up: exactly once', () => {
  it('pushes new entries once; the next round sends nothing; the server keeps the station time and its own receipt time', async () => {
    const { url, stations } = await venueWith('东门');
    for (const code of ['A-1', 'A-2', 'A-3']) await check(stations[0]!, code);
    const first = await venue('sync', '--data-dir', stations[0]!.data);
    expect(first.json).toMatchObject({ pushed: 3, sent: 3 });
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 0, sent: 0 });
    const rows = await sql<{ at_ms: string; received: Date }>(url, 'SELECT at_ms, received_at AS received FROM gc.entries ORDER BY seq');
    expect(rows.map((r) => Number(r.at_ms))).toEqual([0, 1, 2].map(() => Date.parse(DEFAULT_NOW)));
    for (const r of rows) expect(Math.abs(r.received.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('eight stations pushing at once into a month with no partition yet: every round succeeds, every entry lands once', async () => {
    const names = ['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `${n}号门`);
    const { url, stations } = await venueWith(...names);
    const today = dayAgo(0);
    for (const s of stations) await writeEntries(s, 1500, today);
    // The month's partition gone (as on the first day of a month that init did not reach): the ingest calls make it.
    await sql(url, `DROP TABLE gc.entries_${today.slice(0, 7).replace('-', '_')}`);
    const gates = await Promise.all(stations.map((s) => openGate(s.data)));
    try {
      const rounds = await Promise.allSettled(gates.map((g) => g.venue.round()));
      expect(rounds.map((r) => r.status)).toEqual(names.map(() => 'fulfilled'));
    } finally {
      gates.forEach((g) => g.close());
    }
    expect(await countOf(url)).toBe(8 * 1500);
    expect(await duplicatesOf(url)).toBe(0);
  }, 180_000);

  it('a confirmation lost after the commit (the station sends the same entries again) adds nothing', async () => {
    const { url, stations } = await venueWith('东门');
    await writeEntries(stations[0]!, 2500);
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 2500 });
    // The station's mark back at 0: as if every confirmation had been lost on the way back.
    const gate = await openGate(stations[0]!.data);
    try {
      gate.venueLink.resendFrom(0);
    } finally {
      gate.close();
    }
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 0, sent: 2500 });
    expect(await countOf(url)).toBe(2500);
    expect(await duplicatesOf(url)).toBe(0);
  });

  it('the same batch sent twice through the ingest function lands once', async () => {
    const { url, stations } = await venueWith('东门');
    await writeEntries(stations[0]!, 10);
    const gate = await openGate(stations[0]!.data);
    const batch = gate.venueLink.outbox(0, 100);
    gate.close();
    const stationUrl = readStationUrl(stations[0]!.data)!;
    const sent = async () => (await sql<{ r: { inserted: number } }>(stationUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify(batch.map((b) => b.entry))]))[0]!.r.inserted;
    expect(await sent()).toBe(10);
    expect(await sent()).toBe(0);
    expect(await countOf(url)).toBe(10);
  });

  it('the network down for a day: the station records on, says so, and catches up once it is back', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    cluster.stop();
    try {
      for (const code of ['D-1', 'D-2']) await check(stations[0]!, code, at(dayAgo(3), '09:00'));
      const down = await venue('sync', '--data-dir', stations[0]!.data);
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/VENUE_UNREACHABLE/);
      for (const code of ['D-3']) await check(stations[0]!, code, at(dayAgo(2), '09:00'));
      const status = (await venue('status', '--data-dir', stations[0]!.data)).json;
      expect(status).toMatchObject({ pending: 3, lastError: 'VENUE_UNREACHABLE', isStale: true });
    } finally {
      cluster.start();
    }
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 3 });
    expect((await venue('status', '--data-dir', stations[0]!.data)).json).toMatchObject({ pending: 0 });
    expect((await venue('status', '--data-dir', stations[0]!.data)).json).not.toHaveProperty('lastError');
    expect(await countOf(url)).toBe(3);
  });

  it('a damaged venue.json stops nothing: the background sync records VENUE_NOT_JOINED, the station goes on', async () => {
    const { stations } = await venueWith('东门');
    await check(stations[0]!, 'BROKEN-LINK');
    writeFileSync(join(stations[0]!.data, 'venue.json'), '{"url": ');
    const gate = await openGate(stations[0]!.data, { operator: () => '值班员' });
    const stop = gate.venue.start(3_600_000);
    try {
      for (let i = 0; i < 500 && gate.venue.status()?.lastError === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      expect(gate.venue.status()).toMatchObject({ lastError: 'VENUE_NOT_JOINED', pending: 1 });
      await gate.handlers.check({ code: 'AFTER-BROKEN', category: 'visitor', source: 'wedge' });
      expect(gate.venue.status()).toMatchObject({ pending: 2 });
    } finally {
      stop();
      gate.close();
    }
  });

  it('the server crashing mid-push (stopped at once, restarted) loses nothing and doubles nothing', async () => {
    const { url, stations } = await venueWith('东门');
    await writeEntries(stations[0]!, 6000);
    const gate = await openGate(stations[0]!.data);
    try {
      const round = gate.venue.round();
      // Crash the server as soon as the first batch has landed, while the round is still pushing.
      for (let i = 0; i < 600 && (await countOf(url).catch(() => 0)) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      cluster.crashRestart();
      const outcome = await round.then(() => 'finished', (err: { code?: string }) => err.code);
      expect(['VENUE_UNREACHABLE', 'finished']).toContain(outcome);
      await gate.venue.round();
      expect(gate.venue.status()).toMatchObject({ pending: 0 });
    } finally {
      gate.close();
    }
    expect(await countOf(url)).toBe(6000);
    expect(await duplicatesOf(url)).toBe(0);
  }, 180_000);

  it('the station killed with kill -9 mid-push: the next round sends the rest, nothing doubled', async () => {
    const { url, stations } = await venueWith('东门');
    await writeEntries(stations[0]!, 8000);
    // The CLI's own process (not the bin wrapper, which would leave its child running), in its own process group.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/cli/main.ts'), 'venue', 'sync', '--data-dir', stations[0]!.data], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Until its first batch has landed (bounded: the test fails below if it never does).
    for (let i = 0; i < 6000 && (await countOf(url)) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const before = await countOf(url);
    expect(before).toBeGreaterThan(0);
    const r = await venue('sync', '--data-dir', stations[0]!.data);
    expect(r.err).toBe('');
    expect(r.json.sent as number).toBeLessThanOrEqual(8000);
    expect(await countOf(url)).toBe(8000);
    expect(await duplicatesOf(url)).toBe(0);
  }, 180_000);

  it('an entry the venue has not confirmed is never purged, however old; once the venue has answered for it, retention applies', async () => {
    const { stations } = await venueWith('东门');
    await check(stations[0]!, 'OLD-1', '2026-01-05T09:00:00+08:00');
    const gate = await openGate(stations[0]!.data);
    try {
      // The check above ran on a training clock in January: this start is a forward jump, which holds every deletion
      // until an admin confirms the time (as they would here).
      expect(gate.settings.get('clockJump')).toBeDefined();
      gate.settings.remove('clockJump');
      gate.housekeep();
      expect(gate.entries.forDays('2026-01-05', '2026-01-05')).toHaveLength(1);
      // Older than the venue keeps: refused by it (set aside here with the reason), which is its answer.
      expect((await gate.venue.round()).setAside).toEqual([{ seq: 1, reason: expect.stringMatching(/refused by the venue: local_day: outside the venue's window/) }]);
      gate.housekeep();
      expect(gate.entries.forDays('2026-01-05', '2026-01-05')).toHaveLength(0);
    } finally {
      gate.close();
    }
  });

  it('a server restored from a backup is noticed, and the stations send again what it lacks', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    const dbName = /@\/(\w+)\?/.exec(url)![1]!;
    for (const code of ['R-1', 'R-2']) await check(stations[0]!, code);
    await check(stations[1]!, 'R-3');
    for (const s of stations) await venue('sync', '--data-dir', s.data);
    // The backup: a copy of the database as it is now.
    cluster.psql(`CREATE DATABASE ${dbName}_backup TEMPLATE ${dbName}`);
    for (const code of ['R-4', 'R-5']) await check(stations[0]!, code);
    await check(stations[1]!, 'R-6');
    for (const s of stations) expect((await venue('sync', '--data-dir', s.data)).code).toBe(0);
    expect(await countOf(url)).toBe(6);
    // The server is lost and restored from the backup: three entries are gone from it.
    cluster.psql(`DROP DATABASE ${dbName} WITH (FORCE)`);
    cluster.psql(`ALTER DATABASE ${dbName}_backup RENAME TO ${dbName}`);
    expect(await countOf(url)).toBe(3);
    expect((await venue('restored', '--db', url)).code).toBe(0);
    const a = await venue('sync', '--data-dir', stations[0]!.data);
    expect(a.json).toMatchObject({ resentFrom: 2, epochChanged: true, pushed: 2 });
    const b = await venue('sync', '--data-dir', stations[1]!.data);
    expect(b.json).toMatchObject({ resentFrom: 1, pushed: 1 });
    expect(await countOf(url)).toBe(6);
    expect(await duplicatesOf(url)).toBe(0);
  });
});

describe('down and across', () => {
  it('a roster published once reaches every station; the same file again is not applied again; a changed one is', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    const file = join(stations[0]!.dir, '名单.csv');
    writeFileSync(file, csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'gb18030'));
    expect((await venue('publish', '--db', url, '--roster', file, '--with-names')).json).toMatchObject({ changed: true, names: true });
    for (const s of stations) {
      const r = await venue('sync', '--data-dir', s.data);
      expect(r.json.applied).toEqual([{ kind: 'roster', name: '名单.csv', outcome: 'ok' }]);
      const found = await check(s, idNumber(3));
      expect(found).toMatchObject({ holder: { name: '李小明' } });
    }
    expect((await venue('publish', '--db', url, '--roster', file, '--with-names')).json).toMatchObject({ changed: false });
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json.applied).toEqual([]);
    writeFileSync(file, csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生'], ['王芳', idNumber(4), '教职工']], 'utf8'));
    await venue('publish', '--db', url, '--roster', file, '--with-names');
    expect((await venue('sync', '--data-dir', stations[1]!.data)).json.applied).toEqual([{ kind: 'roster', name: '名单.csv', outcome: 'ok' }]);
    expect(await check(stations[1]!, idNumber(4))).toMatchObject({ holder: { name: '王芳' } });
  });

  it('cursors ahead of the server\'s transaction counter (a server restored into another cluster) are reset, nothing skipped', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    await check(stations[0]!, idNumber(2), new Date().toISOString());
    await venue('sync', '--data-dir', stations[0]!.data);
    const gate = await openGate(stations[1]!.data);
    try {
      // As the cursors of a server whose counter ran far ahead of this one.
      gate.venueLink.setCursors({ down: '900000000000', recent: '900000000000' });
      const file = join(stations[1]!.dir, 'r.csv');
      writeFileSync(file, csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'utf8'));
      await venue('publish', '--db', url, '--roster', file);
      const r = await gate.venue.round();
      expect(r.applied).toEqual([{ kind: 'roster', name: 'r.csv', outcome: 'ok' }]);
      expect(r.recent).toBe(1);
      expect(BigInt(gate.venueLink.get()!.downCursor)).toBeLessThan(900000000000n);
    } finally {
      gate.close();
    }
  });

  it('a file that fails for want of room (DB_FULL) is tried again next round, then applied once', async () => {
    const { url, stations } = await venueWith('东门');
    const file = join(stations[0]!.dir, 'r.csv');
    writeFileSync(file, csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'utf8'));
    await venue('publish', '--db', url, '--roster', file);
    const gate = await openGate(stations[0]!.data);
    try {
      let calls = 0;
      const sync = createVenueSync({
        dataDir: gate.dataDir, link: gate.venueLink, clock: Date.now, today: () => dayAgo(0),
        apply: async () => {
          if (++calls === 1) throw new AppError('DB_FULL', 'no room on the disk');
        },
        highestEntryId: () => gate.entries.highestIssuedId(), security: () => undefined,
      });
      expect((await sync.round()).applied).toEqual([{ kind: 'roster', name: 'r.csv', outcome: 'DB_FULL' }]);
      expect((await sync.round()).applied).toEqual([{ kind: 'roster', name: 'r.csv', outcome: 'ok' }]);
      expect((await sync.round()).applied).toEqual([]);
      expect(calls).toBe(2);
      await sync.close();
    } finally {
      gate.close();
    }
  });

  it('one transaction larger than a page (not the app\'s batches) is passed over, not read for ever; later entries come', async () => {
    const { stations } = await venueWith('东门', '西门');
    const day = new Date().toISOString().slice(0, 10);
    await writeEntries(stations[0]!, 25_000, day);
    const gate = await openGate(stations[0]!.data);
    const rows = gate.venueLink.outbox(0, 25_000).map((r) => r.entry);
    gate.close();
    const eastUrl = readStationUrl(stations[0]!.data)!;
    const c = new pg.Client({ connectionString: eastUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      for (let i = 0; i < rows.length; i += 1000) await c.query('SELECT gc.ingest($1::jsonb)', [JSON.stringify(rows.slice(i, i + 1000))]);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    const west = await openGate(stations[1]!.data);
    try {
      const first = await west.venue.round();
      expect(first.recent).toBe(20_000);
    } finally {
      west.close();
    }
    await check(stations[0]!, idNumber(4), new Date().toISOString());
    expect((await venue('sync', '--data-dir', stations[0]!.data)).code).toBe(0);
    expect((await venue('sync', '--data-dir', stations[1]!.data)).json).toMatchObject({ recent: 1 });
  }, 180_000);

  it('a broken published pack is recorded as failed and changes nothing; the round goes on', async () => {
    const { url, stations } = await venueWith('东门');
    const file = join(stations[0]!.dir, 'pack.json');
    writeFileSync(file, '{"not":"a signed pack"}');
    await venue('publish', '--db', url, '--pack', file);
    const r = await venue('sync', '--data-dir', stations[0]!.data);
    expect(r.code).toBe(0);
    expect((r.json.applied as { outcome: string }[])[0]!.outcome).toMatch(/^PACK_/);
  });

  it('venue-wide settings reach every station; a station\'s own (its name) cannot be published; before setup they wait', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    await check(stations[0]!, 'SETUP-1');
    const own = join(stations[0]!.dir, 'own.json');
    writeFileSync(own, JSON.stringify({ stationName: '篡改' }));
    await venue('publish', '--db', url, '--settings', own);
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json.applied).toEqual([{ kind: 'settings', name: 'own.json', outcome: 'PROFILE_INVALID' }]);
    const file = join(stations[0]!.dir, 'venue-settings.json');
    writeFileSync(file, JSON.stringify({ feverThresholdC: 37.5, retentionDays: 45 }));
    await venue('publish', '--db', url, '--settings', file);
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json.applied).toEqual([{ kind: 'settings', name: 'venue-settings.json', outcome: 'ok' }]);
    // 西门 is not set up yet: the settings wait (NOT_SET_UP), and apply at the first round after its setup.
    expect((await venue('sync', '--data-dir', stations[1]!.data)).json.applied).toContainEqual({ kind: 'settings', name: 'venue-settings.json', outcome: 'NOT_SET_UP' });
    await check(stations[1]!, 'SETUP-2');
    expect((await venue('sync', '--data-dir', stations[1]!.data)).json.applied).toContainEqual({ kind: 'settings', name: 'venue-settings.json', outcome: 'ok' });
    for (const s of stations) {
      const gate = await openGate(s.data);
      try {
        const info = await gate.handlers.station({});
        expect(info.feverThresholdC).toBe(37.5);
        expect(info.stationName).toBe(s.name);
      } finally {
        gate.close();
      }
    }
  });

  it('a person checked at 东门 is recognised at 西门 (keyed hashes only), and both entries are kept', async () => {
    const { url, stations } = await venueWith('东门', '西门', '南门');
    const [east, west, south] = stations as [TestStation, TestStation, TestStation];
    // Today: a station keeps other gates' entries of today and yesterday only.
    const now = Date.now();
    const at = (ms: number) => new Date(ms).toISOString();
    const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(now - 60_000);
    await check(east, idNumber(5), at(now - 60_000));
    await venue('sync', '--data-dir', east.data);
    expect((await venue('sync', '--data-dir', west.data)).json).toMatchObject({ recent: 1 });
    const atWest = await check(west, idNumber(5), at(now));
    expect(atWest.seenElsewhere).toEqual({ station: '东门', time: hhmm, outcome: 'need' });
    // 南门 has not synced since: it does not know yet, and says nothing.
    expect((await check(south, idNumber(5), at(now))).seenElsewhere).toBeUndefined();
    await venue('sync', '--data-dir', west.data);
    await venue('sync', '--data-dir', south.data);
    const rows = await sql<{ station: string }>(url, 'SELECT station FROM gc.entries ORDER BY at_ms, station_id');
    expect(rows.map((r) => r.station)).toEqual(['东门', '西门', '南门']);
    // What crossed to 西门 is masked: no full name, no masked ID, only the keyed hash (and, for the inside list, the
    // name as the server masks it: none here, an ID number alone carries no name).
    const gate = await openGate(west.data);
    try {
      const cols = (gate.db.prepare('SELECT * FROM venue_recent').all() as Record<string, unknown>[])[0]!;
      expect(Object.keys(cols).sort()).toEqual(['at_ms', 'category', 'closes_seq', 'closes_station', 'corrects_seq', 'id_hash', 'local_day', 'name_masked', 'outcome', 'payload_fingerprint', 'seq', 'station', 'station_id']);
      expect(JSON.stringify(cols)).not.toContain(idNumber(5));
    } finally {
      gate.close();
    }
  });
});

describe('in the background', () => {
  it('an entry at 东门 reaches 西门 without waiting for the timed round: pushed at once, pulled on the venue\'s notice', async () => {
    const { stations } = await venueWith('东门', '西门');
    for (const s of stations) await check(s, `SETUP-${s.name}`);
    const [east, west] = await Promise.all(stations.map((s) => openGate(s.data, { operator: () => '值班员' })));
    // Timed rounds an hour apart: only the nudge and the notice can move the entry.
    const stops = [east!, west!].map((g) => g.venue.start(3_600_000));
    try {
      const waitFor = async (what: () => boolean) => {
        for (let i = 0; i < 1500 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
        return what();
      };
      // Both stations' first rounds done (the listeners are set up with them).
      expect(await waitFor(() => east!.venue.status()?.lastSyncMs !== undefined && west!.venue.status()?.lastSyncMs !== undefined)).toBe(true);
      const before = west!.db.prepare('SELECT COUNT(*) AS n FROM venue_recent').get() as { n: number };
      await east!.handlers.check({ code: idNumber(8), category: 'visitor', source: 'wedge' });
      expect(await waitFor(() => (west!.db.prepare('SELECT COUNT(*) AS n FROM venue_recent').get() as { n: number }).n > before.n)).toBe(true);
      const atWest = await west!.handlers.check({ code: idNumber(8), category: 'visitor', source: 'wedge' });
      expect(atWest.seenElsewhere).toMatchObject({ station: '东门' });
      expect(east!.venue.status()).toMatchObject({ pending: 0 });
    } finally {
      stops.forEach((stop) => stop());
      east!.close();
      west!.close();
    }
  });
});

describe('the venue register: export, search, partitions, clocks', () => {
  it('venue export writes one CSV for the day with a station column, in time order across the gates', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    const day = dayAgo(3);
    await check(stations[1]!, 'E-2', at(day, '09:05'));
    await check(stations[0]!, 'E-1', at(day, '09:00'));
    await check(stations[0]!, 'E-3', at(dayAgo(2), '09:00'));
    for (const s of stations) await venue('sync', '--data-dir', s.data);
    const r = await venue('export', '--db', url, '--day', day, '--out', join(stations[0]!.dir, 'out'));
    expect(r.code).toBe(0);
    const lines = readFileSync(r.out.trim(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^"岗位编号","序号","日期","时间","岗位"/);
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['"东门"', '"西门"']);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['"09:00:00"', '"09:05:00"']);
  });

  it('entries of two months land in two monthly partitions', async () => {
    const { url, stations } = await venueWith('东门');
    // This month's first day, and the day before it (last month): both inside a 60-day window.
    expect((await venue('maintain', '--db', url, '--retention-days', '60')).code).toBe(0);
    const first = `${dayAgo(0).slice(0, 7)}-01`;
    const before = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await writeEntries(stations[0]!, 2, before);
    await writeEntries(stations[0]!, 2, first);
    await venue('sync', '--data-dir', stations[0]!.data);
    const parts = await sql<{ relname: string; n: string }>(url, "SELECT tableoid::regclass::text AS relname, count(*) AS n FROM gc.entries GROUP BY 1 ORDER BY 1");
    const name = (d: string) => `gc.entries_${d.slice(0, 7).replace('-', '_')}`;
    expect(parts.map((p) => [p.relname, Number(p.n)])).toEqual([[name(before), 2], [name(first), 2]]);
  });

  it('venue search finds a person by full ID number across gates, names masked', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    const roster = join(stations[0]!.dir, 'r.csv');
    writeFileSync(roster, csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(3), '学生']], 'utf8'));
    await venue('publish', '--db', url, '--roster', roster);
    for (const s of stations) {
      await venue('sync', '--data-dir', s.data);
      await check(s, idNumber(3));
      await venue('sync', '--data-dir', s.data);
    }
    const r = await venue('search', '--db', url, '--id', idNumber(3));
    const found = JSON.parse(r.out) as { station: string; name: string }[];
    expect(found.map((f) => f.station).sort()).toEqual(['东门', '西门']);
    expect(found.every((f) => f.name === '李**')).toBe(true);
    expect(r.out).not.toContain(idNumber(3));
  });

  it('a station whose clock is 10 minutes off the server\'s says so', async () => {
    const { stations } = await venueWith('东门');
    await check(stations[0]!, 'CLOCK-1');
    const gate = await openGate(stations[0]!.data, { clock: () => Date.now() + 10 * 60_000 });
    try {
      const r = await gate.venue.round();
      expect(r.skewMs).toBeLessThan(-9 * 60_000);
      expect(gate.venue.status()).toMatchObject({ isClockOff: true, isStale: false });
      // What the screen reads (the banner): the venue, no entries pending, the clock off.
      const info = await gate.handlers.station({});
      expect(info.venue).toMatchObject({ venueName: '实验小学', isClockOff: true, isStale: false, pending: 0 });
    } finally {
      gate.close();
    }
    const fine = await openGate(stations[0]!.data);
    try {
      await fine.venue.round();
      expect(fine.venue.status()).toMatchObject({ isClockOff: false });
    } finally {
      fine.close();
    }
  });
});
