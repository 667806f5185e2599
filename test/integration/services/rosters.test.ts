// Rosters and lab results: files in both encodings and both formats, preview then atomic import, idempotent
// re-import, no full ID number stored, and the gate finding roster people by ID number or badge.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { importTable, IMPORT_BATCH_ROWS } from '../../../electron/main/services/imports/import-table';
import { DB_FILE_NAME } from '../../../electron/db/connection';
import { csv, xlsx, idNumber, uniqueIdNumber, type Table } from '../../support/roster-files';
import { cli } from '../../support/cli';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');
let gate: Gate;
let dir: string;
const deps = () => ({ rosters: gate.rosters, hashId: gate.hashId, clock: () => NOW });
const ROSTER: Table = [
  ['姓名', '身份证号', '类别', '工牌号', '手机号'],
  ['李小明', idNumber(1), '学生', 'S-0001', '13812345678'],
  ['王老师', idNumber(2), '教职工', 'T-0002', ''],
  ['坏号码', '110105194912310021', '学生', '', ''],
];
const RESULTS: Table = [
  ['身份证号', '采样时间', '检测方法', '检测结果', 'Ct值', '检测机构'],
  [idNumber(1), '2026-11-19 07:30', '核酸', '阴性', '', '学校采样点'],
  [idNumber(2), '2026-11-16 07:30', '核酸', '阴性', '', '学校采样点'],
  [idNumber(1), '不知道', '核酸', '阴性', '', ''],
];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-roster-'));
  gate = await openGate(join(dir, 'data'), { clock: () => NOW });
  saveStationConfig(gate.settings, gate.packs, { venueName: '实验小学', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school' } });
});
afterEach(() => gate.close());

describe('rosters/import', () => {
  it.each([
    ['CSV in UTF-8 with BOM', () => csv(ROSTER, 'utf8'), 'r.csv'],
    ['CSV in GB18030 (Chinese Excel)', () => csv(ROSTER, 'gb18030'), 'r.csv'],
    ['XLSX', () => xlsx(ROSTER), 'r.xlsx'],
  ])('%s: previews errors without writing, then imports valid rows once', async (_n, make, name) => {
    const bytes = await make();
    const preview = await importTable(deps(), 'roster', bytes, name, false);
    expect(preview).toMatchObject({ rows: 3, valid: 2, added: 0, committed: false, errors: [{ row: 4, column: '身份证号' }] });
    expect(gate.rosters.counts().people).toBe(0);
    expect(await importTable(deps(), 'roster', bytes, name, true)).toMatchObject({ valid: 2, added: 2, committed: true });
    expect(await importTable(deps(), 'roster', bytes, name, true)).toMatchObject({ added: 0 });
    expect(gate.rosters.byIdHash(gate.hashId(idNumber(1)))).toMatchObject({ name: '李小明', category: 'student', badge: 'S-0001', phoneMasked: '138****5678' });
  });

  it('imports results from XLSX too, and re-importing adds nothing twice', async () => {
    const bytes = await xlsx(RESULTS);
    expect(await importTable(deps(), 'results', bytes, 'x.xlsx', true)).toMatchObject({ rows: 3, valid: 2, added: 2, errors: [{ row: 4, column: '采样时间' }] });
    expect(await importTable(deps(), 'results', csv(RESULTS, 'gb18030'), 'x.csv', true)).toMatchObject({ added: 0 });
  });

  it('keeps no full ID number or phone number in the database', async () => {
    await importTable(deps(), 'roster', csv(ROSTER, 'utf8'), 'r.csv', true);
    await importTable(deps(), 'results', csv(RESULTS, 'utf8'), 'x.csv', true);
    gate.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(gate.dataDir, DB_FILE_NAME)).toString('latin1');
    for (const secret of [idNumber(1), idNumber(2), '13812345678']) expect(bytes.includes(secret)).toBe(false);
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    await expect(importTable(deps(), 'results', csv([['备注'], ['x']], 'utf8'), 'bad.csv', false)).rejects.toMatchObject({ code: 'INVALID_INPUT', detail: expect.stringMatching(/sampledAt/) });
  });

  it('imports a 20,000-row results file (written in batches; every row once)', async () => {
    const table: Table = [['身份证号', '采样时间', '检测结果']];
    for (let i = 0; i < 20_000; i++) table.push([idNumber(i), `2026-11-${String(10 + (i % 9)).padStart(2, '0')} 08:${String(i % 60).padStart(2, '0')}`, i % 97 === 0 ? '阳性' : '阴性']);
    const report = await importTable(deps(), 'results', csv(table, 'gb18030'), 'big.csv', true);
    expect(report).toMatchObject({ rows: 20_000, valid: 20_000, errors: [] });
    expect(gate.rosters.counts().results).toBe(report.added);
  }, 60_000);
});

