// The venue's server is not a root of trust (issue 29), tried as an attacker would on a real PostgreSQL 15: a
// superuser who rewrites what is published, a dump of the whole server, a station that sends anything at all, a station
// folder restored from a backup. Each attack must fail to get through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgCluster, pgBinDir, type PgCluster } from '../../support/pg-cluster';
import { ADMIN_HOME, ADMIN_PASSPHRASE, adminArgs, at, check, dayAgo, freshDatabase, newStation, sql, venue, type TestStation, venueWith as venueOf } from '../../support/venue';
import { cliWith } from '../../support/cli';
import { csv, idNumber } from '../../support/roster-files';
import { openGate } from '../../../electron/main/services/compose';
import { sampleEntry } from '../../support/entries';
import { readStationUrl } from '../../../electron/main/services/venue/link-files';
import { defaultAdminKeyPath, readAdminKeyFile } from '../../../electron/main/services/venue/admin-key';
import { signStatement } from '../../../electron/main/services/venue/signed';
import { SECRET_FILE_NAME } from '../../../electron/main/services/install-secret';
import { loadStationConfig } from '../../../electron/main/services/station-config';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startPgCluster();
});
afterAll(() => cluster?.close());

const adminKeys = () => readAdminKeyFile(defaultAdminKeyPath({ XDG_CONFIG_HOME: ADMIN_HOME }), ADMIN_PASSPHRASE);
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const venueWith = (...names: string[]) => venueOf(cluster, names);

