// Builds the app's services over one data folder: the database, the packs, the install secret. The Electron main
// process, the browser host and the command line all start here, so they behave alike.
import { DB_FILE_NAME, ensurePrivateDir, openDatabase, ROSTER_FILE_NAME, rosterFileWasMissing, type Db } from '../../db/connection';
import { createEntriesRepo, type EntriesRepo } from '../../db/entries';
import { createSettingsRepo, type SettingsRepo } from '../../db/settings';
import type { EventPayloads } from '../../api/contract';
import type { GateEvent } from '../../api/methods';
import { createGateServices } from './gate';
import type { Handlers } from '../../api/contract';
import { loadPacks, shippedPublishers, type PackRegistry } from './packs';
import { publisherOf, type PublisherJwk } from './pack-signature';
import { idHasher, loadInstallSecret, purposeKey, scanFingerprinter, SECRET_FILE_NAME } from './install-secret';
import { bootId, checkHighWater, highWaterWriter, readHighWater } from './high-water';
import { createSecurityLogRepo, type SecurityLogRepo } from '../../db/security-log';
import { CLOCK_JUMP_LIMIT_MS, clockJump, type ClockJump, type ClockSample } from '../../core/register/clock-jump';
import { AppError } from '../../core/errors';
import { existsSync, statSync } from 'node:fs';
import { uptime } from 'node:os';
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
import { createVenueLinkRepo, type VenueLinkRepo } from '../../db/venue-link';
import { createVenueSync, type VenueSync } from './venue/sync';
import { readStationUrl, readVenueKey, VENUE_KEY_FILE_NAME } from './venue/link-files';
import { stationVenueView } from './venue/export';
import { publishedFileApplier } from './venue/apply';
import { joinVenue } from './venue/join';
import { decodeJoinCode } from './venue/signed';
import { supportBundle } from './diagnose';
import { log, purgeLogsBefore } from './station-log';
import { exitMarkOf } from '../../core/register/inside';
import { createSerialControl, type SerialControl } from './serial-control';
import type { EntrantScreens } from './gate/context';
import type { EntrantScreen } from '../../core/station/config';

export interface Gate {
  rosters: RostersRepo;
  /** HMAC of an ID number with this install's key (to find a person's entries). */
  hashId(id: string): string;
  /** The key hashId hashes with now (the venue's once joined, else the install's): the import worker hashes with it. */
  idKey(): Buffer;
  logs: LogsRepo;
  securityLog: SecurityLogRepo;
  register: Register;
  /** The link to the venue's shared register (PostgreSQL), when this station has joined one. */
  venueLink: VenueLinkRepo;
  venue: VenueSync;
  /** Purge and export now, then at every local day rollover (checked each minute). Returns a stop function. */
  startHousekeeping(): () => void;
  /**
   * Exports finished days, then purges expired entries (and their exported files) once; before setup it does nothing.
   * While a forward clock jump waits for an admin's confirmation, nothing is purged.
   */
  housekeep(): void;
  /** Compares the wall clock with the monotonic one since the last look; a jump is logged (and held, if forward). */
  watchClock(): void;
  /** Writes the high-water mark now (the highest entry id issued, the clock). */
  markHighWater(): void;
  exportDir(): string;
  dataDir: string;
  db: Db;
  entries: EntriesRepo;
  settings: SettingsRepo;
  packs: PackRegistry;
  handlers: Handlers;
  reloadTrust(): Promise<void>;
  /** The screen Settings chose for the entrant (Electron opens its window there at start). */
  entrantScreen(): EntrantScreen;
  close(): void;
}

export interface GateOptions {
  /** A fixed operator recorded with each entry (the command line); otherwise operators sign in with their PIN. */
  operator?: () => string | undefined;
  /** Opens a folder in the system's file manager (Electron's shell.openPath). */
  openFolder?: (path: string) => Promise<boolean>;
  clock?: () => number;
  emit?: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  /** Publisher keys trusted for imported policy packs besides the shipped ones (tests sign their fixture packs). */
  publisherKeys?: readonly PublisherJwk[];
  /** Trust list files or folders used besides the shipped and imported ones. */
  trustPaths?: readonly string[];
  /** Where exports go instead of the configured folder (the command line's --out). */
  exportDir?: string;
  /** A monotonic clock in milliseconds, time asleep included (tests move it with `clock` to stage a clock jump). */
  monotonic?: () => number;
  /**
   * A serial-mode scanner on this port, fixed (the browser host's --serial); otherwise the one Settings saved, if any.
   * Either way its scans and standing are pushed as events.
   */
  serial?: { path: string; baudRate?: number | undefined } | undefined;
  /** The screens of this computer and the entrant's window on one (Electron's main process). */
  screens?: EntrantScreens | undefined;
}

