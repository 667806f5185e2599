import type { Database } from 'better-sqlite3';

/**
 * A station of a venue with several gates (issue 18): its link to the venue's PostgreSQL register, what the venue has
 * confirmed of its entries (the outbox is every entry above `sent_through`), the pull cursors, the files it applied,
 * and other gates' recent entries (masked: keyed hashes only) to recognise a person checked at another gate.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE venue_link (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      venue_id      INTEGER NOT NULL,
      venue_name    TEXT NOT NULL,
      station_id    INTEGER NOT NULL,
      station_name  TEXT NOT NULL,
      joined_ms     INTEGER NOT NULL,
      sent_through  INTEGER NOT NULL DEFAULT 0,    -- the highest entry id the venue confirmed (committed)
      epoch         TEXT,                          -- the venue's epoch when last seen (a restored server has a new one)
      down_cursor   TEXT NOT NULL DEFAULT '0',     -- txid cursor of published files
      recent_cursor TEXT NOT NULL DEFAULT '0',     -- txid cursor of other gates' entries
      last_sync_ms  INTEGER,                       -- the last round that reached the venue
      last_error    TEXT,                          -- the last round's failure code, NULL once one succeeds
      skew_ms       INTEGER                        -- server clock minus this station's, at the last round
    ) STRICT;

    CREATE TABLE venue_recent (
      station_id          INTEGER NOT NULL,
      seq                 INTEGER NOT NULL,
      station             TEXT NOT NULL,
      local_day           TEXT NOT NULL,
      at_ms               INTEGER NOT NULL,
      outcome             TEXT NOT NULL,
      category            TEXT NOT NULL,
      id_hash             TEXT,
      payload_fingerprint TEXT,
      PRIMARY KEY (station_id, seq)
    ) STRICT;
    CREATE INDEX venue_recent_by_id_hash ON venue_recent (id_hash, at_ms) WHERE id_hash IS NOT NULL;
    CREATE INDEX venue_recent_by_fingerprint ON venue_recent (payload_fingerprint, at_ms) WHERE payload_fingerprint IS NOT NULL;
    CREATE INDEX venue_recent_by_day ON venue_recent (local_day);

    CREATE TABLE venue_applied (
      kind       TEXT NOT NULL,
      name       TEXT NOT NULL,
      sha256     TEXT NOT NULL,
      applied_ms INTEGER NOT NULL,
      outcome    TEXT NOT NULL,                    -- ok, or the failure code (a broken file is not retried until replaced)
      PRIMARY KEY (kind, name)
    ) STRICT;
  `);
}
