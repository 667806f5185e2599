// The register tells what happened (issue: the register): the reason on every entry and in the CSV, one count per
// person, names found however typed, the day by hour and category, a summary CSV with no personal data, the roster
// listed and removed behind the admin PIN.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { openDatabase, migrate } from '../../../electron/db/connection';
import { MIGRATIONS } from '../../../electron/db/migrations';
import { createEntriesRepo } from '../../../electron/db/entries';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { makeDccSigner, issueDcc, dccTestContent } from '../../support/issue';
import { sampleEntry } from '../../support/entries';
import { csv, idNumber } from '../../support/roster-files';
import { importTable } from '../../../electron/main/services/imports/import-table';

const NOW = Date.parse('2026-11-20T08:00:00Z'); // 16:00 in Shanghai
const s = (iso: string) => Date.parse(iso) / 1000;
let dir: string;
let gate: Gate;
let valid: string;
let forged: string;
let unknownSigner: string;
const call = (m: Parameters<typeof dispatch>[1], input: unknown) => dispatch(gate.handlers, m, input, () => undefined);
const green = { kind: 'health-code' as const, color: 'green' as const };
const within48 = { kind: 'test' as const, method: 'nat' as const, result: 'negative' as const, withinHours: 48 as const };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-reasons-'));
  const signer = await makeDccSigner();
  const stranger = await makeDccSigner();
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
  const content = () => dccTestContent({ familyName: 'Chen', givenName: 'Xiaoming', dob: '1988-08-08', sampledAt: '2026-11-19T12:00:00Z' });
  const times = { iat: s('2026-11-19T13:00:00Z'), exp: s('2026-12-19T00:00:00Z') };
  valid = await issueDcc(signer, content(), times);
  forged = await issueDcc(signer, content(), { ...times, tamper: true });
  unknownSigner = await issueDcc(stranger, content(), times);
  gate = await openGate(join(dir, 'data'), { clock: () => NOW, trustPaths: [join(dir, 'eu.json')], exportDir: join(dir, 'out') });
  await gate.handlers.setup({ ...SETUP, venueName: '测试养老院', stationName: '东门' });
});
afterAll(() => gate.close());

/** An eldercare home's setup: the admin PIN 975310, the operator 赵敏 (PIN 8642), signed in. */
const SETUP = { venueName: 'x', stationName: 'y', profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;
const check = (code: string) => gate.handlers.check({ code, category: 'visitor', source: 'wedge' });

describe('register / each entry records why', () => {
  it('a forged signature, an unknown signer, a garbled HC1 and "no proof" each say why, on screen and in the CSV', async () => {
    const ok = await check(valid);
    const sig = await check(forged);
    const unknown = await check(unknownSigner);
    const garbled = await check(`HC1:${valid.slice(4, 60)}`);
    const noProof = await gate.handlers.record({ category: 'visitor', evidence: [], noProofShown: true });
    const byId = new Map((await gate.handlers.searchRegister({ limit: 50 })).map((e) => [e.id, e]));
    expect(byId.get(ok.entryId!)).toMatchObject({ verification: 'ok', reason: { zh: expect.stringContaining('证书签名核验通过') } });
    expect(byId.get(sig.entryId!)).toMatchObject({ verification: 'SIGNATURE', reason: { en: expect.stringContaining('(SIGNATURE)') } });
    expect(byId.get(unknown.entryId!)).toMatchObject({ verification: 'UNKNOWN_KEY' });
    expect(byId.get(garbled.entryId!)!.verification).toMatch(/^(SCAN_INCOMPLETE|BASE45|COMPRESSION|CBOR|COSE)$/);
    expect(byId.get(noProof.entryId!)).toMatchObject({ verification: 'none', reason: { zh: expect.stringContaining('操作员 赵敏 确认：未出示证明') } });
    const out = await gate.handlers.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'zh' });
    const text = readFileSync(out.path, 'utf8');
    expect(text).toContain('"核验说明"');
    expect(text).toContain('证书签名无效，可能被篡改（SIGNATURE）');
    expect(text).toContain('签发机构不在信任列表中，无法核验（UNKNOWN_KEY）');
  });

  it('an attestation after a failed verification keeps the failure, and says what was attested and by whom', async () => {
    const scan = await check(forged);
    const r = await gate.handlers.record({ category: 'visitor', evidence: [green, within48], correctsId: scan.entryId!, phoneChecked: true });
    const { entry } = await gate.handlers.entryDetail({ id: r.entryId! });
    expect(entry).toMatchObject({ verification: 'SIGNATURE', outcome: 'admit' });
    expect(entry.reason.zh).toBe('证书签名无效，可能被篡改（SIGNATURE）；操作员 赵敏 确认：绿码、48 小时内核酸阴性、已查看对方手机；依据 N101-14');
    const detail = await gate.handlers.entryDetail({ id: r.entryId! });
    expect(detail.chain.map((e) => e.id)).toEqual([scan.entryId, r.entryId]);
    expect(detail.evidence).toMatchObject({ phoneChecked: true, problems: ['SIGNATURE'], sources: expect.arrayContaining(['attested']) });
    expect((await gate.handlers.entryDetail({ id: scan.entryId! })).chain.map((e) => e.id)).toEqual([scan.entryId, r.entryId]);
  });

  it('entries from before reasons were recorded read as "not recorded" after the migration', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-m60-')), { targetVersion: 50 });
    const id = createEntriesRepo(db).insert({ ...sampleEntry, payloadFingerprint: undefined });
    migrate(db, MIGRATIONS, 60);
    const e = createEntriesRepo(db).get(id)!;
    expect(e.verification).toBeUndefined();
    expect(createEntriesRepo(db).insert({ ...sampleEntry, payloadFingerprint: undefined, verification: 'none' })).toBe(id + 1);
    expect(createEntriesRepo(db).get(id + 1)!.verification).toBe('none');
    db.close();
  });
});

