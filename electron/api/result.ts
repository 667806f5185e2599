import type { AppErrorCode } from '../core/errors';

/**
 * What every contract method resolves to: IPC handlers never throw across the bridge. An error carries its code and
 * the staff's words for it, never the cause: that goes to the station's log file, where `correlationId` and the
 * short `reportCode` staff read out (R-7KQ2MA) both find its line.
 */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: AppErrorCode; message: string; messageEn: string; correlationId?: string; reportCode?: string; retryAfterSeconds?: number } };
