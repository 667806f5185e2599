// A browser host in a process of its own, for measuring its memory under a flood: prints "ready <port> <token>",
// then its resident set size, live heap and buffers every 50 ms ("rss <rss> <heap> <buffers>") until killed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../electron/host/web-host';
import { openGate } from '../../electron/main/services/compose';
import { saveStationConfig } from '../../electron/main/services/station-config';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-host-child-'));
mkdirSync(join(dir, 'renderer'));
writeFileSync(join(dir, 'renderer', 'index.html'), '<html><head></head><body></body></html>');
writeFileSync(join(dir, 'bridge.js'), '');
const gate = await openGate(join(dir, 'data'));
saveStationConfig(gate.settings, gate.packs, { venueName: 'v', stationName: 's', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
const host = await startWebHost({ rendererDir: join(dir, 'renderer'), bridgeFile: join(dir, 'bridge.js'), handlers: gate.handlers, log: () => undefined });
process.stdout.write(`ready ${host.port} ${host.token}\n`);
// Live memory: collected first (the process runs with --expose-gc), so garbage not yet collected is not counted.
const gc = (globalThis as { gc?: () => void }).gc;
setInterval(() => {
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`rss ${m.rss} ${m.heapUsed} ${m.external + m.arrayBuffers}\n`);
}, 50);
