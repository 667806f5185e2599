import type { Database } from 'better-sqlite3';

/**
 * Wrong-PIN counts per PIN entry (kept across restarts, so turning the station off and on does not reset them) and
 * a security log of each lockout (what was locked, when, for how long: never a PIN).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE pin_lockouts (
      subject       TEXT PRIMARY KEY,   -- 'admin' or 'operator:<name>'
      failures      INTEGER NOT NULL,
      locked_until  INTEGER NOT NULL    -- UTC epoch milliseconds, 0 when not locked
    ) STRICT;

    CREATE TABLE security_log (
      id          INTEGER PRIMARY KEY,
      at_ms       INTEGER NOT NULL,     -- UTC epoch milliseconds
      event       TEXT NOT NULL,        -- pin-locked
      subject     TEXT NOT NULL,
      failures    INTEGER NOT NULL,
      locked_ms   INTEGER NOT NULL
    ) STRICT;
  `);
}
