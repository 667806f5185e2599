// The register's housekeeping: retention (purge at start and daily, counts logged), and CSV exports (on demand, and
// automatically for each finished day). Files are written to a temporary name, flushed and renamed: a power cut
// leaves no half file, and an existing file is never overwritten.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../../db/connection';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import { csvHead, csvLines, toCsv, type CsvColumn, type CsvLanguage } from '../../core/export/csv';
import { localDayOf } from '../../core/register/local-day';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../core/rules/words';
import type { Entry, EntriesRepo } from '../../db/entries';
import type { LogsRepo } from '../../db/logs';

import type { EvidenceSummary } from '../../core/register/evidence-summary';
import { reasonOf } from '../../core/register/reason';
import { noteIn } from '../../core/register/notes';
import { displayName } from '../../core/register/names';
import { OUTCOMES, CATEGORIES, type Category, type Outcome } from '../../core/rules/types';
import { EXIT, exitMarkOf, hoursMinutes, matchExits, refOf, type ExitMark } from '../../core/register/inside';
import type { InsideView } from '../../api/views';

export { DEFAULT_RETENTION_DAYS } from '../../core/station/config';
const DAY_MS = 86_400_000;

/** A name as exports and lists show it by default: the first character, the rest as "*" (张三 → 张*, 陈 小明 → 陈**). */
export function maskName(name: string | undefined): string {
  if (!name) return '';
  const chars = [...displayName(name)];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** Time of day in the venue's zone. Formatters are cached: building one costs far more than using it. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function clockTimeByIntl(atMs: number, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) timeFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })));
  return f.format(atMs);
}

/**
 * The zone's offset from UTC (ms) per quarter hour, read once from Intl: zones move their offset on a quarter hour
 * nearly always, so the time of day within one is plain arithmetic (an export formats 100,000 times; Intl took a tenth
 * of it). Not always: Newfoundland moved its clocks at 00:01 until 2011. A quarter whose last second has another
 * offset than its first holds such a change, and is marked NaN: its instants go to Intl one by one.
 */
const QUARTER_MS = 15 * 60_000;
const offsetsByZone = new Map<string, Map<number, number>>();
/** The offset at the whole second `at`: its local time of day against its UTC time of day, brought into ±14 h. */
function offsetByIntl(at: number, timeZone: string): number {
  const [h, m, sec] = clockTimeByIntl(at, timeZone).split(':').map(Number) as [number, number, number];
  let d = ((h * 60 + m) * 60 + sec) * 1000 - (((at % 86_400_000) + 86_400_000) % 86_400_000);
  if (d > 14 * 3_600_000) d -= 86_400_000;
  if (d < -14 * 3_600_000) d += 86_400_000;
  return d;
}
function offsetAt(quarter: number, timeZone: string): number {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map()));
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const at = quarter * QUARTER_MS;
    offset = offsetByIntl(at, timeZone);
    if (offsetByIntl(at + QUARTER_MS - 1000, timeZone) !== offset) offset = NaN;
    if (offsets.size > 20_000) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
