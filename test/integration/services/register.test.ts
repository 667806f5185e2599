// Retention, exports and search on a real register file.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { hashPin } from '../../../electron/main/services/pins';
import type { NewEntry } from '../../../electron/db/entries';
import { writeExportFile } from '../../../electron/main/services/register';

let gate: Gate;
let dir: string;
let clock = Date.parse('2026-11-20T10:00:00+08:00');
const entry = (day: string, extra: Partial<NewEntry> = {}): NewEntry => ({
  atMs: Date.parse(`${day}T09:00:00+08:00`), localDay: day, station: '1号岗', packId: 'cn-2022-12-07', packVersion: 1, venueKind: 'school',
  category: 'visitor', outcome: 'admit', citations: ['Q11'], evidenceSummary: { kinds: ['test'], sources: [] }, format: 'opaque', ...extra,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-register-'));
  gate = await openGate(join(dir, 'data'), { clock: () => clock });
  saveStationConfig(gate.settings, gate.packs, { venueName: '某小学', stationName: '1号岗', retentionDays: 30, exportDir: join(dir, 'exports'), profile: { pack: 'cn-2022-12-07', venueKind: 'school' } });
});
afterEach(() => gate.close());

describe('services/register retention', () => {
  it('purges entries older than the retention period, with their corrections, and logs only counts; their exported CSVs go too', () => {
    const old = gate.entries.insert(entry('2026-10-01', { name: '旧访客' }));
    gate.entries.insert(entry('2026-10-01'));
    gate.entries.insert(entry('2026-11-18', { correctsId: old, note: '更正' }));
    const keep = gate.entries.insert(entry('2026-10-21'));
    const exported = gate.register.exportFinishedDays(clock, join(dir, 'exports'));
    expect(exported.map((e) => e.day)).toEqual(['2026-10-01', '2026-10-21', '2026-11-18']);
    // The files were written just now: each keeps its own 30 days from then, whatever days it holds.
    expect(gate.register.purgeExpired(clock, join(dir, 'exports'))).toEqual({ removed: 3, held: [], filesRemoved: 0 });
    expect(gate.entries.search({}).map((e) => e.id)).toEqual([keep]);
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['2026-10-01.csv', '2026-10-21.csv', '2026-11-18.csv']);
    // Once their own 30 days have passed (by then every day they hold is past retention too), they go.
    expect(gate.register.purgeExpired(clock + 30 * 86_400_000 + 1, join(dir, 'exports')).filesRemoved).toBe(3);
    expect(readdirSync(join(dir, 'exports'))).toEqual([]);
    expect(gate.logs.purges()[0]).toEqual({ atMs: clock, cutoffDay: '2026-10-21', retentionDays: 30, entriesRemoved: 3 });
    expect(JSON.stringify(gate.logs.purges())).not.toContain('旧访客');
  });

  it('never purges a day that is not exported: a failed export holds the day, and the next one lets it go', () => {
    gate.entries.insert(entry('2026-10-01'));
    writeFileSync(join(dir, 'not-a-folder'), '');
    expect(() => gate.register.exportFinishedDays(clock, join(dir, 'not-a-folder'))).toThrow(/EXPORT_WRITE_FAILED/);
    expect(gate.register.purgeExpired(clock)).toEqual({ removed: 0, held: ['2026-10-01'], filesRemoved: 0 });
    expect(gate.entries.search({})).toHaveLength(1);
    gate.register.exportFinishedDays(clock, join(dir, 'exports'));
    expect(gate.register.purgeExpired(clock).removed).toBe(1);
  });

  it('entries written to a day after its automatic export (the clock set back) go out in a follow-up file, and hold the purge till then', () => {
    gate.entries.insert(entry('2026-10-01'));
    gate.register.exportFinishedDays(clock, join(dir, 'exports'));
    const late = gate.entries.insert(entry('2026-10-01', { name: '补录' }));
    expect(gate.register.purgeExpired(clock).held).toEqual(['2026-10-01']);
    const [followUp] = gate.register.exportFinishedDays(clock, join(dir, 'exports'));
    expect(followUp).toMatchObject({ day: '2026-10-01', followUp: true, rows: 1 });
    expect(followUp!.path).toMatch(/2026-10-01-补录-follow-up\.csv$/);
    expect(readFileSync(followUp!.path, 'utf8')).toContain(`"${late}"`);
    expect(gate.register.exportFinishedDays(clock, join(dir, 'exports'))).toEqual([]);
    expect(gate.register.purgeExpired(clock).removed).toBe(2);
  });
});

