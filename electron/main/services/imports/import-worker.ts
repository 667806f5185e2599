// The import worker: reads and checks a roster or lab-result table off the main process's thread, so a large or
// hostile file never stalls the gate. It reads the file in pieces (a CSV streams; an XLSX is bounded first) and checks
// the rows a batch at a time, at the lowest CPU priority where the system allows it (thread-priority.ts). A commit into
// the roster's own file (a target) is hashed and written here, on a connection of the worker's own (people staged and
// written at the end in ID-hash order: db/roster-import.ts): the gate's thread only hears how far it got. Otherwise the
// valid rows go to the main thread, which hashes and writes them (import-table.ts) and asks for the next; the worker
// reads one batch ahead. Memory stays flat whatever the file's length. One file per worker; the worker then exits.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../core/errors';
import { asAppError } from '../../../db/errors';
import { openRosterImport } from '../../../db/roster-import';
import { idHasher } from '../install-secret';
import { storedPerson, storedResult } from './stored-rows';
import { lowerThisThreadPriority } from './thread-priority';
import { waitForGate } from './gate-first';
import { mapColumns, parseRows, type RowError } from '../../../core/roster/columns';
import { tableRows, type Cell } from './read-table';
import type { ParsedPerson, ParsedResult, TableKind } from '../../../core/roster/columns';
import type { MainMessage, ParsedRow, WorkerMessage, WorkerRequest, WriteTarget } from './worker-protocol';

/** Row errors a report lists (the count covers them all): a file with a million bad rows must not fill memory. */
export const MAX_LISTED_ERRORS = 1_000;
/** Valid rows a report shows. */
const PREVIEW_ROWS = 20;
const ENCODING_ERROR = '编码错误：不是有效的 GB18030 文字 / broken GB18030 bytes';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
// The main thread's `next` (it wrote the last batch) wakes the reader.
const waiting: (() => void)[] = [];
const next = () => new Promise<void>((resolve) => waiting.push(resolve));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
function onMessage(m: MainMessage): void {
  if (m.type === 'next') waiting.shift()?.();
}

/** The roster's file opened for the import (db/roster-import.ts), its rows hashed here with the key given. */
function openTarget(t: WriteTarget, gateFirst: () => void) {
  const file = openRosterImport(t.file, t.sqlite, gateFirst);
  const hashId = idHasher(Buffer.from(t.idKey));
  return {
    ...file,
    /** One batch, in the transaction under way: what was committed with it, if it ended the transaction. */
    write: (kind: TableKind, items: ParsedRow[]) => kind === 'roster'
      ? file.save((items as ParsedPerson[]).map((p) => storedPerson(hashId, p)), [], t.now)
      : file.save([], (items as ParsedResult[]).map((r) => storedResult(hashId, r)), t.now),
  };
}

async function run(req: WorkerRequest): Promise<void> {
  let columns: Record<string, number> | undefined;
  let valid = 0;
  let errorRows = 0;
  const errors: RowError[] = [];
  const preview: ParsedRow[] = [];
  let batch: Cell[][] = [];
  let badRows: number[] = [];
  let rowNo = 2; // the header is row 1, as spreadsheets number them
  let written = Promise.resolve();
  // The gate goes first: between rows (and the writes' chunks) the worker waits while the gate answers a scan.
  const turn = req.gateTurn ? new Int32Array(req.gateTurn) : undefined;
  const gateFirst = turn ? () => waitForGate(turn) : () => {};
  const target = req.commit && req.target ? openTarget(req.target, gateFirst) : undefined;
  // With a target: the rows committed so far, and how many of them were new or changed.
  let rowsWritten = 0;
  let added = 0;
  const committed = (done: { rows: number; added: number } | undefined) => {
    if (!done) return;
    rowsWritten += done.rows;
    added += done.added;
    post({ type: 'written', rows: done.rows, added });
  };

  const flush = async () => {
    const firstRow = rowNo - batch.length;
    const parsed = parseRows(req.kind, batch, columns!, firstRow);
    const found = [...parsed.errors, ...badRows.map((row) => ({ row, column: '', message: ENCODING_ERROR, en: { column: '', message: 'broken GB18030 bytes' } }))].sort((a, b) => a.row - b.row);
    errorRows += new Set(found.map((e) => e.row)).size;
    errors.push(...found.slice(0, MAX_LISTED_ERRORS - errors.length));
    valid += parsed.items.length;
    preview.push(...parsed.items.slice(0, PREVIEW_ROWS - preview.length));
    batch = [];
    badRows = [];
    if (target) {
      // Staged people commit at the end: the main thread hears the worker is reading on.
      const done = target.write(req.kind, parsed.items);
      if (done) committed(done);
      else post({ type: 'read', rows: rowNo - 2 });
      // A turn of the event loop between batches: reading and checking a million rows without one, the worker
      // collected its old generation 35 times, with one once (measured; each collection runs on helper threads too).
      await nextTurn();
      return;
    }
    // sends empty batches: the main thread sees the worker progressing and waits on.
    await written;
    post({ type: 'batch', items: req.commit ? parsed.items : [] });
    written = next();
  };

  try {
    await readAll();
    if (target) committed(target.end(committed));
  } catch (err) {
    // A bad file stops the import where it is: the valid rows before it are committed (as an import written batch by
    // batch would have). A failed write commits nothing more.
    try {
      if (target && !target.failed()) committed(target.end(committed));
    } catch {
      // The write that failed is the one reported.
    } finally {
      target?.close();
    }
    throw Object.assign(asAppError(err) as Error, { written: rowsWritten });
  }
  post({ type: 'done', valid, errorRows, errors, preview, ...(target ? { added } : {}) });

  // The file's rows, read and checked a batch at a time (flush).
  async function readAll(): Promise<void> {
    for await (const { cells, bad } of tableRows(req.source, req.fileName, req.limits)) {
      if (!columns) {
        const header = cells.map(String);
        const mapped = mapColumns(header, req.kind);
        if (!mapped.ok) throw new AppError('INVALID_INPUT', `${req.fileName}: missing column(s) ${mapped.missing.join(', ')} (headers found: ${header.join(', ') || 'none'})`);
        columns = mapped.columns;
        continue;
      }
      gateFirst();
      if (bad) badRows.push(rowNo);
      batch.push(bad ? [] : cells);
      rowNo++;
      if (batch.length >= req.batchRows) await flush();
    }
    if (!columns) {
      const mapped = mapColumns([], req.kind);
      throw new AppError('INVALID_INPUT', `${req.fileName}: missing column(s) ${mapped.ok ? '' : mapped.missing.join(', ')} (headers found: none)`);
    }
    if (batch.length > 0) await flush();
    await written;
  }
}

parentPort?.once('message', (req: WorkerRequest) => {
  parentPort!.on('message', onMessage);
  // Reading, checking and hashing a large file keeps a core busy for seconds: the gate's thread goes first.
  lowerThisThreadPriority();
  run(req).catch((err: unknown) => {
    const code = err instanceof AppError ? err.code : 'INVALID_INPUT';
    const detail = err instanceof AppError ? err.detail ?? err.message : `${req.fileName}: ${(err as Error).message}`;
    const written = (err as { written?: number }).written;
    post({ type: 'failed', code, detail, ...(written ? { written } : {}) });
  });
});