describe('register / people, not rows', () => {
  it('a person checked and corrected twice counts once; the recent list shows the last entry of the chain', async () => {
    const g = await openGate(join(dir, 'people'), { clock: () => NOW });
    await g.handlers.setup(SETUP);
    const scan = await g.handlers.check({ code: 'OPAQUE-PERSON-1', category: 'visitor', source: 'wedge' });
    const first = await g.handlers.record({ category: 'visitor', evidence: [{ ...green, color: 'yellow' }], correctsId: scan.entryId! });
    const second = await g.handlers.record({ category: 'visitor', evidence: [green, within48], correctsId: first.entryId! });
    await g.handlers.check({ code: 'OPAQUE-PERSON-2', category: 'visitor', source: 'wedge' });
    const today = await g.handlers.today({ limit: 20 });
    expect(today.byOutcome).toMatchObject({ admit: 1, need: 1, refuse: 0 });
    expect(today.recent.map((e) => e.id)).not.toContain(scan.entryId);
    expect(today.recent.map((e) => e.id)).toContain(second.entryId);
    expect(today.recent).toHaveLength(2);
    expect((await g.handlers.registerStats({ fromDay: '2026-11-20', toDay: '2026-11-20' })).people).toBe(2);
    g.close();
  });
});

describe('register / names', () => {
  it('"陈 小明" from a certificate is found as 陈小明, 陈　小明 or ＣＨＥＮ; shown without the space', async () => {
    const g = await openGate(join(dir, 'names'), { clock: () => NOW });
    await g.handlers.setup(SETUP);
    const base = { ...sampleEntry, localDay: '2026-11-20', atMs: NOW, payloadFingerprint: undefined };
    g.entries.insert({ ...base, name: '陈 小明' });
    g.entries.insert({ ...base, name: 'CHEN XIAOMING' });
    for (const typed of ['陈小明', '陈　小明', '陈 小']) expect((await g.handlers.searchRegister({ name: typed, limit: 10 })).map((e) => e.name), typed).toEqual(['陈**']);
    for (const typed of ['ＣＨＥＮ', 'chen xiao', 'chenxiaoming']) expect((await g.handlers.searchRegister({ name: typed, limit: 10 })).map((e) => e.name), typed).toEqual(['C***']);
    expect(await g.handlers.searchRegister({ name: '100%', limit: 10 })).toEqual([]);
    g.close();
  });
});

describe('register / the day at a glance', () => {
  it('people by local hour and outcome, and by category; the summary CSV holds counts and no personal data', async () => {
    const g = await openGate(join(dir, 'stats'), { clock: () => NOW, exportDir: join(dir, 'stats-out') });
    await g.handlers.setup(SETUP);
    const base = { ...sampleEntry, localDay: '2026-11-20', payloadFingerprint: undefined, name: '张三丰', idMasked: '110105********002X' };
    g.entries.insert({ ...base, atMs: Date.parse('2026-11-20T08:10:00+08:00'), outcome: 'admit', category: 'visitor' });
    g.entries.insert({ ...base, atMs: Date.parse('2026-11-20T08:50:00+08:00'), outcome: 'need', category: 'visitor' });
    g.entries.insert({ ...base, atMs: Date.parse('2026-11-20T17:05:00+08:00'), outcome: 'admit', category: 'staff' });
    const stats = await g.handlers.registerStats({ fromDay: '2026-11-20', toDay: '2026-11-20' });
    expect(stats.people).toBe(3);
    expect(stats.byHour[8]!.counts).toMatchObject({ admit: 1, need: 1 });
    expect(stats.byHour[17]!.counts.admit).toBe(1);
    expect(stats.byCategory).toEqual({ visitor: 2, staff: 1 });
    const out = await g.handlers.exportSummary({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'zh' });
    expect(out.path).toMatch(/2026-11-20-summary\.csv$/);
    const text = readFileSync(out.path, 'utf8');
    expect(text).toContain('"2026-11-20","08:00","2"');
    expect(text).not.toMatch(/张|110105|\*\*/);
    g.close();
  });
});

describe('register / the roster, listed and removed (admin PIN)', () => {
  it('lists people by name; removes one person with their results, or the whole roster; a wrong PIN removes nothing', async () => {
    const table = [['姓名', '身份证号', '类别'], ['李小明', idNumber(1), '访客'], ['王小红', idNumber(2), '访客']];
    await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: () => NOW }, 'roster', csv(table, 'utf8'), 'r.csv', true);
    await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: () => NOW }, 'results', csv([['身份证号', '采样时间', '检测结果'], [idNumber(1), '2026-11-19 08:00', '阴性']], 'utf8'), 'x.csv', true);
    const listed = await gate.handlers.listRoster({ adminPin: '975310', limit: 100 });
    expect(listed).toMatchObject({ total: 2, results: 1 });
    expect(listed.people.map((p) => p.name)).toEqual(['李小明', '王小红']);
    expect(JSON.stringify(listed)).not.toContain(idNumber(1));
    expect(await call('removeRoster', { adminPin: '000000', all: true })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await call('removeRoster', { adminPin: '975310' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await gate.handlers.removeRoster({ adminPin: '975310', id: listed.people[0]!.id })).toEqual({ people: 1, results: 1 });
    expect(gate.rosters.byIdHash(gate.hashId(idNumber(1)))).toBeUndefined();
    expect(await gate.handlers.removeRoster({ adminPin: '975310', all: true })).toEqual({ people: 1, results: 0 });
    expect(gate.rosters.counts()).toEqual({ people: 0, results: 0 });
  });
});
