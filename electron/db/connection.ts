// Opens the register database and brings its schema up to date before any window opens.
// WAL with synchronous=FULL: an acknowledged entry survives a power cut.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors';
import { MIGRATIONS, type Migration, type MigrationContext } from './migrations';
import { asAppError } from './errors';
import { ROSTER_FILE_NAME, ROSTER_SCHEMA, ROSTER_TABLES } from './roster-file';

export { ROSTER_FILE_NAME, ROSTER_SCHEMA };
export { rosterFileOf } from './roster-file';

/** The connection type, for code outside electron/db that holds one without touching SQL. */
export type { Db };

export const DB_FILE_NAME = 'register.sqlite';

export interface OpenOptions {
  /** Stop after this schema version (migration tests). */
  targetVersion?: number;
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** What migrations may need from outside the database (the install key, to re-key old digests). */
  migrationContext?: MigrationContext;
}

/** Owner-only modes for the data folder and the files in it (a no-op where the platform has none). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Makes `dir` (and its parents) if needed and closes it to everyone but the owner. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** The database and its WAL and shared-memory files, owner-only (SQLite gives the WAL the database's mode). */
function closeFiles(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(f)) chmodSync(f, PRIVATE_FILE_MODE);
  }
}

/** The data folder: GATE_DATA_DIR when set (tests, several stations on one machine), else the caller's default. */
export function resolveDataDir(fallback: string): string {
  return process.env.GATE_DATA_DIR && process.env.GATE_DATA_DIR.trim() !== '' ? process.env.GATE_DATA_DIR : fallback;
}

/**
 * The lock that keeps a register to one process: a file beside it (empty, never written) that a connection of its own
 * holds with an exclusive SQLite lock until it closes (the OS drops it if the process dies). A second process is
 * refused at once rather than left waiting. The register itself uses SQLite's normal locking, so another connection of
 * this process (the import worker's, which checkpoints the WAL off the main thread) can open it.
 */
export const LOCK_FILE_NAME = 'register.lock';

function takeProcessLock(dataDir: string): Db {
  const path = join(dataDir, LOCK_FILE_NAME);
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  const lock = new Database(path);
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('busy_timeout = 0');
    // An exclusive transaction that writes nothing: in EXCLUSIVE locking mode its lock is kept after COMMIT.
    lock.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new AppError('DB_LOCKED_BY_OTHER_PROCESS', `${join(dataDir, DB_FILE_NAME)} is open in another process`);
    }
    throw err;
  }
  return lock;
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  const path = join(dataDir, DB_FILE_NAME);
  let db: Db | undefined;
  let lock: Db | undefined;
  try {
    if (!options.readonly) {
      ensurePrivateDir(dataDir);
      lock = takeProcessLock(dataDir);
      closeFiles(path);
    }
    db = new Database(path, { readonly: options.readonly ?? false });
    if (lock) {
      // The process lock goes when the register closes, not before.
      const held = lock;
      const close = db.close.bind(db);
      db.close = () => {
        try {
          return close();
        } finally {
          if (held.open) held.close();
        }
      };
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Deleted rows (a purge) are overwritten with zeros, not left readable in free pages.
      db.pragma('secure_delete = ON');
      // 32 MiB of page cache (SQLite's default is 2 MiB): a million-row roster's indexes stay mostly in memory while it
      // is imported (1,000,000 rows: 51 s with the default, 43 s with this) and looked up.
      db.pragma('cache_size = -32768');
      closeFiles(path);
      // Damage mid-file is found now, not at the first scan that touches the bad page.
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new AppError('DB_CORRUPT', `quick_check: ${String(check)}`);
    }
    attachRosterFile(db, dataDir, options.readonly ?? false);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion, options.migrationContext);
  } catch (err) {
    if (db?.open) db.close();
    if (lock?.open) lock.close();
    throw asAppError(err);
  }
  return db;
}


/** The schema version from which the roster lives in its own file (migration 0100). */
const ROSTER_FILE_VERSION = 100;
const rosterMadeAfresh = new WeakSet<Db>();

/**
 * Whether this register's roster file was missing when it opened, so an empty one was made: the roster (which the
 * venue's file can always give again) is then empty, and the start says so in the station's log.
 */
export function rosterFileWasMissing(db: Db): boolean {
  return rosterMadeAfresh.has(db);
}

/**
 * The roster's file (ROSTER_FILE_NAME), attached as ROSTER_SCHEMA: made owner-only, in WAL with synchronous=FULL as
 * the register is, checked for damage, its tables made if new. A read-only register whose roster file is not there
 * (a register from before migration 0100) reads its roster where it is.
 */
function attachRosterFile(db: Db, dataDir: string, readonly: boolean): void {
  const path = join(dataDir, ROSTER_FILE_NAME);
  if (readonly && !existsSync(path)) return;
  // A register that had its roster moved (0100) but no roster file now: made afresh, empty, and said so (compose.ts).
  if (!readonly && !existsSync(path) && schemaVersion(db) >= ROSTER_FILE_VERSION) rosterMadeAfresh.add(db);
  if (!readonly) closeFiles(path);
  db.prepare(`ATTACH DATABASE ? AS ${ROSTER_SCHEMA}`).run(path);
  if (readonly) return;
  db.pragma(`${ROSTER_SCHEMA}.journal_mode = WAL`);
  db.pragma(`${ROSTER_SCHEMA}.synchronous = FULL`);
  db.pragma(`${ROSTER_SCHEMA}.secure_delete = ON`);
  db.pragma(`${ROSTER_SCHEMA}.cache_size = -16384`);
  const check = db.pragma(`${ROSTER_SCHEMA}.quick_check`, { simple: true });
  if (check !== 'ok') throw new AppError('DB_CORRUPT', `${ROSTER_FILE_NAME}: quick_check: ${String(check)}`);
  db.exec(ROSTER_TABLES);
  closeFiles(path);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies pending migrations in one transaction (a migration's `before` step, and the migrations from it on, in
 * transactions of their own). Refuses a database from a newer build (DB_FROM_NEWER_VERSION)
 * and a migration list whose numbers do not strictly increase. Foreign keys are off while a migration rebuilds a
 * table (SQLite's documented procedure) and checked before the transaction commits.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, targetVersion?: number, ctx: MigrationContext = {}): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`migration ${migrations[i]!.version} does not come after ${migrations[i - 1]!.version}`);
    }
  }
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError('DB_FROM_NEWER_VERSION', `database schema ${current} is newer than this build's ${latest}`);
  }
  const target = targetVersion ?? latest;
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  // Migrations run in one transaction; one with a `before` step ends the run before it, and its step commits in a
  // transaction of its own first (a transaction over two files is not atomic across them in WAL mode: a step that
  // writes another file must be done, and safe to do again, before the register records the migration).
  const runs: Migration[][] = [];
  for (const m of pending) {
    if (m.before || runs.length === 0) runs.push([]);
    runs.at(-1)!.push(m);
  }
  try {
    for (const run of runs) {
      if (run[0]!.before) db.transaction(() => run[0]!.before!(db))();
      db.transaction(() => {
        for (const m of run) {
          m.up(db, ctx);
          // PRAGMA takes no bound parameters; the version is an integer from the migration list, never input.
          db.pragma(`user_version = ${Math.trunc(m.version)}`);
        }
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new AppError('DB_CORRUPT', `migration left ${broken.length} broken references`);
      })();
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