describe('services/register export', () => {
  it('writes YYYY-MM-DD.csv: BOM, CRLF, quoted, Chinese headers, names masked, ID masked; and logs the export', () => {
    gate.entries.insert(entry('2026-11-19', { name: '张三丰', idMasked: '110105********002X', note: '=HYPERLINK("evil")' }));
    const r = gate.register.exportDays({ fromDay: '2026-11-19', toDay: '2026-11-19', outDir: join(dir, 'out'), kind: 'manual', now: clock, operator: '李管理' });
    expect(r).toEqual({ path: join(dir, 'out', '2026-11-19.csv'), rows: 1 });
    const text = readFileSync(r.path, 'utf8');
    expect(text.startsWith('\uFEFF"序号","日期","时间"')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
    expect(text).toContain('"张**"');
    expect(text).not.toContain('张三丰');
    expect(text).toContain('"110105********002X"');
    expect(text).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(gate.logs.exports()).toEqual([expect.objectContaining({ kind: 'manual', operator: '李管理', rows: 1, masked: true, fileName: '2026-11-19.csv' })]);
  });

  it('full names need the admin PIN, and the export says it was unmasked', () => {
    gate.entries.insert(entry('2026-11-19', { name: '张三丰' }));
    const req = { fromDay: '2026-11-19', toDay: '2026-11-19', outDir: join(dir, 'out'), kind: 'manual' as const, now: clock };
    expect(() => gate.register.exportDays({ ...req, unmasked: { adminPin: '1234' } })).toThrow(/admin PIN/);
    gate.settings.put('adminPin', hashPin('246810'));
    expect(() => gate.register.exportDays({ ...req, unmasked: { adminPin: '000000' } })).toThrow(/admin PIN/);
    const r = gate.register.exportDays({ ...req, unmasked: { adminPin: '246810' }, language: 'en' });
    expect(readFileSync(r.path, 'utf8')).toContain('"张三丰"');
    expect(readFileSync(r.path, 'utf8')).toContain('"Entry","Date","Time"');
    expect(gate.logs.exports().at(-1)).toMatchObject({ masked: false, language: 'en' });
  });

  it('never overwrites: a second export of the same day gets a new name, and no temporary file is left', () => {
    gate.entries.insert(entry('2026-11-19'));
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'marker'), '');
    const a = gate.register.exportDays({ fromDay: '2026-11-19', toDay: '2026-11-19', outDir: out, kind: 'manual', now: clock });
    writeFileSync(a.path, 'edited by someone');
    const b = gate.register.exportDays({ fromDay: '2026-11-19', toDay: '2026-11-19', outDir: out, kind: 'manual', now: clock });
    expect(b.path).toBe(join(out, '2026-11-19 (2).csv'));
    expect(readFileSync(a.path, 'utf8')).toBe('edited by someone');
    expect(readdirSync(out).sort()).toEqual(['2026-11-19 (2).csv', '2026-11-19.csv']);
  });

  it('a file written piece by piece holds exactly the pieces in UTF-8: small ones, one longer than the write buffer, and Chinese at every boundary', () => {
    const pieces = ['\uFEFF"序号"\r\n'];
    for (let i = 0; i < 40_000; i++) pieces.push(i % 1000 === 0 ? `"${'陈'.repeat(40_000)}"\r\n` : `"${i}","王芳😀","${'x'.repeat(i % 13)}"\r\n`);
    pieces.push('末'.repeat(300_000), '', 'end');
    const path = writeExportFile(join(dir, 'pieces'), 'pieces', pieces);
    expect(readFileSync(path).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  it('a range goes into one file named after both days', () => {
    gate.entries.insert(entry('2026-11-17'));
    gate.entries.insert(entry('2026-11-19'));
    expect(gate.register.exportDays({ fromDay: '2026-11-17', toDay: '2026-11-19', outDir: join(dir, 'out'), kind: 'manual', now: clock })).toMatchObject({ rows: 2, path: expect.stringMatching(/2026-11-17_2026-11-19\.csv$/) });
  });

  it('an unwritable folder is a clear EXPORT_WRITE_FAILED and nothing is logged', () => {
    gate.entries.insert(entry('2026-11-19'));
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => gate.register.exportDays({ fromDay: '2026-11-19', toDay: '2026-11-19', outDir: join(dir, 'a-file', 'sub'), kind: 'manual', now: clock })).toThrow(/EXPORT_WRITE_FAILED/);
    expect(gate.logs.exports()).toEqual([]);
  });

  it('exports every finished day once, at start and at rollover, into the configured folder', () => {
    gate.entries.insert(entry('2026-11-18'));
    gate.entries.insert(entry('2026-11-19'));
    gate.entries.insert(entry('2026-11-20'));
    gate.housekeep();
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['2026-11-18.csv', '2026-11-19.csv']);
    gate.housekeep();
    expect(readdirSync(join(dir, 'exports'))).toHaveLength(2);
    clock += 24 * 3_600_000;
    gate.housekeep();
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['2026-11-18.csv', '2026-11-19.csv', '2026-11-20.csv']);
    expect(gate.logs.exports().every((e) => e.kind === 'auto' && e.masked)).toBe(true);
    clock -= 24 * 3_600_000;
  });
});

describe('services/register search', () => {
  it('finds by day, range, outcome, category, name fragment and full ID number', async () => {
    gate.entries.insert(entry('2026-11-18', { name: '王小明', outcome: 'refuse', category: 'student' }));
    gate.entries.insert(entry('2026-11-19', { name: '王大明' }));
    gate.entries.insert(entry('2026-11-19', { name: '100%_王' }));
    const r = await gate.handlers.check({ code: '11010519491231002X', category: 'visitor', source: 'wedge' });
    const q = (x: Parameters<typeof gate.entries.search>[0]) => gate.entries.search(x).map((e) => e.name ?? e.idMasked);
    expect(q({ fromDay: '2026-11-19', toDay: '2026-11-19' })).toEqual(['王大明', '100%_王']);
    expect(q({ fromDay: '2026-11-18', toDay: '2026-11-19' })).toHaveLength(3);
    expect(q({ outcome: 'refuse' })).toEqual(['王小明']);
    expect(q({ category: 'student' })).toEqual(['王小明']);
    expect(q({ name: '明' })).toEqual(['王小明', '王大明']);
    expect(q({ name: '%_' })).toEqual(['100%_王']);
    expect(gate.entries.search({ idHash: gate.hashId('11010519491231002X') }).map((e) => e.id)).toEqual([r.entryId]);
  });
});
