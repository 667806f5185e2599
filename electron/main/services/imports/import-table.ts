// Importing the venue's roster and lab results (CSV in UTF-8 or GB18030, or XLSX). The file is read and checked in a
// worker thread (import-worker.ts) a batch at a time, so a large or hostile file never stalls the gate and a long one
// never fills memory; a preview writes nothing; a commit hashes ID numbers (never stored whole) and writes the valid
// rows: into the roster's own file by the worker itself, on a connection of its own (given the ID key), so the gate's
// thread and the register's WAL carry none of it; else (a collector, a register in memory) here, a few milliseconds
// a transaction, each in a later turn of the event loop, so scans go on during a long import.
// Rows are keyed: importing the same file again (also after an import that stopped midway) adds nothing twice.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../core/errors';
import { maskId } from '../../../core/credentials/cn-id';
import type { ParsedPerson, ParsedResult, TableKind } from '../../../core/roster/columns';
import type { RostersRepo } from '../../../db/rosters';
import { storedPerson, storedResult } from './stored-rows';
import type { ImportReport, ImportRowView } from '../../../api/contract';
import { TABLE_LIMITS, type TableLimits } from './zip-guard';
import { gateTurnBuffer } from './gate-first';
import { TARGET_BATCH_ROWS, type ImportSource, type MainMessage, type ParsedRow, type WorkerMessage, type WorkerRequest, type WriteTarget } from './worker-protocol';

export type { ImportReport };

export interface ImportDeps {
  /** Where valid rows go: the roster (its `file` is where the worker writes), or a collector of rows in memory. */
  rosters: Pick<RostersRepo, 'save'> & Partial<Pick<RostersRepo, 'file'>>;
  hashId: (id: string) => string;
  /**
   * The key `hashId` hashes with (install-secret.ts: idHasher over it), for the worker to hash with when it writes the
   * roster's file itself. Without it the rows are written here.
   */
  idKey?: Buffer;
  clock: () => number;
  limits?: TableLimits;
}

/** Rows the worker checks (and sends, or writes in one transaction) at a time. */
export const IMPORT_BATCH_ROWS = 2_000;
/** About how long one transaction of an import written here may hold the main thread (a scan waits at most this). */
const WRITE_SLICE_MS = 4;
/** The fewest rows a transaction writes, however slow the disk: an import always gets on. */
const MIN_SLICE_ROWS = 20;
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

/** better-sqlite3 as this thread loaded it, for the import worker's connection (undefined: rows are written here). */
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
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
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
        added += write(deps, kind, slice);
        const ms = performance.now() - t;
        written += slice.length;
        at += slice.length;
        sliceRows = Math.max(MIN_SLICE_ROWS, Math.min(IMPORT_BATCH_ROWS, Math.round(slice.length * (WRITE_SLICE_MS / Math.max(ms, 0.1)))));
      }
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'read') {
        waitForWorker();
      } else if (m.type === 'written') {
        written += m.rows;
        added = m.added;
        waitForWorker();
      } else if (m.type === 'batch') {
        writeSliced(m.items).then(() => {
          if (settled) return;
          waitForWorker();
          worker.postMessage({ type: 'next' } satisfies MainMessage);
        }, (err: unknown) => settle(() => reject(err)));
      } else if (m.type === 'done') {
        settle(() => resolve({
          kind, rows: m.valid + m.errorRows, valid: m.valid, added: m.added ?? added, errors: m.errors, errorRows: m.errorRows, committed: commit,
          validRows: m.preview.map((p) => view(kind, p)),
        }));
      } else {
        written = Math.max(written, m.written ?? 0);
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
    // The roster's own file, written by the worker (a copy of the key goes with it), when there is one to write.
    const file = commit && deps.idKey && SQLITE_MODULE ? deps.rosters.file?.() : undefined;
    const target: WriteTarget | undefined = file ? { file, idKey: new Uint8Array(deps.idKey!), sqlite: SQLITE_MODULE!, now: deps.clock() } : undefined;
    worker.postMessage({ kind, fileName, source, limits, commit, batchRows: target ? TARGET_BATCH_ROWS : IMPORT_BATCH_ROWS, gateTurn: gateTurnBuffer(), ...(target ? { target } : {}) } satisfies WorkerRequest, transfer);
  });
}

function write(deps: ImportDeps, kind: TableKind, items: ParsedRow[]): number {
  const now = deps.clock();
  return kind === 'roster'
    ? deps.rosters.save((items as ParsedPerson[]).map((p) => storedPerson(deps.hashId, p)), [], now).people
    : deps.rosters.save([], (items as ParsedResult[]).map((r) => storedResult(deps.hashId, r)), now).results;
}

function view(kind: TableKind, p: ParsedRow): ImportRowView {
  if (kind === 'roster') {
    const x = p as ParsedPerson;
    return { row: x.row, name: x.name, category: x.category, idMasked: x.idNumber ? maskId(x.idNumber) : undefined, badge: x.badge };
  }
  const r = p as ParsedResult;
  return { row: r.row, name: r.name, idMasked: r.idNumber ? maskId(r.idNumber) : undefined, sampledMs: r.sampledMs, result: r.result, method: r.method };
}
