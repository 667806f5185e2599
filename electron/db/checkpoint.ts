// A checkpoint of the register's WAL from another thread of this process (the import worker): a connection of its own,
// opened for it and closed after, with the SQLite binding the main thread loaded (passed by its resolved path: a worker
// bundle's own lookup may not reach it inside the packaged app).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * A PASSIVE checkpoint of `file`'s WAL: the pages go to the database file, which waits for the disk on this thread.
 * PASSIVE takes no lock a writer needs, so the main thread goes on committing meanwhile. Throws what SQLite throws.
 */
export function checkpointFrom(file: string, sqliteModule: string): void {
  const Database = createRequire(import.meta.url)(sqliteModule) as typeof BetterSqlite3;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('cache_size = -256');
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
}
