// The support bundle (`gatecheck diagnose`, or Settings): one zip with the log files, the versions, the station's
// settings and the results of the station's own checks, for whoever helps the venue. Never the register, a key, a PIN
// hash, the venue's credentials or the host's token: what goes in is built here field by field, not copied wholesale.
// It works on a station that does not start (that is when it is most needed): the start's error is one of the checks.
import { existsSync, readdirSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { zipSync, strToU8 } from 'fflate';
import { AppError, causeOf } from '../../core/errors';
import { SECRET_FILE_NAME } from './install-secret';
import { HIGH_WATER_FILE_NAME, readHighWater } from './high-water';
import { VENUE_FILE_NAME, VENUE_KEY_FILE_NAME } from './venue/link-files';
import { LOGS_DIR_NAME, logsDirOf, sanitize } from './station-log';
import { loadTrust, trustPathsFor } from './trust';
import type { Gate } from './compose';

/** This file's folder, from source (tsx) or from a bundle in out/ (or a packaged app). */
const here = () => (typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url)));

function versionOf(pkg: string): string | undefined {
  try {
    return (createRequire(join(here(), 'x.js'))(`${pkg}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The app's own version: the nearest package.json named gatecheck above this file. */
function appVersion(): string | undefined {
  for (let dir = here(), i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gatecheck') return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return undefined;
}

/** The settings as support may see them: the station's configuration, minus operators, PINs and anything secret. */
function settingsOf(gate: Gate): Record<string, unknown> {
  const station = gate.settings.get('station') as Record<string, unknown> | undefined;
  return {
    station: station ?? null,
    operators: Array.isArray(gate.settings.get('operators')) ? (gate.settings.get('operators') as unknown[]).length : 0,
    adminPinSet: gate.settings.get('adminPin') !== undefined,
    clockJump: gate.settings.get('clockJump') ?? null,
    setupAtMs: gate.settings.get('setupAtMs') ?? null,
    venueJoined: gate.venueLink.get() !== undefined,
  };
}

async function checksOf(dataDir: string, gate: Gate | undefined, startError: unknown): Promise<Record<string, unknown>> {
  const present = (f: string) => existsSync(join(dataDir, f));
  const checks: Record<string, unknown> = {
    start: startError === undefined ? 'ok' : { code: startError instanceof AppError ? startError.code : 'INTERNAL', detail: sanitize(causeOf(startError)) },
    files: {
      register: present('register.sqlite'), wal: present('register.sqlite-wal'), installKey: present(SECRET_FILE_NAME),
      venueKey: present(VENUE_KEY_FILE_NAME), venueLink: present(VENUE_FILE_NAME), highWaterMark: present(HIGH_WATER_FILE_NAME),
    },
  };
  try {
    const mark = readHighWater(dataDir);
    checks.highWater = { mark: mark?.highestEntryId ?? null, markWrittenAt: mark ? new Date(mark.atMs).toISOString() : null, register: gate?.entries.highestIssuedId() ?? null };
  } catch (err) {
    checks.highWater = { error: sanitize(causeOf(err)) };
  }
  try {
    const fs = statfsSync(dataDir);
    checks.disk = { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch (err) {
    checks.disk = { error: sanitize(causeOf(err)) };
  }
  try {
    checks.modes = { dataDir: (statSync(dataDir).mode & 0o777).toString(8), logs: existsSync(logsDirOf(dataDir)) ? (statSync(logsDirOf(dataDir)).mode & 0o777).toString(8) : null };
  } catch {
    checks.modes = null;
  }
  try {
    const trust = await loadTrust(trustPathsFor(dataDir), dataDir);
    checks.trust = trust.sources.map((s) => ({ kind: s.kind, name: s.name, origin: s.origin, date: s.date ?? null, count: s.count, inForce: s.inForce }));
  } catch (err) {
    checks.trust = { error: sanitize(causeOf(err)) };
  }
  if (gate) {
    checks.entries = { highestId: gate.entries.highestIssuedId() };
    checks.clockEvents = gate.securityLog.clockEvents().slice(-20).map((e) => ({ at: new Date(e.atMs).toISOString(), event: e.event, amountMs: e.amountMs }));
    checks.venue = gate.venue.status() ?? null;
  }
  return checks;
}

/**
 * Builds the bundle. `open` opens the station (it may fail: the failure is reported inside, the bundle is made all
 * the same); the gate, if it opened, is closed before this returns unless `gate` was handed in already open.
 */
export async function supportBundle(dataDir: string, options: { gate?: Gate; open?: () => Promise<Gate>; now?: number }): Promise<Uint8Array> {
  let gate = options.gate;
  let startError: unknown;
  if (!gate && options.open) {
    try {
      gate = await options.open();
    } catch (err) {
      startError = err;
    }
  }
  try {
    const files: Record<string, Uint8Array> = {};
    const logs = logsDirOf(dataDir);
    if (existsSync(logs)) {
      for (const f of readdirSync(logs).filter((n) => n.endsWith('.log'))) files[`${LOGS_DIR_NAME}/${f}`] = readFileSync(join(logs, f));
    }
    const versions = {
      gatecheck: appVersion() ?? null, node: process.versions.node, electron: process.versions.electron ?? null, platform: `${process.platform} ${process.arch}`,
      betterSqlite3: versionOf('better-sqlite3') ?? null, schema: gate ? (gate.db.pragma('user_version', { simple: true }) as number) : null,
      madeAt: new Date(options.now ?? Date.now()).toISOString(),
    };
    files['versions.json'] = strToU8(JSON.stringify(versions, null, 2));
    files['settings.json'] = strToU8(JSON.stringify(gate ? settingsOf(gate) : { unavailable: 'the station did not start: see checks.json' }, null, 2));
    files['checks.json'] = strToU8(JSON.stringify(await checksOf(dataDir, gate, startError), null, 2));
    return zipSync(files, { level: 6 });
  } finally {
    if (gate && !options.gate) gate.close();
  }
}
