// Joining a venue (`venue join`, or Settings with the admin PIN): the station gets its id and its own login role from
// the venue register, and — never through the server — the venue's fingerprint key and the admin's public key, which
// it pins: from the admin's key file (on the admin's machine) or from a one-time join code (`venue invite`).
// A station that already has entries joins all the same: its history is sent to the venue under its first epoch,
// without the fingerprints made with its own key (no other gate could match them).
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../core/errors';
import type { VenueLinkRepo } from '../../../db/venue-link';
import { withCredentials, withVenue, type PasswordSource } from '../../../db/venue/connect';
import { joinStation, venueIdOf, type Joined } from '../../../db/venue/admin';
import { readStationUrl, writeStationUrl, writeVenueKey } from './link-files';
import { adminKeyDigest, type JoinCode } from './signed';
import { keyId } from './admin-key';

export interface JoinDeps {
  dataDir: string;
  link: VenueLinkRepo;
  clock: () => number;
  /** The highest entry id this register has issued (entries up to it were written before joining). */
  highestEntryId: () => number;
}

/** Where the venue's keys come from: the admin's key file (its public key and the fingerprint key), or a join code. */
export type JoinKeys = { publicKey: string; fingerprintKey: Buffer } | { code: JoinCode };

export interface JoinRequest {
  adminUrl: string;
  password?: PasswordSource | undefined;
  stationName: string;
  venueName?: string | undefined;
  keys: JoinKeys;
}

export async function joinVenue(deps: JoinDeps, p: JoinRequest): Promise<Joined & { adminKeyId: string }> {
  if (deps.link.get() || readStationUrl(deps.dataDir)) throw new AppError('VENUE_ALREADY_JOINED');
  if ('code' in p.keys && p.keys.code.expiresMs <= deps.clock()) throw new AppError('VENUE_INVITE', `this join code expired at ${new Date(p.keys.code.expiresMs).toISOString()}: ask for a new one`);
  const keys = p.keys;
  let pinned = '';
  const joined = await withVenue(p.adminUrl, async (client) => {
    const venue = await venueIdOf(client, p.venueName);
    if ('code' in keys) {
      // The code names the admin key by its digest: the venue's key must be that one (a server that swapped it in is
      // caught here, before anything is pinned).
      if (!venue.adminKey || !timingSafeEqual(adminKeyDigest(venue.adminKey), keys.code.adminKeyDigest)) {
        throw new AppError('VENUE_ADMIN_KEY', 'the venue register does not hold the admin key this join code was made for');
      }
      pinned = venue.adminKey;
      return joinStation(client, { venueName: venue.name, stationName: p.stationName, adminKey: pinned, inviteId: keys.code.inviteId });
    }
    pinned = keys.publicKey;
    return joinStation(client, { venueName: venue.name, stationName: p.stationName, adminKey: pinned });
  }, p.password);
  // The server has committed the station; if this process dies before the files are written, the station is joined
  // again from scratch (the orphan role can be revoked by the admin; it never logged in).
  writeVenueKey(deps.dataDir, 'code' in keys ? keys.code.fingerprintKey : keys.fingerprintKey);
  writeStationUrl(deps.dataDir, withCredentials(p.adminUrl, joined.role, joined.password));
  deps.link.create({
    venueId: joined.venueId, venueName: joined.venueName, stationId: joined.stationId, stationName: joined.stationName,
    joinedMs: deps.clock(), adminKey: pinned, joinedThrough: deps.highestEntryId(),
  });
  return { ...joined, adminKeyId: keyId(pinned) };
}
