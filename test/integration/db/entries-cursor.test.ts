// The export's cursor (entries.eachOfDays) reads rows as arrays and its JSON columns through a cache: it must give the
// very entries the plain read gives (forDays), on today's schema and on one from before the verification column.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { createEntriesRepo, type NewEntry } from '../../../electron/db/entries';
import { sampleEntry } from '../../support/entries';
import { registerColumns } from '../../../electron/main/services/register';
import { csvLine, csvLines } from '../../../electron/core/export/csv';

const DAY = '2026-11-19';
const AT = Date.parse('2026-11-19T01:00:00Z');

/** Entries that differ in every optional field, repeat summaries and clause lists, and span three days. */
function varied(withVerification: boolean): NewEntry[] {
  const out: NewEntry[] = [];
  for (let i = 0; i < 60; i++) {
    out.push({
      ...sampleEntry,
      atMs: AT + ((i * 7919) % 60) * 60_000,
      localDay: i % 3 === 0 ? '2026-11-18' : i % 3 === 1 ? DAY : '2026-11-20',
      category: i % 2 ? 'visitor' : 'patient',
      outcome: i % 5 ? 'admit' : 'need',
      citations: i % 4 ? ['Q3'] : ['Q3', 'A1'],
      evidenceSummary: i % 6
        ? { kinds: ['test'], sources: ['verified'], tests: [{ method: 'nat', result: 'negative' }], hoursSinceSample: (i % 3) / 10, issuer: 'AT' }
        : { kinds: [], sources: [], input: 'attested', codeColor: 'green' },
      format: i % 6 ? 'eu-dcc' : 'none',
      ...(i % 2 ? { operator: '王芳' } : {}),
      ...(i % 3 ? { route: 'fever-clinic' as const } : {}),
      ...(i % 4 ? { name: `陈 ${i}` } : {}),
      ...(i % 5 ? { idMasked: '110105********002X', idHash: `${i}`.padStart(64, 'a') } : {}),
      ...(i % 7 ? {} : { payloadFingerprint: undefined }),
      ...(i % 8 ? {} : { note: `note ${i}` }),
      ...(i > 10 && i % 9 === 0 ? { correctsId: i - 3 } : {}),
      ...(withVerification && i % 2 ? { verification: i % 4 === 1 ? 'ok' as const : 'SIGNATURE' as const } : {}),
    });
  }
  return out;
}

describe('db/entries: the export cursor', () => {
  it.each([
    ['today\'s schema', undefined, true],
    ['a register from before the verification column (schema 50)', 50, false],
  ])('gives the same entries, in the same order, as the plain read: %s', (_name, targetVersion, withVerification) => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-cursor-')), targetVersion ? { targetVersion } : {});
    const repo = createEntriesRepo(db);
    for (const e of varied(withVerification)) repo.insert(e);
    for (const [from, to, after] of [[DAY, DAY, 0], ['2026-11-18', '2026-11-20', 0], ['2026-11-18', '2026-11-20', 30], ['2026-11-21', '2026-11-22', 0]] as const) {
      const plain = repo.forDays(from, to, after);
      const cursor = [...repo.eachOfDays(from, to, after)];
      expect(cursor).toEqual(plain);
      if (from === '2026-11-18' && after === 0) expect(cursor).toHaveLength(60);
    }
    // Shared by the entries that carry the same text, so frozen: no consumer can change another entry's summary.
    const [a, b] = [...repo.eachOfDays(DAY, DAY)].filter((e) => e.format === 'eu-dcc');
    expect(Object.isFrozen(a!.evidenceSummary) && Object.isFrozen(a!.evidenceSummary.tests) && Object.isFrozen(a!.citations)).toBe(true);
    expect(() => (a!.evidenceSummary.tests as unknown[]).push(1)).toThrow(TypeError);
    expect(b!.evidenceSummary.tests).toHaveLength(1);
    db.close();
  });

  it.each(['zh', 'en'] as const)('the export\'s lines from the cursor (values reused from the row before) are the lines each row makes alone: %s', (language) => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'gatecheck-cursor-')));
    const repo = createEntriesRepo(db);
    for (const e of varied(true)) repo.insert(e);
    // Then rows one minute apart that each differ from the row before in one thing a reused value is made of.
    const base = { ...sampleEntry, localDay: '2026-11-20', operator: '王芳', verification: 'ok' as const, note: 'note a', citations: ['Q3'] };
    const steps: Partial<NewEntry>[] = [{}, { note: 'note b' }, { citations: ['Q4'] }, { operator: '李明' }, { verification: 'SIGNATURE' },
      { evidenceSummary: { ...sampleEntry.evidenceSummary, tests: [{ method: 'antigen', result: 'negative' }] } }, { citations: ['Q4', 'A1'] }, {},
      { evidenceSummary: { kinds: [], sources: [], input: 'attested', codeColor: 'green' } }, { operator: '张伟' }, { evidenceSummary: { kinds: [], sources: [], input: 'attested', codeColor: 'yellow' } }];
    let at = Date.parse('2026-11-20T12:00:00Z');
    let row: NewEntry = base;
    for (const step of steps) repo.insert((row = { ...row, ...step, atMs: (at += 60_000) }));
    const line = csvLines(registerColumns('Asia/Shanghai', true, language));
    const streamed = [...repo.eachOfDays('2026-11-18', '2026-11-20')].map(line);
    // Each row with columns of its own (nothing to reuse) and its JSON read afresh (no shared objects).
    const alone = repo.forDays('2026-11-18', '2026-11-20', 0).map((e) => csvLine(e, registerColumns('Asia/Shanghai', true, language)));
    expect(streamed).toEqual(alone);
    // The rows differ in clauses, tests and reasons, repeated and not: what is reused changes from row to row.
    const distinct = (column: number) => new Set(streamed.map((l) => l.split('","')[column])).size;
    expect([distinct(8), distinct(10), distinct(13)]).toEqual([4, 3, 19]);
    db.close();
  });
});
