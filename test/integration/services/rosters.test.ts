// Rosters and lab results: files in both encodings and both formats, preview then atomic import, idempotent
// re-import, no full ID number stored, and the gate finding roster people by ID number or badge.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { importTable, IMPORT_BATCH_ROWS } from '../../../electron/main/services/imports/import-table';
import { DB_FILE_NAME, ROSTER_FILE_NAME, ROSTER_SCHEMA } from '../../../electron/db/connection';
import { TABLE_LIMITS } from '../../../electron/main/services/imports/zip-guard';
import { IMPORT_THREAD_NICE } from '../../../electron/main/services/imports/thread-priority';
import { TARGET_BATCH_ROWS } from '../../../electron/main/services/imports/worker-protocol';
import { MERGE_ROWS } from '../../../electron/db/roster-import';
import { Worker } from 'node:worker_threads';
import { GATE_TURN_MAX_MS, gateAnswers, gateTurnBuffer, waitForGate } from '../../../electron/main/services/imports/gate-first';
import { csv, xlsx, idNumber, uniqueIdNumber, type Table } from '../../support/roster-files';
import { cli } from '../../support/cli';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');
let gate: Gate;
let dir: string;
// As the gate imports: the worker hashes with the gate's key and writes the roster's own file.
const deps = () => ({ rosters: gate.rosters, hashId: gate.hashId, idKey: gate.idKey(), clock: () => NOW });
// Without the key: the rows are hashed and written on this thread (a collector's way, kept for them).
const hereDeps = () => ({ rosters: gate.rosters, hashId: gate.hashId, clock: () => NOW });
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
    gate.db.pragma(`${ROSTER_SCHEMA}.wal_checkpoint(TRUNCATE)`);
    expect(gate.rosters.counts()).toEqual({ people: 2, results: 2 });
    for (const file of [DB_FILE_NAME, ROSTER_FILE_NAME]) {
      const bytes = readFileSync(join(gate.dataDir, file)).toString('latin1');
      expect(bytes.length).toBeGreaterThan(4096);
      for (const secret of [idNumber(1), idNumber(2), '13812345678']) expect(bytes.includes(secret)).toBe(false);
    }
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

