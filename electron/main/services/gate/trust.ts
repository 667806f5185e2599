// Trust-list import from Settings: the file is staged in the data folder, validated whole and written atomically by
// ../trust.ts, and the lists in force are reloaded.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { importTrustFile, type LoadedTrust } from '../trust';
import { loadStationConfig } from '../station-config';
import type { GateContext } from './context';
import { trustInfo } from './station';

/** A staging file name that cannot leave the staging folder, whatever the admin's file was called. */
export function stagingName(fileName: string): string {
  const name = fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').replace(/^\.+/, '') || 'trust.json';
  return name.endsWith('.json') ? name : `${name}.json`;
}

/** Imports a trust list (or value set) given as content: staged in the data folder, validated whole, then in force. */
export async function importTrustContent(dataDir: string, fileName: string, content: string | Uint8Array): Promise<LoadedTrust> {
  const staging = join(dataDir, 'trust-staging');
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const file = join(staging, stagingName(fileName));
  try {
    writeFileSync(file, content);
    return await importTrustFile(dataDir, file);
  } finally {
    rmSync(file, { force: true });
  }
}

export function trustHandlers(ctx: GateContext): Pick<Handlers, 'importTrust'> {
  return {
    async importTrust(input: ParsedInputOf<'importTrust'>) {
      ctx.session.requireAdmin(input.adminPin);
      const cfg = loadStationConfig(ctx.settings, ctx.packs);
      const file = await importTrustContent(ctx.dataDir, input.fileName, input.content);
      await ctx.reloadTrust();
      // What the file held, kind by kind, with its own count and date (not the station's totals after it).
      const imported = file.sources.map((s) => ({ kind: s.kind, name: s.name, count: s.count, ...(s.date ? { date: s.date } : {}) }));
      return { ...trustInfo(await ctx.trust(), cfg.trustMaxAgeDays, ctx.clock()), imported };
    },
  };
}
