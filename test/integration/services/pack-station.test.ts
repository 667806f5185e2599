// The station on a real register with policy packs and dated sources: a signed pack imported from Settings (admin
// PIN), the station moving to it on its effective date (entries record which pack decided), the "no checks" pack
// chosen when checks end, and every source's date and freshness as the screen and Settings show them.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import type { ParsedInputOf } from '../../../electron/api/contract';
import { fixturePack, makePublisher, signed } from '../../support/packs';
import { makeDccSigner } from '../../support/issue';

let now = Date.parse('2026-12-30T10:00:00+08:00');
const publisher = makePublisher('GateCheck test publisher');
let gate: Gate;
let dataDir: string;
const call = <M extends Parameters<typeof dispatch>[1]>(m: M, input: unknown) => dispatch(gate.handlers, m, input, () => undefined);
const ADMIN = '135790';
const setupInput = (venueKind: string): ParsedInputOf<'setup'> => ({
  venueName: '阳光养老院', stationName: '大门', profile: { pack: 'cn-2022-12-07', venueKind, natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 } as ParsedInputOf<'setup'>['profile'],
  retentionDays: 30, adminPin: ADMIN, operator: { name: '王芳', pin: '2468' },
});

beforeEach(async () => {
  now = Date.parse('2026-12-30T10:00:00+08:00');
  dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-pack-station-')), 'data');
  gate = await openGate(dataDir, { clock: () => now, publisherKeys: [publisher.jwk] });
  await gate.handlers.setup(setupInput('eldercare'));
});
afterEach(() => gate.close());

describe('services/importPack and the switch on the effective date', () => {
  it('refuses without the admin PIN, an unsigned pack and a forged one, writing nothing', async () => {
    const content = signed(publisher, fixturePack());
    expect(await call('importPack', { adminPin: '000000', fileName: 'p.json', content })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await call('importPack', { adminPin: ADMIN, fileName: 'p.json', content: JSON.stringify(fixturePack()) })).toMatchObject({ ok: false, error: { code: 'PACK_UNSIGNED' } });
    expect(await call('importPack', { adminPin: ADMIN, fileName: 'p.json', content: signed(makePublisher('mallory'), fixturePack()) })).toMatchObject({ ok: false, error: { code: 'PACK_SIGNATURE' } });
    expect(existsSync(join(dataDir, 'packs')) ? readdirSync(join(dataDir, 'packs')) : []).toEqual([]);
    expect((await gate.handlers.station({})).nextPack).toBeUndefined();
  });

  it('an imported pack of the station\'s series is announced, then decides from its effective date on', async () => {
    const r = await call('importPack', { adminPin: ADMIN, fileName: 'cn-fixture-2027.json', content: signed(publisher, fixturePack()) });
    expect(r).toMatchObject({ ok: true, value: { imported: { id: 'cn-fixture-2027', version: 1, origin: 'imported', publisher: 'GateCheck test publisher' } } });
    const before = await gate.handlers.station({});
    expect(before.pack).toMatchObject({ id: 'cn-2022-12-07', version: 1, series: 'cn-national', origin: 'shipped' });
    expect(before.nextPack).toMatchObject({ id: 'cn-fixture-2027', effectiveFrom: '2027-01-01' });
    // On 30 Dec the national rule asks a visitor for a NAT and the code.
    const old = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'health-code', color: 'green' }] });
    expect(old.outcome).toBe('need');
    expect(gate.entries.get(old.entryId!)).toMatchObject({ packId: 'cn-2022-12-07', packVersion: 1 });

    now = Date.parse('2027-01-01T00:00:00+08:00');
    const after = await gate.handlers.station({});
    expect(after.pack).toMatchObject({ id: 'cn-fixture-2027', effectiveFrom: '2027-01-01', origin: 'imported' });
    expect(after.nextPack).toBeUndefined();
    const next = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'health-code', color: 'green' }] });
    expect(next.outcome).toBe('admit');
    expect(gate.entries.get(next.entryId!)).toMatchObject({ packId: 'cn-fixture-2027', packVersion: 1 });
  });

  it('the pack survives a restart (checked again at load), and one changed on disk is named in Settings, not used', async () => {
    await call('importPack', { adminPin: ADMIN, fileName: 'x.json', content: signed(publisher, fixturePack()) });
    gate.close();
    gate = await openGate(dataDir, { clock: () => now, publisherKeys: [publisher.jwk] });
    expect((await gate.handlers.station({})).nextPack?.id).toBe('cn-fixture-2027');
    gate.close();
    // The same folder on a station that does not trust that publisher: the pack is refused at load and named.
    gate = await openGate(dataDir, { clock: () => now });
    expect((await gate.handlers.station({})).nextPack).toBeUndefined();
    const settings = await gate.handlers.getSettings({ adminPin: ADMIN });
    expect(settings.packProblems).toEqual([expect.stringMatching(/cn-fixture-2027-v1\.json: PACK_SIGNATURE/)]);
  });
});

