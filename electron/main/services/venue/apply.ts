// Applies a file the venue's admin published and signed (the signature is checked by the sync before this is called),
// through the same imports as an admin's at this station: a roster or lab results (the venue's table: fingerprints
// and categories, checked whole), a signed policy pack (its publisher's signature checked too), a trust list or an EU
// value set (validated whole, written atomically), the venue-wide settings (checked whole; never a station's own). A
// file that fails changes nothing; the failure is recorded against it.
import { AppError } from '../../../core/errors';
import { valueText } from '../../../core/text';
import type { PublishedFile } from '../../../db/venue/station-client';
import type { RostersRepo } from '../../../db/rosters';
import { applyVenueTable } from './tables';
import { importPackFile, type PackRegistry } from '../packs';
import type { Publisher } from '../pack-signature';
import { importTrustContent } from '../gate/trust';
import { venueSettingsSchema } from '../../../core/station/config';
import { formatZodError } from '../../../core/zod-error';
import { loadStationConfig, saveStationConfig } from '../station-config';
import type { SettingsRepo } from '../../../db/settings';
import { log } from '../station-log';

export interface ApplyDeps {
  dataDir: string;
  rosters: RostersRepo;
  clock: () => number;
  packs: PackRegistry;
  publishers: readonly Publisher[];
  reloadTrust: () => Promise<void>;
  settings: SettingsRepo;
}

export function publishedFileApplier(deps: ApplyDeps): (file: PublishedFile) => Promise<void> {
  return async (file) => {
    switch (file.kind) {
      case 'roster':
      case 'results': {
        const added = applyVenueTable(deps.rosters, file.body, file.name, deps.clock());
        log.info('venue.table-applied', { kind: file.kind, file: file.name, ...added });
        return;
      }
      case 'pack':
        importPackFile(deps.dataDir, file.body.toString('utf8'), deps.publishers, deps.packs);
        deps.packs.reload();
        return;
      case 'trust':
        await importTrustContent(deps.dataDir, file.name, file.body);
        await deps.reloadTrust();
        return;
      case 'settings': {
        let json: unknown;
        try {
          json = JSON.parse(file.body.toString('utf8'));
        } catch (err) {
          throw new AppError('PROFILE_INVALID', `${file.name}: not JSON (${(err as Error).message})`);
        }
        const parsed = venueSettingsSchema.safeParse(json);
        if (!parsed.success) throw new AppError('PROFILE_INVALID', `${file.name}: ${formatZodError(parsed.error)}`);
        // Not set up yet: NOT_SET_UP, and the file is applied at a round after the setup.
        const current = loadStationConfig(deps.settings, deps.packs).data;
        saveStationConfig(deps.settings, deps.packs, { ...current, ...parsed.data });
        return;
      }
      default:
        throw new AppError('INVALID_INPUT', `unknown published kind ${valueText((file as { kind: unknown }).kind, 40)}`);
    }
  };
}
