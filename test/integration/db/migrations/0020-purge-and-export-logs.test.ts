import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createLogsRepo } from '../../../../electron/db/logs';
import { sampleEntry } from '../../../support/entries';

describe('db/migrations/0020-purge-and-export-logs', () => {
  it('adds the purge and export logs and keeps the entries written under 0010', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-m20-')), { targetVersion: 10 });
    const id = createEntriesRepo(db).insert(sampleEntry);
    migrate(db, MIGRATIONS, 20);
    expect(schemaVersion(db)).toBe(20);
    expect(createEntriesRepo(db).get(id)).toMatchObject({ id, outcome: 'need', citations: ['Q3'] });
    const logs = createLogsRepo(db);
    logs.recordPurge({ atMs: 1, cutoffDay: '2022-11-08', retentionDays: 30, entriesRemoved: 3 });
    // An export row as 0020 wrote it (the repository writes 0050's column too).
    db.prepare("INSERT INTO exports (at_ms, kind, first_day, last_day, rows, masked, language, file_name) VALUES (2, 'auto', '2022-12-08', '2022-12-08', 1, 1, 'zh', '2022-12-08.csv')").run();
    expect(logs.purges()).toEqual([{ atMs: 1, cutoffDay: '2022-11-08', retentionDays: 30, entriesRemoved: 3 }]);
    expect(logs.exports()[0]).toMatchObject({ kind: 'auto', masked: true, rows: 1 });
    const strict = db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('purges', 'exports')").all() as { sql: string }[];
    for (const t of strict) expect(t.sql).toMatch(/STRICT$/);
    db.close();
  });
});
