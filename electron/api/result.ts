import type { AppErrorCode } from '../core/errors';

/** What every contract method resolves to: IPC handlers never throw across the bridge. */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: AppErrorCode; message: string; messageEn: string; detail?: string; correlationId?: string } };
