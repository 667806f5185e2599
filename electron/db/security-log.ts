// The security log's events besides PIN lockouts (db/pin-lockouts.ts): clock jumps, and what an admin accepted after
// a loud stop (a register behind its mark, a new key). Never personal data.
import type { Database } from 'better-sqlite3';
import { asAppError } from './errors';

export interface SecurityEvent {
  atMs: number;
  event: 'clock-jump-forward' | 'clock-set-back' | 'clock-confirmed' | 'register-behind-accepted' | 'key-replaced';
  /** How far the clock moved, in milliseconds (stored in the log's duration column). */
  amountMs: number;
}

/** A venue event: a published file refused, an install epoch opened (the detail names files and entry numbers only). */
export interface VenueSecurityEvent {
  atMs: number;
  event: 'venue-file-refused' | 'venue-epoch-opened';
  detail: string;
}

export function createSecurityLogRepo(db: Database) {
  const insertVenue = db.prepare<{ atMs: number; event: string; detail: string }>(
    "INSERT INTO security_log (at_ms, event, subject, failures, locked_ms) VALUES (@atMs, @event, @detail, 0, 0)");
  const listVenue = db.prepare<[], { at_ms: number; event: string; subject: string }>("SELECT at_ms, event, subject FROM security_log WHERE event LIKE 'venue-%' ORDER BY id");
  const insert = db.prepare<{ atMs: number; event: string; amountMs: number }>(
    "INSERT INTO security_log (at_ms, event, subject, failures, locked_ms) VALUES (@atMs, @event, 'clock', 0, @amountMs)");
  const list = db.prepare<[], { at_ms: number; event: string; locked_ms: number }>("SELECT at_ms, event, locked_ms FROM security_log WHERE subject = 'clock' ORDER BY id");
  return {
    record(e: SecurityEvent): void {
      try {
        insert.run({ ...e, amountMs: Math.round(e.amountMs) });
      } catch (err) {
        throw asAppError(err);
      }
    },
    note(e: VenueSecurityEvent): void {
      try {
        insertVenue.run({ ...e, detail: e.detail.slice(0, 500) });
      } catch (err) {
        throw asAppError(err);
      }
    },
    venueEvents: (): VenueSecurityEvent[] => listVenue.all().map((r) => ({ atMs: r.at_ms, event: r.event as VenueSecurityEvent['event'], detail: r.subject })),
    clockEvents: (): SecurityEvent[] => list.all().map((r) => ({ atMs: r.at_ms, event: r.event as SecurityEvent['event'], amountMs: r.locked_ms })),
  };
}
export type SecurityLogRepo = ReturnType<typeof createSecurityLogRepo>;
