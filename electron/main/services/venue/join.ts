// Joining a venue (`venue join`, admin): the station gets its id and its own login role, and the venue's ID-hash key.
// The first station to join gives the venue its own install key (nothing it hashed changes); a later one takes the
// venue's, which it can only do before it has hashed anyone under its own (else VENUE_KEY_CONFLICT, nothing made).
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../core/errors';
import type { VenueLinkRepo } from '../../../db/venue-link';
import { joinStation, withCredentials, withVenue, type Joined } from '../../../db/venue/server';
import { loadInstallSecret } from '../install-secret';
import { readStationUrl, writeStationUrl, writeVenueKey } from './link-files';

export interface JoinDeps {
  dataDir: string;
  link: VenueLinkRepo;
  clock: () => number;
  /** Whether the register already holds ID hashes or fingerprints (entries or a roster). */
  hasHashedData: () => boolean;
}

export async function joinVenue(deps: JoinDeps, p: { adminUrl: string; stationName: string; venueName?: string | undefined }): Promise<Joined> {
  if (deps.link.get() || readStationUrl(deps.dataDir)) throw new AppError('VENUE_ALREADY_JOINED');
  const own = loadInstallSecret(deps.dataDir, { mayCreate: !deps.hasHashedData() });
  const joined = await withVenue(p.adminUrl, (client) => joinStation(client, {
    venueName: p.venueName, stationName: p.stationName,
    decideKey: (venueKey) => {
      if (!venueKey) return own;
      if (venueKey.length === own.length && timingSafeEqual(venueKey, own)) return venueKey;
      if (deps.hasHashedData()) throw new AppError('VENUE_KEY_CONFLICT');
      return venueKey;
    },
  }));
  // The server has committed the station; if this process dies before the files are written, the station is joined
  // again from scratch (the orphan role can be dropped by the admin; it never logged in).
  writeVenueKey(deps.dataDir, joined.idKey);
  writeStationUrl(deps.dataDir, withCredentials(p.adminUrl, joined.role, joined.password));
  deps.link.create({ venueId: joined.venueId, venueName: joined.venueName, stationId: joined.stationId, stationName: joined.stationName, joinedMs: deps.clock() });
  return joined;
}
