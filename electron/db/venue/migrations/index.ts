// The venue schema's migrations, in order: each runs once, in the transaction of `venue init` (under its lock), and
// records its number in gc.schema_version. A database made by any earlier build is brought to this one's.
import { up as initial } from './0001-initial';
import { up as trustModel } from './0002-trust-model';
import { up as exits } from './0003-exits';

export interface VenueMigration {
  version: number;
  name: string;
  sql: string;
}

export const VENUE_MIGRATIONS: readonly VenueMigration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'trust-model', sql: trustModel },
  { version: 3, name: 'exits', sql: exits },
];

export const VENUE_SCHEMA_VERSION = VENUE_MIGRATIONS[VENUE_MIGRATIONS.length - 1]!.version;
