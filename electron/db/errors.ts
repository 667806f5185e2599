// Sorts SQLite failures into the app's codes (Signal's SqliteErrorKind idea): each drives its own screen.
import { AppError, type AppErrorCode } from '../core/errors';

export function sqliteErrorCode(err: unknown): AppErrorCode | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return 'DB_READ_ONLY';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'DB_CORRUPT';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'DB_BUSY';
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return 'DB_FULL';
  return undefined;
}

/** Rethrows a SQLite failure as an AppError with its code; anything else unchanged. */
export function asAppError(err: unknown): unknown {
  const code = sqliteErrorCode(err);
  return code ? new AppError(code, (err as Error).message, { cause: err }) : err;
}
