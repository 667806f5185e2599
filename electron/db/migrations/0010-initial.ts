import type { Database } from 'better-sqlite3';

/** Settings (venue profile, names) and the append-only entry register. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL            -- JSON
    ) STRICT;

    CREATE TABLE entries (
      id                  INTEGER PRIMARY KEY,
      at_ms               INTEGER NOT NULL,   -- UTC epoch milliseconds
      local_day           TEXT NOT NULL,      -- YYYY-MM-DD in the venue's time zone
      station             TEXT NOT NULL,
      operator            TEXT,
      pack_id             TEXT NOT NULL,
      pack_version        INTEGER NOT NULL,
      venue_kind          TEXT NOT NULL,
      category            TEXT NOT NULL,
      outcome             TEXT NOT NULL,
      route               TEXT,
      citations           TEXT NOT NULL,      -- JSON array of clause ids
      evidence_summary    TEXT NOT NULL,      -- JSON: kinds, sources, hours since sampling, code colour, format, issuer
      format              TEXT NOT NULL,      -- eu-dcc | shc | cn-id | roster | opaque | none
      name                TEXT,
      id_masked           TEXT,
      id_hash             TEXT,               -- HMAC-SHA256 of the full ID number, keyed per install
      payload_fingerprint TEXT,               -- SHA-256 of the scanned text; the text itself is never stored
      note                TEXT,
      corrects_id         INTEGER REFERENCES entries(id)
    ) STRICT;

    CREATE INDEX entries_by_day ON entries (local_day, at_ms);
    CREATE INDEX entries_by_id_hash ON entries (id_hash) WHERE id_hash IS NOT NULL;

    -- Append-only: a correction is a new row pointing at the old one.
    CREATE TRIGGER entries_append_only BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
  `);
}
