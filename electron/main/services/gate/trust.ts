// Trust-list import from Settings: the file is staged in the data folder, validated whole and written atomically by
// ../trust.ts, and the lists in force are reloaded.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { importTrustFile } from '../trust';
import { loadStationConfig } from '../station-config';
import type { GateContext } from './context';
import { trustInfo } from './station';

/** A staging file name that cannot leave the staging folder, whatever the admin's file was called. */
export function stagingName(fileName: string): string {
  const name = fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').replace(/^\.+/, '') || 'trust.json';
  return name.endsWith('.json') ? name : `${name}.json`;
}

export function trustHandlers(ctx: GateContext): Pick<Handlers, 'importTrust'> {
  return {
    async importTrust(input: ParsedInputOf<'importTrust'>) {
      ctx.session.requireAdmin(input.adminPin);
      const cfg = loadStationConfig(ctx.settings, ctx.packs);
      const staging = join(ctx.dataDir, 'trust-staging');
      mkdirSync(staging, { recursive: true });
      const file = join(staging, stagingName(input.fileName));
      try {
        writeFileSync(file, input.content);
        await importTrustFile(ctx.dataDir, file);
      } finally {
        rmSync(file, { force: true });
      }
      await ctx.reloadTrust();
      return trustInfo(await ctx.trust(), cfg.trustMaxAgeDays, ctx.clock());
    },
  };
}
