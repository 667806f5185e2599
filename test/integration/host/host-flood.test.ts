// The browser host under a flood of calls (issue: reliability, item 5): its own process, 20,000 calls sent at once on
// one socket; every call is answered, in full, and the host's memory stays flat (backpressure, not an ever-growing
// queue of calls being answered at once).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { SOCKET_PATH } from '../../../electron/host/socket-protocol';
import { ROOT } from '../../support/paths';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startWebHost } from '../../../electron/host/web-host';
import { openGate } from '../../../electron/main/services/compose';
import type { Handlers } from '../../../electron/api/contract';

const CALLS = 20_000;
/** Every tenth call carries a 64 KiB file (a roster import with a wrong PIN): what piles up if calls are not bounded. */
const BULKY = Buffer.alloc(48 * 1024, 'a').toString('base64');

describe('host/flood', () => {
  it(`${CALLS} calls at once on one socket: all answered, the host's heap grows by under 32 MB`, { timeout: 240_000 }, async () => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'test/support/host-child.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const rss: number[] = [];
      const heap: number[] = [];
      const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const r = /^ready (\d+) (\S+)$/.exec(line);
          if (r) resolve({ port: Number(r[1]), token: r[2]! });
          const m = /^rss (\d+) (\d+) (\d+)$/.exec(line);
          if (m) {
            rss.push(Number(m[1]));
            heap.push(Number(m[2]) + Number(m[3]));
          }
        });
        child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
      });
      // The host settled before the flood: its baseline is the highest of its first readings.
      await new Promise((r) => setTimeout(r, 300));
      const baseline = Math.max(...rss);
      const seenBefore = rss.length;
      const ws = new WebSocket(`ws://127.0.0.1:${ready.port}${SOCKET_PATH}?token=${encodeURIComponent(ready.token)}`, { headers: { origin: `http://127.0.0.1:${ready.port}` } });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      let answered = 0;
      let failed = 0;
      const done = new Promise<void>((resolve) => ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean } };
        if (m.id === undefined) return; // an event
        answered++;
        if (!m.result?.ok && m.id % 10 !== 0) failed++; // the imports are refused (wrong PIN, then locked), as meant
        if (answered === CALLS) resolve();
      }));
      for (let id = 1; id <= CALLS; id++) {
        const call = id % 10 === 0
          ? { id, method: 'importRoster', input: { adminPin: '000000', kind: 'roster', fileName: 'r.csv', contentBase64: BULKY, commit: false } }
          : { id, method: 'station', input: {} };
        ws.send(JSON.stringify(call));
      }
      await done;
      ws.close();
      const peak = Math.max(...rss.slice(seenBefore));
      expect(answered).toBe(CALLS);
      expect(failed).toBe(0);
      const heapGrowth = Math.max(...heap.slice(seenBefore)) - Math.max(...heap.slice(0, seenBefore));
      console.log('flood: live heap +', Math.round(heapGrowth / 1048576), 'MB; rss +', Math.round((peak - baseline) / 1048576), 'MB');
      // The JavaScript heap and buffers are what a queue of calls fills (without backpressure: +100 MB here); the
      // resident size follows it loosely (the allocator keeps what it once had), so it gets a wider bound.
      expect(heapGrowth).toBeLessThan(32 * 1024 * 1024);
      expect(peak - baseline).toBeLessThan(96 * 1024 * 1024);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('host/backpressure', () => {
  it('calls that take a while are answered a few at a time, never all at once: 600 sent together, at most 16 running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-host-bp-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<html><head></head><body></body></html>');
    writeFileSync(join(dir, 'bridge.js'), '');
    const gate = await openGate(join(dir, 'data'));
    let running = 0;
    let most = 0;
    // A slow call (a disk that takes its time): each holds its place for 20 ms.
    const handlers: Handlers = {
      ...gate.handlers,
      today: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return { day: '2026-11-20', byOutcome: { admit: 0, 'admit-emergency': 0, route: 0, need: 0, refuse: 0 }, byCategory: {}, recent: [] };
      },
    };
    const host = await startWebHost({ rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js'), handlers, log: () => undefined });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}${SOCKET_PATH}?token=${encodeURIComponent(host.token)}`, { headers: { origin: `http://127.0.0.1:${host.port}` } });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      let answered = 0;
      const done = new Promise<void>((resolve) => ws.on('message', () => ++answered === 600 && resolve()));
      for (let id = 1; id <= 600; id++) ws.send(JSON.stringify({ id, method: 'today', input: { limit: 5 } }));
      await done;
      ws.close();
      expect(answered).toBe(600);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(16);
    } finally {
      await host.close();
      gate.close();
    }
  });
});
