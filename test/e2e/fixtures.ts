// Each test gets a fresh data folder, its own `serve:web` process (the real command a user runs) and a page in
// Debian's Chromium. Nothing is shared between tests.
import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ScanStationPage } from './pages/ScanStationPage';

import { ROOT } from '../support/paths';
export { ROOT };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HostOptions {
  profile?: Record<string, unknown>;
  /** Trust lists (JSON objects) written to files and passed with --trust. */
  trust?: object[];
  now?: string;
  venueName?: string;
  stationName?: string;
  /** Runs on the data folder before the host starts (a register staged with the app's own services). */
  prepare?: (dataDir: string) => Promise<void>;
  /** A serial-mode scanner's port (`--serial PATH`); a relative path is inside the data folder (made by `prepare`). */
  serial?: string;
}

export interface Host {
  url: string;
  dataDir: string;
  stderr: () => string;
  /** Stops the host as the user would (SIGTERM), mid-test: the page stays open. */
  stop: () => Promise<void>;
  /** Freezes the host (SIGSTOP) as a stalled machine would, and lets it go on (SIGCONT): calls wait meanwhile. */
  pause: () => void;
  resume: () => void;
}

async function startHost(dataDir: string, options: HostOptions): Promise<Host> {
  const args = ['--import', 'tsx', join(ROOT, 'electron/host/serve-web.ts'), '--data-dir', dataDir, '--port', '0'];
  if (options.profile) {
    const file = join(dataDir, 'profile.json');
    writeFileSync(file, JSON.stringify(options.profile));
    args.push('--profile', file);
  }
  for (const [i, list] of (options.trust ?? []).entries()) {
    const file = join(dataDir, `trust-${i}.json`);
    writeFileSync(file, JSON.stringify(list));
    args.push('--trust', file);
  }
  if (options.venueName) args.push('--venue-name', options.venueName);
  if (options.stationName) args.push('--station-name', options.stationName);
  if (options.now) args.push('--now', options.now);
  if (options.serial) args.push('--serial', join(dataDir, options.serial));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`serve:web exited with ${code}: ${err}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { url, dataDir, stderr: () => err, stop, pause: () => child.kill('SIGSTOP'), resume: () => child.kill('SIGCONT') };
}

interface Fixtures {
  hostOptions: HostOptions;
  host: Host;
  station: ScanStationPage;
}

export const test = base.extend<Fixtures, { browser: Browser }>({
  hostOptions: [{ profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48 } }, { option: true }],
  browser: [
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ hostOptions }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-'));
    await hostOptions.prepare?.(dataDir);
    const host = await startHost(dataDir, hostOptions);
    await use(host);
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
  page: async ({ browser, viewport }, use) => {
    // A spec may ask for a gate laptop's screen (test.use({ viewport: { width: 1366, height: 768 } })).
    const context = await browser.newContext({ locale: 'zh-CN', viewport: viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  station: async ({ page, host }, use) => {
    const station = new ScanStationPage(page);
    await station.open(host.url);
    await use(station);
  },
});

export { expect } from '@playwright/test';
export type { Page };
