import type { Database } from 'better-sqlite3';
import { ROSTER_SCHEMA } from '../roster-file';

const inRegister = (db: Database, table: string) =>
  db.prepare("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;

/**
 * The roster and its lab results move to their own file (connection.ts: ROSTER_FILE_NAME, attached as ROSTER_SCHEMA,
 * its tables already made there): first copied, in a transaction that writes that file only and adds nothing twice
 * when done again (the same ids), so a power cut before the register records the migration loses nothing.
 */
export function before(db: Database): void {
  if (inRegister(db, 'roster')) db.exec(`INSERT OR IGNORE INTO ${ROSTER_SCHEMA}.roster SELECT * FROM main.roster`);
  if (inRegister(db, 'lab_results')) db.exec(`INSERT OR IGNORE INTO ${ROSTER_SCHEMA}.lab_results SELECT * FROM main.lab_results`);
}

/** Then the register's own copies go (secure_delete overwrites their pages), in the register's transaction alone. */
export function up(db: Database): void {
  db.exec('DROP TABLE IF EXISTS main.lab_results; DROP TABLE IF EXISTS main.roster;');
}
