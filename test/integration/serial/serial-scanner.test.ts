// A serial-mode scanner on a pseudo-terminal pair (socat): scans, and everything a port can do wrong (issue 32).
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSerialScanner, problemOf, type SerialScan, type SerialStatus } from '../../../electron/main/services/serial-scanner';
import { hasSocat, ptyPair, type PtyPair } from '../../support/pty';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import type { EventPayloads } from '../../../electron/api/contract';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function scannerOn(pty: PtyPair, options: { maxLength?: number; retryMs?: number } = {}) {
  const scans: SerialScan[] = [];
  const statuses: SerialStatus[] = [];
  const s = startSerialScanner({ path: pty.port, onScan: (x) => scans.push(x), onStatus: (x) => statuses.push(x), retryMs: options.retryMs ?? 100, ...(options.maxLength ? { maxLength: options.maxLength } : {}) });
  cleanups.push(() => s.stop());
  await until(() => s.status().connected, 'the port to open');
  return { s, scans, statuses };
}

describe('serial scanner on a pseudo-terminal', () => {
  it('has socat to make the pairs (.ci/run installs it)', () => expect(hasSocat()).toBe(true));

  it('a scan ended by CR, LF or CRLF arrives whole, in order, each once', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const { s, scans } = await scannerOn(pty);
    pty.send('HC1:NCFOXN%TS3DH\r');
    pty.send('SECOND-CODE\n');
    pty.send('THIRD\r\nFOURTH\r\n');
    await until(() => scans.length === 4 || undefined, 'four scans');
    expect(scans.map((x) => x.code)).toEqual(['HC1:NCFOXN%TS3DH', 'SECOND-CODE', 'THIRD', 'FOURTH']);
    // Each is taken once.
    expect(s.claim(scans[0]!.id)).toBe('HC1:NCFOXN%TS3DH');
    expect(s.claim(scans[0]!.id)).toBeUndefined();
  });

  it('binary garbage, an endless line and a flood: said, dropped, and the next scan still arrives', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const { scans, statuses } = await scannerOn(pty, { maxLength: 1000 });
    pty.send(Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x0d]));
    await until(() => statuses.find((x) => x.problem === 'garbage'), 'garbage said');
    pty.send('x'.repeat(5000));
    pty.send('\r\n');
    await until(() => statuses.find((x) => x.problem === 'overflow'), 'overflow said');
    pty.send(Array.from({ length: 200 }, (_, i) => `FLOOD-${i}\r`).join(''));
    await until(() => scans.length >= 20 || undefined, 'the flood read');
    await new Promise((r) => setTimeout(r, 1100));
    pty.send('AFTER-FLOOD\r');
    await until(() => scans.find((x) => x.code === 'AFTER-FLOOD'), 'the next scan');
    expect(scans.length).toBeLessThanOrEqual(21);
    expect(statuses.some((x) => x.problem === 'flood')).toBe(true);
    expect(scans.every((x) => !x.code.includes('\u0000'))).toBe(true);
    // The scan that said the flood keeps its note; the next good scan clears it.
    expect(statuses.at(-1)!.problem).toBe('flood');
    pty.send('ALL-CLEAR\r');
    await until(() => scans.find((x) => x.code === 'ALL-CLEAR'), 'one more scan');
    expect(statuses.at(-1)!.connected).toBe(true);
    expect(statuses.at(-1)!.problem).toBeUndefined();
  });

  it('a note about a bad line (garbage) stays until the next good scan, which clears it', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const { s, scans } = await scannerOn(pty);
    pty.send(Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x0d]));
    await until(() => s.status().problem === 'garbage' || undefined, 'garbage said');
    pty.send('GOOD-ONE\r');
    await until(() => scans.find((x) => x.code === 'GOOD-ONE'), 'the good scan');
    expect(s.status().connected).toBe(true);
    expect(s.status().problem).toBeUndefined();
    expect(s.status().detail).toBeUndefined();
  });

  it('unplugged mid-scan: the cut scan is said and dropped; plugged in again, it reconnects by itself', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const { s, scans, statuses } = await scannerOn(pty);
    pty.send('HC1:HALF-OF-A-CERT');
    await new Promise((r) => setTimeout(r, 150));
    await pty.unplug();
    await until(() => !s.status().connected || undefined, 'the port to be lost');
    expect(statuses.some((x) => x.problem === 'partial')).toBe(true);
    expect(['unplugged', 'not-found']).toContain(s.status().problem);
    await pty.plug();
    await until(() => s.status().connected || undefined, 'the port again');
    pty.send('BACK-AGAIN\r');
    await until(() => scans.find((x) => x.code === 'BACK-AGAIN'), 'a scan after the replug');
    expect(scans.map((x) => x.code)).toEqual(['BACK-AGAIN']);
  });

  it('a port that does not exist, or that another program holds, says so and keeps trying', async () => {
    const missing = startSerialScanner({ path: join(mkdtempSync(join(tmpdir(), 'gc-nope-')), 'ttyACM9'), onScan: () => undefined, retryMs: 100 });
    cleanups.push(() => missing.stop());
    await until(() => missing.status().problem, 'the failure');
    expect(missing.status()).toMatchObject({ connected: false, problem: 'not-found' });
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const first = await scannerOn(pty);
    const second = startSerialScanner({ path: pty.port, onScan: () => undefined, retryMs: 100 });
    cleanups.push(() => second.stop());
    await until(() => second.status().problem, 'the busy port');
    expect(second.status()).toMatchObject({ connected: false, problem: 'busy' });
    expect(first.s.status().connected).toBe(true);
    expect(problemOf(new Error('Error: Permission denied, cannot open /dev/ttyACM0')).detail).toMatch(/dialout/);
  });
});

describe('serial scans through the station', () => {
  it('a serial scan is checked like a keyboard scan, recorded with its source, and taken once', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.close());
    const events: EventPayloads['serialScan'][] = [];
    const dir = mkdtempSync(join(tmpdir(), 'gc-serial-gate-'));
    const gate: Gate = await openGate(dir, { serial: { path: pty.port }, emit: (event, payload) => event === 'serialScan' && events.push(payload as EventPayloads['serialScan']) });
    cleanups.push(() => gate.close());
    saveStationConfig(gate.settings, gate.packs, { venueName: '医院', stationName: '门诊', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
    await until(() => gate.handlers && true, 'the gate');
    const info = await gate.handlers.station({});
    expect(info.serial?.path).toBe(pty.port);
    pty.send('OPAQUE-HEALTH-CODE-1\r\n');
    const scan = await until(() => events[0], 'the scan event');
    const out = await gate.handlers.check({ code: 'anything the page says', category: 'patient', source: 'serial', serialId: scan.id });
    expect(out).toMatchObject({ format: 'opaque', outcome: 'route' });
    expect(gate.entries.get(out.entryId!)!.evidenceSummary.input).toBe('serial');
    // The code recorded is the port's, not the page's: its fingerprint is that of the scanned text.
    const typed = await gate.handlers.check({ code: 'OPAQUE-HEALTH-CODE-1', category: 'patient', source: 'wedge' });
    expect(gate.entries.get(out.entryId!)!.payloadFingerprint).toBe(gate.entries.get(typed.entryId!)!.payloadFingerprint);
    await expect(gate.handlers.check({ code: 'OPAQUE-HEALTH-CODE-1', category: 'patient', source: 'serial', serialId: scan.id })).rejects.toMatchObject({ code: 'SCAN_TAKEN' });
  });
});
