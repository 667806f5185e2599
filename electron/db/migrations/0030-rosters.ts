import type { Database } from 'better-sqlite3';

/** The venue's roster (people who come every day) and their lab results, keyed like the register: no full ID number. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE roster (
      id           INTEGER PRIMARY KEY,
      id_hash      TEXT UNIQUE,          -- HMAC-SHA256 of the ID number (per-install key)
      id_masked    TEXT,
      name         TEXT NOT NULL,
      category     TEXT NOT NULL,
      badge        TEXT UNIQUE,          -- the badge code the venue prints (scanned as GC1:<badge> or typed)
      phone_masked TEXT,
      updated_ms   INTEGER NOT NULL      -- UTC epoch milliseconds
    ) STRICT;

    CREATE TABLE lab_results (
      id         INTEGER PRIMARY KEY,
      id_hash    TEXT,                   -- the person by ID hash, or
      name       TEXT,                   -- by name when the lab file has no ID number
      sampled_ms INTEGER NOT NULL,       -- UTC epoch milliseconds of sampling
      method     TEXT NOT NULL,          -- nat | antigen
      result     TEXT NOT NULL,          -- negative | positive
      ct         REAL,
      lab        TEXT,
      row_key    TEXT NOT NULL UNIQUE    -- SHA-256 of the result's content: importing a file again adds nothing twice
    ) STRICT;
    CREATE INDEX lab_results_by_id ON lab_results (id_hash, sampled_ms);
    CREATE INDEX lab_results_by_name ON lab_results (name, sampled_ms);
  `);
}
