import type { Database } from 'better-sqlite3';

/**
 * Who is inside (issue 31). An exit is an entry of its own (outcome `exit`), append-only like every entry, naming the
 * entry it closes by the venue-wide ref "station + entry number" (this gate's or another's); an exit that found no
 * entry names none. Other gates' entries as the venue holds them gain the masked name (for the inside list), what an
 * exit closes and what a correction replaces (a corrected entry is not a second person inside).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE entries ADD COLUMN closes_station TEXT;
    ALTER TABLE entries ADD COLUMN closes_seq INTEGER;
    CREATE INDEX entries_exits ON entries (local_day) WHERE outcome = 'exit';
    CREATE INDEX entries_by_fingerprint ON entries (payload_fingerprint) WHERE payload_fingerprint IS NOT NULL;

    ALTER TABLE venue_recent ADD COLUMN name_masked TEXT;
    ALTER TABLE venue_recent ADD COLUMN closes_station TEXT;
    ALTER TABLE venue_recent ADD COLUMN closes_seq INTEGER;
    ALTER TABLE venue_recent ADD COLUMN corrects_seq INTEGER;
  `);
}
