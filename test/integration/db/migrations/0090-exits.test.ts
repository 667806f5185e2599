import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, schemaVersion } from '../../../../electron/db/connection';
import { MIGRATIONS } from '../../../../electron/db/migrations';
import { createEntriesRepo } from '../../../../electron/db/entries';
import { sampleEntry } from '../../../support/entries';

describe('db/migrations/0090-exits', () => {
  it('adds exits (what they close) and masked names of other gates, keeping the register written under 0080; still append-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-m90-'));
    const db = openDatabase(dir, { targetVersion: 80 });
    const before = createEntriesRepo(db);
    const id = before.insert({ ...sampleEntry, outcome: 'admit', payloadFingerprint: 'f'.repeat(64) });
    // A register on 0080 has no exits to write.
    expect(() => before.insertExit({ atMs: 1, localDay: sampleEntry.localDay, station: 'x', packId: 'p', packVersion: 1, venueKind: 'school', category: 'visitor', format: 'none', input: 'manual' })).toThrow(/schema 90/);
    migrate(db, MIGRATIONS, 90);
    expect(schemaVersion(db)).toBe(90);
    const entries = createEntriesRepo(db);
    expect(entries.get(id)).toMatchObject({ id, outcome: 'admit' });
    const exit = entries.insertExit({
      atMs: sampleEntry.atMs + 60_000, localDay: sampleEntry.localDay, station: sampleEntry.station, packId: sampleEntry.packId, packVersion: 1,
      venueKind: sampleEntry.venueKind, category: sampleEntry.category, format: 'opaque', input: 'wedge', payloadFingerprint: 'f'.repeat(64),
      closes: { station: sampleEntry.station, seq: id },
    });
    expect(entries.exits(sampleEntry.localDay, sampleEntry.localDay)).toEqual([expect.objectContaining({ id: exit, closes_station: sampleEntry.station, closes_seq: id })]);
    expect(entries.visits(sampleEntry.localDay, sampleEntry.localDay).map((v) => v.id)).toEqual([id]);
    // Counted as people: the entry, not the exit.
    expect(entries.countsForDay(sampleEntry.localDay).byOutcome).toEqual({ admit: 1 });
    expect(() => db.prepare('UPDATE entries SET closes_seq = 7 WHERE id = ?').run(exit)).toThrow(/append-only/);
    const cols = (db.prepare("SELECT name FROM pragma_table_info('venue_recent')").all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['name_masked', 'closes_station', 'closes_seq', 'corrects_seq']));
    db.close();
  });
});