describe('services: the "no checks" pack and the dated sources', () => {
  it('chosen in Settings when checks end: nothing asked, nobody refused, the screen says so', async () => {
    const s = await gate.handlers.getSettings({ adminPin: ADMIN });
    expect(s.packs.map((p) => p.id).sort()).toEqual(['cn-2022-12-07', 'cn-no-checks']);
    await gate.handlers.saveSettings({ adminPin: ADMIN, changes: { profile: { ...s.profile, pack: 'cn-no-checks' } } as ParsedInputOf<'saveSettings'>['changes'] });
    const station = await gate.handlers.station({});
    expect(station).toMatchObject({ checkFree: true, venueKind: 'eldercare', pack: { id: 'cn-no-checks' } });
    const r = await gate.handlers.check({ code: 'https://jkm.example/qr?u=1', category: 'visitor', source: 'wedge' });
    expect(r).toMatchObject({ outcome: 'admit', missing: [] });
    expect(r.citations.map((c) => c.id)).toEqual(['END']);
  });

  it('lists each source with its date and origin; stale ones warn only when in use', async () => {
    const fresh = await gate.handlers.station({});
    const valueSets = fresh.sources.filter((x) => x.kind === 'value-set');
    expect(valueSets.map((x) => [x.name, x.date, x.origin])).toEqual(expect.arrayContaining([['covid-19-lab-test-manufacturer-and-name', '2021-07-15', 'shipped']]));
    // No EU signer loaded: the EU value sets change no verdict, so they are listed but do not warn.
    expect(valueSets.every((x) => !x.inUse && !x.isStale)).toBe(true);
    expect(fresh.sources.find((x) => x.kind === 'pack' && x.inUse)).toMatchObject({ name: 'cn-2022-12-07 v1', date: '2022-12-07', inForce: true, isStale: true });
    // The "no checks" pack is current in its own series but decides nothing here, so it never warns.
    expect(fresh.sources.find((x) => x.name === 'cn-no-checks v1')).toMatchObject({ inForce: true, inUse: false, isStale: false });

    const signer = await makeDccSigner();
    await gate.handlers.importTrust({ adminPin: ADMIN, fileName: 'eu.json', content: JSON.stringify({ ...signer.trustList, date: '2026-12-29' }) });
    const withEu = await gate.handlers.station({});
    expect(withEu.sources.find((x) => x.kind === 'eu-signers' && x.origin === 'imported')).toMatchObject({ date: '2026-12-29', count: 1, inUse: true, isStale: false });
    // The shipped value set (2021) was the newest there was when this station was set up: not stale on day one…
    expect(withEu.sources.find((x) => x.name === 'covid-19-lab-test-manufacturer-and-name')).toMatchObject({ inUse: true, isStale: false });
    // …but stale once the station's limit has passed since then (the clock 400 days on).
    now += 400 * 86_400_000;
    expect((await gate.handlers.station({})).sources.find((x) => x.name === 'covid-19-lab-test-manufacturer-and-name')).toMatchObject({ inUse: true, isStale: true });
    now -= 400 * 86_400_000;

    const manf = { valueSetId: 'covid-19-lab-test-manufacturer-and-name', valueSetDate: '2026-12-20', valueSetValues: { 1232: { display: 'Panbio', active: true } } };
    await gate.handlers.importTrust({ adminPin: ADMIN, fileName: 'manf.json', content: JSON.stringify(manf) });
    const updated = (await gate.handlers.getSettings({ adminPin: ADMIN })).sources.filter((x) => x.name === 'covid-19-lab-test-manufacturer-and-name');
    expect(updated.map((x) => [x.origin, x.date, x.inForce, x.isStale])).toEqual([['shipped', '2021-07-15', false, false], ['imported', '2026-12-20', true, false]]);
  });
});
