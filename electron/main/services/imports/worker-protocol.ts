// What the main thread and the import worker say to each other. The worker reads the file in pieces and checks the
// rows a batch at a time. In a commit into the roster's own file (`target`) it hashes and writes the rows itself and
// says how far it got; otherwise it sends the valid rows in batches and reads on only once the main thread has
// written the last (so memory stays flat however long the file is, and a slow disk never piles rows up).
import type { AppErrorCode } from '../../../core/errors';
import type { ParsedPerson, ParsedResult, RowError, TableKind } from '../../../core/roster/columns';
import type { TableLimits } from './zip-guard';

/** The file: its bytes (transferred, not copied), or its path (read in pieces by the worker). */
export type ImportSource = { bytes: ArrayBuffer } | { path: string };

export interface WorkerRequest {
  kind: TableKind;
  fileName: string;
  source: ImportSource;
  limits: TableLimits;
  /** Send the valid rows to be written (a commit), or only count them (a preview). */
  commit: boolean;
  batchRows: number;
  /** A commit the worker writes itself: see WriteTarget. */
  target?: WriteTarget;
  /** The gate's answers under way (gate-first.ts): the worker waits while there are any. */
  gateTurn?: SharedArrayBuffer;
}

/**
 * The roster's file (connection.ts: ROSTER_FILE_NAME), written by the worker on a connection of its own: ID numbers
 * hashed with `idKey` (copied to the worker; install-secret.ts: idHasher), with the SQLite binding the main thread
 * loaded (its resolved path: the worker bundle's own lookup may not reach it when packaged), rows stamped `now`.
 */
export interface WriteTarget {
  file: string;
  idKey: Uint8Array;
  sqlite: string;
  now: number;
}

export type ParsedRow = ParsedPerson | ParsedResult;

/**
 * Rows a batch when the worker writes them itself (a target): fewer than the main thread's batches (IMPORT_BATCH_ROWS),
 * so a batch's rows die young. A million-row import in batches of 2,000 made the worker collect its old generation
 * 85–90 times, on helper threads that run at the gate's priority whatever the worker's own; in batches of 250 (and
 * MERGE_ROWS of 250), about 37, and the gate's check p95 during the import 7.1 → 5.0–5.9 ms (single runs).
 */
export const TARGET_BATCH_ROWS = 250;

export type WorkerMessage =
  /** Valid rows to write; the worker waits for `next`. */
  | { type: 'batch'; items: ParsedRow[] }
  /** Rows read and checked so far, in a commit to a target that stages them (nothing committed yet). */
  | { type: 'read'; rows: number }
  /** Rows the worker committed itself (a target), and how many rows of the import so far were new or changed. */
  | { type: 'written'; rows: number; added: number }
  /** `added`: with a target, the rows that were new or changed, all committed to the file before this is sent. */
  | { type: 'done'; valid: number; errorRows: number; errors: RowError[]; preview: ParsedRow[]; added?: number }
  | { type: 'failed'; code: AppErrorCode; detail: string; written?: number };

export type MainMessage = { type: 'next' };
