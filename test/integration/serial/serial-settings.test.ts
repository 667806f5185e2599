// A serial-mode scanner chosen in Settings (issue 32): saved with the station, opened at once without a restart,
// changed or removed at once, opened again at the next start; the ports listed; the browser host's --serial fixed.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ptyPair } from '../../support/pty';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { listSerialPorts } from '../../../electron/main/services/serial-control';
import type { EventPayloads } from '../../../electron/api/contract';
import { until } from '../../support/until';

const SETUP = { venueName: '测试医院', stationName: '门诊', profile: { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } } as const;
const ADMIN = SETUP.adminPin;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function gateOn(dir: string, serial?: { path: string }) {
  const scans: EventPayloads['serialScan'][] = [];
  const gate: Gate = await openGate(dir, { ...(serial ? { serial } : {}), emit: (event, payload) => event === 'serialScan' && scans.push(payload as EventPayloads['serialScan']) });
  return { gate, scans };
}

describe('a serial scanner set up in Settings', () => {
  it('opens at once, is remembered across a restart, moves to another port and goes when removed', async () => {
    const first = await ptyPair();
    const second = await ptyPair();
    cleanups.push(() => first.close(), () => second.close());
    const dir = mkdtempSync(join(tmpdir(), 'gc-serial-settings-'));
    let { gate, scans } = await gateOn(dir);
    await gate.handlers.setup(SETUP);
    // Nothing set up: no chip on the station, none in the view.
    expect((await gate.handlers.station({})).serial).toBeUndefined();
    expect((await gate.handlers.peripherals({ adminPin: ADMIN })).serial.configured).toBeUndefined();
    // Behind the admin PIN, both ways.
    await expect(gate.handlers.peripherals({ adminPin: '000000' })).rejects.toMatchObject({ code: 'WRONG_PIN' });
    await expect(gate.handlers.savePeripherals({ adminPin: '000000', serial: { path: first.port, baudRate: 9600, terminator: 'any', gapMs: 50 } })).rejects.toMatchObject({ code: 'WRONG_PIN' });

    const saved = await gate.handlers.savePeripherals({ adminPin: ADMIN, serial: { path: first.port, baudRate: 115200, terminator: 'any', gapMs: 50 } });
    expect(saved.serial.configured).toEqual({ path: first.port, baudRate: 115200, terminator: 'any', gapMs: 50 });
    const connected = async () => (await gate.handlers.station({})).serial?.connected;
    for (let i = 0; i < 250 && !(await connected()); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await gate.handlers.station({})).serial).toMatchObject({ path: first.port, baudRate: 115200, connected: true });
    first.send('OPAQUE-FROM-SETTINGS\r\n');
    const scan = await until(() => scans[0], 'a scan from the port Settings chose');
    const out = await gate.handlers.check({ code: 'x', category: 'patient', source: 'serial', serialId: scan.id });
    expect(gate.entries.get(out.entryId!)!.evidenceSummary.input).toBe('serial');

    // A restart opens it again by itself.
    gate.close();
    await new Promise((r) => setTimeout(r, 100));
    ({ gate, scans } = await gateOn(dir));
    cleanups.push(() => gate.close());
    await gate.handlers.signIn({ name: '赵敏', pin: '8642' });
    for (let i = 0; i < 250 && !(await connected()); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await gate.handlers.station({})).serial).toMatchObject({ path: first.port, connected: true });
    first.send('AFTER-RESTART\r');
    expect((await until(() => scans[0], 'a scan after the restart')).code).toBe('AFTER-RESTART');

    // Moved to another port: the first is let go (another program may open it now), the second scans.
    await gate.handlers.savePeripherals({ adminPin: ADMIN, serial: { path: second.port, baudRate: 9600, terminator: 'gap', gapMs: 80 } });
    for (let i = 0; i < 250 && !(await connected()); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await gate.handlers.station({})).serial).toMatchObject({ path: second.port, connected: true });
    // With a quiet gap for a terminator, a code with no line end is a scan once the port goes quiet.
    second.send('NO-TERMINATOR-CODE');
    expect((await until(() => scans.find((s) => s.code === 'NO-TERMINATOR-CODE'), 'a gap-ended scan')).code).toBe('NO-TERMINATOR-CODE');
    first.send('IGNORED-NOW\r');
    await new Promise((r) => setTimeout(r, 300));
    expect(scans.map((s) => s.code)).not.toContain('IGNORED-NOW');

    // Removed: no scanner, no chip; the station scans by keyboard as ever.
    const none = await gate.handlers.savePeripherals({ adminPin: ADMIN, serial: null });
    expect(none.serial.configured).toBeUndefined();
    expect((await gate.handlers.station({})).serial).toBeUndefined();
    second.send('AFTER-REMOVAL\r');
    await new Promise((r) => setTimeout(r, 300));
    expect(scans.map((s) => s.code)).not.toContain('AFTER-REMOVAL');
  });

  it('refuses what is no port: a relative path, a URL, an absurd baud rate or gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-serial-bad-'));
    const { gate } = await gateOn(dir);
    cleanups.push(() => gate.close());
    await gate.handlers.setup(SETUP);
    const { contract } = await import('../../../electron/api/contract');
    const bad = [
      { path: 'ttyACM0', baudRate: 9600, terminator: 'any', gapMs: 50 },
      { path: 'http://evil.example/port', baudRate: 9600, terminator: 'any', gapMs: 50 },
      { path: '/dev/ttyACM0', baudRate: 12, terminator: 'any', gapMs: 50 },
      { path: '/dev/ttyACM0', baudRate: 9600, terminator: 'eot', gapMs: 50 },
      { path: '/dev/ttyACM0', baudRate: 9600, terminator: 'gap', gapMs: 0 },
      { path: `/dev/${'x'.repeat(400)}`, baudRate: 9600, terminator: 'any', gapMs: 50 },
    ];
    for (const serial of bad) expect(contract.savePeripherals.input.safeParse({ adminPin: ADMIN, serial }).success, JSON.stringify(serial).slice(0, 80)).toBe(false);
    for (const path of ['/dev/ttyACM0', '/dev/serial/by-id/usb-Honeywell_Scanner-if00', 'COM3', '\\\\.\\COM12']) {
      expect(contract.savePeripherals.input.safeParse({ adminPin: ADMIN, serial: { path, baudRate: 9600, terminator: 'any', gapMs: 50 } }).success, path).toBe(true);
    }
  });

  it("the browser host's --serial is fixed: Settings shows it and cannot move it", async () => {
    const pty = await ptyPair();
    const other = await ptyPair();
    cleanups.push(() => pty.close(), () => other.close());
    const dir = mkdtempSync(join(tmpdir(), 'gc-serial-fixed-'));
    const { gate } = await gateOn(dir, { path: pty.port });
    cleanups.push(() => gate.close());
    await gate.handlers.setup(SETUP);
    await gate.handlers.savePeripherals({ adminPin: ADMIN, serial: { path: other.port, baudRate: 9600, terminator: 'any', gapMs: 50 } });
    const view = await gate.handlers.peripherals({ adminPin: ADMIN });
    expect(view.serial.fixedByHost).toEqual({ path: pty.port, baudRate: 9600 });
    expect(view.serial.status?.path).toBe(pty.port);
    // The browser host has no screens of its own to put a window on (it has /display).
    expect(view.screens).toMatchObject({ available: false, list: [] });
  });
});

