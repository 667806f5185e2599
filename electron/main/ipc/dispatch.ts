// One way to call a contract method from untrusted input, shared by IPC (main) and HTTP (browser host):
// validate with the contract's schema, call the service, wrap the value or the error in a Result. Never throws.
import { randomBytes } from 'node:crypto';
import { contract, type OutputOf } from '../../api/contract';
import type { Method } from '../../api/methods';
import type { Result } from '../../api/result';
import { AppError, USER_MESSAGES, type AppErrorCode } from '../../core/errors';
import { formatZodError } from '../../core/zod-error';
import { sqliteErrorCode } from '../../db/errors';
import type { Handlers } from '../../api/contract';

export type Logger = (line: string) => void;

export function failure(code: AppErrorCode, detail?: string, correlationId?: string): Result<never> {
  const m = USER_MESSAGES[code];
  const error: Extract<Result<never>, { ok: false }>['error'] = { code, message: m.zh, messageEn: m.en };
  if (detail) error.detail = detail;
  if (correlationId) error.correlationId = correlationId;
  return { ok: false, error };
}

export async function dispatch<M extends Method>(handlers: Handlers, method: M, raw: unknown, log: Logger = console.error): Promise<Result<OutputOf<M>>> {
  const schema = contract[method].input;
  // Only a call with no argument defaults to {}; null and other values are malformed.
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) return failure('INVALID_INPUT', formatZodError(parsed.error));
  try {
    const impl = handlers[method] as (input: unknown) => Promise<OutputOf<M>>;
    return { ok: true, value: await impl(parsed.data) };
  } catch (err) {
    if (err instanceof AppError) {
      if (err.code === 'INTERNAL') log(`[${method}] ${err.message}`);
      return failure(err.code, err.detail);
    }
    const dbCode = sqliteErrorCode(err);
    if (dbCode) {
      log(`[${method}] ${(err as Error).message}`);
      return failure(dbCode);
    }
    const correlationId = randomBytes(4).toString('hex');
    log(`[${method}] ${correlationId} ${(err as Error)?.stack ?? String(err)}`);
    return failure('INTERNAL', undefined, correlationId);
  }
}
