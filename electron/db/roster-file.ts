// Where the roster lives: a database file of its own beside the register (connection.ts attaches it). No value
// imports: the import worker's bundle uses this without loading SQLite's binding itself.
import type { Database as Db } from 'better-sqlite3';

/**
 * The roster and its lab results: a database file of their own beside the register, attached to its connection as
 * ROSTER_SCHEMA (the tables keep their names: SQL that names `roster` or `lab_results` finds them there). An import
 * writes it from the import worker's own connection, so a million rows neither hold the gate's thread nor share the
 * register's WAL: a scan's commit waits for the disk with its own pages only (issue 30).
 */
export const ROSTER_FILE_NAME = 'roster.sqlite';
export const ROSTER_SCHEMA = 'roster_file';

/** The roster's tables, as migration 0030 made them in the register (migration 0100 moves them to their own file). */
export const ROSTER_TABLES = `
  CREATE TABLE IF NOT EXISTS ${ROSTER_SCHEMA}.roster (
    id           INTEGER PRIMARY KEY,
    id_hash      TEXT UNIQUE,          -- HMAC-SHA256 of the ID number (per-install or venue key)
    id_masked    TEXT,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    badge        TEXT UNIQUE,          -- the badge code the venue prints (scanned as GC1:<badge> or typed)
    phone_masked TEXT,
    updated_ms   INTEGER NOT NULL      -- UTC epoch milliseconds
  ) STRICT;
  CREATE TABLE IF NOT EXISTS ${ROSTER_SCHEMA}.lab_results (
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
  CREATE INDEX IF NOT EXISTS ${ROSTER_SCHEMA}.lab_results_by_id ON lab_results (id_hash, sampled_ms);
  CREATE INDEX IF NOT EXISTS ${ROSTER_SCHEMA}.lab_results_by_name ON lab_results (name, sampled_ms);
`;

/** The roster's file for another connection (the import worker's): where it is, or undefined (an in-memory register). */
export function rosterFileOf(db: Db): string | undefined {
  const row = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === ROSTER_SCHEMA);
  return row?.file ? row.file : undefined;
}
