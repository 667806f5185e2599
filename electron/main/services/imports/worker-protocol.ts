// What the main thread and the import worker say to each other. The worker reads the file in pieces and sends the
// valid rows in batches; in a commit, it reads on only once the main thread has written the last batch (so memory
// stays flat however long the file is, and a slow disk never piles rows up).
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
}

export type ParsedRow = ParsedPerson | ParsedResult;

export type WorkerMessage =
  /** Valid rows to write; the worker waits for `next`. */
  | { type: 'batch'; items: ParsedRow[] }
  | { type: 'done'; valid: number; errorRows: number; errors: RowError[]; preview: ParsedRow[] }
  | { type: 'failed'; code: AppErrorCode; detail: string }
  /** A checkpoint asked for is done (or failed: a full disk; the rows stay in the WAL). */
  | { type: 'checkpointed'; failed?: string };

export type MainMessage =
  | { type: 'next' }
  /**
   * Checkpoint the register's WAL (PASSIVE) on a connection of the worker's own, off the main thread, with the SQLite
   * binding the main thread loaded (its resolved path: the worker bundle's own lookup may not reach it when packaged).
   */
  | { type: 'checkpoint'; file: string; sqlite: string };
