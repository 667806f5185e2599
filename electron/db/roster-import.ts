// A large import's writes to the roster's own file (roster-file.ts), from the import worker's thread on a connection
// of its own, with the SQLite binding the main thread loaded (passed by its resolved path: a worker bundle's own
// lookup may not reach it inside the packaged app).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { asAppError } from './errors';
import { createRosterWriter, type LabResult, type RosterPerson } from './rosters';

/**
 * Rows a transaction of the import, at most, and about how long one lasts. Only the roster's own writes on the gate's
 * connection (an admin's removal, the daily purge of old results) wait for one.
 */
const TX_ROWS = 100_000;
const TX_MS = 1_000;
/**
 * WAL pages after which SQLite checkpoints the import's connection (SQLite's default is 1,000). Each checkpoint waits
 * for the disk with everything written since the last, and a scan's commit to the register waits behind it (the disk
 * is shared): what the gate's scans feel of an import is mostly how many of them meet a checkpoint. People written in
 * ID-hash order (stagedPeople), 1,000,000 rows with a scan every 100 ms (measured here): checkpoints every 2,048 pages
 * held a dozen scans 30–40 ms; every 8,192 (32 MiB), a dozen or so scans 23–80 ms, one in 25: the scans' p95 during
 * the import 7.3 ms against 4.7 before (five runs); every 32,768 (128 MiB; the WAL file grows to that, and is cut to
 * nothing at the end), four to six scans 20–150 ms (the slowest 108–196 ms), p95 4.3–5.7 ms against 3.7–5.2 before.
 * (Row by row in the file's order, each row anywhere in the index, small checkpoints were far worse: every 1,000
 * pages gave scans a p95 of 73 ms.)
 */
const CHECKPOINT_PAGES = 32_768;
/**
 * The connection's page cache, KiB. SQLite's sorter, which orders the staged people, takes as much again. Rows
 * written in ID-hash order touch each index page about once, so a large cache buys little: 8 MiB kept the million-row
 * import's peak 20–30 MB lower than 32 MiB did, no slower (measured here).
 */
const CACHE_KIB = 8_192;

/**
 * The roster's file, opened for the import. People are staged as the file is read and written at `end`, sorted by ID
 * hash (stagedPeople); lab results as they come. Its commits do not wait for the disk (synchronous=NORMAL: in WAL
 * mode a power cut may lose the last of them but never damages the file, and importing the file again adds what was
 * lost, nothing twice); SQLite's own checkpoints, which do wait, fall on this thread. `end` waits for the disk with
 * everything (synchronous=FULL, the WAL copied into the file and cut to nothing) before the import is reported done.
 */
export function openRosterImport(path: string, sqliteModule: string, between: () => void = () => {}) {
  const Database = createRequire(import.meta.url)(sqliteModule) as typeof BetterSqlite3;
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
  } catch (err) {
    db.close();
    throw asAppError(err);
  }
  let staged: ReturnType<typeof stagedPeople>;
  try {
    staged = stagedPeople(db);
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
  const write = (people: RosterPerson[], results: LabResult[], now: number) => {
    if (began === undefined) {
      db.exec('BEGIN');
      began = performance.now();
    }
    const saved = save(people, results, now);
    added += saved.people + saved.results;
    rows += people.length + results.length;
    return rows >= TX_ROWS || performance.now() - began >= TX_MS ? commit() : undefined;
  };
  return {
    /**
     * One batch of the import. People are staged (nothing is committed until `end`); lab results go into the
     * transaction under way: what was committed with them, if they ended the transaction.
     */
    save(people: RosterPerson[], results: LabResult[], now: number): { rows: number; added: number } | undefined {
      try {
        between();
        if (people.length > 0) staged.add(people, now);
        return results.length > 0 ? write([], results, now) : undefined;
      } catch (err) {
        failed = true;
        throw asAppError(err);
      }
    },
    /** Whether a write failed (the file: a full disk, say): then nothing more is committed. */
    failed: () => failed,
    /**
     * The staged people written in ID-hash order, in transactions (each reported to `progress` as it commits), then
     * everything waited for on the disk; what the last transaction committed.
     */
    end(progress: (done: { rows: number; added: number }) => void = () => {}): { rows: number; added: number } {
      try {
        staged.sorted((people, now) => {
          between();
          const done = write(people, [], now);
          if (done) progress(done);
        });
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

/**
 * Rows the merge reads from the sorted stage and writes at a time: a transaction commits whole chunks. Small, so a
 * chunk's objects are garbage before the worker's next young-generation collection rather than carried into the old
 * one (chunks of 2,000 rows made the worker collect its old generation about twice a second, on helper threads at the
 * gate's priority: measured in the benchmark).
 */
export const MERGE_ROWS = 250;

/**
 * People staged for the roster, in a temporary table of the import's connection (its own temporary file, never waited
 * for on the disk; gone when the connection closes), then read back sorted by ID hash (rows with the same hash in the
 * file's order: the last wins, as it would row by row). Written in that order the roster's index on ID hashes is
 * written about once a page: row by row in the file's order, each hash lands anywhere in it, and a million rows
 * wrote 2.1 GB for an index of about 90 MB (issue 30: the gate's scans wait for the disk behind those writes).
 */
function stagedPeople(db: BetterSqlite3.Database) {
  db.pragma('temp_store = FILE');
  db.exec(`CREATE TEMP TABLE staged_people (id_hash TEXT, id_masked TEXT, name TEXT NOT NULL, category TEXT NOT NULL,
    badge TEXT, phone_masked TEXT) STRICT`);
  const insert = db.prepare('INSERT INTO temp.staged_people VALUES (?, ?, ?, ?, ?, ?)');
  const add = db.transaction((people: RosterPerson[]) => {
    for (const p of people) insert.run(p.idHash ?? null, p.idMasked ?? null, p.name, p.category, p.badge ?? null, p.phoneMasked ?? null);
  });
  let count = 0;
  let stamped = 0;
  return {
    /** People to write, stamped `now`. */
    add(people: RosterPerson[], now: number): void {
      add(people);
      count += people.length;
      stamped = now;
    },
    /** The staged people in ID-hash order, MERGE_ROWS at a time; the stage is emptied. */
    sorted(each: (people: RosterPerson[], now: number) => void): void {
      if (count === 0) return;
      db.exec(`CREATE TEMP TABLE sorted_people AS SELECT * FROM temp.staged_people ORDER BY id_hash, rowid;
        DROP TABLE temp.staged_people;`);
      const next = db.prepare<[number], StagedRow>(`SELECT rowid AS at, * FROM temp.sorted_people WHERE rowid > ? ORDER BY rowid LIMIT ${MERGE_ROWS}`);
      for (let at = 0; ; ) {
        const rows = next.all(at);
        if (rows.length === 0) break;
        at = rows[rows.length - 1]!.at;
        each(rows.map(stagedPerson), stamped);
      }
      db.exec('DROP TABLE temp.sorted_people');
      count = 0;
    },
  };
}

type StagedRow = { at: number; id_hash: string | null; id_masked: string | null; name: string; category: string; badge: string | null; phone_masked: string | null };
const stagedPerson = (r: StagedRow): RosterPerson => ({
  name: r.name, category: r.category as RosterPerson['category'],
  ...(r.id_hash !== null ? { idHash: r.id_hash } : {}), ...(r.id_masked !== null ? { idMasked: r.id_masked } : {}),
  ...(r.badge !== null ? { badge: r.badge } : {}), ...(r.phone_masked !== null ? { phoneMasked: r.phone_masked } : {}),
});