describe('the serial ports listed', () => {
  it('takes the system list, adds the device files it leaves out (no udev), by-id names first and each port once', async () => {
    const dev = mkdtempSync(join(tmpdir(), 'gc-dev-'));
    for (const n of ['ttyACM0', 'ttyACM1', 'ttyUSB0', 'ttyS0', 'tty1', 'null']) writeFileSync(join(dev, n), '');
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    symlinkSync('../../ttyACM0', join(dev, 'serial', 'by-id', 'usb-Honeywell_Xenon_1900-if00'));
    // No udevadm (this machine, containers): serialport's list fails; the device files are what there is.
    const noUdev = await listSerialPorts({ devDir: dev, platform: 'linux', list: () => Promise.reject(new Error('spawn udevadm ENOENT')) });
    expect(noUdev.listedBy).toBe('device-files');
    expect(noUdev.ports).toEqual([
      { path: join(dev, 'serial', 'by-id', 'usb-Honeywell_Xenon_1900-if00'), label: 'usb-Honeywell_Xenon_1900-if00' },
      { path: join(dev, 'ttyACM1') },
      { path: join(dev, 'ttyUSB0') },
    ]);
    // The system's list, where it works, names what is on each port.
    const withUdev = await listSerialPorts({ devDir: dev, platform: 'linux', list: async () => [{ path: join(dev, 'ttyUSB0'), manufacturer: 'Zebra' }] });
    expect(withUdev.listedBy).toBe('system');
    expect(withUdev.ports.find((p) => p.path === join(dev, 'ttyUSB0'))).toEqual({ path: join(dev, 'ttyUSB0'), label: 'Zebra' });
    expect(withUdev.ports.filter((p) => p.path === join(dev, 'ttyUSB0'))).toHaveLength(1);
    // Elsewhere (Windows: COM ports) the system's list is all.
    expect((await listSerialPorts({ platform: 'win32', list: async () => [{ path: 'COM3', manufacturer: 'Honeywell' }] })).ports).toEqual([{ path: 'COM3', label: 'Honeywell' }]);
    // And the real one on this machine answers without throwing.
    expect(Array.isArray((await listSerialPorts()).ports)).toBe(true);
  });
});
