// The support bundle (issue: reliability, item 1): `gatecheck diagnose` and Settings' button make one zip with the
// logs, versions, settings and checks, and never the register, a key, a PIN hash, a name, an ID number or the venue's
// password; it is made for a station that does not start too, saying why.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { openStationLog, type OpenLog } from '../../../electron/main/services/station-log';
import { importTable } from '../../../electron/main/services/imports/import-table';
import { csv, idNumber } from '../../support/roster-files';
import { cli } from '../../support/cli';

const SETUP = { venueName: '测试养老院', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;
const VENUE_PASSWORD = 'Venue-Pa55word-do-not-leak';

let dir: string;
let dataDir: string;
let gate: Gate;
let opened: OpenLog;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-diag-'));
  dataDir = join(dir, 'data');
  opened = await openStationLog(dataDir, 'main');
  gate = await openGate(dataDir, { exportDir: join(dir, 'exports') });
  await gate.handlers.setup(SETUP);
  await importTable({ rosters: gate.rosters, hashId: gate.hashId, clock: Date.now }, 'roster', csv([['姓名', '身份证号', '类别'], ['王小明', idNumber(31), '家属']], 'utf8'), 'r.csv', true);
  await gate.handlers.check({ code: idNumber(31), category: 'visitor', source: 'wedge' });
  await dispatch(gate.handlers, 'entryDetail', { id: 999 }); // a failed call: a line in the log
  writeFileSync(join(dataDir, 'venue.json'), JSON.stringify({ url: `postgresql://station_1:${VENUE_PASSWORD}@127.0.0.1/gc` }));
});
afterAll(() => {
  gate.close();
  opened.close();
});

function bundleText(bytes: Uint8Array): { names: string[]; text: string; files: Record<string, Uint8Array> } {
  const files = unzipSync(bytes);
  return { names: Object.keys(files).sort(), text: Object.values(files).map((f) => strFromU8(f)).join('\n'), files };
}

function expectNothingSecret(text: string): void {
  expect(text).not.toContain('王小明');
  expect(text).not.toContain(idNumber(31));
  expect(text).not.toContain('赵敏');
  expect(text).not.toContain(VENUE_PASSWORD);
  expect(text).not.toContain(readFileSync(join(dataDir, 'id-hash.key'), 'utf8').trim());
  const adminHash = JSON.stringify(gate.settings.get('adminPin'));
  expect(text).not.toContain(JSON.parse(adminHash).hash ?? adminHash);
  expect(text).not.toContain('SQLite format 3');
}

describe('support bundle', () => {
  it('Settings (admin PIN): a zip in the export folder, owner-only, with logs, versions, settings and checks and nothing secret', async () => {
    await expect(gate.handlers.diagnose({ adminPin: '000000' })).rejects.toMatchObject({ code: 'WRONG_PIN' });
    const r = await gate.handlers.diagnose({ adminPin: '975310' });
    expect(statSync(r.path).mode & 0o777).toBe(0o600);
    const { names, text, files } = bundleText(readFileSync(r.path));
    expect(names).toEqual(expect.arrayContaining(['versions.json', 'settings.json', 'checks.json']));
    expect(names.some((n) => n.startsWith('logs/') && n.endsWith('.log'))).toBe(true);
    expect(names.every((n) => !/register|\.key$|venue\.json/.test(n))).toBe(true);
    const checks = JSON.parse(strFromU8(files['checks.json']!)) as { start: unknown; files: Record<string, boolean>; highWater: { mark: number; register: number } };
    expect(checks.start).toBe('ok');
    expect(checks.files).toMatchObject({ register: true, installKey: true, venueLink: true });
    expect(checks.highWater.mark).toBe(checks.highWater.register);
    expect(JSON.parse(strFromU8(files['settings.json']!))).toMatchObject({ operators: 1, adminPinSet: true });
    expect(text).toContain('"event":"call.failed"');
    expectNothingSecret(text);
  });

  it('gatecheck diagnose on a station that does not start (its key deleted): the bundle is made and says why', async () => {
    const broken = join(dir, 'broken');
    const other = await openGate(broken);
    await other.handlers.setup(SETUP);
    await other.handlers.check({ code: 'SOME-VISIT-1', category: 'visitor', source: 'wedge' });
    other.close();
    rmSync(join(broken, 'id-hash.key'));
    const out = join(dir, 'support.zip');
    const r = await cli('diagnose', '--data-dir', broken, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(out);
    const { files, text } = bundleText(readFileSync(out));
    const checks = JSON.parse(strFromU8(files['checks.json']!)) as { start: { code: string }; files: Record<string, boolean> };
    expect(checks.start.code).toBe('KEY_MISSING');
    expect(checks.files.installKey).toBe(false);
    expect(text).not.toContain('赵敏');
  });
});
