import { describe, it, expect } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createLogsRepo } from '../../../../electron/db/logs';
import { scanFingerprinter } from '../../../../electron/main/services/install-secret';
import type { AppError } from '../../../../electron/core/errors';
import { sampleEntry } from '../../../support/entries';

const KEY = Buffer.alloc(32, 7);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function registerAt40(): ReturnType<typeof openDatabase> {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-m50-')), { targetVersion: 40 });
  const repo = createEntriesRepo(db);
  const first = repo.insert({ ...sampleEntry, payloadFingerprint: sha('CODE-1') });
  repo.insert({ ...sampleEntry, payloadFingerprint: sha('CODE-2'), correctsId: first });
  repo.insert({ ...sampleEntry, payloadFingerprint: undefined });
  db.prepare("INSERT INTO exports (at_ms, kind, first_day, last_day, rows, masked, language, file_name) VALUES (2, 'auto', '2022-12-08', '2022-12-08', 3, 1, 'zh', '2022-12-08.csv')").run();
  return db;
}

describe('db/migrations/0050-keyed-fingerprints', () => {
  it('re-keys every scan fingerprint (HMAC with the install key over the old SHA-256), keeping ids, corrections and the append-only rule', () => {
    const db = registerAt40();
    migrate(db, MIGRATIONS, 50, { rekeyScanDigest: () => scanFingerprinter(KEY).ofSha256 });
    expect(schemaVersion(db)).toBe(50);
    const repo = createEntriesRepo(db);
    const rows = repo.search({});
    expect(rows.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(rows[1]!.correctsId).toBe(1);
    // The same code scanned after the upgrade has the same fingerprint as its re-keyed old one.
    expect(rows[0]!.payloadFingerprint).toBe(scanFingerprinter(KEY).ofText('CODE-1'));
    expect(rows[0]!.payloadFingerprint).not.toBe(sha('CODE-1'));
    expect(rows[0]!.payloadFingerprint).toBe(createHmac('sha256', createHmac('sha256', KEY).update('gatecheck:scan').digest()).update(sha('CODE-1')).digest('hex'));
    expect(rows[2]!.payloadFingerprint).toBeUndefined();
    expect(() => db.prepare('UPDATE entries SET note = ? WHERE id = 1').run('x')).toThrow(/append-only/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Older automatic exports are taken to hold their whole day.
    expect(createLogsRepo(db).autoExportedThrough('2022-12-08')).toBe(3);
    db.close();
  });

  it('ids are never issued twice: after every entry is gone, the next id still counts up (AUTOINCREMENT)', () => {
    const db = registerAt40();
    migrate(db, MIGRATIONS, 50, { rekeyScanDigest: () => scanFingerprinter(KEY).ofSha256 });
    const repo = createEntriesRepo(db);
    createLogsRepo(db).recordExport({ atMs: 3, kind: 'auto', firstDay: '2022-12-08', lastDay: '2022-12-08', rows: 3, masked: true, language: 'zh', fileName: 'x.csv', throughEntryId: 3 });
    expect(repo.purgeBefore('2022-12-09').removed).toBe(3);
    expect(repo.highestIssuedId()).toBe(3);
    expect(repo.insert(sampleEntry)).toBe(4);
    db.close();
  });

  it('without the install key it stops with KEY_MISSING and leaves the register on 0040, untouched', () => {
    const db = registerAt40();
    let caught: unknown;
    try {
      migrate(db, MIGRATIONS, 50);
    } catch (err) {
      caught = err;
    }
    expect((caught as AppError).code).toBe('KEY_MISSING');
    expect(schemaVersion(db)).toBe(40);
    expect(createEntriesRepo(db).get(1)?.payloadFingerprint).toBe(sha('CODE-1'));
    db.close();
  });
});
