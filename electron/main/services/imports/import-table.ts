// Importing the venue's roster and lab results (CSV in UTF-8 or GB18030, or XLSX). The file is read and checked in a
// worker thread (import-worker.ts) with caps on rows and on inflated size, so a large or hostile file never stalls
// the gate; a preview writes nothing; a commit hashes ID numbers (never stored whole) and writes the valid rows in
// batches, yielding between them so scans go on during a long import. Rows are keyed: importing the same file again
// (also after an import that stopped midway) adds nothing twice.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../core/errors';
import { maskId } from '../../../core/credentials/cn-id';
import type { ParsedPerson, ParsedResult, RowError, TableKind } from '../../../core/roster/columns';
import type { RostersRepo } from '../../../db/rosters';
import type { ImportReport, ImportRowView } from '../../../api/contract';
import { TABLE_LIMITS, type TableLimits } from './zip-guard';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

export type { ImportReport };

export interface ImportDeps {
  rosters: RostersRepo;
  hashId: (id: string) => string;
  clock: () => number;
  limits?: TableLimits;
}

/** Valid rows a report shows. */
const PREVIEW_ROWS = 20;
/** Rows written per transaction; the event loop runs between batches. */
export const IMPORT_BATCH_ROWS = 2_000;
/** The worker's own heap cap: a file that still outgrows it ends the worker, not the app. */
const WORKER_HEAP_MB = 256;
const WORKER_TIMEOUT_MS = 120_000;

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

/** Reads and checks a table in a worker; resolves with its rows, or rejects with the worker's AppError. */
export function readInWorker(kind: TableKind, bytes: Uint8Array, fileName: string, limits: TableLimits = TABLE_LIMITS): Promise<Extract<WorkerReply, { ok: true }>> {
  const script = workerScript();
  // A copy of exactly these bytes (a Buffer may be a view into a shared pool), handed over to the worker.
  const copy = new Uint8Array(bytes).buffer;
  return new Promise((resolve, reject) => {
    const worker = new Worker(script.code, { eval: script.eval, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new AppError('TOO_LARGE', `${fileName}: not read within ${WORKER_TIMEOUT_MS / 1000} s`))), WORKER_TIMEOUT_MS);
    worker.once('message', (reply: WorkerReply) => settle(() => (reply.ok ? resolve(reply) : reject(new AppError(reply.code, reply.detail)))));
    worker.once('error', (err) => settle(() => {
      const code = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'TOO_LARGE' : 'INVALID_INPUT';
      reject(new AppError(code, `${fileName}: ${err.message}`, { cause: err }));
    }));
    worker.once('exit', (code) => settle(() => reject(new AppError('INTERNAL', `the import worker exited (${code})`))));
    worker.postMessage({ kind, fileName, bytes: copy, limits } satisfies WorkerRequest, [copy]);
  });
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export async function importTable(deps: ImportDeps, kind: TableKind, bytes: Uint8Array, fileName: string, commit: boolean): Promise<ImportReport> {
  const read = await readInWorker(kind, bytes, fileName, deps.limits);
  const validRows: ImportRowView[] = read.kind === 'roster'
    ? read.items.slice(0, PREVIEW_ROWS).map((p) => ({ row: p.row, name: p.name, category: p.category, idMasked: p.idNumber ? maskId(p.idNumber) : undefined, badge: p.badge }))
    : read.items.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.row, name: r.name, idMasked: r.idNumber ? maskId(r.idNumber) : undefined, sampledMs: r.sampledMs, result: r.result, method: r.method }));
  const report = (valid: number, added: number, errors: RowError[]): ImportReport => ({
    kind, rows: valid + new Set(errors.map((e) => e.row)).size, valid, added, errors, committed: commit, validRows,
  });
  if (!commit) return report(read.items.length, 0, read.errors);
  let added = 0;
  for (let i = 0; i < read.items.length; i += IMPORT_BATCH_ROWS) {
    if (i > 0) await nextTurn();
    const batch = read.items.slice(i, i + IMPORT_BATCH_ROWS);
    if (read.kind === 'roster') added += deps.rosters.save((batch as ParsedPerson[]).map((p) => person(deps, p)), [], deps.clock()).people;
    else added += deps.rosters.save([], (batch as ParsedResult[]).map((r) => result(deps, r)), deps.clock()).results;
  }
  return report(read.items.length, added, read.errors);
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
