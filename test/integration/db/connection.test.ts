import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion, migrate, type Db } from '../../../electron/db/connection';
import { MIGRATIONS } from '../../../electron/db/migrations';
import { createEntriesRepo } from '../../../electron/db/entries';
import { sampleEntry } from '../../support/entries';
import { AppError } from '../../../electron/core/errors';

const dirs: string[] = [];
const open: Db[] = [];
function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'gatecheck-db-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});


describe('db/connection', () => {
  it('opens a real file with WAL, synchronous=FULL, foreign keys and a busy timeout, migrated to the latest version', () => {
    const db = openDatabase(fresh());
    open.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses a database from a newer build with DB_FROM_NEWER_VERSION', () => {
    const dir = fresh();
    const db = openDatabase(dir);
    db.pragma('user_version = 9990');
    db.close();
    let caught: unknown;
    try {
      open.push(openDatabase(dir));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('DB_FROM_NEWER_VERSION');
  });

  it('refuses a migration list whose numbers do not strictly increase', () => {
    const db = openDatabase(fresh(), { targetVersion: 0 });
    open.push(db);
    expect(() => migrate(db, [MIGRATIONS[0]!, { ...MIGRATIONS[0]!, name: 'again' }])).toThrow(/does not come after/);
  });

  it('keeps entries append-only: an update is refused by the database itself', () => {
    const db = openDatabase(fresh());
    open.push(db);
    const id = createEntriesRepo(db).insert(sampleEntry);
    expect(() => db.prepare('UPDATE entries SET outcome = ? WHERE id = ?').run('admit', id)).toThrow(/append-only/);
  });

  it('reports a damaged file as DB_CORRUPT', async () => {
    const dir = fresh();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'register.sqlite'), 'this is not a database'.repeat(100));
    let caught: unknown;
    try {
      open.push(openDatabase(dir));
    } catch (err) {
      caught = err;
    }
    expect((caught as AppError).code).toBe('DB_CORRUPT');
  });
});
