import type { Database } from 'better-sqlite3';

/**
 * The venue's trust model (issue 29), the station's side:
 * - the admin's public key, pinned at joining (published files are applied only when signed with it);
 * - `joined_through`: the entries written before joining, fingerprinted with the station's own key (sent to the
 *   venue without fingerprints: another gate could not match them);
 * - install epochs: each a random id and the first entry number it covers. A register restored from a backup reuses
 *   entry numbers the venue already holds; a new epoch keeps them apart. A link from before epochs has the nil one;
 * - entries the venue refused (or the station could not send), set aside with the reason, never blocking later ones;
 * - the issue time of each applied file (a file older than what the station has is a rollback, refused).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE venue_link ADD COLUMN admin_key TEXT;
    ALTER TABLE venue_link ADD COLUMN joined_through INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE venue_epochs (
      epoch     TEXT PRIMARY KEY,
      first_seq INTEGER NOT NULL UNIQUE,
      opened_ms INTEGER NOT NULL,
      reason    TEXT NOT NULL                 -- joined, restored (the venue held numbers this register lacks), clash
    ) STRICT;
    INSERT INTO venue_epochs (epoch, first_seq, opened_ms, reason)
      SELECT '00000000-0000-0000-0000-000000000000', 1, joined_ms, 'joined' FROM venue_link;

    CREATE TABLE venue_refused (
      seq     INTEGER PRIMARY KEY,            -- the entry's id
      epoch   TEXT NOT NULL,
      reason  TEXT NOT NULL,
      at_ms   INTEGER NOT NULL
    ) STRICT;

    ALTER TABLE venue_applied ADD COLUMN issued_ms INTEGER NOT NULL DEFAULT 0;
  `);
}
