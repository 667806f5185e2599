// The million-row roster import (issue 30), in a process of its own that holds only the gate (its services and
// database, as the app's main process does) and this script: a 1,000,000-row CSV written to disk, imported from its
// path and committed while the gate answers a scan every 100 ms, its resident memory sampled every 2 ms by a worker
// thread meanwhile (the import worker's memory is the process's too). Scans before the import are the baseline for
// the scans during it. Prints its figures as one JSON object. Run by run.ts, once per repetition, with the CSV's path
// (written once per run); run alone, it writes the CSV itself.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openGate } from '../../electron/main/services/compose';
import { saveStationConfig } from '../../electron/main/services/station-config';
import { importTable } from '../../electron/main/services/imports/import-table';
import { uniqueIdNumber } from '../support/roster-files';
import { rssSampler } from './rss';

export type MillionFigures = {
  ms_1m: number;
  rows_per_s_1m: number;
  peak_rss_mb_1m: number;
  rss_before_mb_1m: number;
  rss_growth_mb_1m: number;
  scan_p95_ms_before_1m: number;
  scan_p95_ms_during_1m: number;
  scans_during_1m: number;
  /** The slowest scan while the import ran (a checkpoint of its WAL is the longest pause it makes). */
  scan_max_ms_during_1m: number;
};

const NOW = Date.parse('2026-11-20T10:00:00+08:00');
const ROWS = 1_000_000;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
};

/** The 1,000,000-row roster CSV (name, ID number, category, badge), written in pieces. */
export async function writeMillionCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('姓名,身份证号,类别,工牌\r\n');
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) chunk += `学生${j},${uniqueIdNumber(j)},学生,S${j}\r\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<MillionFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bench-1m-'));
  try {
    // The CSV: its path given by run.ts (written once per bench run), or written here.
    const file = process.argv[2] ?? join(dir, 'roster-1m.csv');
    if (!process.argv[2]) await writeMillionCsv(file);
    let now = NOW;
    const gate = await openGate(join(dir, 'data'), { clock: () => (now += 1) });
    saveStationConfig(gate.settings, gate.packs, { venueName: '实验小学', stationName: '东门', profile: { pack: 'cn-2022-12-07', venueKind: 'school' } });
    let n = 0;
    // A scan every 100 ms (ten a second, far more than any gate sees), timed from when it is due, not from when the
    // event loop got to it: a scan that arrives while a batch of the import is being written waits for it, as a
    // scan from the station's window would wait in the message queue.
    let due = 0;
    const scan = async () => {
      await gate.handlers.check({ code: `VISITOR-CODE-${n++}`, category: 'visitor', source: 'wedge' });
      return performance.now() - due;
    };
    const pause = () => {
      due = performance.now() + 100;
      return new Promise((r) => setTimeout(r, 100));
    };
    const before: number[] = [];
    due = performance.now();
    for (let i = 0; i < 50; i++) {
      before.push(await scan());
      await pause();
    }
    const sampler = rssSampler();
    await new Promise((r) => setTimeout(r, 50));
    const rssBefore = process.memoryUsage().rss;
    const t = performance.now();
    let done = false;
    due = performance.now();
    const importing = importTable({ rosters: gate.rosters, hashId: gate.hashId, idKey: gate.idKey(), clock: () => NOW }, 'roster', { path: file }, 'roster-1m.csv', true).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      during.push(await scan());
      await pause();
    }
    const report = await importing;
    const ms = performance.now() - t;
    const peak = await sampler.stop();
    const people = gate.rosters.counts().people;
    gate.close();
    if (report.valid !== ROWS || people !== ROWS) throw new Error(`1m import: ${report.valid} valid, ${people} people`);
    return {
      ms_1m: Math.round(ms), rows_per_s_1m: Math.round(ROWS / (ms / 1000)),
      peak_rss_mb_1m: Math.round(peak / 2 ** 20), rss_before_mb_1m: Math.round(rssBefore / 2 ** 20), rss_growth_mb_1m: Math.round((peak - rssBefore) / 2 ** 20),
      scan_p95_ms_before_1m: Math.round(quantile(before, 0.95) * 10) / 10, scan_p95_ms_during_1m: Math.round(quantile(during, 0.95) * 10) / 10, scans_during_1m: during.length,
      scan_max_ms_during_1m: Math.round(Math.max(...during) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a script (the bench's child); imported (run.ts: writeMillionCsv), nothing runs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main().then((figures) => process.stdout.write(`${JSON.stringify(figures)}\n`), (err: unknown) => {
  process.stderr.write(`import-million: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
