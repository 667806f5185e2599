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
import { log as stationLog, newReportCode } from '../services/station-log';

/** Where a call's failure is written instead of the station's log (tests that stage failures on purpose). */
export type Logger = (line: string) => void;

/** The Result of a failed call: the code and the staff's words, plus the ids of the log line that has the cause. */
export function failure(code: AppErrorCode, ids?: { correlationId: string; reportCode: string }, retryAfterMs?: number): Result<never> {
  const m = USER_MESSAGES[code];
  return {
    ok: false,
    error: { code, message: m.zh, messageEn: m.en, ...(ids ?? {}), ...(retryAfterMs ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}) },
  };
}

/** A failed call's line: in the station's log file (on disk before the reply goes out), or given to `override`. */
function logFailure(override: Logger | undefined, level: 'warn' | 'error', fields: { method: string; corr?: string; report?: string; code: string; detail?: string }): void {
  if (override) override(`[${fields.method}] ${fields.corr ?? ''} ${fields.report ?? ''} ${fields.code} ${fields.detail ?? ''}`.replace(/ +/g, ' ').trim());
  else stationLog[level]('call.failed', fields);
}

/** Expected refusals: the caller's mistake or a state staff act on, logged without noise (code and detail only). */
const EXPECTED: ReadonlySet<AppErrorCode> = new Set(['INVALID_INPUT', 'WRONG_PIN', 'PIN_LOCKED', 'PHONE_CHECK_REQUIRED', 'SIGNED_OUT', 'NOT_SET_UP', 'ALREADY_SET_UP', 'CATEGORY_NOT_APPLICABLE', 'FORBIDDEN']);

export async function dispatch<M extends Method>(handlers: Handlers, method: M, raw: unknown, log?: Logger): Promise<Result<OutputOf<M>>> {
  const schema = contract[method].input;
  // Only a call with no argument defaults to {}; null and other values are malformed.
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) {
    logFailure(log, 'warn', { method, code: 'INVALID_INPUT', detail: formatZodError(parsed.error) });
    return failure('INVALID_INPUT');
  }
  markStage('parse');
  try {
    const impl = handlers[method] as (input: unknown) => Promise<OutputOf<M>>;
    return { ok: true, value: await impl(parsed.data) };
  } catch (err) {
    // Every failure is logged once, here, with its cause; what crosses the bridge is only the code and its words.
    const ids = { correlationId: randomBytes(4).toString('hex'), reportCode: newReportCode() };
    const at = { method, corr: ids.correlationId, report: ids.reportCode };
    if (err instanceof AppError) {
      const isExpected = err.code !== 'INTERNAL' && EXPECTED.has(err.code);
      const detail = isExpected ? err.detail : causeOf(err);
      logFailure(log, isExpected ? 'warn' : 'error', { ...at, code: err.code, ...(detail ? { detail } : {}) });
      return failure(err.code, ids, err.retryAfterMs);
    }
    const dbCode = sqliteErrorCode(err);
    logFailure(log, 'error', { ...at, code: dbCode ?? 'INTERNAL', detail: causeOf(err) });
    return failure(dbCode ?? 'INTERNAL', ids);
  }
}
