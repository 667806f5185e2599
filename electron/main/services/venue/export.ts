// The venue's register as one CSV a day (`venue export`): the station's format, with the station's id first, since
// entry numbers are per station. Rows come in pages off the server, ordered by day, time, station and entry.
import { csvHead, csvLine, type CsvColumn, type CsvLanguage } from '../../../core/export/csv';
import type { Entry } from '../../../db/entries';
import { readEvidenceSummary } from '../../../core/register/evidence-summary';
import { readVerification } from '../../../core/register/reason';
import { searchVenue, venueEntries, venueKey, type VenueClient, type VenueEntryRow, type VenueSearch } from '../../../db/venue/server';
import { maskName, registerColumns, writeExportFile } from '../register';
import { idHasher } from '../install-secret';
import type { Category, Outcome, Route } from '../../../core/rules/types';
import type { EntryFormat } from '../../../db/entries';
import { AppError } from '../../../core/errors';

/** A venue row as the station's Entry (its id is the station's entry number), plus the station id. */
export type VenueEntry = Entry & { stationId: number; receivedMs: number };

export function venueEntryOf(r: VenueEntryRow): VenueEntry {
  const e: VenueEntry = {
    id: r.seq, stationId: r.station_id, receivedMs: r.received_ms, atMs: r.at_ms, localDay: r.local_day, station: r.station,
    packId: r.pack_id, packVersion: r.pack_version, venueKind: r.venue_kind, category: r.category as Category,
    outcome: r.outcome as Outcome, citations: r.citations, evidenceSummary: readEvidenceSummary(r.evidence_summary),
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
  if (r.corrects_seq !== null) e.correctsId = r.corrects_seq;
  return e;
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
  for await (const row of venueEntries(client, req)) lines.push(csvLine(venueEntryOf(row), columns));
  const days = req.fromDay === req.toDay ? req.fromDay : `${req.fromDay}_${req.toDay}`;
  const path = writeExportFile(req.outDir, `venue-${days}`, lines);
  return { path, rows: lines.length - 1 };
}

/** Venue entries found, as the admin sees them on screen: names masked, the ID hash shortened. */
export async function searchVenueEntries(client: VenueClient, q: Omit<VenueSearch, 'idHash'> & { idNumber?: string | undefined }) {
  let idHash: string | undefined;
  if (q.idNumber) {
    const key = await venueKey(client, q.venueName);
    if (!key) return [];
    idHash = idHasher(key)(q.idNumber.trim());
  }
  const rows = await searchVenue(client, { ...q, idHash });
  return rows.map(venueEntryOf).map((e) => ({
    stationId: e.stationId, station: e.station, entry: e.id, day: e.localDay, atMs: e.atMs, receivedMs: e.receivedMs,
    category: e.category, outcome: e.outcome, ...(e.route ? { route: e.route } : {}), citations: e.citations,
    ...(e.name ? { name: maskName(e.name) } : {}), ...(e.idMasked ? { idMasked: e.idMasked } : {}),
    ...(e.idHash ? { visitLink: e.idHash.slice(0, 12) } : {}), ...(e.correctsId ? { correctsEntry: e.correctsId } : {}),
  }));
}
