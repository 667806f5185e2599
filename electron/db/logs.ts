// The purge and export logs: append-only records of what retention removed and what left the station.
import type { Database } from 'better-sqlite3';
import { asAppError } from './errors';
import { lazyStatement } from './lazy';

export interface PurgeRecord {
  atMs: number;
  cutoffDay: string;
  retentionDays: number;
  entriesRemoved: number;
}

export interface ExportRecord {
  atMs: number;
  operator?: string;
  kind: 'auto' | 'manual';
  firstDay: string;
  lastDay: string;
  rows: number;
  masked: boolean;
  language: 'zh' | 'en';
  fileName: string;
  /** Automatic exports: the highest entry id of the day the file holds. */
  throughEntryId?: number;
}

export function createLogsRepo(db: Database) {
  const insertPurge = db.prepare('INSERT INTO purges (at_ms, cutoff_day, retention_days, entries_removed) VALUES (@atMs, @cutoffDay, @retentionDays, @entriesRemoved)');
  const insertExport = lazyStatement(db, `INSERT INTO exports (at_ms, operator, kind, first_day, last_day, rows, masked, language, file_name, through_entry_id)
    VALUES (@atMs, @operator, @kind, @firstDay, @lastDay, @rows, @masked, @language, @fileName, @throughEntryId)`);
  const purges = db.prepare<[], { at_ms: number; cutoff_day: string; retention_days: number; entries_removed: number }>('SELECT * FROM purges ORDER BY id');
  const exports = db.prepare<[], { at_ms: number; operator: string | null; kind: string; first_day: string; last_day: string; rows: number; masked: number; language: string; file_name: string }>('SELECT * FROM exports ORDER BY id');
  const autoExported = lazyStatement<{ day: string }, { n: number; through: number | null }>(db,
    "SELECT COUNT(*) AS n, MAX(through_entry_id) AS through FROM exports WHERE kind = 'auto' AND first_day = @day");
  return {
    recordPurge(p: PurgeRecord): void {
      try {
        insertPurge.run(p);
      } catch (err) {
        throw asAppError(err);
      }
    },
    recordExport(e: ExportRecord): void {
      try {
        insertExport().run({ ...e, operator: e.operator ?? null, masked: e.masked ? 1 : 0, throughEntryId: e.throughEntryId ?? null });
      } catch (err) {
        throw asAppError(err);
      }
    },
    purges: (): PurgeRecord[] => purges.all().map((r) => ({ atMs: r.at_ms, cutoffDay: r.cutoff_day, retentionDays: r.retention_days, entriesRemoved: r.entries_removed })),
    exports: (): ExportRecord[] => exports.all().map((r) => ({
      atMs: r.at_ms, kind: r.kind as 'auto' | 'manual', firstDay: r.first_day, lastDay: r.last_day, rows: r.rows, masked: r.masked === 1,
      language: r.language as 'zh' | 'en', fileName: r.file_name, ...(r.operator ? { operator: r.operator } : {}),
    })),
    /** The highest entry id of `day` its automatic exports hold (undefined: not exported automatically yet). */
    autoExportedThrough: (day: string): number | undefined => {
      const r = autoExported().get({ day });
      return r && r.n > 0 ? (r.through ?? 0) : undefined;
    },
  };
}
export type LogsRepo = ReturnType<typeof createLogsRepo>;
