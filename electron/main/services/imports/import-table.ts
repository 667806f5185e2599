// Importing the venue's roster and lab results (CSV in UTF-8 or GB18030, or XLSX). The file is read and checked in a
// worker thread (import-worker.ts) a batch at a time, so a large or hostile file never stalls the gate and a long one
// never fills memory; a preview writes nothing; a commit hashes ID numbers (never stored whole) and writes each batch
// of valid rows in a transaction of its own, in a later turn of the event loop, so scans go on during a long import.
// Rows are keyed: importing the same file again (also after an import that stopped midway) adds nothing twice.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../core/errors';
import { maskId } from '../../../core/credentials/cn-id';
import type { ParsedPerson, ParsedResult, TableKind } from '../../../core/roster/columns';
import type { RostersRepo } from '../../../db/rosters';
import type { ImportReport, ImportRowView } from '../../../api/contract';
import { TABLE_LIMITS, type TableLimits } from './zip-guard';
import type { ImportSource, MainMessage, ParsedRow, WorkerMessage, WorkerRequest } from './worker-protocol';

export type { ImportReport };

export interface ImportDeps {
  /** Where valid rows go; a collector of rows in memory has no bulkWrites. */
  rosters: Pick<RostersRepo, 'save'> & Partial<Pick<RostersRepo, 'bulkWrites'>>;
  hashId: (id: string) => string;
  clock: () => number;
  limits?: TableLimits;
}

/** Rows the worker checks and sends at a time (written in transactions of fewer: WRITE_SLICE_MS). */
export const IMPORT_BATCH_ROWS = 2_000;
/** About how long one transaction of an import may hold the main thread (a scan waits at most this behind it). */
const WRITE_SLICE_MS = 4;
/** The fewest rows a transaction writes, however slow the disk: an import always gets on. */
const MIN_SLICE_ROWS = 20;
/** Rows after which the import lets a checkpoint empty the WAL before it writes on (see writeSliced). */
const DRAIN_ROWS = 8_000;
/** How long the worker may go without finishing a batch (reading, checking) before the import is given up. */
const WORKER_IDLE_MS = 120_000;

