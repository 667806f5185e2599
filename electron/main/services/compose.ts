// Builds the app's services over one data folder: the database, the packs, the install secret. The Electron main
// process, the browser host and the command line all start here, so they behave alike.
import { openDatabase, type Db } from '../../db/connection';
import { createEntriesRepo, type EntriesRepo } from '../../db/entries';
import { createSettingsRepo, type SettingsRepo } from '../../db/settings';
import type { EventPayloads } from '../../api/contract';
import type { GateEvent } from '../../api/methods';
import { createGateServices } from './gate';
import type { Handlers } from '../../api/contract';
import { loadPacks, type PackRegistry } from './packs';
import { idHasher, loadInstallSecret } from './install-secret';
import { loadTrust, trustPathsFor } from './trust';
import { createDccSchemaValidator } from './dcc-schema';
import { createLogsRepo, type LogsRepo } from '../../db/logs';
import { createRostersRepo, type RostersRepo } from '../../db/rosters';
import { createPinLockoutsRepo } from '../../db/pin-lockouts';
import { createPinGuard } from './pins';
import { createRegister, DEFAULT_RETENTION_DAYS, type Register } from './register';
import { tryLoadStationConfig } from './station-config';
import { DEFAULT_TIME_ZONE, localDayOf } from '../../core/register/local-day';
import { causeOf } from '../../core/errors';
import { join } from 'node:path';

export interface Gate {
  rosters: RostersRepo;
  /** HMAC of an ID number with this install's key (to find a person's entries). */
  hashId(id: string): string;
  logs: LogsRepo;
  register: Register;
  /** Purge and export now, then at every local day rollover (checked each minute). Returns a stop function. */
  startHousekeeping(): () => void;
  /** Purges expired entries and exports finished days once; before setup it does nothing. */
  housekeep(): void;
  exportDir(): string;
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
  /** A fixed operator recorded with each entry (the command line); otherwise operators sign in with their PIN. */
  operator?: () => string | undefined;
  /** Opens a folder in the system's file manager (Electron's shell.openPath). */
  openFolder?: (path: string) => Promise<boolean>;
  clock?: () => number;
  emit?: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  /** Trust list files or folders used besides the shipped and imported ones. */
  trustPaths?: readonly string[];
  /** Where exports go instead of the configured folder (the command line's --out). */
  exportDir?: string;
}

export async function openGate(dataDir: string, options: GateOptions = {}): Promise<Gate> {
  const db = openDatabase(dataDir);
  const entries = createEntriesRepo(db);
  const settings = createSettingsRepo(db);
  const packs = loadPacks();
  const hashId = idHasher(loadInstallSecret(dataDir));
  const logs = createLogsRepo(db);
  const rosters = createRostersRepo(db);
  const clock = options.clock ?? Date.now;
  const config = () => tryLoadStationConfig(settings, packs);
  const lockouts = createPinLockoutsRepo(db);
  const pins = createPinGuard({ settings, lockouts, clock });
  const register = createRegister({
    entries, logs, checkAdminPin: pins.checkAdmin,
    timeZone: () => config()?.timeZone ?? DEFAULT_TIME_ZONE,
    retentionDays: () => config()?.retentionDays ?? DEFAULT_RETENTION_DAYS,
  });
  const exportDir = () => options.exportDir ?? config()?.exportDir ?? join(dataDir, 'exports');
  const housekeep = () => {
    const cfg = config();
    if (!cfg) return;
    register.purgeExpired(clock());
    // Lab results only matter within the longest window a station may use (72 h) or this profile's own.
    const hours = Math.max(72, cfg.profile.natWindowHours, cfg.profile.antigenWindowHours);
    rosters.purgeResultsBefore(clock() - hours * 3_600_000);
    register.exportFinishedDays(clock(), exportDir());
  };
  // Trust lists are checked now, so a broken list is reported at start, not at the first scan.
  let trust = loadTrust(trustPathsFor(dataDir, options.trustPaths));
  await trust;
  const reloadTrust = async () => {
    const next = loadTrust(trustPathsFor(dataDir, options.trustPaths));
    await next;
    trust = next;
  };
  const handlers = createGateServices({
    dataDir, entries, settings, packs, hashId, register, exportDir, rosters, pins,
    clock,
    emit: options.emit ?? (() => undefined),
    trust: () => trust,
    reloadTrust,
    ...(options.operator ? { operator: options.operator } : {}),
    ...(options.openFolder ? { openFolder: options.openFolder } : {}),
    validateDccSchema: createDccSchemaValidator(),
  });
  return {
    dataDir, db, entries, settings, packs, handlers, logs, register, housekeep, exportDir, hashId, rosters,
    startHousekeeping() {
      let lastDay = '';
      const tick = () => {
        const day = localDayOf(clock(), config()?.timeZone ?? DEFAULT_TIME_ZONE);
        if (day === lastDay) return;
        try {
          housekeep();
          lastDay = day;
        } catch (err) {
          // Logged and retried next minute; scanning goes on (a full export disk must not stop the gate).
          console.error(`[housekeeping] ${causeOf(err)}`);
        }
      };
      tick();
      const timer = setInterval(tick, 60_000);
      timer.unref?.();
      return () => clearInterval(timer);
    },
    reloadTrust,
    close: () => db.close(),
  };
}
