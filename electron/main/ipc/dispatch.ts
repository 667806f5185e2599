// One way to call a contract method from untrusted input, shared by IPC (main) and the browser host's socket:
// validate with the contract's schema, call the service, wrap the value or the error in a Result. Never throws.
import { randomBytes } from 'node:crypto';
import { contract, type OutputOf } from '../../api/contract';
import type { Method } from '../../api/methods';
import type { Result } from '../../api/result';
import { AppError, USER_MESSAGES, causeOf, type AppErrorCode } from '../../core/errors';
import { formatZodError } from '../../core/zod-error';
import { sqliteErrorCode } from '../../db/errors';
import type { Handlers } from '../../api/contract';
import { markStage } from '../services/stage-timing';

export type Logger = (line: string) => void;

/** The Result of a failed call: the code and the staff's words, plus the id of the log line that has the cause. */
export function failure(code: AppErrorCode, correlationId?: string, retryAfterMs?: number): Result<never> {
  const m = USER_MESSAGES[code];
  return {
    ok: false,
    error: { code, message: m.zh, messageEn: m.en, ...(correlationId ? { correlationId } : {}), ...(retryAfterMs ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}) },
  };
}

/** Expected refusals: the caller's mistake or a state staff act on, logged without noise (code and detail only). */
const EXPECTED: ReadonlySet<AppErrorCode> = new Set(['INVALID_INPUT', 'WRONG_PIN', 'PIN_LOCKED', 'PHONE_CHECK_REQUIRED', 'SIGNED_OUT', 'NOT_SET_UP', 'ALREADY_SET_UP', 'CATEGORY_NOT_APPLICABLE', 'FORBIDDEN']);

export async function dispatch<M extends Method>(handlers: Handlers, method: M, raw: unknown, log: Logger = console.error): Promise<Result<OutputOf<M>>> {
  const schema = contract[method].input;
  // Only a call with no argument defaults to {}; null and other values are malformed.
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) {
    log(`[${method}] INVALID_INPUT ${formatZodError(parsed.error)}`);
    return failure('INVALID_INPUT');
  }
  markStage('parse');
  try {
    const impl = handlers[method] as (input: unknown) => Promise<OutputOf<M>>;
    return { ok: true, value: await impl(parsed.data) };
  } catch (err) {
    // Every failure is logged once, here, with its cause; what crosses the bridge is only the code and its words.
    const correlationId = randomBytes(4).toString('hex');
    if (err instanceof AppError) {
      const cause = err.code === 'INTERNAL' || !EXPECTED.has(err.code) ? ` ${causeOf(err)}` : err.detail ? ` ${err.detail}` : '';
      log(`[${method}] ${correlationId} ${err.code}${cause}`);
      return failure(err.code, correlationId, err.retryAfterMs);
    }
    const dbCode = sqliteErrorCode(err);
    log(`[${method}] ${correlationId} ${dbCode ?? 'INTERNAL'} ${causeOf(err)}`);
    return failure(dbCode ?? 'INTERNAL', correlationId);
  }
}