describe('rosters/import into the roster\'s own file', () => {
  const bytes = (name: string) => (existsSync(join(dir, 'data', name)) ? statSync(join(dir, 'data', name)).size : 0);
  // Distinct ID numbers (idNumber repeats after 21,000).
  const people = (n: number, from = 0): Table => [['姓名', '身份证号', '类别'], ...Array.from({ length: n }, (_, i) => [`学生${from + i}`, uniqueIdNumber(from + i), '学生'])];

  it('the worker writes the roster\'s file: the register\'s WAL takes none of it, the roster\'s WAL is empty after it (all in the file), and this thread finds every person by its own hash', async () => {
    await gate.handlers.check({ code: 'BEFORE-IMPORT', category: 'visitor', source: 'wedge' });
    const registerWal = bytes(`${DB_FILE_NAME}-wal`);
    const rosterFile = bytes(ROSTER_FILE_NAME);
    expect(registerWal).toBeGreaterThan(0);
    const preview = await importTable(deps(), 'roster', csv(people(5_000), 'utf8'), 'p.csv', false);
    expect(preview).toMatchObject({ valid: 5_000, added: 0, committed: false });
    expect(gate.rosters.counts().people).toBe(0);
    const report = await importTable(deps(), 'roster', csv(people(30_000), 'utf8'), 'p.csv', true);
    expect(report).toMatchObject({ valid: 30_000, added: 30_000, committed: true });
    expect(gate.rosters.counts().people).toBe(30_000);
    expect(bytes(`${DB_FILE_NAME}-wal`)).toBe(registerWal);
    expect(bytes(ROSTER_FILE_NAME)).toBeGreaterThan(rosterFile + 30_000 * 64);
    expect(bytes(`${ROSTER_FILE_NAME}-wal`)).toBe(0);
    for (const i of [0, 12_345, 29_999]) expect(gate.rosters.byIdHash(gate.hashId(uniqueIdNumber(i)))).toMatchObject({ name: `学生${i}`, category: 'student' });
    // Hashed here instead (no key given to the worker), the same people: nothing new.
    expect(await importTable(hereDeps(), 'roster', csv(people(30_000), 'utf8'), 'p.csv', true)).toMatchObject({ added: 0 });
    // Results too, and a changed row counts once.
    const changed = people(3);
    changed[2]![2] = '教职工';
    expect(await importTable(deps(), 'roster', csv(changed, 'utf8'), 'p.csv', true)).toMatchObject({ added: 1 });
  }, 120_000);

  it('the worker stages people and writes them in ID-hash order: the roster the same as row by row (a person twice: the last row), its rows in hash order', async () => {
    // 3,000 people, some twice or three times with changes, some rows without an ID number (found by badge).
    const table: Table = [['姓名', '身份证号', '类别', '工牌号']];
    for (let i = 0; i < 3_000; i++) table.push([`学生${i}`, uniqueIdNumber(i), '学生', `S${i}`]);
    for (let i = 0; i < 3_000; i += 7) table.push([`学生${i}`, uniqueIdNumber(i), '教职工', `S${i}`]);
    for (let i = 0; i < 3_000; i += 11) table.push([`改名${i}`, uniqueIdNumber(i), '学生', `S${i}`]);
    for (let i = 0; i < 50; i++) table.push([`访客${i}`, '', '学生', `B${i}`]);
    const file = csv(table, 'utf8');
    const staged = await importTable(deps(), 'roster', file, 'p.csv', true);
    const rowByRow = await openGate(join(dir, 'row-by-row'), { clock: () => NOW });
    try {
      const here = await importTable({ rosters: rowByRow.rosters, hashId: gate.hashId, clock: () => NOW }, 'roster', file, 'p.csv', true);
      expect(staged).toMatchObject({ valid: table.length - 1, added: here.added });
      const byName = (g: Gate) => g.rosters.list(10_000).map(({ id: _id, updatedMs: _ms, ...p }) => p);
      expect(byName(gate)).toEqual(byName(rowByRow));
      expect(gate.rosters.list(10_000)).toHaveLength(3_050);
    } finally {
      rowByRow.close();
    }
    // The roster's rows went in sorted by ID hash (rows without one first): each index page written about once.
    const hashes = (gate.db.prepare(`SELECT id_hash FROM ${ROSTER_SCHEMA}.roster ORDER BY id`).pluck().all() as (string | null)[]).map((h) => h ?? '');
    expect(hashes).toEqual([...hashes].sort());
  }, 120_000);

  it.runIf(process.platform === 'linux')('the import worker reads at the lowest CPU priority (nice 19): the gate\'s thread keeps its own', async () => {
    // Each thread's nice value, from /proc (field 19 of its stat; the name in parentheses may hold spaces).
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
    const threads = () => new Map(readdirSync('/proc/self/task').map((t) => [t, niceOf(t)]));
    const before = threads();
    const seen = new Set<number>();
    let done = false;
    const importing = importTable(deps(), 'roster', csv(people(40_000), 'utf8'), 'p.csv', true).finally(() => (done = true));
    while (!done) {
      for (const [tid, nice] of threads()) if (!before.has(tid)) seen.add(nice);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect((await importing).added).toBe(40_000);
    expect(seen).toContain(IMPORT_THREAD_NICE);
    expect(niceOf(String(process.pid))).toBe(before.get(String(process.pid)));
  }, 120_000);

  it('a GB18030 file far longer than a piece read (32 KiB): characters split between pieces come out whole', async () => {
    const table = people(6_000);
    const file = csv(table, 'gb18030');
    expect(file.length).toBeGreaterThan(4 * 32_768);
    const report = await importTable(deps(), 'roster', file, 'p.csv', true);
    expect(report).toMatchObject({ valid: 6_000, errorRows: 0, added: 6_000 });
    const names = new Set(gate.rosters.list(10_000).map((p) => p.name));
    expect(names.size).toBe(6_000);
    for (let i = 0; i < 6_000; i++) expect(names.has(`学生${i}`)).toBe(true);
  }, 60_000);

  it('an import that stops midway (a file over the row limit) keeps the batches written before, says how many, and the same file again adds the rest, nothing twice', async () => {
    const limited = { ...deps(), limits: { ...TABLE_LIMITS, maxCsvRows: 4_500 } };
    // The rows of every whole batch read before the 4,501st row: 4,500 in batches of 250.
    const before = Math.floor(4_500 / TARGET_BATCH_ROWS) * TARGET_BATCH_ROWS;
    await expect(importTable(limited, 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).rejects.toMatchObject({ code: 'TOO_LARGE', detail: expect.stringContaining(`the ${before} valid rows before it were imported`) });
    expect(gate.rosters.counts().people).toBe(before);
    expect(await importTable(deps(), 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).toMatchObject({ added: 6_000 - before });
    expect(gate.rosters.counts().people).toBe(6_000);
  }, 60_000);

  it('written on this thread instead (no key), an import that fails midway keeps its committed rows', async () => {
    let hashed = 0;
    const failing = { ...hereDeps(), hashId: (id: string) => {
      if (++hashed > 4_500) throw new Error('the disk went away');
      return gate.hashId(id);
    } };
    await expect(importTable(failing, 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).rejects.toThrow('the disk went away');
    const kept = gate.rosters.counts().people;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4_500);
    // Importing the file again adds the rest, nothing twice.
    expect(await importTable(hereDeps(), 'roster', csv(people(6_000), 'utf8'), 'p.csv', true)).toMatchObject({ added: 6_000 - kept });
  });

  it('scans go on while a large import is written, many times, and see only what it committed', async () => {
    const seen = new Set<number>();
    let done = false;
    let scans = 0;
    const importing = importTable(deps(), 'roster', csv(people(40_000), 'utf8'), 'p.csv', true).finally(() => (done = true));
    for (let n = 0; !done; n++, scans++) {
      await gate.handlers.check({ code: `DURING-${n}`, category: 'visitor', source: 'wedge' });
      seen.add(gate.rosters.counts().people);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect((await importing).added).toBe(40_000);
    // The worker commits whole chunks of its sorted merge (many a transaction, on a connection of its own): scans went
    // on meanwhile and saw the roster as it was committed, never a chunk in part.
    expect(scans).toBeGreaterThanOrEqual(5);
    expect([...seen].every((c) => c % MERGE_ROWS === 0)).toBe(true);
    expect(gate.rosters.counts().people).toBe(40_000);
  }, 120_000);

  it('written on this thread (no key), in short transactions: scans see counts between whole batches', async () => {
    const seen = new Set<number>();
    let done = false;
    const importing = importTable(hereDeps(), 'roster', csv(people(20_000), 'utf8'), 'p.csv', true).finally(() => (done = true));
    for (let n = 0; !done; n++) {
      await gate.handlers.check({ code: `DURING-${n}`, category: 'visitor', source: 'wedge' });
      seen.add(gate.rosters.counts().people);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect((await importing).added).toBe(20_000);
    expect([...seen].filter((c) => c > 0 && c < 20_000 && c % IMPORT_BATCH_ROWS !== 0).length).toBeGreaterThanOrEqual(3);
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

describe('the gate goes first: an import stands still while the gate answers (gate-first.ts)', () => {
  const answering = () => Atomics.load(new Int32Array(gateTurnBuffer()), 0);
  const people = (n: number): Table => [['姓名', '身份证号', '类别'], ...Array.from({ length: n }, (_, i) => [`学生${i}`, uniqueIdNumber(i), '学生'])];

  it('a scan and an exit raise the count while they are answered and lower it after; an answer that fails lowers it too', async () => {
    expect(answering()).toBe(0);
    const check = gate.handlers.check({ code: 'GATE-FIRST-1', category: 'visitor', source: 'wedge' });
    expect(answering()).toBe(1);
    await check;
    expect(answering()).toBe(0);
    const exit = gate.handlers.exit({ code: 'GATE-FIRST-1', source: 'wedge' });
    expect(answering()).toBe(1);
    await exit;
    expect(answering()).toBe(0);
    await expect(gateAnswers(() => Promise.reject(new Error('the disk is full')))).rejects.toThrow('the disk is full');
    expect(answering()).toBe(0);
  });

  it('the worker\'s wait: none while the gate is idle; woken by another thread when the gate is done; at most the given time', async () => {
    const count = new Int32Array(new SharedArrayBuffer(4));
    waitForGate(count, 60_000); // idle: returns at once (a wait would time the test out)
    Atomics.store(count, 0, 1);
    let t = performance.now();
    waitForGate(count, 50);
    expect(performance.now() - t).toBeGreaterThanOrEqual(49);
    expect(Atomics.load(count, 0)).toBe(1);
    // Another thread (the gate's) ends its answer: the waiting thread wakes long before its limit.
    const gateThread = new Worker(`const { workerData } = require('node:worker_threads');
      const count = new Int32Array(workerData);
      setTimeout(() => { Atomics.store(count, 0, 0); Atomics.notify(count, 0); }, 100);`, { eval: true, workerData: count.buffer });
    t = performance.now();
    waitForGate(count, 60_000);
    expect(Atomics.load(count, 0)).toBe(0);
    expect(performance.now() - t).toBeLessThan(60_000);
    await gateThread.terminate();
  });

  it('an import while the gate answers waits at every row (GATE_TURN_MAX_MS at most each: slowed, never stopped), and imports every row', async () => {
    let done!: () => void;
    const held = gateAnswers(() => new Promise<void>((r) => (done = r)));
    expect(answering()).toBe(1);
    const t = performance.now();
    const report = await importTable(deps(), 'roster', csv(people(20), 'utf8'), 'p.csv', true);
    // 20 rows, each waited for (without the wait, the whole import takes a fraction of this).
    expect(performance.now() - t).toBeGreaterThanOrEqual(20 * GATE_TURN_MAX_MS);
    expect(report).toMatchObject({ valid: 20, added: 20 });
    done();
    await held;
    expect(answering()).toBe(0);
    expect(gate.rosters.counts().people).toBe(20);
  }, 120_000);
});
