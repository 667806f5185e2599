// The append-only entry register. Rows are mapped to camelCase at this edge; callers never see SQLite rows.
import type { Database } from 'better-sqlite3';
import type { Category, Outcome, Route } from '../core/rules/types';
import type { CredentialFormat } from '../core/credentials/types';
import { readEvidenceSummary, type EvidenceSummary } from '../core/register/evidence-summary';
import { readVerification, type Verification } from '../core/register/reason';
import { asAppError } from './errors';
import { AppError } from '../core/errors';
import { lazyStatement } from './lazy';
import { nameKey } from '../core/register/names';

/** A scan's format, or `none` for an entry with nothing scanned (an attestation or an emergency admission). */
export type EntryFormat = CredentialFormat | 'none';

export interface NewEntry {
  atMs: number;
  localDay: string;
  station: string;
  operator?: string | undefined;
  packId: string;
  packVersion: number;
  venueKind: string;
  category: Category;
  outcome: Outcome;
  route?: Route | undefined;
  citations: string[];
  evidenceSummary: EvidenceSummary;
  format: EntryFormat;
  name?: string | undefined;
  idMasked?: string | undefined;
  idHash?: string | undefined;
  payloadFingerprint?: string | undefined;
  note?: string | undefined;
  correctsId?: number | undefined;
  /** The verification result; undefined on entries written before it was recorded (schema 60). */
  verification?: Verification | undefined;
}

/** An exit as the register writes it: no proof is checked on the way out, so no verdict and no clauses. */
export interface NewExit {
  atMs: number;
  localDay: string;
  station: string;
  operator?: string | undefined;
  packId: string;
  packVersion: number;
  venueKind: string;
  category: Category;
  format: EntryFormat;
  /** How the person was found: a scan (keyboard, camera, serial), picked from the inside list, or typed at the command line. */
  input: string;
  name?: string | undefined;
  idMasked?: string | undefined;
  idHash?: string | undefined;
  payloadFingerprint?: string | undefined;
  note?: string | undefined;
  /** The entry it closes (this gate's or another's), if one matched. */
  closes?: { station: string; seq: number } | undefined;
}

/** An entry that let someone in, as the inside list reads it. */
export interface VisitRow {
  id: number;
  at_ms: number;
  local_day: string;
  station: string;
  category: string;
  outcome: string;
  name: string | null;
  id_masked: string | null;
  id_hash: string | null;
  payload_fingerprint: string | null;
}

export interface ExitRow {
  id: number;
  at_ms: number;
  local_day: string;
  station: string;
  category: string;
  name: string | null;
  id_hash: string | null;
  payload_fingerprint: string | null;
  closes_station: string | null;
  closes_seq: number | null;
  operator: string | null;
  note: string | null;
}

export interface Entry extends NewEntry {
  id: number;
}

/** An entry as SQLite holds it (JSON columns as text). */
export interface EntryRow {
  id: number;
  at_ms: number;
  local_day: string;
  station: string;
  operator: string | null;
  pack_id: string;
  pack_version: number;
  venue_kind: string;
  category: string;
  outcome: string;
  route: string | null;
  citations: string;
  evidence_summary: string;
  format: string;
  name: string | null;
  id_masked: string | null;
  id_hash: string | null;
  payload_fingerprint: string | null;
  verification?: string | null;
  note: string | null;
  corrects_id: number | null;
}

/** An entry row as the export's cursor reads it: EntryRow's columns in its order, as an array. */
type DayValues = [
  EntryRow['id'], EntryRow['at_ms'], EntryRow['local_day'], EntryRow['station'], EntryRow['operator'], EntryRow['pack_id'],
  EntryRow['pack_version'], EntryRow['venue_kind'], EntryRow['category'], EntryRow['outcome'], EntryRow['route'],
  EntryRow['citations'], EntryRow['evidence_summary'], EntryRow['format'], EntryRow['name'], EntryRow['id_masked'],
  EntryRow['id_hash'], EntryRow['payload_fingerprint'], string | null, EntryRow['note'], EntryRow['corrects_id'],
];

/** How a row's JSON columns are read: parsed each time, or (a cursor over many rows) through a cache of the same texts. */
interface JsonColumns {
  citations: (text: string) => string[];
  evidenceSummary: (text: string) => EvidenceSummary;
}
const parsedEachTime: JsonColumns = {
  citations: (text) => JSON.parse(text) as string[],
  evidenceSummary: (text) => readEvidenceSummary(JSON.parse(text)),
};

