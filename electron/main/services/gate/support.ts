// Settings' support bundle: the same zip as `gatecheck diagnose`, written into the export folder on the admin PIN.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { AppError, causeOf } from '../../../core/errors';
import { PRIVATE_FILE_MODE } from '../../../db/connection';
import type { GateContext } from './context';

/** Writes bytes under `name` in `dir` (a temporary file, flushed, renamed; owner-only). EXPORT_WRITE_FAILED otherwise. */
export function writePrivateFile(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return path;
  } catch (err) {
    throw new AppError('EXPORT_WRITE_FAILED', `${path}: ${causeOf(err)}`, { cause: err });
  }
}

/** The bundle's file name: when it was made, by the station's clock (UTC, no colons, any file system takes it). */
export const supportBundleName = (now: number) => `gatecheck-support-${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.zip`;

export function supportHandlers(ctx: GateContext): Pick<Handlers, 'diagnose'> {
  return {
    async diagnose(input: ParsedInputOf<'diagnose'>) {
      ctx.session.requireAdmin(input.adminPin);
      if (!ctx.supportBundle) throw new AppError('INTERNAL', 'no support bundle here');
      const bytes = await ctx.supportBundle();
      return { path: writePrivateFile(ctx.exportDir(), supportBundleName(ctx.clock()), bytes), bytes: bytes.length };
    },
  };
}
