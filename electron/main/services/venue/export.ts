// The venue's register as one CSV a day (`venue export`): the station's format, with the station's id first, since
// entry numbers are per station. Rows come in pages off the server, ordered by day, time, station and entry.
import { csvHead, csvLines, type CsvColumn, type CsvLanguage } from '../../../core/export/csv';
import { fromRow, type Entry } from '../../../db/entries';
import { searchVenue, venueEntries, type VenueEntryRow, type VenueSearch } from '../../../db/venue/admin';
import { withVenue, type VenueClient } from '../../../db/venue/connect';
import { stationVenueEntries } from '../../../db/venue/station-client';
import type { VenueRegisterView } from '../../../api/views';
import type { Category, Outcome } from '../../../core/rules/types';
import { maskName, registerColumns, writeExportFile } from '../register';
import { idHasher } from '../install-secret';
import { AppError } from '../../../core/errors';

/** A venue row as the station's Entry (its id is the station's entry number), plus the station id. */
export type VenueEntry = Entry & { stationId: number; receivedMs: number };

export function venueEntryOf(r: VenueEntryRow): VenueEntry {
  // The station's own mapping, from the row as SQLite would hold it (entry id = the station's sequence).
  const row = { ...r, id: r.seq, corrects_id: r.corrects_seq, citations: JSON.stringify(r.citations), evidence_summary: JSON.stringify(r.evidence_summary) };
  let e: Entry;
  try {
    e = fromRow(row);
  } catch {
    // A row the venue took before it checked every field (or one written around the ingest function): its texts
    // go out as they are (the CSV escapes them), its unreadable summary as none.
    e = fromRow({ ...row, citations: Array.isArray(r.citations) ? JSON.stringify(r.citations.filter((c) => typeof c === 'string')) : '[]', evidence_summary: '{}' });
  }
  return { ...e, stationId: r.station_id, receivedMs: r.received_ms };
}

export function venueColumns(timeZone: string, masked: boolean, language: CsvLanguage): CsvColumn<VenueEntry>[] {
  return [{ zh: '岗位编号', en: 'Station ID', value: (e) => e.stationId }, ...(registerColumns(timeZone, masked, language) as CsvColumn<VenueEntry>[])];
}

export interface VenueExportRequest {
  venueName?: string | undefined;
  fromDay: string;
  toDay: string;
  outDir: string;
  language: CsvLanguage;
  timeZone: string;
  masked: boolean;
}

export async function exportVenueDays(client: VenueClient, req: VenueExportRequest): Promise<{ path: string; rows: number }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.fromDay) || !/^\d{4}-\d{2}-\d{2}$/.test(req.toDay) || req.fromDay > req.toDay) {
    throw new AppError('INVALID_INPUT', 'days must be YYYY-MM-DD, from ≤ to');
  }
  const columns = venueColumns(req.timeZone, req.masked, req.language);
  // The lines are gathered first (the file is then written and renamed at once, as every export is): a venue's day,
  // 100,000 entries, is some 40 MB of text.
  const lines = [csvHead(columns, req.language)];
  const csvLine = csvLines(columns);
  for await (const row of venueEntries(client, req)) lines.push(csvLine(venueEntryOf(row)));
  const days = req.fromDay === req.toDay ? req.fromDay : `${req.fromDay}_${req.toDay}`;
  const path = writeExportFile(req.outDir, `venue-${days}`, lines);
  return { path, rows: lines.length - 1 };
}

/** Venue entries found, as the admin sees them on screen: names masked, the ID hash shortened. */
/** `fingerprintKey`: the venue's (from the admin's key file), to find an ID number: the server holds no key. */
export async function searchVenueEntries(client: VenueClient, q: Omit<VenueSearch, 'idHash'> & { idNumber?: string | undefined; fingerprintKey?: Buffer | undefined }) {
  let idHash: string | undefined;
  if (q.idNumber) {
    if (!q.fingerprintKey) throw new AppError('VENUE_ADMIN_KEY', 'finding an ID number needs the venue admin key file (the server holds no key)');
    idHash = idHasher(q.fingerprintKey)(q.idNumber.trim());
  }
  const rows = await searchVenue(client, { ...q, idHash });
  return rows.map(venueEntryOf).map((e) => ({
    stationId: e.stationId, station: e.station, entry: e.id, day: e.localDay, atMs: e.atMs, receivedMs: e.receivedMs,
    category: e.category, outcome: e.outcome, ...(e.route ? { route: e.route } : {}), citations: e.citations,
    ...(e.name ? { name: maskName(e.name) } : {}), ...(e.idMasked ? { idMasked: e.idMasked } : {}),
    ...(e.idHash ? { visitLink: e.idHash.slice(0, 12) } : {}), ...(e.correctsId ? { correctsEntry: e.correctsId } : {}),
  }));
}

/**
 * The register screen's venue view: every gate's entries read with the station's own login (`url`), so without names,
 * and each gate's count. An ID number is hashed with the station's (the venue's) key.
 */
export async function stationVenueView(url: string, hashId: (id: string) => string, q: { fromDay: string; toDay: string; outcome?: string | undefined; category?: string | undefined; idNumber?: string | undefined; limit: number }): Promise<VenueRegisterView> {
  const rows = await withVenue(url, (c) => stationVenueEntries(c, { ...q, idHash: q.idNumber ? hashId(q.idNumber) : undefined }));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.station, (counts.get(r.station) ?? 0) + 1);
  return {
    rows: rows.map((r) => ({ stationId: r.station_id, station: r.station, entry: r.seq, localDay: r.local_day, at: r.at_ms, category: r.category as Category, outcome: r.outcome as Outcome })),
    byStation: [...counts].map(([station, entries]) => ({ station, entries })),
  };
}
