import type { Database } from 'better-sqlite3';

/** What retention removed (counts, never contents) and every export made (who, when, which days, masked or not). */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE purges (
      id              INTEGER PRIMARY KEY,
      at_ms           INTEGER NOT NULL,   -- UTC epoch milliseconds
      cutoff_day      TEXT NOT NULL,      -- entries of local days before this one were removed
      retention_days  INTEGER NOT NULL,
      entries_removed INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE exports (
      id         INTEGER PRIMARY KEY,
      at_ms      INTEGER NOT NULL,        -- UTC epoch milliseconds
      operator   TEXT,
      kind       TEXT NOT NULL,           -- auto | manual
      first_day  TEXT NOT NULL,
      last_day   TEXT NOT NULL,
      rows       INTEGER NOT NULL,
      masked     INTEGER NOT NULL,        -- 1 masked, 0 full (admin PIN given)
      language   TEXT NOT NULL,           -- zh | en
      file_name  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX exports_by_day ON exports (first_day, kind);

    CREATE INDEX entries_by_outcome ON entries (outcome, local_day);
  `);
}