/**
 * The JSON columns read through a cache of the texts already seen (up to `size` of each, then started afresh): a day's
 * entries repeat a few clause lists and a few hundred summaries (a summary differs by its hours since sampling, a tenth
 * of an hour). The values are frozen, as one may be shared by many entries.
 */
function parsedOnce(size = 4096): JsonColumns {
  const cached = <T>(read: (text: string) => T) => {
    const seen = new Map<string, T>();
    return (text: string): T => {
      let v = seen.get(text);
      if (v === undefined) {
        if (seen.size >= size) seen.clear();
        seen.set(text, (v = deepFreeze(read(text))));
      }
      return v;
    };
  };
  return { citations: cached(parsedEachTime.citations), evidenceSummary: cached(parsedEachTime.evidenceSummary) };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function fromRow(r: EntryRow, json: JsonColumns = parsedEachTime): Entry {
  const e: Entry = {
    id: r.id,
    atMs: r.at_ms,
    localDay: r.local_day,
    station: r.station,
    packId: r.pack_id,
    packVersion: r.pack_version,
    venueKind: r.venue_kind,
    category: r.category as Category,
    outcome: r.outcome as Outcome,
    citations: json.citations(r.citations),
    evidenceSummary: json.evidenceSummary(r.evidence_summary),
    format: r.format as EntryFormat,
  };
  if (r.operator !== null) e.operator = r.operator;
  if (r.route !== null) e.route = r.route as Route;
  if (r.name !== null) e.name = r.name;
  if (r.id_masked !== null) e.idMasked = r.id_masked;
  if (r.id_hash !== null) e.idHash = r.id_hash;
  if (r.payload_fingerprint !== null) e.payloadFingerprint = r.payload_fingerprint;
  const verification = readVerification(r.verification);
  if (verification) e.verification = verification;
  if (r.note !== null) e.note = r.note;
  if (r.corrects_id !== null) e.correctsId = r.corrects_id;
  return e;
}

export interface EntryQuery {
  fromDay?: string | undefined;
  toDay?: string | undefined;
  outcome?: Outcome | undefined;
  category?: Category | undefined;
  /** A fragment of the holder's name (spaces, full-/half-width and case ignored; LIKE wildcards taken literally). */
  name?: string | undefined;
  idHash?: string | undefined;
  limit?: number | undefined;
}

export function createEntriesRepo(db: Database) {
  // A register still on an older schema (migration tests) has no verification column: it is written where it exists.
  const hasVerification = (db.prepare("SELECT COUNT(*) AS n FROM pragma_table_info('entries') WHERE name = 'verification'").get() as { n: number }).n > 0;
  const insertStmt = db.prepare(`
    INSERT INTO entries (at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route,
      citations, evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, note, corrects_id${hasVerification ? ', verification' : ''})
    VALUES (@atMs, @localDay, @station, @operator, @packId, @packVersion, @venueKind, @category, @outcome, @route,
      @citations, @evidenceSummary, @format, @name, @idMasked, @idHash, @payloadFingerprint, @note, @correctsId${hasVerification ? ', @verification' : ''})`);
  // Searched names are compared by their key (core/register/names.ts): spaces, width and case do not matter.
  db.function('gate_name_key', { deterministic: true }, (name: unknown) => (typeof name === 'string' ? nameKey(name) : null));
  // Exits (outcome 'exit', schema 90) are entries of their own but not people checked: lists and counters leave them out.
  const hasExits = (db.prepare("SELECT COUNT(*) AS n FROM pragma_table_info('entries') WHERE name = 'closes_seq'").get() as { n: number }).n > 0;
  const listDayStmt = db.prepare<{ day: string; limit: number }, EntryRow>(
    "SELECT * FROM entries WHERE local_day = @day AND outcome <> 'exit' AND NOT EXISTS (SELECT 1 FROM entries c WHERE c.corrects_id = entries.id) ORDER BY at_ms DESC, id DESC LIMIT @limit");
  // One person checked and corrected twice counts once: counters and lists take the last entry of each correction chain
  // (an entry no other entry corrects).
  // A scan cut short (SCAN_INCOMPLETE) is nobody yet: the rescan is the person, so it is not counted as one.
  const FINAL = `outcome <> 'exit' AND NOT EXISTS (SELECT 1 FROM entries c WHERE c.corrects_id = entries.id)${hasVerification ? " AND (verification IS NULL OR verification <> 'SCAN_INCOMPLETE')" : ''}`;
  const countByOutcomeStmt = db.prepare<{ day: string }, { outcome: string; n: number }>(
    `SELECT outcome, COUNT(*) AS n FROM entries WHERE local_day = @day AND ${FINAL} GROUP BY outcome`);
  const countByCategoryStmt = db.prepare<{ day: string }, { category: string; n: number }>(
    `SELECT category, COUNT(*) AS n FROM entries WHERE local_day = @day AND ${FINAL} GROUP BY category`);
  const getStmt = db.prepare<{ id: number }, EntryRow>('SELECT * FROM entries WHERE id = @id');
  // A correction chain: back through corrects_id to the first entry, then every entry correcting one in it.
  const chainStmt = db.prepare<{ id: number }, EntryRow>(`
    WITH RECURSIVE back(id, corrects_id) AS (
      SELECT id, corrects_id FROM entries WHERE id = @id
      UNION SELECT e.id, e.corrects_id FROM entries e JOIN back b ON e.id = b.corrects_id
    ), head(id) AS (SELECT id FROM back WHERE corrects_id IS NULL OR corrects_id NOT IN (SELECT id FROM entries)),
    chain(id) AS (
      SELECT id FROM head
      UNION SELECT e.id FROM entries e JOIN chain c ON e.corrects_id = c.id
    )
    SELECT * FROM entries WHERE id IN (SELECT id FROM chain) ORDER BY at_ms, id`);
  const finalRowsStmt = db.prepare<{ from: string; to: string }, { at_ms: number; local_day: string; outcome: string; category: string }>(
    `SELECT at_ms, local_day, outcome, category FROM entries WHERE local_day >= @from AND local_day <= @to AND ${FINAL} ORDER BY at_ms`);
  // One statement for every search: absent filters are NULL and match everything, so nothing is ever interpolated.
  const searchStmt = db.prepare<Record<string, string | number | null>, EntryRow>(`
    SELECT * FROM entries
    WHERE outcome <> 'exit' AND (@fromDay IS NULL OR local_day >= @fromDay)
      AND (@toDay IS NULL OR local_day <= @toDay)
      AND (@outcome IS NULL OR outcome = @outcome)
      AND (@category IS NULL OR category = @category)
      AND (@name IS NULL OR gate_name_key(name) LIKE '%' || @name || '%' ESCAPE '\\')
      AND (@idHash IS NULL OR id_hash = @idHash)
    ORDER BY at_ms, id
    LIMIT @limit`);
  // Day by day, then by time: the order entries_by_day (local_day, at_ms; id) already holds, so rows come straight off
  // the index. (Ordered by at_ms alone, SQLite sorted the whole range in a temporary B-tree before the first row.)
  const dayRowsStmt = db.prepare<{ from: string; to: string; after: number }, EntryRow>('SELECT * FROM entries WHERE local_day >= @from AND local_day <= @to AND id > @after ORDER BY local_day, at_ms, id');
  // The export's cursor: the same rows as arrays, in the order written here (better-sqlite3 builds a row object through
  // its C++ API; an array, made an object literal of one shape below, steps through 100,000 rows in well under half).
  const dayValuesStmt = db.prepare<{ from: string; to: string; after: number }, DayValues>(`
    SELECT id, at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route, citations,
      evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, ${hasVerification ? 'verification' : 'NULL'}, note, corrects_id
    FROM entries WHERE local_day >= @from AND local_day <= @to AND id > @after ORDER BY local_day, at_ms, id`).raw(true);
  const maxIdOfDayStmt = db.prepare<{ day: string }, { id: number | null }>('SELECT MAX(id) AS id FROM entries WHERE local_day = @day');
  // AUTOINCREMENT keeps the highest id ever issued in sqlite_sequence, purges or not.
  const highestStmt = lazyStatement<[], { id: number | null }>(db,
    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0), COALESCE((SELECT MAX(id) FROM entries), 0)) AS id");
  const daysBeforeStmt = db.prepare<{ before: string }, { local_day: string }>('SELECT DISTINCT local_day FROM entries WHERE local_day < @before ORDER BY local_day');
  // A day may go only once its automatic export holds every entry of it (its highest id at most the export's).
  const purgeableStmt = lazyStatement<{ cutoff: string; keepAbove: number }, { local_day: string; exported: number }>(db, `
    SELECT e.local_day, MAX(e.id) <= COALESCE((SELECT MAX(x.through_entry_id) FROM exports x WHERE x.kind = 'auto' AND x.first_day = e.local_day), 0)
      AND MAX(e.id) <= @keepAbove AS exported
    FROM entries e WHERE e.local_day < @cutoff GROUP BY e.local_day ORDER BY e.local_day`);
  const purgeStmt = db.prepare<{ days: string }>(`
    DELETE FROM entries WHERE local_day IN (SELECT value FROM json_each(@days))
      OR corrects_id IN (SELECT id FROM entries WHERE local_day IN (SELECT value FROM json_each(@days)))`);

  const insertExitStmt = lazyStatement(db, `
    INSERT INTO entries (at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route,
      citations, evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, note, verification, closes_station, closes_seq)
    VALUES (@atMs, @localDay, @station, @operator, @packId, @packVersion, @venueKind, @category, 'exit', NULL,
      '[]', @evidenceSummary, @format, @name, @idMasked, @idHash, @payloadFingerprint, @note, 'none', @closesStation, @closesSeq)`);
  // People let in (the last entry of each correction chain; a scan cut short is nobody) and exits, from a day on.
  const visitsStmt = lazyStatement<{ from: string; to: string }, VisitRow>(db, `
    SELECT id, at_ms, local_day, station, category, outcome, name, id_masked, id_hash, payload_fingerprint FROM entries
    WHERE local_day >= @from AND local_day <= @to AND outcome IN ('admit', 'admit-emergency', 'route') AND ${FINAL}`);
  const exitsStmt = lazyStatement<{ from: string; to: string }, ExitRow>(db, `
    SELECT id, at_ms, local_day, station, category, name, id_hash, payload_fingerprint, closes_station, closes_seq, operator, note FROM entries
    WHERE outcome = 'exit' AND local_day >= @from AND local_day <= @to ORDER BY at_ms, id`);

  return {
    /** An exit (outcome `exit`): the entry it closes by its venue-wide ref, or none when no entrant matched. */
    insertExit(x: NewExit): number {
      if (!hasExits) throw new AppError('INVALID_INPUT', 'this register predates exits (schema 90)');
      try {
        return Number(insertExitStmt().run({
          atMs: x.atMs, localDay: x.localDay, station: x.station, operator: x.operator ?? null, packId: x.packId, packVersion: x.packVersion,
          venueKind: x.venueKind, category: x.category, evidenceSummary: JSON.stringify({ kinds: [], sources: [], input: x.input }),
          format: x.format, name: x.name ?? null, idMasked: x.idMasked ?? null, idHash: x.idHash ?? null, payloadFingerprint: x.payloadFingerprint ?? null,
          note: x.note ?? null, closesStation: x.closes?.station ?? null, closesSeq: x.closes?.seq ?? null,
        }).lastInsertRowid);
      } catch (err) {
        throw asAppError(err);
      }
    },
    /** Entries that let a person in, of the days from…to (the last of each correction chain). */
    visits(from: string, to: string): VisitRow[] {
      return visitsStmt().all({ from, to });
    },
    /** Exits recorded on the days from…to, in time order. */
    exits(from: string, to: string): ExitRow[] {
      return hasExits ? exitsStmt().all({ from, to }) : [];
    },
    /** Writes one entry durably (WAL, synchronous=FULL) and returns its id. SQLite failures become AppErrors. */
    insert(entry: NewEntry): number {
      try {
        const info = insertStmt.run({
          atMs: entry.atMs,
          localDay: entry.localDay,
          station: entry.station,
          operator: entry.operator ?? null,
          packId: entry.packId,
          packVersion: entry.packVersion,
          venueKind: entry.venueKind,
          category: entry.category,
          outcome: entry.outcome,
          route: entry.route ?? null,
          citations: JSON.stringify(entry.citations),
          evidenceSummary: JSON.stringify(entry.evidenceSummary),
          format: entry.format,
          name: entry.name ?? null,
          idMasked: entry.idMasked ?? null,
          idHash: entry.idHash ?? null,
          payloadFingerprint: entry.payloadFingerprint ?? null,
          note: entry.note ?? null,
          correctsId: entry.correctsId ?? null,
          ...(hasVerification ? { verification: entry.verification ?? null } : {}),
        });
        return Number(info.lastInsertRowid);
      } catch (err) {
        throw asAppError(err);
      }
    },
    search(q: EntryQuery): Entry[] {
      return searchStmt.all({
        fromDay: q.fromDay ?? null,
        toDay: q.toDay ?? null,
        outcome: q.outcome ?? null,
        category: q.category ?? null,
        name: q.name && nameKey(q.name) ? nameKey(q.name).replace(/[\\%_]/g, (c) => `\\${c}`) : null,
        idHash: q.idHash ?? null,
        limit: q.limit ?? 1000,
      }).map((r) => fromRow(r));
    },
    /** Every entry of the local days from…to (inclusive), day by day, oldest first: what a CSV export holds (after an id: a follow-up). */
    forDays(from: string, to: string, afterId = 0): Entry[] {
      return dayRowsStmt.all({ from, to, after: afterId }).map((r) => fromRow(r));
    },
    /** The same rows one at a time (a cursor, not an array): an export of any size in constant memory. */
    *eachOfDays(from: string, to: string, afterId = 0): Generator<Entry> {
      const json = parsedOnce();
      for (const [id, at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route, citations,
        evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, verification, note, corrects_id] of dayValuesStmt.iterate({ from, to, after: afterId })) {
        yield fromRow({
          id, at_ms, local_day, station, operator, pack_id, pack_version, venue_kind, category, outcome, route, citations,
          evidence_summary, format, name, id_masked, id_hash, payload_fingerprint, verification, note, corrects_id,
        }, json);
      }
    },
    /** The highest entry id of a local day, if it has entries. */
    maxIdOfDay(day: string): number | undefined {
      return maxIdOfDayStmt.get({ day })?.id ?? undefined;
    },
    /** The highest entry id ever issued (0 for a new register): what the high-water mark outside the file is held to. */
    highestIssuedId(): number {
      return highestStmt().get()?.id ?? 0;
    },
    /** Local days before `before` that have entries. */
    daysBefore(before: string): string[] {
      return daysBeforeStmt.all({ before }).map((r) => r.local_day);
    },
    /**
     * Removes entries of days before `cutoff` (and corrections of them) in one transaction, but only days whose
     * automatic export holds all their entries and (a station of a venue) whose entries the venue has all confirmed
     * (ids up to `keepAbove`); the others are kept and named in `held`.
     */
    purgeBefore(cutoff: string, keepAbove = Number.MAX_SAFE_INTEGER): { removed: number; held: string[] } {
      try {
        return db.transaction(() => {
          const days = purgeableStmt().all({ cutoff, keepAbove });
          const gone = JSON.stringify(days.filter((d) => d.exported === 1).map((d) => d.local_day));
          let removed = 0;
          for (let n = purgeStmt.run({ days: gone }).changes; n > 0; n = purgeStmt.run({ days: gone }).changes) removed += n;
          return { removed, held: days.filter((d) => d.exported !== 1).map((d) => d.local_day) };
        })();
      } catch (err) {
        throw asAppError(err);
      }
    },
    /** Every entry of `id`'s correction chain, oldest first (just `id` when it stands alone). */
    chainOf(id: number): Entry[] {
      return chainStmt.all({ id }).map((r) => fromRow(r));
    },
    /** The last entry of each correction chain in the days from…to (one per person checked): time, outcome, category. */
    finalOutcomes(from: string, to: string): { atMs: number; localDay: string; outcome: Outcome; category: Category }[] {
      return finalRowsStmt.all({ from, to }).map((r) => ({ atMs: r.at_ms, localDay: r.local_day, outcome: r.outcome as Outcome, category: r.category as Category }));
    },
    get(id: number): Entry | undefined {
      const row = getStmt.get({ id });
      return row ? fromRow(row) : undefined;
    },
    listForDay(day: string, limit: number): Entry[] {
      return listDayStmt.all({ day, limit }).map((r) => fromRow(r));
    },
    countsForDay(day: string): { byOutcome: Record<string, number>; byCategory: Record<string, number> } {
      const byOutcome: Record<string, number> = {};
      const byCategory: Record<string, number> = {};
      for (const r of countByOutcomeStmt.all({ day })) byOutcome[r.outcome] = r.n;
      for (const r of countByCategoryStmt.all({ day })) byCategory[r.category] = r.n;
      return { byOutcome, byCategory };
    },
  };
}
export type EntriesRepo = ReturnType<typeof createEntriesRepo>;