const partitions = async (url: string) =>
  (await sql<{ relname: string }>(url, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'gc.entries'::regclass ORDER BY 1")).map((r) => r.relname);

/** A wire entry as a hostile station would send it straight to the ingest function. */
const wire = (seq: number, over: Record<string, unknown> = {}) => ({
  epoch: '0b6f7e52-3c1a-4d8e-9f20-7a5b3c1d2e4f', seq, local_day: dayAgo(1), at_ms: Date.now() - 86_400_000, station: '东门', operator: null,
  pack_id: 'cn-2022-12-07', pack_version: 1, venue_kind: 'school', category: 'visitor', outcome: 'admit', route: null, citations: ['Q3'],
  evidence_summary: { kinds: [], sources: [] }, format: 'none', name: null, id_masked: null, id_hash: null, payload_fingerprint: null,
  verification: null, note: null, corrects_seq: null, ...over,
});

const ingestAs = async (stationUrl: string, batch: unknown[]) =>
  (await sql<{ r: { inserted: number; held: number; refused: { seq: number; reason: string }[]; clashes: unknown[] } }>(stationUrl, 'SELECT gc.ingest($1::jsonb) AS r', [JSON.stringify(batch)]))[0]!.r;

describe('ingest treats every station as untrusted', () => {
  it('days in year 1 BC, 9999, 400 days away and impossible dates are refused, and no partition is made for them', async () => {
    const { url, stations } = await venueWith('东门');
    const stationUrl = readStationUrl(stations[0]!.data)!;
    const before = await partitions(url);
    const days = ['0001-12-31 BC', '0000-12-31', '-0001-12-31', '9999-12-31', dayAgo(400), dayAgo(-400), dayAgo(-2), '2026-02-30', '2026-13-01', 'not a day', 20261201];
    const r = await ingestAs(stationUrl, days.map((d, i) => wire(i + 1, { local_day: d })));
    expect(r.inserted).toBe(0);
    expect(r.refused.map((x) => x.seq)).toEqual(days.map((_, i) => i + 1));
    for (const x of r.refused) expect(x.reason).toMatch(/^local_day: (not a date|outside the venue's window)/);
    expect(await partitions(url)).toEqual(before);
    // The window's own days go in (yesterday, and tomorrow for a zone east of UTC).
    expect((await ingestAs(stationUrl, [wire(100, { local_day: dayAgo(1) }), wire(101, { local_day: dayAgo(-1) })])).inserted).toBe(2);
  });

  it('lengths, control characters, enums, numbers and the shape of every field are checked one entry at a time', async () => {
    const { url, stations } = await venueWith('东门');
    const stationUrl = readStationUrl(stations[0]!.data)!;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ name: 'x'.repeat(101) }, /^name: longer than 100/],
      [{ name: '张\u0001三' }, /^name: longer than 100 or holds a control character/],
      [{ name: '张\u0085三' }, /^name: .*control character/],
      [{ note: 'y'.repeat(10 * 1024 * 1024) }, /^note: /],
      [{ outcome: '<script>' }, /^outcome: not a known value/],
      [{ category: 'vip' }, /^category: not a known value/],
      [{ format: 'pdf' }, /^format: not a known value/],
      [{ venue_kind: 'prison' }, /^venue_kind: not a known value/],
      [{ id_hash: 'h1' }, /^id_hash: /],
      [{ id_masked: '110101199001011234' }, /^id_masked: not in the expected form/],
      [{ at_ms: -5 }, /^at_ms: /],
      [{ at_ms: 1.5 }, /^at_ms: /],
      [{ seq: 0 }, /^seq: /],
      [{ epoch: 'not-a-uuid' }, /^epoch: /],
      [{ citations: ['Q3', 7] }, /^citations: /],
      [{ citations: Array.from({ length: 40 }, () => 'Q') }, /^citations: /],
      [{ evidence_summary: { blob: 'z'.repeat(5000) } }, /^evidence_summary: /],
      [{ station: undefined }, /^station: missing/],
    ];
    // Each bad entry is followed by a good one: the good ones land, the bad ones come back with their reasons.
    const batch = bad.flatMap(([over], i) => [wire(2 * i + 1, over), wire(2 * i + 2)]);
    // The 10 MB note alone is over the batch's bound: sent by itself it is refused whole; without it the rest is judged.
    await expect(ingestAs(stationUrl, batch)).rejects.toMatchObject({ code: '22023' });
    const small = batch.filter((e) => (e as { note: unknown }).note === null);
    const r = await ingestAs(stationUrl, small);
    expect(r.inserted).toBe(bad.length);
    // Refused in the batch's order, each with the reason naming its field.
    expect(r.refused.map((x) => x.reason)).toEqual(bad.filter(([over]) => !('note' in over)).map(([, why]) => expect.stringMatching(why)));
    expect(await sql(url, "SELECT 1 FROM gc.entries WHERE outcome = '<script>' OR name LIKE '%\u0001%'")).toEqual([]);
    // A batch whose every value reads into its column is judged on the typed columns; one that does not (here a
    // word where a number goes) is judged entry by entry, with the JSON types too: both refuse the same bad entries.
    const strict = await ingestAs(stationUrl, [...small.map((e) => ({ ...e, seq: (e as { seq: number }).seq >= 1 ? (e as { seq: number }).seq + 500 : 0 })), wire(999, { at_ms: 'soon' })]);
    expect(strict.refused.map((x) => x.reason)).toEqual([...r.refused.map((x) => x.reason), expect.stringMatching(/^at_ms: /)]);
    expect(strict.inserted).toBe(bad.length);
    expect(strict.refused.at(-1)).toMatchObject({ seq: 999, reason: expect.stringMatching(/^at_ms: /) });
    // A NUL cannot even be read by PostgreSQL's JSON: the batch is refused whole, and the station's next batch lands.
    await expect(ingestAs(stationUrl, [wire(900, { name: 'a\u0000b' })])).rejects.toMatchObject({ code: '22P05' });
    expect((await ingestAs(stationUrl, [wire(901)])).inserted).toBe(1);
    // A station role has a statement timeout.
    expect((await sql<{ statement_timeout: string }>(stationUrl, 'SHOW statement_timeout'))[0]!.statement_timeout).toBe('20s');
  });

  it('a NUL in a name at the station: that entry is set aside with its reason, the later ones reach the venue', async () => {
    const { url, stations } = await venueWith('东门');
    const gate = await openGate(stations[0]!.data);
    try {
      const base = { ...sampleEntry, station: '东门', localDay: dayAgo(1), atMs: Date.now() - 86_400_000, payloadFingerprint: undefined, idHash: undefined };
      gate.entries.insert({ ...base, name: '张\u0000三' });
      gate.entries.insert({ ...base, name: '李四' });
      gate.entries.insert({ ...base, localDay: '1999-01-01', name: '王五' });
      gate.entries.insert({ ...base, name: '赵六' });
      const r = await gate.venue.round();
      expect(r.setAside).toEqual([
        { seq: 1, reason: expect.stringMatching(/^not sent: name: holds a control character/) },
        { seq: 3, reason: expect.stringMatching(/^refused by the venue: local_day: outside the venue's window/) },
      ]);
      expect(r.pushed).toBe(2);
      expect(gate.venue.status()).toMatchObject({ pending: 0, setAside: 2 });
      gate.entries.insert({ ...base, name: '孙七' });
      expect((await gate.venue.round()).pushed).toBe(1);
    } finally {
      gate.close();
    }
    expect((await sql<{ name: string }>(url, 'SELECT name FROM gc.entries ORDER BY seq')).map((x) => x.name)).toEqual(['李四', '赵六', '孙七']);
    // The admin sees what was set aside, and why.
    const status = await venue('status', '--data-dir', stations[0]!.data);
    expect((status.json.setAsideEntries as { seq: number }[]).map((x) => x.seq)).toEqual([3, 1]);
  });

  // The station sends a batch as it is unless its text holds what could break it (checked on the text at once): a lone
  // surrogate, a NUL in a summary, a C1 control, a line break in a note. Each is found and set aside by the protocol's
  // rules; the good entries of the same batch land.
  it('a lone surrogate, a NUL in a summary, a C1 control or a line break: set aside here, the rest of the batch lands', async () => {
    const { url, stations } = await venueWith('东门');
    const gate = await openGate(stations[0]!.data);
    try {
      const base = { ...sampleEntry, station: '东门', localDay: dayAgo(1), atMs: Date.now() - 86_400_000, payloadFingerprint: undefined, idHash: undefined };
      // (A lone surrogate in a name never reaches the register: SQLite's UTF-8 holds U+FFFD instead. In a summary's
      // JSON text it is an escape, and comes back.)
      gate.entries.insert({ ...base, evidenceSummary: { ...base.evidenceSummary, issuer: '周\ud800' } });
      gate.entries.insert({ ...base, name: '吴一' });
      gate.entries.insert({ ...base, evidenceSummary: { ...base.evidenceSummary, issuer: 'x\u0000y' } });
      gate.entries.insert({ ...base, name: '郑\u0085二' });
      gate.entries.insert({ ...base, note: 'two\nlines' });
      gate.entries.insert({ ...base, name: '王三', note: 'a back\\slash, not a break' });
      const r = await gate.venue.round();
      expect(r.setAside.map((x) => x.seq)).toEqual([1, 3, 4, 5]);
      expect(r.setAside.every((x) => x.reason.startsWith('not sent: '))).toBe(true);
      expect(r.setAside[0]!.reason).toMatch(/evidence_summary: holds a NUL or a lone surrogate/);
      expect(r.pushed).toBe(2);
    } finally {
      gate.close();
    }
    expect((await sql<{ name: string; note: string | null }>(url, 'SELECT name, note FROM gc.entries ORDER BY seq'))).toEqual([{ name: '吴一', note: null }, { name: '王三', note: 'a back\\slash, not a break' }]);
  });

  it('the venue export escapes whatever text it holds: a station named <script>, a row written around the ingest function', async () => {
    const { url, stations } = await venueWith('<script>alert(1)</script>');
    await check(stations[0]!, 'E-1', at(dayAgo(2), '09:00'));
    expect((await venue('sync', '--data-dir', stations[0]!.data)).json).toMatchObject({ pushed: 1 });
    // What an older build let in, or a superuser wrote: unknown outcome, garbage summary, a formula, controls.
    await sql(url, `INSERT INTO gc.entries (venue_id, station_id, epoch, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format, name)
      SELECT venue_id, station_id, gen_random_uuid(), 77, $1::date, $2, '=HYPERLINK("x")', 'p', 1, 'zoo', '<b>', '<script>', '[1, {"a": 2}]', '"x"', 'weird', E'a\\u0007b' FROM gc.stations LIMIT 1`, [dayAgo(2), Date.parse(at(dayAgo(2), '09:30'))]);
    const r = await venue('export', '--db', url, '--day', dayAgo(2), '--out', join(stations[0]!.dir, 'out'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(r.out.trim(), 'utf8');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(text.includes('\u0007')).toBe(false);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('whoever holds the server does not hold the gates', () => {
  async function setUpStation(s: TestStation): Promise<void> {
    const r = await cliWith({ env: { GATECHECK_ADMIN_PIN: '975310', GATECHECK_OPERATOR_PIN: '8642' } }, 'setup', '--data-dir', s.data, '--profile', s.profile, '--station', s.name, '--operator', '赵敏');
    expect(r.err).toBe('');
  }
  /** The station's settings as it runs on them (retention, pack and venue kind). */
  const stationInfo = async (s: TestStation) => {
    const gate = await openGate(s.data);
    try {
      return loadStationConfig(gate.settings, gate.packs).data;
    } finally {
      gate.close();
    }
  };
  /** The superuser's hand on gc.published: a row replaced or added, as it likes. */
  const forge = (url: string, kind: string, name: string, body: Buffer, sig: string | null) => sql(url, `
    INSERT INTO gc.published (venue_id, kind, name, body, sha256, sig) SELECT venue_id, $1, $2, $3, $4, $5 FROM gc.venues
    ON CONFLICT (venue_id, kind, name) DO UPDATE SET body = EXCLUDED.body, sha256 = EXCLUDED.sha256, sig = EXCLUDED.sig, txid = pg_current_xact_id()`,
  [kind, name, body, sha256(body), sig]);

  it('settings published unsigned, signed with an injected key, with a swapped body, or rolled back are refused; the pack and retention stay', async () => {
    const { url, stations } = await venueWith('东门');
    const s = stations[0]!;
    await setUpStation(s);
    const before = await stationInfo(s);
    // The admin's own settings, properly signed, apply.
    const good = join(s.dir, 'venue-settings.json');
    writeFileSync(good, JSON.stringify({ retentionDays: 45 }));
    expect((await venue('publish', '--db', url, '--settings', good)).code).toBe(0);
    expect((await venue('sync', '--data-dir', s.data)).json.applied).toEqual([{ kind: 'settings', name: 'venue-settings.json', outcome: 'ok' }]);
    const signedOld = (await sql<{ body: Buffer; sig: string }>(url, 'SELECT body, sig FROM gc.published'))[0]!;
    writeFileSync(good, JSON.stringify({ retentionDays: 60 }));
    expect((await venue('publish', '--db', url, '--settings', good)).code).toBe(0);
    expect((await venue('sync', '--data-dir', s.data)).json.applied).toEqual([{ kind: 'settings', name: 'venue-settings.json', outcome: 'ok' }]);
    expect((await stationInfo(s)).retentionDays).toBe(60);

    const hostile = Buffer.from(JSON.stringify({ retentionDays: 1, profile: { pack: 'no-checks', venueKind: 'other' } }));
    const injected = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const statement = { venue: '实验小学', kind: 'settings' as const, name: 'venue-settings.json', sha256: sha256(hostile), issuedMs: Date.now() + 1000 };
    const attacks: [string, Buffer, string | null][] = [
      ['unsigned', hostile, null],
      ['an injected key', hostile, signStatement(injected, statement)],
      ['a swapped body', hostile, (await sql<{ sig: string }>(url, 'SELECT sig FROM gc.published'))[0]!.sig],
      ['a rollback', signedOld.body, signedOld.sig],
      ['another name\'s signature', hostile, signStatement(adminKeys().signingKey, { ...statement, name: 'other.json' })],
    ];
    for (const [what, body, sig] of attacks) {
      await forge(url, 'settings', 'venue-settings.json', body, sig);
      const r = await venue('sync', '--data-dir', s.data);
      expect(r.json.applied, what).toEqual([{ kind: 'settings', name: 'venue-settings.json', outcome: 'VENUE_SIGNATURE' }]);
      const info = await stationInfo(s);
      expect(info.retentionDays, what).toBe(60);
      expect(info.profile, what).toEqual(before.profile);
    }
    // The station says so, and its security log holds each refusal.
    const gate = await openGate(s.data);
    try {
      expect(gate.venue.status()).toMatchObject({ refusedFiles: 1 });
      expect(gate.securityLog.venueEvents().filter((e) => e.event === 'venue-file-refused')).toHaveLength(attacks.length);
    } finally {
      gate.close();
    }
  });

  it('a trust list the superuser swaps in cannot make a station accept a certificate signed by the injected key', async () => {
    const { makeDccSigner, issueDcc, dccTestContent } = await import('../../support/issue');
    const { url, stations } = await venueWith('东门', '西门');
    const [east, west] = stations as [TestStation, TestStation];
    const injected = await makeDccSigner({ country: 'XX' });
    const body = Buffer.from(JSON.stringify(injected.trustList));
    const now = Date.now();
    const sampled = new Date(now - 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const hc1 = await issueDcc(injected, dccTestContent({ sampledAt: sampled }), { iat: Math.floor(now / 1000) - 3600, exp: Math.floor(now / 1000) + 86_400 });
    await forge(url, 'trust', 'eu-forged.json', body, null);
    expect((await venue('sync', '--data-dir', east.data)).json.applied).toEqual([{ kind: 'trust', name: 'eu-forged.json', outcome: 'VENUE_SIGNATURE' }]);
    // The certificate does not verify there: its test is not counted (a school also asks for the green code).
    const refused = await check(east, hc1, new Date(now).toISOString());
    expect(refused).toMatchObject({ outcome: 'need', problems: ['UNKNOWN_KEY'] });
    expect(refused.hoursSinceSample).toBeUndefined();
    expect(existsSync(join(east.data, 'trust', 'eu-forged.json'))).toBe(false);
    // The control: the same list published by the admin (signed) is taken, and the same certificate then verifies.
    const file = join(west.dir, 'eu-forged.json');
    writeFileSync(file, body);
    expect((await venue('publish', '--db', url, '--trust', file)).code).toBe(0);
    expect((await venue('sync', '--data-dir', west.data)).json.applied).toEqual([{ kind: 'trust', name: 'eu-forged.json', outcome: 'ok' }]);
    const taken = await check(west, hc1, new Date(now).toISOString());
    expect(taken).toMatchObject({ problems: [], hoursSinceSample: 6 });
  });

  it('a pg_dump of the whole server, and every station login, give back no ID number, phone number or key', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    const [east, west] = stations as [TestStation, TestStation];
    const ids = [idNumber(11), idNumber(12), idNumber(13), idNumber(14), idNumber(15)];
    const roster = join(east.dir, 'r.csv');
    writeFileSync(roster, csv([['姓名', '身份证号', '类别', '电话'], ...ids.map((id, i) => [`学生${i}`, id, '学生', `1380013800${i}`])], 'utf8'));
    expect((await venue('publish', '--db', url, '--roster', roster)).code).toBe(0);
    const results = join(east.dir, 'results.csv');
    writeFileSync(results, csv([['姓名', '身份证号', '采样时间', '检测方法', '检测结果'], ...ids.map((id, i) => [`学生${i}`, id, at(dayAgo(1), '08:00'), '核酸', '阴性'])], 'utf8'));
    expect((await venue('publish', '--db', url, '--results', results)).code).toBe(0);
    for (const id of ids) await check(east, id);
    for (const s of stations) expect((await venue('sync', '--data-dir', s.data)).code).toBe(0);
    // The roster reached the stations as fingerprints: a station still knows the person by ID number.
    expect(await check(west, ids[0]!)).toMatchObject({ holder: { name: '学**' } });

    const bin = pgBinDir()!;
    const asRoot = process.getuid?.() === 0;
    const dbName = /@\/([^?]+)/.exec(url)![1]!;
    const args = ['-h', cluster.socketDir, '-p', String(cluster.port), '-U', 'postgres', '-d', dbName];
    const dump = spawnSync(asRoot ? 'runuser' : join(bin, 'pg_dump'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_dump'), ...args] : args, { encoding: 'utf8', env: { ...process.env, PGPASSWORD: 'test-superuser' }, maxBuffer: 256 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    const text = dump.stdout;
    expect(text.length).toBeGreaterThan(10_000);
    const secrets = [
      ...ids, ...ids.map((id) => id.slice(0, 14)), ...ids.map((_, i) => `1380013800${i}`),
      adminKeys().fingerprintKey.toString('hex'), adminKeys().fingerprintKey.toString('base64'),
      ...stations.flatMap((s) => [readFileSync(join(s.data, 'venue.key'), 'utf8').trim(), readFileSync(join(s.data, SECRET_FILE_NAME), 'utf8').trim()]),
    ];
    for (const secret of secrets) expect(text.includes(secret), `the dump holds ${secret.slice(0, 6)}…`).toBe(false);
    // bytea is dumped as hex: look there too (a key or an ID inside a published body).
    const hexDump = text.toLowerCase();
    for (const id of ids) expect(hexDump.includes(Buffer.from(id).toString('hex'))).toBe(false);
    expect(hexDump.includes(adminKeys().fingerprintKey.toString('hex'))).toBe(false);
    // Each station's login: its hello returns no key; it can read neither the venue nor the invites.
    for (const s of stations) {
      const stationUrl = readStationUrl(s.data)!;
      const hello = await sql(stationUrl, 'SELECT * FROM gc.hello()');
      expect(JSON.stringify(hello)).not.toContain(readFileSync(join(s.data, 'venue.key'), 'utf8').trim());
      expect(Object.keys(hello[0]!)).not.toContain('id_key');
      const published = await sql<{ body: Buffer }>(stationUrl, 'SELECT body FROM gc.published');
      for (const p of published) for (const id of ids) expect(p.body.toString('utf8')).not.toContain(id);
      // The station's copy of its login is sealed at rest: the password is not in the file.
      const password = decodeURIComponent(/:([^:@]+)@/.exec(stationUrl)![1]!);
      expect(readFileSync(join(s.data, 'venue.json'), 'utf8')).not.toContain(password);
    }
    // The venue keeps at most the last four characters of an ID in clear.
    for (const r of await sql<{ id_masked: string | null }>(url, 'SELECT id_masked FROM gc.entries')) expect(r.id_masked).toMatch(/^\*+[0-9X]{4}$/);
  });
});

describe('exactly once through restores', () => {
  it('a station folder restored from a backup loses no entry in the venue export, and doubles none', async () => {
    const { url, stations } = await venueWith('东门');
    const s = stations[0]!;
    const day = dayAgo(1);
    for (const code of ['A-1', 'A-2']) await check(s, code, at(day, '08:00'));
    expect((await venue('sync', '--data-dir', s.data)).json).toMatchObject({ pushed: 2 });
    // The backup: the whole folder, consistent (the gate is closed).
    const backup = mkdtempSync(join(tmpdir(), 'gc-backup-'));
    cpSync(s.data, join(backup, 'data'), { recursive: true });
    for (const code of ['B-3', 'B-4', 'B-5']) await check(s, code, at(day, '09:00'));
    expect((await venue('sync', '--data-dir', s.data)).json).toMatchObject({ pushed: 3 });
    // The laptop's disk dies; the folder comes back from the backup, and the gate goes on.
    rmSync(s.data, { recursive: true, force: true });
    cpSync(join(backup, 'data'), s.data, { recursive: true });
    for (const code of ['C-3', 'C-4']) await check(s, code, at(day, '10:00'));
    const r = await venue('sync', '--data-dir', s.data);
    expect(r.err).toBe('');
    expect(r.json).toMatchObject({ pushed: 2 });
    // A new epoch from the first number the venue held with other content (C-3 is not B-3).
    expect((r.json.epochsOpened as { firstSeq: number }[]).at(-1)).toMatchObject({ firstSeq: 3 });
    expect((await venue('status', '--data-dir', s.data)).json.epochs).toEqual([expect.objectContaining({ firstSeq: 1 }), expect.objectContaining({ firstSeq: 3 })]);
    // Once more, with nothing new: nothing is sent twice.
    expect((await venue('sync', '--data-dir', s.data)).json).toMatchObject({ pushed: 0, sent: 0 });
    const out = await venue('export', '--db', url, '--day', day, '--out', join(s.dir, 'out'));
    const lines = readFileSync(out.out.trim(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(7);
    const times = lines.map((l) => l.split(',')[3]).sort();
    expect(times).toEqual(['"08:00:00"', '"08:00:00"', '"09:00:00"', '"09:00:00"', '"09:00:00"', '"10:00:00"', '"10:00:00"']);
    rmSync(backup, { recursive: true, force: true });
  });

  it('a restored folder with nothing new yet opens its new epoch at once, before its next entry reuses a number', async () => {
    const { url, stations } = await venueWith('东门');
    const s = stations[0]!;
    await check(s, 'A-1');
    await venue('sync', '--data-dir', s.data);
    const backup = mkdtempSync(join(tmpdir(), 'gc-backup-'));
    cpSync(s.data, join(backup, 'data'), { recursive: true });
    await check(s, 'B-2');
    await venue('sync', '--data-dir', s.data);
    rmSync(s.data, { recursive: true, force: true });
    cpSync(join(backup, 'data'), s.data, { recursive: true });
    const r = await venue('sync', '--data-dir', s.data);
    expect(r.json.epochsOpened).toEqual([expect.objectContaining({ firstSeq: 2, reason: 'restored' })]);
    await check(s, 'C-2');
    expect((await venue('sync', '--data-dir', s.data)).json).toMatchObject({ pushed: 1 });
    expect(await sql<{ seq: number }>(url, 'SELECT seq FROM gc.entries ORDER BY received_at')).toHaveLength(3);
    rmSync(backup, { recursive: true, force: true });
  });

  it('a missing venue.key is a loud stop naming it, never a fall-back to the station\'s own key', async () => {
    const { stations } = await venueWith('东门');
    rmSync(join(stations[0]!.data, 'venue.key'));
    const r = await venue('sync', '--data-dir', stations[0]!.data);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/KEY_MISSING[\s\S]*venue\.key/);
  });
});

describe('invites, revoking, rotating the admin key, credentials', () => {
  it('a join code is single-use, for its station name, and expires; a typo is caught; a joined station can invite', async () => {
    const { url, stations } = await venueWith('东门');
    const invite = await venue('invite', '--db', url, '--station', '西门');
    expect(invite.err).toMatch(/GC1-|▄|█/);
    const code = invite.json.code as string;
    const west = newStation('西门');
    const joinWith = (s: TestStation, name: string, c: string) => cliWith({ env: { PGPASSWORD: adminArgs(['--db', url]).env.PGPASSWORD!, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'gc-nokey-')) } }, 'venue', 'join', '--data-dir', s.data, '--db', adminArgs(['--db', url]).argv[1]!, '--station', name, '--code', c);
    // A station machine with no admin key file: the code is what brings the keys.
    const typo = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    expect((await joinWith(west, '西门', typo)).err).toMatch(/VENUE_INVITE/);
    expect((await joinWith(west, '北门', code)).err).toMatch(/VENUE_INVITE/);
    const ok = await joinWith(west, '西门', code);
    expect(ok.err).toBe('');
    expect(readFileSync(join(west.data, 'venue.key'), 'utf8')).toBe(readFileSync(join(stations[0]!.data, 'venue.key'), 'utf8'));
    const again = newStation('西门');
    expect((await joinWith(again, '西门', code)).err).toMatch(/VENUE_INVITE/);
    // An expired invite (as the server holds it) is refused.
    const late = (await venue('invite', '--db', url, '--station', '南门')).json.code as string;
    await sql(url, "UPDATE gc.invites SET expires_at = now() - interval '1 minute' WHERE station_name = '南门'");
    expect((await joinWith(newStation('南门'), '南门', late)).err).toMatch(/VENUE_INVITE/);
    expect((await venue('invite', '--db', url, '--station', '南门', '--hours', '25')).code).toBe(2);
    // A joined station invites another without the admin's key file.
    const fromStation = await cliWith({ env: {} }, 'venue', 'invite', '--data-dir', west.data, '--station', '操场门');
    expect(fromStation.err).not.toMatch(/VENUE_|Error/);
    const gym = newStation('操场门');
    expect((await joinWith(gym, '操场门', JSON.parse(fromStation.out).code)).err).toBe('');
    expect(await sql(url, 'SELECT name FROM gc.stations ORDER BY station_id')).toEqual([{ name: '东门' }, { name: '西门' }, { name: '操场门' }]);
  });

  it('a revoked station is locked out and its entries stay', async () => {
    const { url, stations } = await venueWith('东门', '西门');
    await check(stations[1]!, 'W-1');
    expect((await venue('sync', '--data-dir', stations[1]!.data)).json).toMatchObject({ pushed: 1 });
    const stationUrl = readStationUrl(stations[1]!.data)!;
    expect((await venue('revoke', '--db', url, '--station', '西门')).code).toBe(0);
    await check(stations[1]!, 'W-2');
    const r = await venue('sync', '--data-dir', stations[1]!.data);
    expect(r.err).toMatch(/VENUE_DENIED/);
    await expect(sql(stationUrl, 'SELECT 1')).rejects.toMatchObject({ code: expect.stringMatching(/^28/) });
    expect(await sql(url, "SELECT seq FROM gc.entries WHERE station = '西门'")).toEqual([{ seq: 1 }]);
  });

  it('rotating the admin key: stations re-pin through a statement signed by the old key; the old key signs nothing after', async () => {
    const { url, stations } = await venueWith('东门');
    const s = stations[0]!;
    await check(s, 'R-1');
    const settings = join(s.dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ retentionDays: 40 }));
    await venue('publish', '--db', url, '--settings', settings);
    await venue('sync', '--data-dir', s.data);
    const old = adminKeys();
    const rotated = await venue('rotate-key', '--db', url);
    expect(rotated.err).toBe('');
    expect(rotated.json).toMatchObject({ resigned: 1 });
    const next = adminKeys();
    expect(next.publicKey).not.toBe(old.publicKey);
    expect(next.fingerprintKey.equals(old.fingerprintKey)).toBe(true);
    const r = await venue('sync', '--data-dir', s.data);
    expect(r.json.applied).toContainEqual({ kind: 'admin-key', name: 'admin-key', outcome: 'ok' });
    // A file signed with the old key now (its file stolen) is refused; one signed with the new key applies.
    const body = Buffer.from(JSON.stringify({ retentionDays: 2 }));
    await sql(url, `UPDATE gc.published SET body = $1, sha256 = $2, sig = $3, txid = pg_current_xact_id() WHERE kind = 'settings'`,
      [body, sha256(body), signStatement(old.signingKey, { venue: '实验小学', kind: 'settings', name: 'settings.json', sha256: sha256(body), issuedMs: Date.now() + 5000 })]);
    expect((await venue('sync', '--data-dir', s.data)).json.applied).toEqual([{ kind: 'settings', name: 'settings.json', outcome: 'VENUE_SIGNATURE' }]);
    writeFileSync(settings, JSON.stringify({ retentionDays: 50 }));
    await venue('publish', '--db', url, '--settings', settings);
    expect((await venue('sync', '--data-dir', s.data)).json.applied).toEqual([{ kind: 'settings', name: 'settings.json', outcome: 'ok' }]);
    // A station joining after the rotation pins the new key.
    const late = newStation('西门');
    expect((await venue('join', '--data-dir', late.data, '--db', url, '--station', '西门')).err).toBe('');
    await check(late, 'L-1');
    const first = await venue('sync', '--data-dir', late.data);
    expect(first.json.applied).toEqual([{ kind: 'settings', name: 'settings.json', outcome: 'ok' }]);
    expect((await venue('status', '--data-dir', late.data)).json).toMatchObject({ refusedFiles: 0 });
  });

  it('the database password never goes on the command line: refused there, taken from PGPASSWORD or asked for', async () => {
    const url = freshDatabase(cluster);
    const r = await cliWith({ env: { XDG_CONFIG_HOME: ADMIN_HOME, GATECHECK_VENUE_PASSPHRASE: ADMIN_PASSPHRASE } }, 'venue', 'init', '--db', url);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/PGPASSWORD/);
    const { argv } = adminArgs(['--db', url]);
    const typed = await cliWith({ env: { XDG_CONFIG_HOME: ADMIN_HOME, GATECHECK_VENUE_PASSPHRASE: ADMIN_PASSPHRASE }, typed: ['test-superuser'] }, 'venue', 'init', '--db', argv[1]!, '--venue', '问密码');
    expect(typed.err).not.toMatch(/VENUE_|Error/);
    expect(typed.prompts).toEqual([expect.stringMatching(/Database password/)]);
    const wrong = await cliWith({ env: { XDG_CONFIG_HOME: ADMIN_HOME, GATECHECK_VENUE_PASSPHRASE: 'not the passphrase' } }, 'venue', 'status', '--db', argv[1]!, '--venue', '问密码');
    expect(wrong.code).not.toBe(0);
  });
});

describe('the venue forgets on time', () => {
  it('maintain drops whole months behind the window and deletes older rows, audit-logged; status says what goes when', async () => {
    const { url, stations } = await venueWith('东门');
    await check(stations[0]!, 'K-1', at(dayAgo(1), '09:00'));
    await venue('sync', '--data-dir', stations[0]!.data);
    // An old month, as a longer retention once made it, with a row in it.
    const old = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 7);
    await sql(url, `CREATE TABLE gc.entries_${old.replace('-', '_')} PARTITION OF gc.entries FOR VALUES FROM ('${old}-01') TO ('${old}-01'::date + interval '1 month')`);
    await sql(url, `INSERT INTO gc.entries (venue_id, station_id, epoch, seq, local_day, at_ms, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format)
      SELECT venue_id, station_id, gen_random_uuid(), 1, '${old}-10', 1, '东门', 'p', 1, 'school', 'visitor', 'admit', '[]', '{}', 'none' FROM gc.stations`);
    const status = await venue('status', '--db', url);
    expect(status.json).toMatchObject({ retentionDays: 30, oldestDay: `${old}-10` });
    expect((status.json.partitions as { month: string }[]).map((p) => p.month)).toContain(old);
    const m = await venue('maintain', '--db', url);
    expect(m.json).toMatchObject({ dropped: [`entries_${old.replace('-', '_')}`] });
    expect(await sql(url, `SELECT 1 FROM gc.entries WHERE local_day < now() - interval '30 days'`)).toEqual([]);
    expect(await sql(url, "SELECT count(*)::int AS n FROM gc.entries")).toEqual([{ n: 1 }]);
    expect((await sql<{ action: string }>(url, 'SELECT action FROM gc.audit ORDER BY at')).map((a) => a.action)).toContain('maintain');
  });
});
