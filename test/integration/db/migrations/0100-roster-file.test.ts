import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion, ROSTER_FILE_NAME, ROSTER_SCHEMA } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createRostersRepo } from '../../../../electron/db/rosters';
import { sampleEntry } from '../../../support/entries';

const tablesIn = (db: ReturnType<typeof openDatabase>, schema: string) =>
  (db.prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).filter((n) => n === 'roster' || n === 'lab_results');

describe('db/migrations/0100-roster-file', () => {
  it('moves the roster and its results from the register to their own file, every row and column as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-m100-'));
    const db = openDatabase(dir, { targetVersion: 90 });
    const id = createEntriesRepo(db).insert(sampleEntry);
    // Written under 0090: into the register's own tables (found first by name).
    const rosters = createRostersRepo(db);
    rosters.save([
      { idHash: 'h1', idMasked: '110105********002X', name: '李小明', category: 'student', badge: 'S-1', phoneMasked: '138****5678' },
      { name: '无证件', category: 'staff' },
    ], [{ idHash: 'h1', sampledMs: 5, method: 'nat', result: 'negative', rowKey: 'k1', ct: 31.5, lab: '学校采样点' }, { name: '无证件', sampledMs: 6, method: 'antigen', result: 'negative', rowKey: 'k2' }], 9);
    expect(db.prepare('SELECT COUNT(*) FROM main.roster').pluck().get()).toBe(2);
    expect(db.prepare(`SELECT COUNT(*) FROM ${ROSTER_SCHEMA}.roster`).pluck().get()).toBe(0);
    const rows = { people: db.prepare('SELECT * FROM main.roster ORDER BY id').all(), results: db.prepare('SELECT * FROM main.lab_results ORDER BY id').all() };

    migrate(db, MIGRATIONS, 100);
    expect(schemaVersion(db)).toBe(100);
    expect(tablesIn(db, 'main')).toEqual([]);
    expect(tablesIn(db, ROSTER_SCHEMA)).toEqual(['lab_results', 'roster']);
    expect(db.prepare(`SELECT * FROM ${ROSTER_SCHEMA}.roster ORDER BY id`).all()).toEqual(rows.people);
    expect(db.prepare(`SELECT * FROM ${ROSTER_SCHEMA}.lab_results ORDER BY id`).all()).toEqual(rows.results);
    const after = createRostersRepo(db);
    expect(after.byBadge('S-1')).toMatchObject({ name: '李小明' });
    expect(after.resultsFor({ name: '无证件' })).toHaveLength(1);
    expect(createEntriesRepo(db).get(id)).toMatchObject({ id });
    db.close();
    expect(existsSync(join(dir, ROSTER_FILE_NAME))).toBe(true);
  });

  it('a power cut after the copy and before the register records the migration: done again, nothing twice, nothing lost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-m100-cut-'));
    const db = openDatabase(dir, { targetVersion: 90 });
    createRostersRepo(db).save([{ idHash: 'h1', name: '甲', category: 'student' }, { idHash: 'h2', name: '乙', category: 'student' }], [], 1);
    // The copy committed (its own transaction), the register's drop not.
    db.transaction(() => MIGRATIONS.find((m) => m.version === 100)!.before!(db))();
    db.close();
    const reopened = openDatabase(dir);
    expect(schemaVersion(reopened)).toBe(MIGRATIONS.at(-1)!.version);
    expect(createRostersRepo(reopened).counts()).toEqual({ people: 2, results: 0 });
    expect(tablesIn(reopened, 'main')).toEqual([]);
    reopened.close();
  });

  it('a new register has no roster tables of its own; its roster file is made and written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-m100-new-'));
    const db = openDatabase(dir);
    expect(tablesIn(db, 'main')).toEqual([]);
    expect(createRostersRepo(db).save([{ idHash: 'h', name: '丙', category: 'staff' }], [], 1)).toEqual({ people: 1, results: 0 });
    expect(db.prepare(`SELECT COUNT(*) FROM ${ROSTER_SCHEMA}.roster`).pluck().get()).toBe(1);
    db.close();
  });
});