/**
 * Refuses, before anything is opened or made, a data folder whose register is gone while its key is there: starting
 * a new register beside the old key would silently lose every entry.
 */
function checkRegisterPresent(dataDir: string): void {
  const db = join(dataDir, DB_FILE_NAME);
  if (!existsSync(join(dataDir, SECRET_FILE_NAME))) return;
  if (!existsSync(db) || statSync(db).size === 0) {
    throw new AppError('REGISTER_MISSING', `${db} is ${existsSync(db) ? 'empty' : 'missing'} while ${SECRET_FILE_NAME} exists`);
  }
}

export async function openGate(dataDir: string, options: GateOptions = {}): Promise<Gate> {
  ensurePrivateDir(dataDir);
  checkRegisterPresent(dataDir);
  // The key is read only when a migration has digests to re-key, or below; never made while entries exist.
  const db = openDatabase(dataDir, { migrationContext: { rekeyScanDigest: () => scanFingerprinter(loadInstallSecret(dataDir, { mayCreate: false })).ofSha256 } });
  // Never a silent reset: a roster whose file went missing starts empty, and the log says so (import it again).
  if (rosterFileWasMissing(db)) log.warn('roster.file_missing', { file: ROSTER_FILE_NAME, detail: 'the roster is empty: import the venue\'s roster again' });
  try {
    return await composeGate(dataDir, db, options);
  } catch (err) {
    db.close();
    throw err;
  }
}

