import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../../electron/db/connection';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { createSettingsRepo } from '../../../../electron/db/settings';

describe('db/migrations/0010-initial', () => {
  it('creates STRICT settings and entries tables that round-trip through the repositories', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-m10-')), { targetVersion: 10 });
    expect(schemaVersion(db)).toBe(10);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['entries', 'settings']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    const entries = createEntriesRepo(db);
    const id = entries.insert({
      atMs: 1, localDay: '1970-01-01', station: 's', packId: 'p', packVersion: 1, venueKind: 'medical', category: 'patient',
      outcome: 'route', route: 'fever-clinic', citations: ['TRIAGE'], evidenceSummary: { kinds: ['symptom'], sources: [] }, format: 'none',
      idMasked: '110101********0013', idHash: 'h', payloadFingerprint: 'f',
    });
    expect(entries.get(id)).toMatchObject({ id, route: 'fever-clinic', citations: ['TRIAGE'], evidenceSummary: { kinds: ['symptom'] } });
    expect(() => db.prepare("INSERT INTO entries (at_ms, local_day, station, pack_id, pack_version, venue_kind, category, outcome, citations, evidence_summary, format) VALUES ('x','d','s','p',1,'k','c','o','[]','{}','f')").run()).toThrow();
    const settings = createSettingsRepo(db);
    settings.put('operators', { a: 1 });
    settings.put('operators', { a: 2 });
    expect(settings.get('operators')).toEqual({ a: 2 });
    db.close();
  });
});
