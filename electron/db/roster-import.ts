// A large import's writes to the roster's own file (roster-file.ts), from the import worker's thread on a connection
// of its own, with the SQLite binding the main thread loaded (passed by its resolved path: a worker bundle's own
// lookup may not reach it inside the packaged app).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { asAppError } from './errors';
import { createRosterWriter, type LabResult, type RosterPerson } from './rosters';

/**
 * Rows a transaction of the import, at most, and about how long one lasts. ID hashes land all over the roster's
 * index, so a transaction dirties about a page per row until it has touched most of the index: 1,000,000 rows took
 * 57 s in transactions of 2,000 rows, 31 s of 20,000, 20 s of 100,000 (measured here, 32 MiB of cache). Only the
 * roster's own writes on the gate's connection (an admin's removal, the daily purge of old results) wait for one.
 */
const TX_ROWS = 100_000;
const TX_MS = 1_000;
/**
 * WAL pages after which SQLite checkpoints the import's connection (SQLite's default is 1,000). Each checkpoint waits
 * for the disk with everything written since the last, and a scan's commit to the register waits behind it (the disk
 * is shared): 1,000,000 rows with a scan every 100 ms, checkpoints every 1,000 pages gave scans a p95 of 73 ms, every
 * 16,384 (64 MiB) 107 ms, every 65,536 (256 MiB) 15 ms, none until the end 12 ms with a WAL of 1.25 GB and a last
 * checkpoint that held a scan for a second. The WAL stays under about 330 MB.
 */
const CHECKPOINT_PAGES = 65_536;

/**
 * The roster's file, opened for the import: its commits do not wait for the disk (synchronous=NORMAL: in WAL mode a
 * power cut may lose the last of them but never damages the file, and importing the file again adds what was lost,
 * nothing twice); SQLite's own checkpoints, which do wait, fall on this thread. `end` waits for the disk with
 * everything (synchronous=FULL, the WAL copied into the file and cut to nothing) before the import is reported done.
 */
export function openRosterImport(path: string, sqliteModule: string) {
  const Database = createRequire(import.meta.url)(sqliteModule) as typeof BetterSqlite3;
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32768');
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
  } catch (err) {
    db.close();
    throw asAppError(err);
  }
  const save = createRosterWriter(db);
  // The transaction under way: since when, its rows, and how many of them were new or changed.
  let began: number | undefined;
  let rows = 0;
  let added = 0;
  let failed = false;
  const commit = (): { rows: number; added: number } => {
    db.exec('COMMIT');
    const done = { rows, added };
    began = undefined;
    rows = added = 0;
    return done;
  };
  return {
    /** Rows in the transaction under way: what was committed with them, if they ended the transaction. */
    save(people: RosterPerson[], results: LabResult[], now: number): { rows: number; added: number } | undefined {
      try {
        if (began === undefined) {
          db.exec('BEGIN');
          began = performance.now();
        }
        const saved = save(people, results, now);
        added += saved.people + saved.results;
        rows += people.length + results.length;
        return rows >= TX_ROWS || performance.now() - began >= TX_MS ? commit() : undefined;
      } catch (err) {
        failed = true;
        throw asAppError(err);
      }
    },
    /** Whether a write failed (the file: a full disk, say): then nothing more is committed. */
    failed: () => failed,
    end(): { rows: number; added: number } {
      try {
        const last = began === undefined ? { rows: 0, added: 0 } : commit();
        db.pragma('synchronous = FULL');
        db.pragma('wal_checkpoint(TRUNCATE)');
        return last;
      } catch (err) {
        throw asAppError(err);
      } finally {
        db.close();
      }
    },
    /** Closed after a failure: the transaction under way is rolled back. */
    close: (): void => {
      if (db.open) db.close();
    },
  };
}
