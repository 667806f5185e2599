// The venue register on a throwaway PostgreSQL cluster (loopback: a Unix socket):
// - ingest: 8 stations push 5,000 entries each at once (the app's rounds: outbox read, ingest function in batches of
//   1,000, marks moved), against the same rows sent as bare multi-row INSERTs over 8 connections in the same batches
//   (run before and after; the faster counts);
// - lag: an entry checked at one station until it is in another station's recent entries (the background sync:
//   pushed at once, pulled on the venue's notice), 60 entries one after another.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPgCluster } from '../support/pg-cluster';
import { openGate, type Gate } from '../../electron/main/services/compose';
import { joinVenue } from '../../electron/main/services/venue/join';
import { initVenue } from '../../electron/db/venue/admin';
import { withVenue } from '../../electron/db/venue/connect';
import type { WireEntry } from '../../electron/core/venue/protocol';
import { newAdminKeys } from '../../electron/main/services/venue/admin-key';
import { saveStationConfig } from '../../electron/main/services/station-config';
import type { NewEntry } from '../../electron/db/entries';
import { uniqueIdNumber } from '../support/roster-files';

const STATIONS = 8;
const PER_STATION = 5_000;
const BATCH = 1_000;
const LAG_SAMPLES = 60;

/**
 * Entries of two days ago (UTC): inside the venue's window whenever the bench runs, and before the days other gates'
 * entries are pulled for (today and yesterday), so what is measured is the push, as the bare INSERTs do.
 */
const DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

const entry = (i: number, station: string): NewEntry => ({
  atMs: Date.parse(`${DAY}T02:00:00Z`) + i * 1000, localDay: DAY, station, packId: 'cn-2022-12-07', packVersion: 1,
  venueKind: 'school', category: 'visitor', outcome: 'need', citations: ['Q3'], evidenceSummary: { kinds: [], sources: [] },
  format: 'opaque', payloadFingerprint: `${i}`.padStart(64, '0'), idHash: createHash('sha256').update(`${station}-${i}`).digest('hex'),
});

async function stationsOf(url: string, root: string, count: number): Promise<Gate[]> {
  const gates: Gate[] = [];
  for (let s = 0; s < count; s++) {
    const dataDir = join(root, `s${s}`);
    const gate = await openGate(dataDir, { operator: () => 'bench' });
    saveStationConfig(gate.settings, gate.packs, { venueName: 'bench', stationName: `${s + 1}号门`, profile: { pack: 'cn-2022-12-07', venueKind: 'school' } });
    await joinVenue({ dataDir, link: gate.venueLink, clock: Date.now, highestEntryId: () => gate.entries.highestIssuedId() }, { adminUrl: url, stationName: `${s + 1}号门`, keys: ADMIN });
    gates.push(gate);
  }
  // Joining wrote the venue key: reopened, each station hashes with it.
  gates.forEach((g) => g.close());
  return Promise.all(gates.map((g) => openGate(g.dataDir, { operator: () => 'bench' })));
}

/** The venue admin's keys (made on the admin's machine; the server gets the public key only). */
const ADMIN = newAdminKeys('bench');

async function freshVenue(cluster: ReturnType<typeof startPgCluster>, name: string): Promise<string> {
  cluster.psql(`CREATE DATABASE ${name}`);
  const url = cluster.url(name);
  await withVenue(url, (c) => initVenue(c, { venueName: 'bench', adminKey: ADMIN.publicKey }));
  return url;
}

const COLUMNS = ['venue_id', 'station_id', 'epoch', 'seq', 'local_day', 'at_ms', 'station', 'operator', 'pack_id', 'pack_version', 'venue_kind', 'category', 'outcome', 'route', 'citations', 'evidence_summary', 'format', 'name', 'id_masked', 'id_hash', 'payload_fingerprint', 'verification', 'note', 'corrects_seq', 'closes_station', 'closes_seq'] as const;

