// Policy packs: the ones shipped in resources/policies (part of the release, each parsed and checked), and the ones an
// admin imported into the data folder's packs/ (each signed by a shipped publisher key, re-checked at every load).
// A pack names its series; the station uses the pack of its configured series that is in force on the day, so a newer
// pack takes over on its effective date without anyone touching the station.
import { readdirSync, readFileSync, existsSync, mkdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import { parsePack, type PolicyPack } from '../../core/rules/pack';
import { localDayOf } from '../../core/register/local-day';
import { resourcesDir } from './resources';
import { loadPublishers, openSignedPack, type Publisher } from './pack-signature';
import { log } from './station-log';

export interface PackListing {
  id: string;
  version: number;
  series: string;
  title: PolicyPack['title'];
  effectiveFrom: string;
  effectiveTo: string | null;
  origin: 'shipped' | 'imported';
  /** Who signed an imported pack. */
  publisher?: string;
}

export interface PackRegistry {
  /** The newest version of a pack id. */
  get(id: string): PolicyPack | undefined;
  all(): PolicyPack[];
  /** The pack of `id`'s series in force on the station's day (in `timeZone`); `id`'s own pack when none is yet. */
  inForce(id: string, timeZone: string): PolicyPack | undefined;
  /** The next pack of `id`'s series, after the one in force, with its effective date. */
  next(id: string, timeZone: string): PolicyPack | undefined;
  listing(): PackListing[];
  /** Imported pack files refused at the last load (changed on disk, or their publisher no longer trusted). */
  problems(): string[];
  /** Reads the packs again (after an import). */
  reload(): void;
}

export interface PackSources {
  shippedDir?: string;
  /** The data folder's packs/ (imported, signed). */
  importedDir?: string;
  publishers?: readonly Publisher[];
  /** The station's clock (training mode's `--now` included). */
  clock?: () => number;
}

export const seriesOf = (p: PolicyPack): string => p.series ?? p.id;

export function loadPackFile(path: string): PolicyPack {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AppError('PACK_INVALID', `${path}: ${(err as Error).message}`);
  }
  return parsePack(data);
}

/** The shipped publisher keys (resources/publishers). */
export function shippedPublishers(): Publisher[] {
  return loadPublishers(join(resourcesDir(), 'publishers'));
}

export function loadPacks(sources: PackSources = {}): PackRegistry {
  const shippedDir = sources.shippedDir ?? join(resourcesDir(), 'policies');
  const clock = sources.clock ?? Date.now;
  let entries: { pack: PolicyPack; listing: PackListing }[] = [];
  let refused: string[] = [];

  function read(): void {
    const next: typeof entries = [];
    for (const file of readdirSync(shippedDir).filter((f) => f.endsWith('.json')).sort()) {
      const pack = loadPackFile(join(shippedDir, file)); // shipped: part of the release, so a broken one stops the start
      next.push({ pack, listing: listingOf(pack, 'shipped') });
    }
    const problems: string[] = [];
    if (sources.importedDir && existsSync(sources.importedDir)) {
      for (const file of readdirSync(sources.importedDir).filter((f) => f.endsWith('.json')).sort()) {
        try {
          const { pack, publisher } = openSignedPack(readFileSync(join(sources.importedDir, file), 'utf8'), sources.publishers ?? []);
          next.push({ pack, listing: { ...listingOf(pack, 'imported'), publisher: publisher.name } });
        } catch (err) {
          problems.push(`${file}: ${err instanceof AppError ? `${err.code} ${err.detail ?? ''}` : (err as Error).message}`);
        }
      }
    }
    entries = next;
    refused = problems;
    for (const p of problems) log.warn('pack.not-loaded', { detail: p });
  }
  read();

  const newest = (list: PolicyPack[]) => list.reduce<PolicyPack | undefined>((best, p) => (!best || p.version > best.version ? p : best), undefined);
  const get = (id: string) => newest(entries.filter((e) => e.pack.id === id).map((e) => e.pack));
  /** Each id once (its newest version), in the series of `id`, by effective date. */
  const seriesPacks = (id: string) => {
    const own = get(id);
    if (!own) return [];
    const ids = [...new Set(entries.filter((e) => seriesOf(e.pack) === seriesOf(own)).map((e) => e.pack.id))];
    return ids.map((x) => get(x)!).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  };
  return {
    get,
    all: () => [...new Set(entries.map((e) => e.pack.id))].map((id) => get(id)!),
    inForce(id, timeZone) {
      const day = localDayOf(clock(), timeZone);
      const started = seriesPacks(id).filter((p) => p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo));
      return started.at(-1) ?? get(id);
    },
    next(id, timeZone) {
      const day = localDayOf(clock(), timeZone);
      return seriesPacks(id).find((p) => p.effectiveFrom > day);
    },
    listing: () => entries.map((e) => e.listing),
    problems: () => [...refused],
    reload: read,
  };
}

function listingOf(pack: PolicyPack, origin: PackListing['origin']): PackListing {
  return { id: pack.id, version: pack.version, series: seriesOf(pack), title: pack.title, effectiveFrom: pack.effectiveFrom, effectiveTo: pack.effectiveTo, origin };
}

/**
 * Imports a signed pack file into the data folder: the signature and the pack are checked whole first (a bad file
 * changes nothing), then the signed file is written atomically as packs/<id>-v<version>.json. The same id and version
 * with other content is refused: a publisher changes a pack by raising its version.
 */
export function importPackFile(dataDir: string, text: string, publishers: readonly Publisher[], registry?: PackRegistry): PolicyPack {
  const { pack } = openSignedPack(text, publishers);
  const shipped = registry?.listing().find((l) => l.id === pack.id && l.origin === 'shipped' && l.version >= pack.version);
  if (shipped) throw new AppError('PACK_INVALID', `${pack.id} version ${pack.version} is not newer than the shipped version ${shipped.version}`);
  const dir = join(dataDir, 'packs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, `${pack.id}-v${pack.version}.json`);
  if (existsSync(target)) {
    const had = readFileSync(target, 'utf8');
    if (had === text) return pack;
    const before = (() => {
      try {
        return JSON.stringify(openSignedPack(had, publishers).pack);
      } catch {
        return undefined; // the file on disk no longer verifies: the new one replaces it
      }
    })();
    if (before !== undefined && before !== JSON.stringify(pack)) {
      throw new AppError('PACK_INVALID', `${pack.id} version ${pack.version} is already imported with other content; a changed pack needs a new version`);
    }
  }
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'w' });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new AppError('PACK_INVALID', `could not write ${target}: ${(err as Error).message}`);
  }
  return pack;
}
