// What the main thread and the import worker say to each other.
import type { AppErrorCode } from '../../../core/errors';
import type { ParsedPerson, ParsedResult, RowError, TableKind } from '../../../core/roster/columns';
import type { TableLimits } from './zip-guard';

export interface WorkerRequest {
  kind: TableKind;
  fileName: string;
  /** The file's bytes, transferred (not copied) to the worker. */
  bytes: ArrayBuffer;
  limits: TableLimits;
}

export type WorkerReply =
  | { ok: true; kind: 'roster'; items: ParsedPerson[]; errors: RowError[] }
  | { ok: true; kind: 'results'; items: ParsedResult[]; errors: RowError[] }
  | { ok: false; code: AppErrorCode; detail: string };