export function clockTimeOf(atMs: number, timeZone: string): string {
  if (!Number.isFinite(atMs)) return clockTimeByIntl(atMs, timeZone);
  const offset = offsetAt(Math.floor(atMs / QUARTER_MS), timeZone);
  if (Number.isNaN(offset)) return clockTimeByIntl(atMs, timeZone);
  const local = atMs + offset;
  const inDay = ((local % 86_400_000) + 86_400_000) % 86_400_000;
  const s = Math.floor(inDay / 1000);
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** `f` of the last key it was given, made again only for a different key (compared by identity). */
function lastOf<K, V>(f: (key: K) => V): (key: K) => V {
  let last: { key: K; value: V } | undefined;
  return (key) => {
    if (!last || last.key !== key) last = { key, value: f(key) };
    return last.value;
  };
}

/** An entry's reason (reasonOf) in one language, made again only when what it is made of differs from the row before. */
function lastReason(language: CsvLanguage): (e: Entry) => string {
  let last: { e: Entry; text: string } | undefined;
  return (e) => {
    const p = last;
    if (p && p.e.verification === e.verification && p.e.evidenceSummary === e.evidenceSummary && p.e.operator === e.operator && p.e.note === e.note && p.e.citations === e.citations) return p.text;
    last = { e, text: reasonOf(e)[language] };
    return last.text;
  };
}

/** The export's columns, in order (documented in the README). */
export function registerColumns(timeZone: string, masked: boolean, language: CsvLanguage = 'zh', exits: ReadonlyMap<number, number> = new Map()): CsvColumn<Entry>[] {
  const summary = (e: Entry): EvidenceSummary => e.evidenceSummary;
  // The exit that closed the entry: its time (with its date when the person left on a later day), and how long they stayed.
  const exitAt = (e: Entry) => exits.get(e.id);
  const exitTime = (e: Entry) => {
    const at = exitAt(e);
    if (at === undefined) return '';
    const day = localDayOf(at, timeZone);
    return day === e.localDay ? clockTimeOf(at, timeZone) : `${day} ${clockTimeOf(at, timeZone)}`;
  };
  // The words of each category and outcome, made once (not per row).
  const categoryText = new Map(Object.entries(CATEGORY_WORDS).map(([c, w]) => [c, language === 'en' ? w.en : `${w.zh} ${w.en}`]));
  const outcomeText = new Map(Object.entries(OUTCOME_WORDS).map(([o, w]) => [o, language === 'en' ? o : `${w.zh} ${o}`]));
  // A day's rows mostly repeat their clauses, tests and reason: the export's cursor gives rows with the same JSON one
  // shared (frozen) object, so a value made from the same objects as the row before is that row's value, not made again.
  const clauses = lastOf((c: readonly string[]) => c.join(';'));
  const tests = lastOf((s: EvidenceSummary) => (s.tests ?? []).map((t) => `${t.method}:${t.result}`).join(';'));
  const reason = lastReason(language);
  return [
    { zh: '序号', en: 'Entry', value: (e) => e.id },
    { zh: '日期', en: 'Date', value: (e) => e.localDay },
    { zh: '时间', en: 'Time', value: (e) => clockTimeOf(e.atMs, timeZone) },
    { zh: '岗位', en: 'Station', value: (e) => e.station },
    { zh: '操作员', en: 'Operator', value: (e) => e.operator },
    // The Chinese file keeps the code beside the words (what admins filter on); the English one is English alone.
    // A value with no words (a venue row from a station not to be believed) goes out as it is; the CSV escapes it.
    { zh: '人员类别', en: 'Category', value: (e) => categoryText.get(e.category) ?? e.category },
    { zh: '核验结果', en: 'Outcome', value: (e) => outcomeText.get(e.outcome) ?? e.outcome },
    { zh: '去向', en: 'Route', value: (e) => (e.route ? (ROUTE_WORDS[e.route] as Record<string, string> | undefined)?.[language] ?? e.route : '') },
    { zh: '依据条款', en: 'Clauses', value: (e) => clauses(e.citations) },
    { zh: '证明类型', en: 'Proof format', value: (e) => e.format },
    { zh: '检测', en: 'Tests', value: (e) => tests(summary(e)) },
    { zh: '采样距今(小时)', en: 'Hours since sampling', value: (e) => summary(e).hoursSinceSample },
    { zh: '签发方', en: 'Issuer', value: (e) => summary(e).issuer },
    { zh: '核验说明', en: 'Reason', value: reason },
    { zh: '姓名', en: 'Name', value: (e) => (masked ? maskName(e.name) : e.name && displayName(e.name)) },
    { zh: '身份证号(脱敏)', en: 'ID number (masked)', value: (e) => e.idMasked },
    { zh: '来访关联码', en: 'Visit link', value: (e) => e.idHash?.slice(0, 12) },
    { zh: '更正序号', en: 'Corrects entry', value: (e) => e.correctsId },
    { zh: '备注', en: 'Note', value: (e) => noteIn(e.note, language) },
    { zh: '政策包', en: 'Policy pack', value: (e) => `${e.packId}@${e.packVersion}` },
    { zh: '离场时间', en: 'Exit time', value: exitTime },
    { zh: '停留时长', en: 'Time inside', value: (e) => { const at = exitAt(e); return at === undefined ? '' : hoursMinutes((at - e.atMs) / 60_000); } },
  ];
}

export interface RegisterDeps {
  entries: EntriesRepo;
  logs: LogsRepo;
  timeZone: () => string;
  retentionDays: () => number;
  /** A station of a venue: the highest entry id the venue has confirmed; a day with any entry above it is kept. */
  confirmedThrough?: () => number | undefined;
  /** The admin-PIN check (with its lockout), for an unmasked export. */
  checkAdminPin: (pin: string) => void;
  /** A station of a venue: other gates' exits from a day on (one may close an entry of this gate). */
  remoteExits?: (fromDay: string) => ExitMark[];
}

export interface ExportRequest {
  fromDay: string;
  toDay: string;
  outDir: string;
  kind: 'auto' | 'manual';
  language?: CsvLanguage | undefined;
  /** Full names need the admin PIN. */
  unmasked?: { adminPin: string } | undefined;
  operator?: string | undefined;
  now: number;
  /** A follow-up file: only entries after this id (written to the day after its automatic export). */
  afterId?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day range as every export and chart takes it: YYYY-MM-DD, from ≤ to; INVALID_INPUT otherwise. */
function checkDays(fromDay: string, toDay: string): void {
  if (!DAY.test(fromDay) || !DAY.test(toDay) || fromDay > toDay) throw new AppError('INVALID_INPUT', 'days must be YYYY-MM-DD, from ≤ to');
}

/**
 * Writes an export under the first free name (base.csv, base (2).csv …): a temporary file, flushed, renamed, owner-only;
 * a power cut leaves no half file and an existing file is never overwritten. EXPORT_WRITE_FAILED on any failure.
 */
export function writeExportFile(outDir: string, base: string, text: string | Iterable<string>): string {
  try {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
    const name = freeName(outDir, base);
    const path = join(outDir, name);
    const tmp = join(outDir, `.${name}.${process.pid}.tmp`);
    try {
      const fd = openSync(tmp, 'wx', PRIVATE_FILE_MODE);
      try {
        if (typeof text === 'string') writeSync(fd, text);
        else writeChunked(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (existsSync(path)) throw new Error(`${path} appeared while writing`);
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return path;
  } catch (err) {
    throw new AppError('EXPORT_WRITE_FAILED', (err as Error).message, { cause: err });
  }
}

/**
 * Writes pieces of text as they come, encoded straight into a 256 KiB buffer written out when the next piece might not
 * fit (a UTF-16 unit is at most three bytes of UTF-8): constant memory, few system calls, no joined copies.
 */
function writeChunked(fd: number, pieces: Iterable<string>): void {
  const buffer = Buffer.allocUnsafe(1 << 18);
  let used = 0;
  for (const piece of pieces) {
    if (used + piece.length * 3 > buffer.length) {
      writeAll(fd, buffer, used);
      used = 0;
      // A piece bigger than the whole buffer goes out on its own.
      if (piece.length * 3 > buffer.length) {
        const bytes = Buffer.from(piece, 'utf8');
        writeAll(fd, bytes, bytes.length);
        continue;
      }
    }
    used += buffer.write(piece, used, 'utf8');
  }
  writeAll(fd, buffer, used);
}

/** The first `length` bytes of `bytes`, however many writes the system takes for them. */
function writeAll(fd: number, bytes: Buffer, length: number): void {
  for (let at = 0; at < length; ) at += writeSync(fd, bytes, at, length - at);
}

/** The first name in `dir` for `base` that does not exist yet: base.csv, base (2).csv, base (3).csv … */
function freeName(dir: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.csv` : `${base} (${n}).csv`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/** The next calendar day of a YYYY-MM-DD. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function createRegister(deps: RegisterDeps) {
  /**
   * The entries of the days from…to that let someone in, matched with the exits recorded from the first day to the day
   * after the last (a person who left after midnight), this gate's and the venue's. Nothing is read when there are no
   * exits at all (most registers, and the export benchmark's).
   */
  function matchDays(fromDay: string, toDay: string) {
    const exits = [
      ...deps.entries.exits(fromDay, nextDay(toDay)).map((r) => exitMarkOf(r.station, r.id, r)),
      ...(deps.remoteExits?.(fromDay) ?? []),
    ];
    if (exits.length === 0) return undefined;
    const visits = deps.entries.visits(fromDay, toDay).map((r) => ({
      ref: refOf(r.station, r.id), id: r.id, atMs: r.at_ms, localDay: r.local_day, category: r.category as Category, outcome: r.outcome as Outcome,
      idHash: r.id_hash ?? undefined, fingerprint: r.payload_fingerprint ?? undefined,
    }));
    return { visits, exits, ...matchExits(visits, exits) };
  }

  /** Entry id → the time of the exit that closed it. */
  function exitTimes(fromDay: string, toDay: string): Map<number, number> {
    const m = matchDays(fromDay, toDay);
    const out = new Map<number, number>();
    if (m) for (const v of m.visits) { const x = m.closedBy.get(v.ref); if (x) out.set(v.id, x.atMs); }
    return out;
  }

  /** Per day and hour: people let in with no exit by the end of their day (at the hour they came), and exits that matched no one. */
  function leftovers(fromDay: string, toDay: string): { neverLeft: { day: string; atMs: number }[]; unmatched: { day: string; atMs: number }[]; exits: number } {
    const m = matchDays(fromDay, toDay);
    const tz = deps.timeZone();
    const visits = m?.visits ?? deps.entries.visits(fromDay, toDay).map((r) => ({ localDay: r.local_day, atMs: r.at_ms, ref: '' }));
    const neverLeft = visits.filter((v) => {
      const x = m?.closedBy.get(v.ref);
      return !x || localDayOf(x.atMs, tz) > v.localDay;
    }).map((v) => ({ day: v.localDay, atMs: v.atMs }));
    const unmatched = (m?.unmatched ?? []).map((x) => ({ day: localDayOf(x.atMs, tz), atMs: x.atMs })).filter((x) => x.day >= fromDay && x.day <= toDay);
    return { neverLeft, unmatched, exits: m?.exits.length ?? 0 };
  }

  /**
   * Removes entries older than the retention period and logs how many (never what). A day whose automatic export
   * does not hold all its entries is kept (`held`). The CSV files this station exported of purged days, in `exportDir`,
   * go too: the same retention covers the register and its copies.
   */
  function purgeExpired(now: number, exportDir?: string): { removed: number; held: string[]; filesRemoved: number } {
    const days = deps.retentionDays();
    const cutoffDay = localDayOf(now - days * DAY_MS, deps.timeZone());
    const { removed, held } = deps.entries.purgeBefore(cutoffDay, deps.confirmedThrough?.());
    deps.logs.recordPurge({ atMs: now, cutoffDay, retentionDays: days, entriesRemoved: removed });
    let filesRemoved = 0;
    if (exportDir) {
      for (const e of deps.logs.exports()) {
        if (e.lastDay >= cutoffDay || held.some((d) => d >= e.firstDay && d <= e.lastDay)) continue;
        // A file's own retention counts from when it was written: an export made today of old days stays its full term.
        if (now - e.atMs < days * DAY_MS) continue;
        const path = join(exportDir, e.fileName);
        if (!existsSync(path)) continue;
        rmSync(path, { force: true });
        filesRemoved++;
      }
    }
    return { removed, held, filesRemoved };
  }

  function exportDays(req: ExportRequest): { path: string; rows: number } {
    checkDays(req.fromDay, req.toDay);
    let masked = true;
    if (req.unmasked) {
      deps.checkAdminPin(req.unmasked.adminPin);
      masked = false;
    }
    const language = req.language ?? 'zh';
    const columns = registerColumns(deps.timeZone(), masked, language, exitTimes(req.fromDay, req.toDay));
    // Streamed from a cursor into the file: memory stays flat whatever the number of rows (measured in the benchmark).
    let rows = 0;
    let throughId = req.afterId ?? 0;
    const entries = deps.entries;
    function* lines(): Generator<string> {
      const csvLine = csvLines(columns);
      yield csvHead(columns, language);
      for (const e of entries.eachOfDays(req.fromDay, req.toDay, req.afterId ?? 0)) {
        throughId = Math.max(throughId, e.id);
        // An exit is written on the entry row it closes, not as a row of its own.
        if ((e.outcome as string) === EXIT) continue;
        rows++;
        yield csvLine(e);
      }
    }
    const days = req.fromDay === req.toDay ? req.fromDay : `${req.fromDay}_${req.toDay}`;
    const base = req.afterId ? `${days}-补录-follow-up` : days;
    const path = writeExportFile(req.outDir, base, lines());
    deps.logs.recordExport({
      atMs: req.now, kind: req.kind, firstDay: req.fromDay, lastDay: req.toDay, rows, masked, language,
      fileName: path.split(/[\\/]/).at(-1)!, ...(req.operator ? { operator: req.operator } : {}),
      ...(req.kind === 'auto' ? { throughEntryId: throughId } : {}),
    });
    return { path, rows };
  }

  /**
   * Exports every finished local day (before today) that has entries and no automatic export yet; a day that gained
   * entries after its export (the clock was set back) gets a follow-up file with just those.
   */
  function exportFinishedDays(now: number, outDir: string): { day: string; path: string; rows: number; followUp: boolean }[] {
    const today = localDayOf(now, deps.timeZone());
    const done: { day: string; path: string; rows: number; followUp: boolean }[] = [];
    for (const day of deps.entries.daysBefore(today)) {
      const through = deps.logs.autoExportedThrough(day);
      if (through !== undefined && (deps.entries.maxIdOfDay(day) ?? 0) <= through) continue;
      const followUp = through !== undefined;
      done.push({ day, followUp, ...exportDays({ fromDay: day, toDay: day, outDir, kind: 'auto', now, ...(followUp ? { afterId: through } : {}) }) });
    }
    return done;
  }

  /** People checked in the days from…to (the last entry of each correction chain), by local hour and outcome, and by category. */
  function stats(fromDay: string, toDay: string): DayStats {
    checkDays(fromDay, toDay);
    const zero = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
    const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, counts: zero() }));
    const byOutcome = zero();
    const byCategory: Partial<Record<Category, number>> = {};
    const rows = deps.entries.finalOutcomes(fromDay, toDay);
    for (const r of rows) {
      byHour[hourOf(r.atMs, deps.timeZone())]!.counts[r.outcome]++;
      byOutcome[r.outcome]++;
      byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
    }
    const left = leftovers(fromDay, toDay);
    return { fromDay, toDay, people: rows.length, byHour, byOutcome, byCategory, neverLeft: left.neverLeft.length, exitsWithoutEntry: left.unmatched.length, exits: left.exits };
  }

  /** The summary CSV: people by day, hour, outcome and category; counts only, no personal data. */
  function exportSummary(req: { fromDay: string; toDay: string; outDir: string; language: CsvLanguage; now: number; operator?: string | undefined }): { path: string; rows: number } {
    checkDays(req.fromDay, req.toDay);
    const cells = new Map<string, { day: string; hour: number; outcomes: Record<string, number>; categories: Record<string, number>; neverLeft: number; exitsWithoutEntry: number }>();
    const cellOf = (day: string, atMs: number) => {
      const hour = hourOf(atMs, deps.timeZone());
      const key = `${day} ${hour}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { day, hour, outcomes: {}, categories: {}, neverLeft: 0, exitsWithoutEntry: 0 }));
      return cell;
    };
    for (const r of deps.entries.finalOutcomes(req.fromDay, req.toDay)) {
      const cell = cellOf(r.localDay, r.atMs);
      cell.outcomes[r.outcome] = (cell.outcomes[r.outcome] ?? 0) + 1;
      cell.categories[r.category] = (cell.categories[r.category] ?? 0) + 1;
    }
    // Who never left by the end of their day (at the hour they came) and exits that matched no one (at their hour).
    const left = leftovers(req.fromDay, req.toDay);
    for (const v of left.neverLeft) cellOf(v.day, v.atMs).neverLeft++;
    for (const x of left.unmatched) cellOf(x.day, x.atMs).exitsWithoutEntry++;
    type Cell = typeof cells extends Map<string, infer C> ? C : never;
    const columns: CsvColumn<Cell>[] = [
      { zh: '日期', en: 'Date', value: (c) => c.day },
      { zh: '小时', en: 'Hour', value: (c) => `${String(c.hour).padStart(2, '0')}:00` },
      { zh: '人数', en: 'People', value: (c) => Object.values(c.outcomes).reduce((a, b) => a + b, 0) },
      ...OUTCOMES.map((o): CsvColumn<Cell> => ({ zh: OUTCOME_WORDS[o].zh, en: OUTCOME_WORDS[o].en, value: (c) => c.outcomes[o] ?? 0 })),
      ...CATEGORIES.map((k): CsvColumn<Cell> => ({ zh: CATEGORY_WORDS[k].zh, en: CATEGORY_WORDS[k].en, value: (c) => c.categories[k] ?? 0 })),
      { zh: '未离场', en: 'Never left', value: (c) => c.neverLeft },
      { zh: '无入场记录的离场', en: 'Exits without an entry', value: (c) => c.exitsWithoutEntry },
    ];
    const rows = [...cells.values()].sort((a, b) => a.day.localeCompare(b.day) || a.hour - b.hour);
    const days = req.fromDay === req.toDay ? req.fromDay : `${req.fromDay}_${req.toDay}`;
    const path = writeExportFile(req.outDir, `${days}-summary`, toCsv(rows, columns, req.language));
    deps.logs.recordExport({
      atMs: req.now, kind: 'manual', firstDay: req.fromDay, lastDay: req.toDay, rows: rows.length, masked: true, language: req.language,
      fileName: path.split(/[\\/]/).at(-1)!, ...(req.operator ? { operator: req.operator } : {}),
    });
    return { path, rows: rows.length };
  }

  /**
   * The evacuation list as CSV: a header row, then one row per person inside; when it was made and how fresh each
   * gate's part is are columns (and the time is in the file's name), never extra lines. Logged as an export, so the
   * retention removes it with the register.
   */
  function exportEvacuation(req: { view: InsideView; outDir: string; language: CsvLanguage; now: number; timeZone: string; operator?: string | undefined }): { path: string; rows: number } {
    const tz = req.timeZone;
    const stamp = (at: number) => `${localDayOf(at, tz)} ${clockTimeOf(at, tz)}`;
    const venueAsOf = req.view.venue?.syncedAt;
    type Person = InsideView['people'][number] & { n: number };
    const columns: CsvColumn<Person>[] = [
      { zh: '序号', en: 'No.', value: (p) => p.n },
      { zh: '姓名', en: 'Name', value: (p) => p.name },
      { zh: '身份证号(脱敏)', en: 'ID number (masked)', value: (p) => p.idMasked },
      { zh: '人员类别', en: 'Category', value: (p) => (req.language === 'en' ? CATEGORY_WORDS[p.category].en : CATEGORY_WORDS[p.category].zh) },
      { zh: '入口', en: 'Gate', value: (p) => p.station },
      { zh: '进入时间', en: 'Time in', value: (p) => stamp(p.at) },
      { zh: '停留时长', en: 'Time inside', value: (p) => hoursMinutes(p.minutesInside) },
      { zh: '超时', en: 'Overdue', value: (p) => (p.overdue ? (req.language === 'en' ? 'yes' : '是') : '') },
      { zh: '生成时间', en: 'Made at', value: () => stamp(req.now) },
      // This gate's own people are as of now; another gate's as of this station's last word from the venue.
      { zh: '数据截至', en: 'Data as of', value: (p) => (p.own ? stamp(req.now) : venueAsOf ? stamp(venueAsOf) : '') },
    ];
    const rows = req.view.people.map((p, i) => ({ ...p, n: i + 1 }));
    const made = `${localDayOf(req.now, tz)}-${clockTimeOf(req.now, tz).replaceAll(':', '')}`;
    const path = writeExportFile(req.outDir, `evacuation-疏散-${made}`, toCsv(rows, columns, req.language));
    deps.logs.recordExport({
      atMs: req.now, kind: 'manual', firstDay: req.view.day, lastDay: req.view.day, rows: rows.length, masked: req.view.namesMasked === true, language: req.language,
      fileName: path.split(/[\\/]/).at(-1)!, ...(req.operator ? { operator: req.operator } : {}),
    });
    return { path, rows: rows.length };
  }

  return { purgeExpired, exportDays, exportFinishedDays, stats, exportSummary, exportEvacuation };
}

export interface DayStats {
  fromDay: string;
  toDay: string;
  people: number;
  byHour: { hour: number; counts: Record<Outcome, number> }[];
  byOutcome: Record<Outcome, number>;
  byCategory: Partial<Record<Category, number>>;
  /** People let in with no exit by the end of their day (today: still inside). */
  neverLeft: number;
  /** Exits that matched no entrant. */
  exitsWithoutEntry: number;
  /** Exits recorded from the first day to the day after the last (none: the venue does not record exits). */
  exits: number;
}

/** The hour of the day (0–23) in the venue's zone. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();
function hourOf(atMs: number, timeZone: string): number {
  let f = hourFormats.get(timeZone);
  if (!f) hourFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hour12: false })));
  return Number(f.format(atMs)) % 24;
}
export type Register = ReturnType<typeof createRegister>;
