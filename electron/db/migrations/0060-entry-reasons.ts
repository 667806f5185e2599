import type { Database } from 'better-sqlite3';

/**
 * Why each entry came out as it did: the verification result (`ok`, `none` when there was nothing to verify, or the
 * failure code: SIGNATURE, UNKNOWN_KEY, EXPIRED, SCAN_INCOMPLETE, …). Entries written before this read as "not
 * recorded" (NULL). And an index for correction chains, which counters and lists walk (one person counts once).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE entries ADD COLUMN verification TEXT;   -- ok | none | a decode or verification failure code; NULL: not recorded
    CREATE INDEX entries_by_corrects ON entries (corrects_id) WHERE corrects_id IS NOT NULL;
  `);
}
