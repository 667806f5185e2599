// Trust lists on disk: the ones shipped in resources/trust, those imported into the data folder's trust/, and any
// given on the command line. Imports are validated whole before anything is written, then renamed into place.
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../core/errors';
import { createTrustStore, parseTrustData, TrustListError, type TrustData, type TrustStore } from '../../core/credentials/trust-store';
import { resourcesDir } from './resources';
import { nodeCryptoVerifier } from './node-crypto-verifier';

/** One kind of data a trust file holds, with its own date: what Settings lists and the freshness warnings judge. */
export interface TrustSource {
  kind: 'eu-signers' | 'smart-issuers' | 'eu-revocations' | 'value-set';
  /** The value set's id; for the lists, the file's name. */
  name: string;
  file: string;
  origin: 'shipped' | 'imported' | 'command-line';
  /** The date the data states (a list's `date`, a value set's `valueSetDate`), if any. */
  date?: string;
  /** How many entries it holds (signers, issuers, revocation hashes, codes). */
  count: number;
  /** False for a value set replaced by a newer one of the same id. */
  inForce: boolean;
  /** When this station got it: an imported file's time (epoch ms). Shipped data came with the installation. */
  receivedMs?: number;
}

export interface LoadedTrust {
  store: TrustStore;
  files: string[];
  /** The lists' own newest date, or else the newest file time (ISO). */
  date: string | undefined;
  sources: TrustSource[];
}

function originOf(file: string, importedDir: string | undefined): TrustSource['origin'] {
  const dir = dirname(file);
  if (dir === join(resourcesDir(), 'trust') || dir === join(resourcesDir(), 'valuesets')) return 'shipped';
  return dir === importedDir ? 'imported' : 'command-line';
}

function sourcesOf(file: string, data: TrustData, importedDir: string | undefined): TrustSource[] {
  const origin = originOf(file, importedDir);
  const base = { file: basename(file), origin, inForce: true, ...(origin === 'shipped' ? {} : { receivedMs: statSync(file).mtimeMs }) };
  const out: TrustSource[] = [];
  const dated = (d: string | undefined) => (d ? { date: d } : {});
  if (data.eu) out.push({ ...base, kind: 'eu-signers', name: basename(file), count: data.eu.certificates.length, ...dated(data.eu.date) });
  if (data.smart) out.push({ ...base, kind: 'smart-issuers', name: basename(file), count: data.smart.issuers.length, ...dated(data.smart.date) });
  if (data.euRevocations) {
    out.push({ ...base, kind: 'eu-revocations', name: basename(file), count: data.euRevocations.revocations.reduce((n, r) => n + r.hashes.length, 0), ...dated(data.euRevocations.date) });
  }
  if (data.valueSet) out.push({ ...base, kind: 'value-set', name: data.valueSet.valueSetId, count: Object.keys(data.valueSet.valueSetValues).length, date: data.valueSet.valueSetDate });
  return out;
}

function jsonFiles(path: string): string[] {
  if (!existsSync(path)) throw new AppError('TRUST_INVALID', `${path}: no such file or folder`);
  if (statSync(path).isDirectory()) return readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f));
  return [path];
}

/** Loads and checks every list found at the given files and folders. Throws AppError('TRUST_INVALID') naming the file. */
export async function loadTrust(paths: readonly string[], dataDir?: string): Promise<LoadedTrust> {
  const importedDir = dataDir === undefined ? undefined : join(dataDir, 'trust');
  const files = paths.flatMap(jsonFiles);
  const lists = [];
  const sources: TrustSource[] = [];
  let newestFile = 0;
  for (const file of files) {
    try {
      const list = parseTrustData(JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
      await createTrustStore([list]); // each file on its own first, so an error names its file
      lists.push(list);
      sources.push(...sourcesOf(file, list, importedDir));
      newestFile = Math.max(newestFile, statSync(file).mtimeMs);
    } catch (err) {
      throw new AppError('TRUST_INVALID', `${file}: ${(err as Error).message}`);
    }
  }
  let store: TrustStore;
  try {
    store = await createTrustStore(lists, nodeCryptoVerifier);
  } catch (err) {
    if (err instanceof TrustListError) throw new AppError('TRUST_INVALID', err.message);
    throw err;
  }
  for (const src of sources) {
    if (src.kind === 'value-set') src.inForce = store.valueSets.get(src.name)?.date === src.date && sources.filter((x) => x.kind === 'value-set' && x.name === src.name && x.date === src.date).at(-1) === src;
  }
  return { store, files, sources, date: store.date ?? (newestFile ? new Date(newestFile).toISOString() : undefined) };
}

/** The lists a station uses: shipped (trust lists, then EU value sets), then imported into the data folder, then any extra paths. */
export function trustPathsFor(dataDir: string, extra: readonly string[] = []): string[] {
  const imported = join(dataDir, 'trust');
  return [join(resourcesDir(), 'trust'), join(resourcesDir(), 'valuesets'), ...(existsSync(imported) ? [imported] : []), ...extra];
}

/** Where an imported list of each kind lives in the data folder: one file per kind, so an import replaces. */
export const IMPORTED_FILES = { eu: 'eu-dcc-signers.json', smart: 'smart-issuers.json', euRevocations: 'eu-dcc-revocations.json' } as const;

/** An imported value set lives in its own file, named by its id: importing a set replaces that set only. */
export function importedValueSetFile(valueSetId: string): string {
  return `valueset-${valueSetId.replace(/[^\w.-]/g, '_')}.json`;
}

function writeAtomically(target: string, data: unknown): void {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(data, null, 1), { flag: 'w' });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new AppError('TRUST_INVALID', `could not write ${target}: ${(err as Error).message}`);
  }
}
/**
 * Imports a trust list file into the data folder. It is validated whole first (a broken file changes nothing); then
 * each kind it holds (EU signers, SMART issuers, EU revocations, an EU value set) REPLACES the station's imported list of that kind — a signer dropped
 * from the new list is no longer trusted. Each file is written to a temporary name and renamed into place, so a crash
 * leaves the old or the new list, never half of one.
 */
export async function importTrustFile(dataDir: string, source: string): Promise<LoadedTrust> {
  const checked = await loadTrust([source]);
  const data = parseTrustData(JSON.parse(readFileSync(source, 'utf8').replace(/^\uFEFF/, '')));
  const dir = join(dataDir, 'trust');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const kind of ['eu', 'smart', 'euRevocations'] as const) {
    const list = data[kind];
    if (list) writeAtomically(join(dir, IMPORTED_FILES[kind]), list);
  }
  if (data.valueSet) writeAtomically(join(dir, importedValueSetFile(data.valueSet.valueSetId)), data.valueSet);
  return checked;
}
