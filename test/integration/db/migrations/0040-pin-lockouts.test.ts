import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createSettingsRepo } from '../../../../electron/db/settings';
import { createPinLockoutsRepo } from '../../../../electron/db/pin-lockouts';
import { sampleEntry } from '../../../support/entries';

describe('db/migrations/0040-pin-lockouts', () => {
  it('adds wrong-PIN counts and the security log, keeping the register and settings written under 0030', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-m40-'));
    const db = openDatabase(dir, { targetVersion: 30 });
    const id = createEntriesRepo(db).insert(sampleEntry);
    createSettingsRepo(db).put('operators', [{ name: '赵敏' }]);
    migrate(db, MIGRATIONS, 40);
    expect(schemaVersion(db)).toBe(40);
    expect(createEntriesRepo(db).get(id)).toMatchObject({ id });
    expect(createSettingsRepo(db).get('operators')).toEqual([{ name: '赵敏' }]);
    const repo = createPinLockoutsRepo(db);
    expect(repo.get('admin')).toBeUndefined();
    repo.put('admin', { failures: 5, lockedUntil: 30_000 }, { atMs: 0, subject: 'admin', failures: 5, lockedMs: 30_000 });
    repo.put('operator:赵敏', { failures: 1, lockedUntil: 0 });
    db.close();
    // Kept across a restart of the station.
    const again = openDatabase(dir, { targetVersion: 40 });
    const reopened = createPinLockoutsRepo(again);
    expect(reopened.get('admin')).toEqual({ failures: 5, lockedUntil: 30_000 });
    expect(reopened.get('operator:赵敏')).toEqual({ failures: 1, lockedUntil: 0 });
    expect(reopened.lockouts()).toEqual([{ atMs: 0, subject: 'admin', failures: 5, lockedMs: 30_000 }]);
    for (const t of again.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('pin_lockouts', 'security_log')").all() as { sql: string }[]) expect(t.sql).toMatch(/STRICT$/);
    again.close();
  });
});