async function composeGate(dataDir: string, db: Db, options: GateOptions): Promise<Gate> {
  const entries = createEntriesRepo(db);
  const rosters = createRostersRepo(db);
  const highest = entries.highestIssuedId();
  const { people, results } = rosters.counts();
  // Anything keyed with the install key (entries, a roster, PIN hashes, a venue link) means its key is never re-made
  // silently: a missing file is a loud stop naming it (`gatecheck accept` makes a new one, on the admin's word).
  const hasKeyedData = highest > 0 || people > 0 || results > 0 || createSettingsRepo(db).get('adminPin') !== undefined || createVenueLinkRepo(db).get() !== undefined;
  const secret = loadInstallSecret(dataDir, { mayCreate: !hasKeyedData });
  const previousMark = readHighWater(dataDir);
  checkHighWater(dataDir, highest, previousMark);
  const settings = createSettingsRepo(db);
  const clock = options.clock ?? Date.now;
  const publishers = [...shippedPublishers(), ...(options.publisherKeys ?? []).map(publisherOf)];
  const packs = loadPacks({ importedDir: join(dataDir, 'packs'), publishers, clock });
  // A station that joined a venue hashes IDs and scans with the venue's key, so a person is recognised at every gate;
  // PIN hashes keep the install key.
  // Joining from Settings swaps the key in place: entries from the next check on are hashed with the venue's.
  let hashWith: (id: string) => string;
  let fingerprintWith: (text: string) => string;
  let idKeyNow: Buffer;
  const hashWithKey = (key: Buffer) => {
    idKeyNow = key;
    hashWith = idHasher(key);
    fingerprintWith = scanFingerprinter(key).ofText;
  };
  // A station of a venue hashes with the venue's key: its file gone is a loud stop, never a quiet fall-back.
  const venueKey = readVenueKey(dataDir);
  if (!venueKey && createVenueLinkRepo(db).get()) throw new AppError('KEY_MISSING', `${join(dataDir, VENUE_KEY_FILE_NAME)} is missing while this station has joined a venue: restore the file from a backup (a new key would hash people differently from every other gate)`);
  hashWithKey(venueKey ?? secret);
  const hashId = (id: string) => hashWith(id);
  const idKey = () => idKeyNow;
  // Before joining, a roster was fingerprinted with this station's own key: still found by it after.
  const ownHasher = idHasher(secret);
  const fingerprint = (text: string) => fingerprintWith(text);
  const logs = createLogsRepo(db);
  const securityLog = createSecurityLogRepo(db);
  // The system's uptime counts time asleep (unlike performance.now()): a laptop closed over a weekend is no jump.
  const monotonic = options.monotonic ?? (() => uptime() * 1000);
  let lastMark = -1;
  const boot = bootId();
  const highWater = highWaterWriter(dataDir);
  const markHighWater = () => {
    const highestEntryId = entries.highestIssuedId();
    highWater.write({ highestEntryId, atMs: clock(), monoMs: monotonic(), ...(boot ? { bootId: boot } : {}) });
    lastMark = highestEntryId;
  };
  /** One rule for every jump, at start-up or while running: logged, and a forward one holds every deletion. */
  const noteJump = (jump: ClockJump, at: 'start' | 'running') => {
    securityLog.record({ atMs: jump.toMs, event: jump.kind === 'forward' ? 'clock-jump-forward' : 'clock-set-back', amountMs: jump.driftMs });
    log.warn('clock.jump', { kind: jump.kind, at, minutes: Math.round(jump.driftMs / 60_000) });
    if (jump.kind === 'forward' && settings.get('clockJump') === undefined) settings.put('clockJump', { fromMs: jump.fromMs, toMs: jump.toMs });
  };
  // At start-up: the clock against the latest time this station has seen (the mark). On the same boot the uptime
  // says exactly how much time really passed; after a reboot, a clock more than a day past the mark is held all the
  // same (a station off for a long weekend asks an admin once; one whose clock is 50 days ahead deletes nothing).
  if (previousMark) {
    const now = { wallMs: clock(), monoMs: monotonic() };
    const sameBoot = boot !== undefined && previousMark.bootId === boot && previousMark.monoMs !== undefined && now.monoMs >= previousMark.monoMs;
    const gap = now.wallMs - previousMark.atMs;
    const jump = sameBoot
      ? clockJump({ wallMs: previousMark.atMs, monoMs: previousMark.monoMs! }, now)
      : gap > CLOCK_JUMP_LIMIT_MS ? { kind: 'forward' as const, fromMs: previousMark.atMs, toMs: now.wallMs, driftMs: gap }
        : gap < -60_000 ? { kind: 'back' as const, fromMs: previousMark.atMs, toMs: now.wallMs, driftMs: gap } : undefined;
    if (jump) noteJump(jump, 'start');
  }
  markHighWater();
  let lastSample: ClockSample = { wallMs: clock(), monoMs: monotonic() };
  const watchClock = () => {
    const sample = { wallMs: clock(), monoMs: monotonic() };
    const jump = clockJump(lastSample, sample);
    lastSample = sample;
    if (jump) noteJump(jump, 'running');
  };
  const config = () => tryLoadStationConfig(settings, packs);
  const lockouts = createPinLockoutsRepo(db);
  const pins = createPinGuard({ settings, lockouts, clock, pepper: purposeKey(secret, 'pin') });
  const venueLink = createVenueLinkRepo(db);
  const register = createRegister({
    entries, logs, checkAdminPin: pins.checkAdmin,
    confirmedThrough: () => venueLink.get()?.sentThrough,
    remoteExits: (from) => (venueLink.get() ? venueLink.remoteExits(from).map((r) => exitMarkOf(r.station, r.seq, r)) : []),
    timeZone: () => config()?.timeZone ?? DEFAULT_TIME_ZONE,
    retentionDays: () => config()?.retentionDays ?? DEFAULT_RETENTION_DAYS,
  });
  const exportDir = () => options.exportDir ?? config()?.exportDir ?? join(dataDir, 'exports');
  const housekeep = () => {
    const cfg = config();
    if (!cfg) return;
    watchClock();
    // Export first: a purge only removes days whose automatic export holds all their entries.
    register.exportFinishedDays(clock(), exportDir());
    // Every deletion (entries, exported files, log files, lab results) waits while a clock jump awaits an admin.
    if (settings.get('clockJump') !== undefined) return;
    register.purgeExpired(clock(), exportDir());
    purgeLogsBefore(dataDir, clock() - cfg.retentionDays * 86_400_000);
    // Lab results only matter within the longest window a station may use (72 h) or this profile's own.
    const hours = Math.max(72, cfg.profile.natWindowHours, cfg.profile.antigenWindowHours);
    rosters.purgeResultsBefore(clock() - hours * 3_600_000);
  };
  // Trust lists are checked now, so a broken list is reported at start, not at the first scan.
  let trust = loadTrust(trustPathsFor(dataDir, options.trustPaths), dataDir);
  await trust;
  const reloadTrust = async () => {
    const next = loadTrust(trustPathsFor(dataDir, options.trustPaths), dataDir);
    await next;
    trust = next;
  };
  const venue = createVenueSync({
    dataDir, link: venueLink, clock,
    today: () => localDayOf(clock(), config()?.timeZone ?? DEFAULT_TIME_ZONE),
    apply: publishedFileApplier({ dataDir, rosters, clock, packs, publishers, reloadTrust, settings }),
    highestEntryId: () => entries.highestIssuedId(),
    security: (event, detail) => securityLog.note({ atMs: clock(), event, detail }),
  });
  // A serial-mode scanner: its scans and its standing go to the page as events; the check takes each scan once. The
  // command line's port, else the one Settings saved (a port missing or busy now is said, and tried again).
  const serial: SerialControl = createSerialControl({
    fixed: options.serial ? { path: options.serial.path, baudRate: options.serial.baudRate ?? 9600 } : undefined,
    clock,
    onScan: (scan) => options.emit?.('serialScan', scan),
    onStatus: (status) => {
      if (status.problem) log.warn('serial.problem', { path: status.path, problem: status.problem, detail: status.detail ?? '' });
      options.emit?.('serialStatus', status);
    },
  });
  // A stored configuration that cannot be read opens no port and no screen here; the station says what is wrong with it.
  const savedData = () => {
    try {
      return config()?.data;
    } catch {
      return undefined;
    }
  };
  void serial.apply(savedData()?.serial);
  const handlers = createGateServices({
    dataDir, entries, settings, packs, publishers, hashId, idKey, fingerprint, register, exportDir, rosters, pins, securityLog,
    ownHashId: (id) => (venueLink.get() ? ownHasher(id) : undefined),
    clock,
    emit: (event, payload) => {
      // Committed means detectable: the mark moves with every entry, durably, before the entry is acknowledged.
      const written = event === 'entryRecorded' || event === 'exitRecorded';
      if (written) markHighWater();
      options.emit?.(event, payload);
      // A station of a venue sends each entry as soon as it is written (when its background sync runs).
      if (written) venue.nudge();
    },
    trust: () => trust,
    reloadTrust,
    ...(options.operator ? { operator: options.operator } : {}),
    ...(options.openFolder ? { openFolder: options.openFolder } : {}),
    validateDccSchema: createDccSchemaValidator(),
    seenElsewhere: (q) => venueLink.seenElsewhere(q),
    remoteInside: (from) => {
      const link = venueLink.get();
      return link ? { visits: venueLink.remoteVisits(from), exits: venueLink.remoteExits(from), syncedAt: link.lastSyncMs } : undefined;
    },
    log: (event, fields) => log.info(event, fields),
    serial,
    ...(options.screens ? { screens: options.screens } : {}),
    venueStatus: venue.status,
    supportBundle: () => supportBundle(dataDir, { gate: self!, now: clock() }),
    venueRegister: async (q) => {
      const url = readStationUrl(dataDir);
      if (!url || !venueLink.get()) throw new AppError('VENUE_NOT_JOINED');
      return stationVenueView(url, hashId, q);
    },
    joinVenue: async (p) => {
      const code = decodeJoinCode(p.joinCode);
      const password = p.dbPassword;
      await joinVenue({ dataDir, link: venueLink, clock, highestEntryId: () => entries.highestIssuedId() }, {
        adminUrl: p.adminUrl, stationName: p.stationName, venueName: p.venueName, keys: { code },
        ...(password ? { password: async () => password } : {}),
      });
      hashWithKey(readVenueKey(dataDir)!);
      venue.nudge();
      return venue.status()!;
    },
  });
  // The gate itself, for the support bundle (which reports on it); set before anything can call a handler.
  let self: Gate | undefined;
  return self = {
    dataDir, db, entries, settings, packs, handlers, logs, securityLog, register, housekeep, watchClock, markHighWater, exportDir, hashId, idKey, rosters,
    venueLink, venue,
    startHousekeeping() {
      let lastDay = '';
      const tick = () => {
        const day = localDayOf(clock(), config()?.timeZone ?? DEFAULT_TIME_ZONE);
        try {
          watchClock();
          if (entries.highestIssuedId() !== lastMark) markHighWater();
          if (day === lastDay) return;
          housekeep();
          markHighWater();
          lastDay = day;
        } catch (err) {
          // Logged and retried next minute; scanning goes on (a full export disk must not stop the gate).
          log.error('housekeeping.failed', { code: err instanceof AppError ? err.code : 'INTERNAL', detail: causeOf(err) });
        }
      };
      tick();
      const timer = setInterval(tick, 60_000);
      timer.unref?.();
      return () => clearInterval(timer);
    },
    reloadTrust,
    entrantScreen: () => savedData()?.entrantScreen ?? 'off',
    close: () => {
      void venue.close();
      void serial.stop();
      try {
        markHighWater();
      } finally {
        highWater.close();
        db.close();
      }
    },
  };
}
