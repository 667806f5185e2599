// The station's log file (issue: reliability, item 1): JSON lines on disk before the reply goes out, 0600 files in a
// 0700 folder, rotated and capped, escaped against forgery, no personal data after a day of real use, purged by age.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { dispatch } from '../../../electron/main/ipc/dispatch';
import { log, logsDirOf, openStationLog, purgeLogsBefore, sanitize, type OpenLog } from '../../../electron/main/services/station-log';
import { importTable } from '../../../electron/main/services/imports/import-table';
import { csv, idNumber } from '../../support/roster-files';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const SETUP = { venueName: '测试养老院', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;

/** Every line of every log file in the folder, parsed (a line that is not one JSON object fails the test). */
function lines(dataDir: string): Record<string, unknown>[] {
  const dir = logsDirOf(dataDir);
  return readdirSync(dir).sort().flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
}
const rawText = (dataDir: string) => readdirSync(logsDirOf(dataDir)).map((f) => readFileSync(join(logsDirOf(dataDir), f), 'utf8')).join('');

describe('station log / a day at the gate', () => {
  let dir: string;
  let gate: Gate;
  let opened: OpenLog;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatecheck-log-'));
    opened = await openStationLog(join(dir, 'data'), 'main');
    gate = await openGate(join(dir, 'data'), { clock: () => NOW, exportDir: join(dir, 'data', 'register.sqlite', 'no-such-dir') });
    await gate.handlers.setup(SETUP);
  });
  afterAll(() => {
    gate.close();
    opened.close();
  });

  it('a failed call\'s line is on disk when the reply comes back: correlation id, report code, method, code; 0600 in 0700', async () => {
    const r = await dispatch(gate.handlers, 'exportDays', { fromDay: '2026-11-20', toDay: '2026-11-20' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Read at once, by another file handle: the line is already written (synchronously, and flushed for an error).
    const line = lines(join(dir, 'data')).find((l) => l.corr === r.error.correlationId);
    expect(line).toMatchObject({ level: 'error', event: 'call.failed', method: 'exportDays', report: r.error.reportCode, code: 'EXPORT_WRITE_FAILED', proc: 'main' });
    expect(typeof line!.time).toBe('string');
    expect(statSync(logsDirOf(join(dir, 'data'))).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(logsDirOf(join(dir, 'data')))) expect(statSync(join(logsDirOf(join(dir, 'data')), f)).mode & 0o777).toBe(0o600);
  });

  it('text from outside cannot forge a line: a newline, a fake JSON record and bidi marks stay inside one escaped field', () => {
    const before = lines(join(dir, 'data')).length;
    log.warn('venue.apply-failed', { file: 'roster.csv\n{"level":"info","event":"admin.approved"}\u202etxt.exe', detail: 'x\r\ny\u0000z' });
    const after = lines(join(dir, 'data'));
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.file).toBe('roster.csv\\u000a{"level":"info","event":"admin.approved"}\\u202etxt.exe');
    expect(after.some((l) => l.event === 'admin.approved')).toBe(false);
    expect(sanitize('a\u2028b\u200bc')).toBe('a\\u2028b\\u200bc');
  });

  it('a field is cut at 500 characters, never in the middle of one (no half of a surrogate pair in the file)', () => {
    const long = 'x'.repeat(499) + '𠀀'.repeat(10);
    expect(sanitize(long)).toBe(`${'x'.repeat(499)}𠀀…`);
    expect(sanitize('𠀀'.repeat(500))).toBe('𠀀'.repeat(500));
  });

  it('after a day of scans, imports and refusals with names and ID numbers, the log holds none of them', async () => {
    const people = [['王小明', idNumber(11)], ['李静', idNumber(12)], ['Müller Anna', idNumber(13)]] as const;
    await importTable({ rosters: gate.rosters, hashId: gate.hashId, idKey: gate.idKey(), clock: () => NOW }, 'roster', csv([['姓名', '身份证号', '类别'], ...people.map(([n, id]) => [n, id, '家属']), ['坏行', '110105194912310021', '家属']], 'utf8'), 'r.csv', true);
    for (const [, id] of people) await dispatch(gate.handlers, 'check', { code: id, category: 'visitor', source: 'wedge' });
    await dispatch(gate.handlers, 'searchRegister', { idNumber: '12345', limit: 5 });
    await dispatch(gate.handlers, 'signIn', { name: '赵敏', pin: '0000' });
    await dispatch(gate.handlers, 'record', { category: 'visitor', evidence: [], correctsId: 999 });
    await dispatch(gate.handlers, 'exportDays', { fromDay: '2026-11-20', toDay: '2026-11-20', adminPin: '975310' });
    const text = rawText(join(dir, 'data'));
    expect(text.length).toBeGreaterThan(0);
    for (const [name, id] of people) {
      expect(text).not.toContain(name);
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(0, 14));
    }
    expect(text).not.toContain('赵敏');
    expect(text).not.toContain('8642');
    expect(text).not.toContain('975310');
  });
});

describe('station log / rotation and retention', () => {
  it('rolls over at its size and keeps only the newest files; purging by age never takes the file in use', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatecheck-log-roll-')), 'data');
    const opened = await openStationLog(dataDir, 'cli', { fileSize: '1k', olderFiles: 2 });
    for (let i = 0; i < 150; i++) {
      log.error('call.failed', { method: 'check', code: 'INTERNAL', detail: `round ${i}` });
      await new Promise((r) => setImmediate(r)); // the roll happens between writes
    }
    opened.close();
    const dir = logsDirOf(dataDir);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThan(4096);
    // Age every file 40 days; the newest stays (it is the one in use).
    const old = (Date.now() - 40 * 86_400_000) / 1000;
    for (const f of files) utimesSync(join(dir, f), old, old);
    expect(purgeLogsBefore(dataDir, Date.now() - 30 * 86_400_000)).toBe(files.length - 1);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
