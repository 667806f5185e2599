import type { Database } from 'better-sqlite3';
import { AppError } from '../../core/errors';
import type { MigrationContext } from '.';

/**
 * Hardening steps; the first two rebuild `entries` (its append-only trigger forbids UPDATE, by design):
 * - the scan fingerprint, an unkeyed SHA-256 until now, becomes an HMAC with the install key over that digest: a
 *   fingerprint plus a masked ID number no longer gives the full number back by trying 45,000 birth dates;
 * - ids become AUTOINCREMENT: an id is never issued twice, even after every entry has been purged, so the
 *   high-water mark kept outside the database can tell a register that went back (a lost WAL) from a purge;
 * - each automatic export records the last entry id it held, so entries written to a day after its export (the clock
 *   set back) go out in a follow-up file, and a purge never removes a day that is not exported. Older automatic
 *   exports are taken to hold their whole day.
 */
export function up(db: Database, ctx: MigrationContext): void {
  let rekey: ((hex: string) => string) | undefined;
  db.function('gate_rekey_0050', { deterministic: true }, (digest: unknown) => {
    if (digest === null) return null;
    if (!ctx.rekeyScanDigest) throw new AppError('KEY_MISSING', 'migration 0050 needs the install key to re-key scan fingerprints');
    rekey ??= ctx.rekeyScanDigest();
    return rekey(String(digest));
  });
  db.exec(`
    CREATE TABLE entries_0050 (
      id                  INTEGER PRIMARY KEY AUTOINCREMENT,
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
      payload_fingerprint TEXT,               -- HMAC-SHA256 (install key) of the SHA-256 of the scanned text; never the text
      note                TEXT,
      corrects_id         INTEGER REFERENCES entries(id)
    ) STRICT;

    INSERT INTO entries_0050
      SELECT id, at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route,
             citations, evidence_summary, format, name, id_masked, id_hash, gate_rekey_0050(payload_fingerprint), note, corrects_id
      FROM entries ORDER BY id;

    DROP TABLE entries;
    ALTER TABLE entries_0050 RENAME TO entries;

    CREATE INDEX entries_by_day ON entries (local_day, at_ms);
    CREATE INDEX entries_by_id_hash ON entries (id_hash) WHERE id_hash IS NOT NULL;
    CREATE INDEX entries_by_outcome ON entries (outcome, local_day);

    -- Append-only: a correction is a new row pointing at the old one.
    CREATE TRIGGER entries_append_only BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;

    ALTER TABLE exports ADD COLUMN through_entry_id INTEGER;   -- auto exports: the highest entry id of the day written
    UPDATE exports SET through_entry_id = (SELECT MAX(id) FROM entries WHERE local_day = exports.first_day) WHERE kind = 'auto';
  `);
}
