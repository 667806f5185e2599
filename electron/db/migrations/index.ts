// Ordered migrations. Numbers step by 10 so a hotfix can slot in between; never edit one that has shipped.
import type { Database } from 'better-sqlite3';
import * as m0010 from './0010-initial';
import * as m0020 from './0020-purge-and-export-logs';
import * as m0030 from './0030-rosters';
import * as m0040 from './0040-pin-lockouts';
import * as m0050 from './0050-keyed-fingerprints';
import * as m0060 from './0060-entry-reasons';
import * as m0070 from './0070-venue-sync';
import * as m0080 from './0080-venue-trust';
import * as m0090 from './0090-exits';
import * as m0100 from './0100-roster-file';

/** What a migration may need from outside the database. */
export interface MigrationContext {
  /** HMAC over an unkeyed SHA-256 scan digest with the install key (asked for only when there is one to re-key). */
  rekeyScanDigest?: () => (hex: string) => string;
}

export interface Migration {
  version: number;
  name: string;
  up: (db: Database, ctx: MigrationContext) => void;
  /**
   * A step committed in a transaction of its own before `up` (connection.ts: migrate): for writes to another
   * attached file, which must be done, and safe to do again, before the register records the migration.
   */
  before?: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'initial', up: m0010.up },
  { version: 20, name: 'purge-and-export-logs', up: m0020.up },
  { version: 30, name: 'rosters', up: m0030.up },
  { version: 40, name: 'pin-lockouts', up: m0040.up },
  { version: 50, name: 'keyed-fingerprints', up: m0050.up },
  { version: 60, name: 'entry-reasons', up: m0060.up },
  { version: 70, name: 'venue-sync', up: m0070.up },
  { version: 80, name: 'venue-trust', up: m0080.up },
  { version: 90, name: 'exits', up: m0090.up },
  { version: 100, name: 'roster-file', before: m0100.before, up: m0100.up },
];
