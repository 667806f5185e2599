// What the checks rely on, and how fresh it is: the policy pack in force (and the next one), trust lists, value sets
// and revocation lists, each with its own date and where it came from; and the import of a signed policy pack.
import type { DataSourceView, Handlers, PackView, ParsedInputOf } from '../../../api/contract';
import type { PolicyPack } from '../../../core/rules/pack';
import { venueRulesOf } from '../../../core/rules/evaluate';
import type { VenueProfile } from '../../../core/rules/profile';
import { importPackFile, seriesOf, type PackListing, type PackRegistry } from '../packs';
import type { LoadedTrust } from '../trust';
import type { StationConfig } from '../station-config';
import type { GateContext } from './context';
import { log } from '../station-log';

const DAY_MS = 86_400_000;

export function packView(pack: PolicyPack, packs: PackRegistry): PackView {
  const listing: PackListing | undefined = packs.listing().find((l) => l.id === pack.id && l.version === pack.version);
  return {
    id: pack.id, version: pack.version, series: seriesOf(pack), title: pack.title, effectiveFrom: pack.effectiveFrom, effectiveTo: pack.effectiveTo,
    origin: listing?.origin ?? 'shipped', ...(listing?.publisher ? { publisher: listing.publisher } : {}),
  };
}

/** Every pack the station knows, newest version of each id, with where it came from. */
export function packViews(packs: PackRegistry): PackView[] {
  return packs.all().map((p) => packView(p, packs));
}

/** Nothing to check here: venue kind `other` (N113-2), or a pack asking nothing of this venue kind (e.g. "no checks"). */
export function isCheckFree(profile: VenueProfile, pack: PolicyPack): boolean {
  if (profile.venueKind === 'other') return true;
  const rules = venueRulesOf({ profile, pack });
  return rules.requirements.length === 0 && rules.observes.length === 0 && !profile.localRequirements;
}

/**
 * The dated sources, each judged against the station's limits: trust data older than `trustMaxAgeDays` and a pack
 * older than `packMaxAgeDays` are stale. Only what is in use warns: an empty list, or EU value sets and revocations
 * while no EU signer is loaded, change no verdict.
 */
export function dataSources(trust: LoadedTrust, cfg: StationConfig, packs: PackRegistry, pack: PolicyPack, now: number, setupAtMs?: number): DataSourceView[] {
  // Age counts from the data's own date, or from when this station got it if that is later: data that was the
  // newest there was when it was installed or imported (EU value sets stopped changing) is not stale on day one.
  const older = (date: string | undefined, days: number, receivedMs: number | undefined) => {
    const times = [date ? Date.parse(date) : NaN, receivedMs ?? NaN].filter(Number.isFinite);
    return times.length === 0 || now - Math.max(...times) > days * DAY_MS;
  };
  const euInUse = trust.store.counts.euSigners > 0;
  const out: DataSourceView[] = trust.sources.map((s) => {
    const inUse = s.inForce && s.count > 0 && (s.kind === 'eu-signers' || s.kind === 'smart-issuers' || euInUse);
    const receivedMs = s.receivedMs ?? (s.origin === 'shipped' ? setupAtMs : undefined);
    return { kind: s.kind, name: s.name, origin: s.origin, file: s.file, ...(s.date ? { date: s.date } : {}), count: s.count, inForce: s.inForce, inUse, isStale: inUse && older(s.date, cfg.trustMaxAgeDays, receivedMs) };
  });
  for (const p of packs.listing()) {
    // In force: the pack its own series uses today (an older version, or a pack a newer one of its series has
    // replaced, is not). In use: the one deciding at this station.
    const current = packs.inForce(p.id, cfg.timeZone);
    const inForce = current?.id === p.id && current.version === p.version;
    const inUse = p.id === pack.id && p.version === pack.version;
    const ageDays = Math.floor((now - Date.parse(p.effectiveFrom)) / DAY_MS);
    const expired = p.effectiveTo !== null && now > Date.parse(p.effectiveTo) + DAY_MS;
    out.push({
      kind: 'pack', name: `${p.id} v${p.version}`, origin: p.origin, date: p.effectiveFrom, inForce, inUse,
      isStale: inUse && (expired || ageDays > cfg.data.packMaxAgeDays),
    });
  }
  return out;
}

export function packHandlers(ctx: GateContext): Pick<Handlers, 'importPack'> {
  return {
    async importPack(input: ParsedInputOf<'importPack'>) {
      ctx.session.requireAdmin(input.adminPin);
      const pack = importPackFile(ctx.dataDir, input.content, ctx.publishers, ctx.packs);
      ctx.packs.reload();
      log.info('pack.imported', { pack: `${pack.id} v${pack.version}`, series: seriesOf(pack), effective: pack.effectiveFrom, file: input.fileName });
      return { packs: packViews(ctx.packs), imported: packView(pack, ctx.packs) };
    },
  };
}