describe('rosters/import and the WAL', () => {
  const interval = () => gate.db.pragma('wal_autocheckpoint', { simple: true });
  const synchronous = () => gate.db.pragma('synchronous', { simple: true });
  const walBytes = () => statSync(join(dir, 'data', `${DB_FILE_NAME}-wal`)).size;
  const dbBytes = () => statSync(join(dir, 'data', DB_FILE_NAME)).size;
  // Distinct ID numbers (idNumber repeats after 21,000).
  const people = (n: number, from = 0): Table => [['姓名', '身份证号', '类别'], ...Array.from({ length: n }, (_, i) => [`学生${from + i}`, uniqueIdNumber(from + i), '学生'])];
  const FULL = 2;

  it('a committed import checkpoints off this thread (the worker\'s connection) and commits as the register does; after it, the usual settings and an empty WAL; a preview changes nothing', async () => {
    expect([interval(), synchronous()]).toEqual([1000, FULL]);
    const seen: { interval: unknown; synchronous: unknown; dbBytes: number; walBytes: number }[] = [];
    let here = 0;
    let handedOff = 0;
    const rosters = { ...gate.rosters, bulkWrites: () => {
      const bulk = gate.rosters.bulkWrites();
      return { ...bulk,
        save: (...a: Parameters<typeof bulk.save>) => {
          const r = bulk.save(...a);
          seen.push({ interval: interval(), synchronous: synchronous(), dbBytes: dbBytes(), walBytes: walBytes() });
          return r;
        },
        checkpoint: () => { here++; bulk.checkpoint(); },
        handOffCheckpoint: () => { handedOff++; return bulk.handOffCheckpoint(); },
      };
    } };
    await importTable({ ...deps(), rosters }, 'roster', csv(people(5_000), 'utf8'), 'p.csv', false);
    expect(seen).toEqual([]);
    const before = dbBytes();
    const report = await importTable({ ...deps(), rosters }, 'roster', csv(people(30_000), 'utf8'), 'p.csv', true);
    expect(report.added).toBe(30_000);
    expect(gate.rosters.counts().people).toBe(30_000);
    expect(seen.length).toBeGreaterThan(10);
    // SQLite's checkpoints off, every commit waiting for the disk (so a scan's commit waits for its own pages only).
    expect(new Set(seen.map((x) => x.interval))).toEqual(new Set([0]));
    expect(new Set(seen.map((x) => x.synchronous))).toEqual(new Set([FULL]));
    // Checkpoints, none on this connection: pages reached the database file while the import still wrote.
    expect(here).toBe(0);
    expect(handedOff).toBeGreaterThanOrEqual(10);
    expect(seen.slice(0, -1).some((x) => x.dbBytes > before)).toBe(true);
    // The WAL started afresh as the import went (every row's pages kept in it would be some 90 MB here).
    expect(Math.max(...seen.map((x) => x.walBytes))).toBeLessThan(32 * 2 ** 20);
    expect([interval(), synchronous()]).toEqual([1000, FULL]);
    expect(walBytes()).toBe(0);
    // The register goes on as before: an entry written after is in the WAL until its own checkpoint.
    await gate.handlers.check({ code: 'AFTER-IMPORT', category: 'visitor', source: 'wedge' });
    expect(walBytes()).toBeGreaterThan(0);
  });

  it('when the worker cannot checkpoint (no such file here), the import checkpoints on this thread instead and completes', async () => {
    let here = 0;
    let handedOff = 0;
    const rosters = { ...gate.rosters, bulkWrites: () => {
      const bulk = gate.rosters.bulkWrites();
      return { ...bulk,
        checkpoint: () => { here++; bulk.checkpoint(); },
        handOffCheckpoint: () => { handedOff++; bulk.handOffCheckpoint(); return join(dir, 'no-such-register.sqlite'); },
      };
    } };
    const report = await importTable({ ...deps(), rosters }, 'roster', csv(people(12_000), 'utf8'), 'p.csv', true);
    expect(report.added).toBe(12_000);
    expect(gate.rosters.counts().people).toBe(12_000);
    expect(handedOff).toBe(1);
    expect(here).toBeGreaterThanOrEqual(3);
    expect([interval(), synchronous()]).toEqual([1000, FULL]);
    expect(walBytes()).toBe(0);
  });

  it('an import that fails midway puts the settings back too, its committed rows kept', async () => {
    let hashed = 0;
    const failing = { ...deps(), hashId: (id: string) => {
      if (++hashed > 4_500) throw new Error('the disk went away');
      return gate.hashId(id);
    } };
    await expect(importTable(failing, 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).rejects.toThrow('the disk went away');
    expect([interval(), synchronous()]).toEqual([1000, FULL]);
    expect(walBytes()).toBe(0);
    const kept = gate.rosters.counts().people;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4_500);
    // Importing the file again adds the rest, nothing twice.
    expect(await importTable(deps(), 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).toMatchObject({ added: 6_000 - kept });
  });

  it('overlapping imports share the switch: SQLite checkpoints again when the last of them ends', () => {
    const a = gate.rosters.bulkWrites();
    const b = gate.rosters.bulkWrites();
    expect(interval()).toBe(0);
    a.end();
    a.end();
    expect(interval()).toBe(0);
    b.end();
    expect(interval()).toBe(1000);
  });

  it('scans get in between a large import\'s writes, many times: they see the roster part-written, never wait for it whole', async () => {
    const seen = new Set<number>();
    let done = false;
    const importing = importTable(deps(), 'roster', csv(people(40_000), 'utf8'), 'p.csv', true).finally(() => (done = true));
    for (let n = 0; !done; n++) {
      await gate.handlers.check({ code: `DURING-${n}`, category: 'visitor', source: 'wedge' });
      seen.add(gate.rosters.counts().people);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect((await importing).added).toBe(40_000);
    // Written in one go, a scan would see 0 or 40,000 people; a batch at a time, multiples of a batch; in short
    // transactions (rows as many as take a few milliseconds), the counts between.
    const between = [...seen].filter((c) => c > 0 && c < 40_000);
    expect(between.length).toBeGreaterThanOrEqual(5);
    expect(between.filter((c) => c % IMPORT_BATCH_ROWS !== 0).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('rosters/at the gate', () => {
  beforeEach(async () => {
    await importTable(deps(), 'roster', csv(ROSTER, 'utf8'), 'r.csv', true);
    await importTable(deps(), 'results', csv(RESULTS, 'utf8'), 'x.csv', true);
  });

  it('an ID number finds the person: the roster sets the category and the latest result is evidence', async () => {
    const r = await gate.handlers.check({ code: idNumber(1), category: 'visitor', source: 'wedge' });
    expect(r).toMatchObject({ outcome: 'need', holder: { name: '李小明' } });
    expect(r.reasons.map((x) => x.zh).join()).toMatch(/名单人员.*核酸阴性，采样 24.5 小时前/);
    expect(r.missing.map((m) => m.zh)).toEqual(['绿色健康码']);
    expect(gate.entries.get(r.entryId!)).toMatchObject({ category: 'student', name: '李小明', evidenceSummary: { roster: true, sources: expect.arrayContaining(['roster']) } });
  });

  it('a badge scan (GC1:…) or a typed badge finds the person too; an older result is out of the window', async () => {
    const badge = await gate.handlers.check({ code: 'GC1:T-0002', category: 'visitor', source: 'wedge' });
    expect(badge).toMatchObject({ holder: { name: '王老师' } });
    expect(badge.reasons.map((x) => x.zh).join()).toMatch(/超出有效期/);
    const typed = await gate.handlers.check({ code: 'S-0001', category: 'visitor', source: 'manual' });
    expect(typed.holder).toMatchObject({ name: '李小明' });
  });

  it('housekeeping purges results older than the longest window', async () => {
    expect(gate.rosters.counts().results).toBe(2);
    gate.housekeep();
    expect(gate.rosters.counts().results).toBe(1);
  });
});

describe('cli/import', () => {
  it('prints counts and row errors as JSON; --dry-run writes nothing', async () => {
    gate.close();
    const file = join(dir, 'roster.csv');
    writeFileSync(file, csv(ROSTER, 'gb18030'));
    const dry = await cli('import', '--data-dir', join(dir, 'data'), '--roster', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ kind: 'roster', valid: 2, added: 0, committed: false, errors: [{ row: 4 }] });
    expect(JSON.parse((await cli('import', '--data-dir', join(dir, 'data'), '--roster', file)).out)).toMatchObject({ added: 2 });
    expect((await cli('import', '--data-dir', join(dir, 'data'), '--roster', join(dir, 'nope.csv'))).code).toBe(2);
    gate = await openGate(join(dir, 'data'), { clock: () => NOW });
  });
});
