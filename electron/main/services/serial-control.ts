// The station's serial-mode scanner as Settings sets it up (issue 32): one scanner at a time, opened from the saved
// setting at start and again whenever the admin changes it, without a restart (the browser host's --serial fixes it
// instead). And the ports there are to choose from.
import { readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import type { SerialSettings } from '../../core/station/config';
import type { SerialPortView, SerialStatusView } from '../../api/views';
import { startSerialScanner, type SerialScan, type SerialScanner } from './serial-scanner';

export interface SerialControl {
  /** The scanner's standing (none set up: undefined). */
  status(): SerialStatusView | undefined;
  claim(id: number): string | undefined;
  /** Set on the command line (`--serial`): Settings shows it and cannot change it. */
  fixed: { path: string; baudRate: number } | undefined;
  /** Opens this scanner instead of the one open now (undefined: none). Unchanged settings leave the port alone. */
  apply(settings: SerialSettings | undefined): Promise<void>;
  stop(): Promise<void>;
}

export function createSerialControl(o: {
  fixed?: { path: string; baudRate: number } | undefined;
  clock: () => number;
  onScan: (scan: SerialScan) => void;
  onStatus: (status: SerialStatusView) => void;
}): SerialControl {
  let scanner: SerialScanner | undefined;
  let current = '';
  // Changes one at a time: a second save while the first port is closing waits for it.
  let queue: Promise<void> = Promise.resolve();
  const open = (s: SerialSettings) => startSerialScanner({
    path: s.path, baudRate: s.baudRate, terminator: s.terminator, gapMs: s.gapMs, clock: o.clock, onScan: o.onScan, onStatus: o.onStatus,
  });
  if (o.fixed) {
    scanner = open({ ...o.fixed, terminator: 'any', gapMs: 50 });
    current = 'fixed';
  }
  const control: SerialControl = {
    status: () => scanner?.status(),
    claim: (id) => scanner?.claim(id),
    fixed: o.fixed,
    apply(settings) {
      if (o.fixed) return queue;
      const key = settings ? JSON.stringify([settings.path, settings.baudRate, settings.terminator, settings.gapMs]) : '';
      queue = queue.then(async () => {
        if (key === current) return;
        const old = scanner;
        scanner = undefined;
        current = key;
        await old?.stop();
        if (settings) scanner = open(settings);
      });
      return queue;
    },
    async stop() {
      await queue;
      const old = scanner;
      scanner = undefined;
      current = '';
      await old?.stop();
    },
  };
  return control;
}

/** Where serial scanners appear on Linux when the system cannot describe them (no udev: containers, minimal installs). */
const LINUX_DEVICE_FILES = /^tty(ACM|USB)\d+$/;

/**
 * The serial ports there are: the system's list (serialport's, with maker and product), and on Linux the device files
 * themselves (`/dev/serial/by-id/…`, `/dev/ttyACM*`, `/dev/ttyUSB*`), which the system's list leaves out where udev is
 * missing. A by-id name is the stable one (it follows the scanner to another USB socket): it goes first.
 */
export async function listSerialPorts(o: { list?: () => Promise<{ path: string; manufacturer?: string | undefined; pnpId?: string | undefined }[]>; devDir?: string; platform?: NodeJS.Platform } = {}): Promise<{ ports: SerialPortView[]; listedBy: 'system' | 'device-files' }> {
  const list = o.list ?? (() => SerialPort.list());
  const platform = o.platform ?? process.platform;
  const devDir = o.devDir ?? '/dev';
  let system: SerialPortView[] = [];
  let listedBy: 'system' | 'device-files' = 'system';
  try {
    system = (await list()).map((p) => ({ path: p.path, ...(p.manufacturer || p.pnpId ? { label: [p.manufacturer, p.pnpId].filter(Boolean).join(' · ') } : {}) }));
  } catch {
    listedBy = 'device-files';
  }
  if (platform !== 'linux') return { ports: system, listedBy };
  const byId: SerialPortView[] = [];
  const targets = new Set<string>();
  try {
    for (const name of readdirSync(join(devDir, 'serial', 'by-id')).sort()) {
      const path = join(devDir, 'serial', 'by-id', name);
      try {
        targets.add(resolve(join(devDir, 'serial', 'by-id'), readlinkSync(path)));
      } catch {
        // not a link: listed all the same
      }
      byId.push({ path, label: name });
    }
  } catch {
    // no such folder: no USB serial device plugged in (or no udev)
  }
  let files: SerialPortView[] = [];
  try {
    files = readdirSync(devDir).filter((n) => LINUX_DEVICE_FILES.test(n)).sort().map((n) => ({ path: join(devDir, n) }));
  } catch {
    // no device folder to read
  }
  const seen = new Set<string>();
  const ports: SerialPortView[] = [];
  for (const p of [...byId, ...system, ...files]) {
    if (seen.has(p.path) || (targets.has(p.path) && !p.path.includes('/by-id/'))) continue;
    seen.add(p.path);
    ports.push(p);
  }
  return { ports, listedBy };
}