/** The worker's script: the bundle beside the main bundle, or (tests, the CLI) the TypeScript source through tsx's loader. */
function workerScript(): { code: string; eval: boolean } {
  // In the packaged app the bundle sits in app.asar.unpacked (electron-builder.yml's asarUnpack).
  const here = dirname(fileURLToPath(import.meta.url)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  const bundled = join(here, 'import-worker.cjs');
  if (existsSync(bundled)) return { code: bundled, eval: false };
  // tsx's ESM API (its `import` export), found from its package.json wherever the process was started.
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
  const source = pathToFileURL(join(here, 'import-worker.ts')).href;
  return { code: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** better-sqlite3 as this thread loaded it, for the import worker's checkpoints (undefined: they are made here). */
const SQLITE_MODULE = (() => {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return undefined;
  }
})();

/**
 * Previews (`commit` false: counts, errors and the first rows, nothing written) or imports a table: its bytes (the
 * app's file picker) or its path (the command line; read in pieces, so a file of a million rows takes no more memory
 * than one of a thousand).
 */
export function importTable(deps: ImportDeps, kind: TableKind, file: Uint8Array | { path: string }, fileName: string, commit: boolean): Promise<ImportReport> {
  // A copy of exactly these bytes (a Buffer may be a view into a shared pool), handed over to the worker.
  const source: ImportSource = file instanceof Uint8Array ? { bytes: new Uint8Array(file).buffer } : { path: file.path };
  const script = workerScript();
  const limits = deps.limits ?? TABLE_LIMITS;
  let added = 0;
  let written = 0;
  return new Promise((resolve, reject) => {
    // A small young generation: the worker's short-lived rows are collected sooner (a million-row import peaked 26 MB
    // lower, 307 → 281 MB, for about a tenth more time: measured in the benchmark).
    const worker = new Worker(script.code, { eval: script.eval, resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 8 } });
    let settled = false;
    let timer: ReturnType<typeof setTimeout>;
    const bulk = commit ? deps.rosters.bulkWrites?.() : undefined;
    const rosters = bulk ?? deps.rosters;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      checkpointed();
      void worker.terminate();
      try {
        bulk?.end();
      } catch {
        // The import's rows are committed whatever happens here: a checkpoint that fails now (a full disk) is tried again
        // by SQLite at a later write, and the write that cannot be made is the one that reports the disk.
      }
      fn();
    };
    const waitForWorker = () => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(() => reject(new AppError('TOO_LARGE', `${fileName}: no progress in ${WORKER_IDLE_MS / 1000} s`))), WORKER_IDLE_MS);
    };
    const stoppedAt = () => (written > 0 ? ` (the ${written} valid rows before it were imported; importing the corrected file again adds nothing twice)` : '');
    // Rows a transaction: as many as take about WRITE_SLICE_MS, learnt as the import goes (an index that outgrows the
    // page cache makes each row dearer), so a scan that arrives meanwhile never waits long behind a write.
    let sliceRows = 200;
    const writeSliced = async (items: ParsedRow[]) => {
      for (let at = 0; at < items.length && !settled; ) {
        // Each slice in a later turn: a scan waiting meanwhile is answered first.
        await nextTurn();
        if (settled) return;
        const slice = items.slice(at, at + sliceRows);
        const t = performance.now();
        added += write(rosters, deps, kind, slice);
        const ms = performance.now() - t;
        written += slice.length;
        at += slice.length;
        sliceRows = Math.max(MIN_SLICE_ROWS, Math.min(IMPORT_BATCH_ROWS, Math.round(slice.length * (WRITE_SLICE_MS / Math.max(ms, 0.1)))));
        // The import's checkpoint, once enough is written (RostersRepo.bulkWrites): in the worker, off this thread,
        // while this thread goes on answering scans and writing rows.
        sinceDrain += slice.length;
        if (bulk?.checkpointDue() && !checkpointing && !offThreadFailed) {
          checkpointing = new Promise((done) => (checkpointed = done));
          worker.postMessage({ type: 'checkpoint', file: bulk.handOffCheckpoint(), sqlite: SQLITE_MODULE! } satisfies MainMessage);
          // A checkpoint copies the frames written before it began; those written meanwhile stay in the WAL, which
          // cannot start again from its beginning until a checkpoint has copied them all. Every DRAIN_ROWS rows the
          // import waits for one (scans go on), so the WAL stays bounded: the next write starts it afresh.
          if (sinceDrain >= DRAIN_ROWS) {
            sinceDrain = 0;
            await checkpointing;
          }
        } else if (bulk?.checkpointDue() && offThreadFailed) {
          // The worker could not (its SQLite did not load, a full disk): here, in a turn of its own.
          await nextTurn();
          if (settled) return;
          bulk.checkpoint();
        }
      }
    };
    // The checkpoint under way in the worker, and rows written since the import last let one empty the WAL.
    let checkpointing: Promise<void> | undefined;
    let checkpointed = () => {};
    let sinceDrain = 0;
    let offThreadFailed = SQLITE_MODULE === undefined;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'checkpointed') {
        // A failed checkpoint stops nothing: the rows are in the WAL; the next ones are made on this thread (a full
        // disk is then reported by the write that cannot be made).
        if (m.failed !== undefined) offThreadFailed = true;
        checkpointing = undefined;
        checkpointed();
      } else if (m.type === 'batch') {
        writeSliced(m.items).then(() => {
          if (settled) return;
          waitForWorker();
          worker.postMessage({ type: 'next' } satisfies MainMessage);
        }, (err: unknown) => settle(() => reject(err)));
      } else if (m.type === 'done') {
        settle(() => resolve({
          kind, rows: m.valid + m.errorRows, valid: m.valid, added, errors: m.errors, errorRows: m.errorRows, committed: commit,
          validRows: m.preview.map((p) => view(kind, p)),
        }));
      } else {
        settle(() => reject(new AppError(m.code, `${m.detail}${stoppedAt()}`)));
      }
    });
    worker.once('error', (err) => settle(() => {
      const code = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'TOO_LARGE' : 'INVALID_INPUT';
      reject(new AppError(code, `${fileName}: ${err.message}${stoppedAt()}`, { cause: err }));
    }));
    worker.once('exit', (code) => settle(() => reject(new AppError('INTERNAL', `the import worker exited (${code})${stoppedAt()}`))));
    waitForWorker();
    const transfer = 'bytes' in source ? [source.bytes] : [];
    worker.postMessage({ kind, fileName, source, limits, commit, batchRows: IMPORT_BATCH_ROWS } satisfies WorkerRequest, transfer);
  });
}

function write(rosters: Pick<RostersRepo, 'save'>, deps: ImportDeps, kind: TableKind, items: ParsedRow[]): number {
  const now = deps.clock();
  return kind === 'roster'
    ? rosters.save((items as ParsedPerson[]).map((p) => person(deps, p)), [], now).people
    : rosters.save([], (items as ParsedResult[]).map((r) => result(deps, r)), now).results;
}

function view(kind: TableKind, p: ParsedRow): ImportRowView {
  if (kind === 'roster') {
    const x = p as ParsedPerson;
    return { row: x.row, name: x.name, category: x.category, idMasked: x.idNumber ? maskId(x.idNumber) : undefined, badge: x.badge };
  }
  const r = p as ParsedResult;
  return { row: r.row, name: r.name, idMasked: r.idNumber ? maskId(r.idNumber) : undefined, sampledMs: r.sampledMs, result: r.result, method: r.method };
}

function person(deps: ImportDeps, p: ParsedPerson) {
  return {
    name: p.name, category: p.category,
    ...(p.idNumber ? { idHash: deps.hashId(p.idNumber), idMasked: maskId(p.idNumber) } : {}),
    ...(p.badge ? { badge: p.badge } : {}), ...(p.phoneMasked ? { phoneMasked: p.phoneMasked } : {}),
  };
}

function result(deps: ImportDeps, r: ParsedResult) {
  const idHash = r.idNumber ? deps.hashId(r.idNumber) : undefined;
  const who = idHash ?? `name:${r.name}`;
  const rowKey = createHash('sha256').update([who, r.sampledMs, r.method, r.result, r.ct ?? '', r.lab ?? ''].join('|')).digest('hex');
  return { sampledMs: r.sampledMs, method: r.method, result: r.result, rowKey, ...(idHash ? { idHash } : { name: r.name! }), ...(r.ct !== undefined ? { ct: r.ct } : {}), ...(r.lab ? { lab: r.lab } : {}) };
}
