// The scan station's services on a real register: setup, operators and PINs, attestation, emergency admissions,
// settings behind the admin PIN, trust import, search and export.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { makeDccSigner, issueDcc, dccTestContent } from '../../support/issue';
import { cli, cliProcess, cliWith } from '../../support/cli';
import type { ParsedInputOf } from '../../../electron/api/contract';
import { importTable } from '../../../electron/main/services/imports/import-table';
import { logsDirOf, openStationLog } from '../../../electron/main/services/station-log';
import { csv, idNumber } from '../../support/roster-files';

const NOW = Date.parse('2026-11-20T10:00:00+08:00');
const s = (iso: string) => Date.parse(iso) / 1000;
let gate: Gate;
let dir: string;
const call = <M extends Parameters<typeof dispatch>[1]>(m: M, input: unknown) => dispatch(gate.handlers, m, input, () => undefined);
const setupInput = (venueKind: string): ParsedInputOf<'setup'> => ({
  venueName: '阳光养老院', stationName: '大门', profile: { pack: 'cn-2022-12-07', venueKind, natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 } as ParsedInputOf<'setup'>['profile'],
  retentionDays: 30, adminPin: '135790', operator: { name: '王芳', pin: '2468' },
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-station-'));
  gate = await openGate(join(dir, 'data'), { clock: () => NOW });
});
afterEach(() => gate.close());

