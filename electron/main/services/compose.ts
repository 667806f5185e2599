// Builds the app's services over one data folder: the database, the packs, the install secret. The Electron main
// process, the browser host and the command line all start here, so they behave alike.
import { openDatabase, type Db } from '../../db/connection';
import { createEntriesRepo, type EntriesRepo } from '../../db/entries';
import { createSettingsRepo, type SettingsRepo } from '../../db/settings';
import type { EventPayloads } from '../../api/contract';
import type { GateEvent } from '../../api/methods';
import { createGateServices, type Handlers } from './gate-services';
import { loadPacks, type PackRegistry } from './packs';
import { idHasher, loadInstallSecret } from './install-secret';
import { loadTrust, trustPathsFor } from './trust';
import { createDccSchemaValidator } from './dcc-schema';

export interface Gate {
  dataDir: string;
  db: Db;
  entries: EntriesRepo;
  settings: SettingsRepo;
  packs: PackRegistry;
  handlers: Handlers;
  reloadTrust(): Promise<void>;
  close(): void;
}

export interface GateOptions {
  clock?: () => number;
  emit?: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  /** Trust list files or folders used besides the shipped and imported ones. */
  trustPaths?: readonly string[];
}

export async function openGate(dataDir: string, options: GateOptions = {}): Promise<Gate> {
  const db = openDatabase(dataDir);
  const entries = createEntriesRepo(db);
  const settings = createSettingsRepo(db);
  const packs = loadPacks();
  const hashId = idHasher(loadInstallSecret(dataDir));
  // Trust lists are checked now, so a broken list is reported at start, not at the first scan.
  let trust = loadTrust(trustPathsFor(dataDir, options.trustPaths));
  await trust;
  const handlers = createGateServices({
    entries, settings, packs, hashId,
    clock: options.clock ?? Date.now,
    emit: options.emit ?? (() => undefined),
    trust: () => trust,
    validateDccSchema: createDccSchemaValidator(),
  });
  return {
    dataDir, db, entries, settings, packs, handlers,
    reloadTrust: async () => {
      const next = loadTrust(trustPathsFor(dataDir, options.trustPaths));
      await next;
      trust = next;
    },
    close: () => db.close(),
  };
}
