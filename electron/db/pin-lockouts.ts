// Wrong-PIN counts per PIN entry, and the security log of lockouts. Rows are mapped at this edge.
import type { Database } from 'better-sqlite3';
import type { PinLockoutState } from '../core/station/pin-lockout';
import { asAppError } from './errors';

/** Whose PIN: the admin's, or one operator's. */
export type PinSubject = 'admin' | `operator:${string}`;

export interface LockoutRecord {
  atMs: number;
  subject: PinSubject;
  failures: number;
  lockedMs: number;
}

export function createPinLockoutsRepo(db: Database) {
  const getStmt = db.prepare<{ subject: string }, { failures: number; locked_until: number }>('SELECT failures, locked_until FROM pin_lockouts WHERE subject = @subject');
  const putStmt = db.prepare<{ subject: string; failures: number; lockedUntil: number }>(`
    INSERT INTO pin_lockouts (subject, failures, locked_until) VALUES (@subject, @failures, @lockedUntil)
    ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`);
  const logStmt = db.prepare<{ atMs: number; subject: string; failures: number; lockedMs: number }>(
    "INSERT INTO security_log (at_ms, event, subject, failures, locked_ms) VALUES (@atMs, 'pin-locked', @subject, @failures, @lockedMs)");
  const listStmt = db.prepare<[], { at_ms: number; subject: string; failures: number; locked_ms: number }>("SELECT * FROM security_log WHERE event = 'pin-locked' ORDER BY id");
  return {
    get(subject: PinSubject): PinLockoutState | undefined {
      const row = getStmt.get({ subject });
      return row ? { failures: row.failures, lockedUntil: row.locked_until } : undefined;
    },
    /** Stores the new count and, when the failure started a lockout, logs it: one transaction. */
    put(subject: PinSubject, state: PinLockoutState, lockout?: LockoutRecord): void {
      try {
        db.transaction(() => {
          putStmt.run({ subject, failures: state.failures, lockedUntil: state.lockedUntil });
          if (lockout) logStmt.run(lockout);
        })();
      } catch (err) {
        throw asAppError(err);
      }
    },
    lockouts(): LockoutRecord[] {
      return listStmt.all().map((r) => ({ atMs: r.at_ms, subject: r.subject as PinSubject, failures: r.failures, lockedMs: r.locked_ms }));
    },
  };
}
export type PinLockoutsRepo = ReturnType<typeof createPinLockoutsRepo>;