describe('services/setup and operators', () => {
  it('sets the station up once, signs the first operator in, and records them on entries', async () => {
    const station = await gate.handlers.setup(setupInput('eldercare'));
    expect(station).toMatchObject({ venueName: '阳光养老院', venueKind: 'eldercare', operator: '王芳', ui: { language: 'zh', clearAfterSeconds: 15 } });
    expect(await call('setup', setupInput('eldercare'))).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    const r = await gate.handlers.check({ code: 'OPAQUE-123456', category: 'visitor', source: 'wedge' });
    expect(gate.entries.get(r.entryId!)!.operator).toBe('王芳');
    expect(JSON.stringify(gate.settings.get('operators'))).not.toContain('2468');
  });

  it('a locked station refuses scans until an operator signs in with the right PIN', async () => {
    await gate.handlers.setup(setupInput('eldercare'));
    await gate.handlers.lock({});
    expect(await call('check', { code: 'X-1234', category: 'visitor', source: 'wedge' })).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect(await call('signIn', { name: '王芳', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await call('signIn', { name: '王芳', pin: '2468' })).toMatchObject({ ok: true, value: { operator: '王芳' } });
    expect(await call('check', { code: 'X-1234', category: 'visitor', source: 'wedge' })).toMatchObject({ ok: true });
  });
});

describe('services/inside while locked', () => {
  it('a locked station still lists who is inside and writes the evacuation list (no PIN at a fire alarm), every name masked and the list logged; an exit from the list needs an operator', async () => {
    // A venue that asks for no proof: the roster's person is let in on the badge alone.
    await gate.handlers.setup(setupInput('other'));
    await importTable({ rosters: gate.rosters, hashId: gate.hashId, idKey: gate.idKey(), clock: () => NOW }, 'roster',
      csv([['姓名', '身份证号', '类别', '工牌号'], ['李小明', idNumber(1), '教职工', 'T-0001']], 'utf8'), 'r.csv', true);
    await gate.handlers.check({ code: 'GC1:T-0001', category: 'visitor', source: 'wedge' });
    const signedIn = await gate.handlers.inside({});
    expect(signedIn.people.map((p) => p.name)).toEqual(['李小明']);
    expect(signedIn.namesMasked).toBeUndefined();

    await gate.handlers.lock({});
    const locked = await gate.handlers.inside({});
    expect(locked).toMatchObject({ count: 1, namesMasked: true, people: [{ name: '李**', category: 'staff' }] });
    expect(JSON.stringify(locked)).not.toContain('李小明');
    const opened = await openStationLog(join(dir, 'data'), 'main');
    const evacuation = await gate.handlers.evacuation({ language: 'zh' }).finally(() => opened.close());
    expect(evacuation.rows).toBe(1);
    const text = readFileSync(evacuation.path, 'utf8');
    expect(text).toContain('"李**"');
    expect(text).not.toContain('李小明');
    const logged = readdirSync(logsDirOf(join(dir, 'data'))).map((f) => readFileSync(join(logsDirOf(join(dir, 'data')), f), 'utf8')).join('');
    expect(logged).toContain('inside.evacuation-locked');
    expect(logged).not.toContain('李小明');
    expect(await call('exitFromList', { ref: locked.people[0]!.ref })).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect((await gate.handlers.inside({})).count).toBe(1);

    await gate.handlers.signIn({ name: '王芳', pin: '2468' });
    expect((await gate.handlers.inside({})).people.map((p) => p.name)).toEqual(['李小明']);
  });
});

describe('services/chooseCamera', () => {
  it('keeps the chosen camera in the station settings (across a restart), not while the station is locked', async () => {
    await gate.handlers.setup(setupInput('eldercare'));
    expect(await gate.handlers.chooseCamera({ deviceId: 'usb-cam-2' })).toEqual({ cameraId: 'usb-cam-2' });
    gate.close();
    gate = await openGate(join(dir, 'data'), { clock: () => NOW });
    expect((await gate.handlers.station({})).ui.cameraId).toBe('usb-cam-2');
    // After the restart nobody is signed in: the choice is refused and the kept one stays.
    expect(await call('chooseCamera', { deviceId: 'other' })).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect((await gate.handlers.station({})).ui.cameraId).toBe('usb-cam-2');
  });
});

describe('services/record (attestation and emergencies)', () => {
  it('an opaque code attested green with a negative NAT in the window admits, as a correction of the scan', async () => {
    await gate.handlers.setup(setupInput('eldercare'));
    const scan = await gate.handlers.check({ code: 'https://jkm.example/qr?u=1', category: 'visitor', source: 'wedge' });
    expect(scan.outcome).toBe('need');
    const r = await gate.handlers.record({ category: 'visitor', correctsId: scan.entryId!, evidence: [{ kind: 'health-code', color: 'green' }, { kind: 'test', method: 'nat', result: 'negative', sampledAt: '2026-11-19T09:00:00+08:00' }] });
    expect(r).toMatchObject({ outcome: 'admit', hoursSinceSample: 25 });
    expect(gate.entries.get(r.entryId!)).toMatchObject({ correctsId: scan.entryId, evidenceSummary: { sources: ['attested'], codeColor: 'green' } });
  });

  it('a verified NAT certificate at an eldercare home needs only the code attested', async () => {
    const signer = await makeDccSigner();
    gate.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'eu.json'), JSON.stringify(signer.trustList));
    gate = await openGate(join(dir, 'data'), { clock: () => NOW, trustPaths: [join(dir, 'eu.json')] });
    await gate.handlers.setup(setupInput('eldercare'));
    const hc1 = await issueDcc(signer, dccTestContent({ sampledAt: '2026-11-20T01:00:00Z' }), { iat: s('2026-11-20T01:30:00Z'), exp: s('2026-12-20T00:00:00Z') });
    const scan = await gate.handlers.check({ code: hc1, category: 'visitor', source: 'wedge' });
    expect(scan.outcome).toBe('need');
    const r = await gate.handlers.record({ category: 'visitor', correctsId: scan.entryId!, evidence: [{ kind: 'health-code', color: 'green' }] });
    expect(r).toMatchObject({ outcome: 'admit', holder: { name: 'Zhang San' } });
    expect(gate.entries.get(r.entryId!)!.evidenceSummary).toMatchObject({ sources: ['verified', 'attested'] });
  });

  it('F1 at a medical venue admits an emergency patient at once; a red code attested sends a patient to the fever clinic', async () => {
    await gate.handlers.setup(setupInput('medical'));
    expect(await gate.handlers.record({ category: 'emergency-patient', evidence: [] })).toMatchObject({ outcome: 'admit-emergency' });
    expect(await gate.handlers.record({ category: 'patient', evidence: [{ kind: 'health-code', color: 'red' }] })).toMatchObject({ outcome: 'route', route: 'fever-clinic' });
    expect(await gate.handlers.record({ category: 'responder', evidence: [] })).toMatchObject({ outcome: 'admit-emergency' });
  });

  it('a yellow code attested at a school refuses a visitor and says what would let them in', async () => {
    await gate.handlers.setup(setupInput('school'));
    const r = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'health-code', color: 'yellow' }] });
    expect(r.outcome).toBe('refuse');
    expect(r.missing.map((m) => m.zh)).toContain('绿色健康码');
  });

  it('attested evidence is validated: no "verified" source can be claimed, and a future sampling time is bad evidence', async () => {
    await gate.handlers.setup(setupInput('school'));
    expect(await call('record', { category: 'visitor', evidence: [{ kind: 'health-code', color: 'green', source: 'verified' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const r = await gate.handlers.record({ category: 'visitor', evidence: [{ kind: 'health-code', color: 'green' }, { kind: 'test', method: 'nat', result: 'negative', sampledAt: '2026-11-21T10:00:00+08:00' }] });
    expect(r.outcome).toBe('need');
  });
});

describe('services/settings, trust import, search and export', () => {
  it('settings need the admin PIN; a stricter profile is refused unless local-rule with a directive', async () => {
    await gate.handlers.setup(setupInput('school'));
    expect(await call('getSettings', { adminPin: '000000' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await call('saveSettings', { adminPin: '135790', changes: { profile: { pack: 'cn-2022-12-07', venueKind: 'school', natWindowHours: 12 } } })).toMatchObject({ ok: false, error: { code: 'PROFILE_INVALID' } });
    const saved = await gate.handlers.saveSettings({ adminPin: '135790', changes: { ui: { clearAfterSeconds: 8 }, addOperator: { name: '李强', pin: '1357' }, retentionDays: 14 } });
    expect(saved).toMatchObject({ retentionDays: 14, ui: { clearAfterSeconds: 8, language: 'zh' }, operators: ['王芳', '李强'] });
    expect(await call('signIn', { name: '李强', pin: '1357' })).toMatchObject({ ok: true });
  });

  it('imports a trust list atomically; a broken one changes nothing', async () => {
    await gate.handlers.setup(setupInput('school'));
    const signer = await makeDccSigner();
    expect(await call('importTrust', { adminPin: '135790', fileName: 'bad.json', content: '{"certificates":[{"kid":"AA==","country":"XX","rawData":"AAAA"}]}' })).toMatchObject({ ok: false, error: { code: 'TRUST_INVALID' } });
    expect((await gate.handlers.station({})).trust.euSigners).toBe(0);
    const info = await gate.handlers.importTrust({ adminPin: '135790', fileName: 'eu-2026-11.json', content: JSON.stringify(signer.trustList) });
    expect(info.euSigners).toBe(1);
    // What this file held, with its own count and date (what Settings says after the import).
    expect(info.imported).toEqual([expect.objectContaining({ kind: 'eu-signers', count: 1 })]);
    const valueSet = { valueSetId: 'covid-19-lab-result', valueSetDate: '2026-11-02', valueSetValues: { 260415000: { display: 'Not detected', active: true }, 260373001: { display: 'Detected', active: true } } };
    const vs = await gate.handlers.importTrust({ adminPin: '135790', fileName: 'result.json', content: JSON.stringify(valueSet) });
    expect(vs.imported).toEqual([{ kind: 'value-set', name: 'covid-19-lab-result', count: 2, date: '2026-11-02' }]);
    expect(vs.euSigners).toBe(1); // the station's total is unchanged by a value set
    expect(existsSync(join(gate.dataDir, 'trust', 'eu-dcc-signers.json'))).toBe(true);
    // Every folder the station makes is the owner's alone.
    for (const d of ['trust', 'trust-staging']) expect(statSync(join(gate.dataDir, d)).mode & 0o777, d).toBe(0o700);
  });

  it('searches by full ID number and exports into the export folder', async () => {
    await gate.handlers.setup({ ...setupInput('school'), exportDir: join(dir, 'csv') });
    await gate.handlers.check({ code: '11010519491231002X', category: 'visitor', source: 'wedge' });
    const found = await gate.handlers.searchRegister({ idNumber: '11010519491231002x', limit: 10 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ idMasked: '110105********002X', operator: '王芳' });
    const out = await gate.handlers.exportDays({ fromDay: '2026-11-20', toDay: '2026-11-20', language: 'zh' });
    expect(out).toEqual({ path: join(dir, 'csv', '2026-11-20.csv'), rows: 1 });
    expect(readFileSync(out.path, 'utf8')).toContain('110105********002X');
    expect(await gate.handlers.openExportFolder({})).toEqual({ path: join(dir, 'csv'), opened: false });
  });

  it('while locked, today and the export folder are refused; the folder opened is the configured one, and only a folder', async () => {
    const opened: string[] = [];
    gate.close();
    gate = await openGate(join(dir, 'data'), { clock: () => NOW, openFolder: async (p) => (opened.push(p), true) });
    await gate.handlers.setup({ ...setupInput('eldercare'), exportDir: join(dir, 'csv') } as ParsedInputOf<'setup'>);
    await gate.handlers.lock({});
    expect(await call('today', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect(await call('openExportFolder', {})).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    await gate.handlers.signIn({ name: '王芳', pin: '2468' });
    expect((await call('today', { limit: 5 })).ok).toBe(true);
    expect(await gate.handlers.openExportFolder({})).toEqual({ path: join(dir, 'csv'), opened: true });
    // An admin who set the export folder to a program's path: it is not opened (the system would run it).
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'run-me.sh'), '#!/bin/sh\n');
    await gate.handlers.saveSettings({ adminPin: '135790', changes: { exportDir: join(dir, 'run-me.sh') } });
    expect(await call('openExportFolder', {})).toMatchObject({ ok: false, error: { code: 'EXPORT_WRITE_FAILED' } });
    expect(opened).toEqual([join(dir, 'csv')]);
  });
});

describe('cli/setup', () => {
  it("does the wizard's work without a screen, PINs from GATECHECK_ADMIN_PIN / GATECHECK_OPERATOR_PIN, and refuses a second setup", async () => {
    gate.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'childcare' }));
    const args = ['setup', '--data-dir', join(dir, 'cli'), '--profile', join(dir, 'p.json'), '--station', '东门', '--operator', '赵敏'];
    const env = { GATECHECK_ADMIN_PIN: '975310', GATECHECK_OPERATOR_PIN: '8642' };
    const r = await cliWith({ env }, ...args);
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual([]);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, stationName: '东门', venueKind: 'childcare', operator: '赵敏' });
    expect((await cliWith({ env }, ...args)).code).toBe(2);
    gate = await openGate(join(dir, 'cli'), { clock: () => NOW });
    await expect(gate.handlers.getSettings({ adminPin: '975310' })).resolves.toMatchObject({ stationName: '东门' });
    expect((await call('signIn', { name: '赵敏', pin: '8642' })).ok).toBe(true);
    gate.close();
    gate = await openGate(join(dir, 'data'), { clock: () => NOW });
  });

  it('asks at the prompt when the variables are not set; refuses a PIN on the command line, a short admin PIN and an operator PIN equal to it', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'school' }));
    const base = (d: string) => ['setup', '--data-dir', join(dir, d), '--profile', join(dir, 'p.json'), '--station', '南门', '--operator', '李强'];
    const prompted = await cliWith({ typed: ['864200', '1357'] }, ...base('a'));
    expect(prompted.code).toBe(0);
    expect(prompted.prompts).toEqual(['管理员 PIN / Admin PIN: ', '操作员 PIN / Operator PIN: ']);
    const onCommandLine = await cliWith({ env: { GATECHECK_OPERATOR_PIN: '1357' } }, ...base('b'), '--admin-pin', '864200');
    expect(onCommandLine.code).toBe(2);
    expect(onCommandLine.err).toMatch(/--admin-pin is not taken.*GATECHECK_ADMIN_PIN/);
    expect((await cliWith({ typed: ['864200', '1357'] }, ...base('b').slice(0, -1), '李强:1357')).err).toMatch(/--operator takes the name only/);
    expect((await cliWith({ typed: ['12345', '1357'] }, ...base('b'))).err).toMatch(/adminPin.*6 to 12 digits/);
    expect((await cliWith({ typed: ['864200', '864200'] }, ...base('b'))).err).toMatch(/differ from the admin PIN/);
    expect((await cliWith({ typed: [] }, ...base('b'))).err).toMatch(/the admin PIN is needed: set GATECHECK_ADMIN_PIN/);
    const help = await cli('help', 'setup');
    expect(help.out).toMatch(/GATECHECK_ADMIN_PIN/);
    expect(help.out).not.toMatch(/--admin-pin/);
  });

  it('the real command reads PINs piped in, one per line (no PIN in its arguments, so none in `ps`)', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'school' }));
    const r = cliProcess(['setup', '--data-dir', join(dir, 'piped'), '--profile', join(dir, 'p.json'), '--station', '北门', '--operator', '周杰'], { input: '975310\n8642\n' });
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, operator: '周杰' });
  });
});