/** The same rows as bare multi-row INSERTs (the admin's role, no function, no marks), 8 connections at once. */
async function bareInsert(url: string, batches: WireEntry[][][]): Promise<number> {
  const clients = await Promise.all(batches.map(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));

  const start = performance.now();
  await Promise.all(batches.map(async (station, s) => {
    const c = clients[s]!;
    for (const batch of station) {
      const values: unknown[] = [];
      const rows = batch.map((e, r) => {
        const row = { venue_id: 1, station_id: 100 + s, ...e };
        for (const k of COLUMNS) values.push(k === 'citations' || k === 'evidence_summary' ? JSON.stringify(row[k]) : (row as Record<string, unknown>)[k]);
        return `(${COLUMNS.map((_, i) => `$${r * COLUMNS.length + i + 1}`).join(', ')})`;
      });
      await c.query(`INSERT INTO gc.entries (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values);
    }
  }));
  const ms = performance.now() - start;
  await Promise.all(clients.map((c) => c.end()));
  return ms;
}

export async function benchVenue() {
  const cluster = startPgCluster();
  const root = mkdtempSync(join(tmpdir(), 'gc-bench-venue-'));
  try {
    // Ingest: the app's rounds against bare INSERTs of the same rows, each on a venue database of its own.
    const url = await freshVenue(cluster, 'bench_app');
    const gates = await stationsOf(url, root, STATIONS);
    // Each station's connection made and used once first, as the app keeps it open (the bare INSERTs' connections are
    // made before their clock starts too): one entry each, then the measured ones.
    for (const g of gates) g.entries.insert(entry(PER_STATION, g.venueLink.get()!.stationName));
    await Promise.all(gates.map((g) => g.venue.round()));
    for (const g of gates) g.db.transaction(() => { for (let i = 0; i < PER_STATION; i++) g.entries.insert(entry(i, g.venueLink.get()!.stationName)); })();
    const batches = gates.map((g) => Array.from({ length: PER_STATION / BATCH }, (_, b) => g.venueLink.outbox(1 + b * BATCH, BATCH).map((r) => r.entry)));
    // Bare before and after the app's rounds (each into a database of its own), the faster one kept: the order favours neither.
    const bareBefore = await bareInsert(await freshVenue(cluster, 'bench_bare1'), batches);
    const start = performance.now();
    await Promise.all(gates.map((g) => g.venue.round()));
    const appMs = performance.now() - start;
    const bareMs = Math.min(bareBefore, await bareInsert(await freshVenue(cluster, 'bench_bare2'), batches));
    const total = STATIONS * PER_STATION;
    gates.forEach((g) => g.close());

    // Lag: one station checks, another sees it, with both running their background sync.
    const lagUrl = await freshVenue(cluster, 'bench_lag');
    const [a, b] = await stationsOf(lagUrl, join(root, 'lag'), 2);
    const stops = [a!.venue.start(3_600_000), b!.venue.start(3_600_000)];
    const seen = b!.db.prepare('SELECT COUNT(*) AS n FROM venue_recent');
    const count = () => (seen.get() as { n: number }).n;
    const lags: number[] = [];
    try {
      for (let i = 0; i < 200 && (a!.venue.status()?.lastSyncMs === undefined || b!.venue.status()?.lastSyncMs === undefined); i++) await new Promise((r) => setTimeout(r, 25));
      for (let i = 0; i < LAG_SAMPLES; i++) {
        const before = count();
        const t0 = performance.now();
        await a!.handlers.check({ code: uniqueIdNumber(i + 1), category: 'visitor', source: 'wedge' });
        while (count() === before) {
          if (performance.now() - t0 > 30_000) throw new Error('an entry took over 30 s to reach the other station');
          await new Promise((r) => setTimeout(r, 1));
        }
        lags.push(performance.now() - t0);
      }
    } finally {
      stops.forEach((stop) => stop());
      a!.close();
      b!.close();
    }
    lags.sort((x, y) => x - y);
    const q = (p: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]! * 10) / 10;
    return {
      stations: STATIONS, entries: total,
      ingest_per_s: Math.round(total / (appMs / 1000)), bare_per_s: Math.round(total / (bareMs / 1000)),
      ingest_ms: Math.round(appMs), bare_ms: Math.round(bareMs), ratio: Math.round((appMs / bareMs) * 100) / 100,
      lag_p50_ms: q(0.5), lag_p95_ms: q(0.95), lag_samples: lags.length,
    };
  } finally {
    cluster.close();
    rmSync(root, { recursive: true, force: true });
  }
}
