// npm run -s serve:web -- --data-dir DIR [--port N] [--profile PROFILE.json] [--venue-name NAME] [--station-name NAME]
//                         [--now ISO-8601] [--trust FILE_OR_DIR]... [--serial PATH [--serial-baud N]]
// Prints the URL to open (with its per-run token) on the first line of stdout, then serves until interrupted.
import { parseArgs } from 'node:util';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openGate } from '../main/services/compose';
import { saveStationConfig } from '../main/services/station-config';
import { AppError, USER_MESSAGES } from '../core/errors';
import { startWebHost, type WebHost } from './web-host';
import { repoRoot } from '../tools/paths';
import { causeOf } from '../core/errors';
import { log, openStationLog } from '../main/services/station-log';

function fail(message: string): never {
  process.stderr.write(`serve:web: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '0' },
        profile: { type: 'string' },
        'venue-name': { type: 'string' },
        'station-name': { type: 'string' },
        now: { type: 'string' },
        trust: { type: 'string', multiple: true },
        serial: { type: 'string' },
        'serial-baud': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.help) {
    process.stdout.write('usage: npm run -s serve:web -- --data-dir DIR [--port N] [--profile PROFILE.json] [--venue-name NAME] [--station-name NAME] [--now ISO-8601] [--trust FILE_OR_DIR]... [--serial PATH [--serial-baud N]]\n');
    return;
  }
  const dataDir = args['data-dir'];
  if (!dataDir) fail('--data-dir DIR is required (the folder holding the register)');
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0–65535, got "${args.port}"`);
  const baudRate = args['serial-baud'] === undefined ? 9600 : Number(args['serial-baud']);
  if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 4_000_000) fail(`--serial-baud must be a baud rate (e.g. 9600, 115200), got "${args['serial-baud']}"`);
  if (args['serial-baud'] !== undefined && !args.serial) fail('--serial-baud needs --serial PATH');
  let clock = Date.now;
  if (args.now) {
    const start = Date.parse(args.now);
    if (!Number.isFinite(start)) fail(`--now must be an ISO-8601 instant, got "${args.now}"`);
    const realStart = Date.now();
    clock = () => start + (Date.now() - realStart);
    process.stderr.write(`serve:web: the clock starts at ${args.now} (training / test mode)\n`);
  }
  const rendererDir = join(repoRoot(), 'out', 'renderer');
  const bridgeFile = join(repoRoot(), 'out', 'host', 'gate-bridge.js');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
    fail('the renderer is not built: run `npm run build` first');
  }

  // The log file first, so a start that fails leaves its cause there.
  let stationLog;
  try {
    stationLog = await openStationLog(resolve(dataDir), 'host');
  } catch (err) {
    fail(`the log file cannot be opened in ${resolve(dataDir)}: ${causeOf(err)}`);
  }
  // The host is made after the services it serves; events reach it through this late-bound slot.
  const slot: { host?: WebHost } = {};
  let gate;
  try {
    gate = await openGate(resolve(dataDir), {
      clock, trustPaths: args.trust ?? [], emit: (event, payload) => slot.host?.emit(event, payload),
      // A port that is missing or busy now is said on the page and tried again: the station starts all the same.
      ...(args.serial ? { serial: { path: args.serial, baudRate } } : {}),
    });
  } catch (err) {
    log.error('start.failed', { code: err instanceof AppError ? err.code : 'INTERNAL', detail: causeOf(err), stack: (err as Error)?.stack });
    fail(err instanceof AppError ? `${err.code}: ${USER_MESSAGES[err.code].zh} ${USER_MESSAGES[err.code].en} ${err.detail ?? ''}` : String(err));
  }
  if (args.profile) {
    let profile: unknown;
    try {
      profile = JSON.parse(readFileSync(args.profile, 'utf8'));
    } catch (err) {
      fail(`--profile ${args.profile}: ${(err as Error).message}`);
    }
    try {
      saveStationConfig(gate.settings, gate.packs, {
        venueName: args['venue-name'] ?? '示例场所',
        stationName: args['station-name'] ?? '1号岗',
        profile,
      });
    } catch (err) {
      fail(err instanceof AppError ? `${USER_MESSAGES[err.code].zh} ${err.detail ?? ''}` : String(err));
    }
  }
  const stopHousekeeping = gate.startHousekeeping();
  const stopVenueSync = gate.venue.start();
  const host = await startWebHost({ rendererDir, bridgeFile, handlers: gate.handlers, port });
  slot.host = host;
  process.stdout.write(`${host.url}\n`);
  // The token is in the URL on stdout and nowhere else (not stderr, not the log).
  process.stderr.write(`serve:web: GateCheck on http://127.0.0.1:${new URL(host.url).port}/ (127.0.0.1 only; data in ${resolve(dataDir)}; the URL with its token is on stdout)\n`);
  log.info('host.started', { port: Number(new URL(host.url).port) });
  const stop = () => {
    void host.close().then(() => {
      stopHousekeeping();
      stopVenueSync();
      gate.close();
      stationLog.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
