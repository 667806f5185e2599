import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createRostersRepo } from '../../../../electron/db/rosters';
import { sampleEntry } from '../../../support/entries';

describe('db/migrations/0030-rosters', () => {
  it('adds the roster and lab results, keeping the register written under 0020', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-m30-')), { targetVersion: 20 });
    const id = createEntriesRepo(db).insert(sampleEntry);
    migrate(db, MIGRATIONS, 30);
    expect(schemaVersion(db)).toBe(30);
    expect(createEntriesRepo(db).get(id)).toMatchObject({ id });
    const rosters = createRostersRepo(db);
    expect(rosters.save([{ idHash: 'h1', idMasked: '110105********002X', name: '李小明', category: 'student', badge: 'S-1' }], [{ idHash: 'h1', sampledMs: 5, method: 'nat', result: 'negative', rowKey: 'k1' }], 9)).toEqual({ people: 1, results: 1 });
    expect(rosters.save([{ idHash: 'h1', idMasked: '110105********002X', name: '李小明', category: 'student', badge: 'S-1' }], [{ idHash: 'h1', sampledMs: 5, method: 'nat', result: 'negative', rowKey: 'k1' }], 10)).toEqual({ people: 0, results: 0 });
    expect(rosters.byBadge('S-1')).toMatchObject({ name: '李小明' });
    expect(rosters.resultsFor({ idHash: 'h1' })).toEqual([{ idHash: 'h1', sampledMs: 5, method: 'nat', result: 'negative', rowKey: 'k1' }]);
    for (const t of db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('roster', 'lab_results')").all() as { sql: string }[]) expect(t.sql).toMatch(/STRICT$/);
    db.close();
  });
});
