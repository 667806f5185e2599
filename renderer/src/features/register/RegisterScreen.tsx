import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { gate, type CheckOutput, type EntryDetail as Detail, type EntrySummary, type RegisterStats, type StationInfo, type VenueRegisterView } from '../../gate';
import { EntryDetail } from './EntryDetail';
import { DayCharts } from './DayCharts';
import { oneOf } from '../../forms';
import { CATEGORIES, OUTCOMES } from '../../../../electron/core/rules/types';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { useWords } from '../../words';
import { useInputLayer } from '../input/InputRouter';
import { Name } from '../../components/Name';

/**
 * The register: a day range, filters, search by name fragment (spaces, width and case ignored) or full ID number, the
 * range charted by hour, outcome and category, exports (the register CSV and the summary CSV) and the export folder.
 * Tab reaches the rows; Enter on one opens its detail.
 */
export function RegisterScreen({ station, onBack }: { station: StationInfo; onBack: () => void }) {
  // A scan here is not an entrant's: it never lands in a field, and the screen says it was ignored.
  useInputLayer({ onScan: 'ignore' });
  const { t, w, time } = useWords();
  const day = station.day;
  const [range, setRange] = useState({ fromDay: day, toDay: day });
  const [rows, setRows] = useState<EntrySummary[]>([]);
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();

  // The query on screen; every change (the first load included) runs one search.
  const [query, setQuery] = useState<Parameters<typeof gate.searchRegister>[0]>({ fromDay: day, toDay: day, limit: 500 });
  const [stats, setStats] = useState<RegisterStats>();
  useEffect(() => {
    let isCurrent = true;
    void gate.searchRegister(query).then((r) => {
      if (!isCurrent) return;
      if (r.ok) setRows(r.value);
      else setError(r.error);
    });
    void gate.registerStats({ fromDay: query.fromDay ?? day, toDay: query.toDay ?? day }).then((r) => {
      if (!isCurrent) return;
      if (r.ok) setStats(r.value);
      else setError(r.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [query, day]);

  // The venue view (a station that has joined a venue; admin PIN): every gate's entries for the same query, no names.
  const [venuePin, setVenuePin] = useState('');
  const [venueView, setVenueView] = useState<VenueRegisterView>();
  const showVenue = async () => {
    const r = await gate.venueRegister({
      adminPin: venuePin, fromDay: query.fromDay ?? day, toDay: query.toDay ?? day, limit: 2000,
      ...(query.outcome ? { outcome: query.outcome } : {}), ...(query.category ? { category: query.category } : {}), ...(query.idNumber ? { idNumber: query.idNumber } : {}),
    });
    if (r.ok) {
      setVenueView(r.value);
      setError(undefined);
    } else setError(r.error);
  };

  const [detail, setDetail] = useState<{ detail: Detail; row: HTMLElement | null }>();
  const openDetail = async (id: number, row: HTMLElement | null) => {
    const r = await gate.entryDetail({ id });
    if (r.ok) setDetail({ detail: r.value, row });
    else setError(r.error);
  };
  // The station's clock (training mode's too): typed sampling times in a correction are read on it.
  const [offsetMs] = useState(() => station.now - Date.now());
  const stationNow = useCallback(() => Date.now() + offsetMs, [offsetMs]);
  /** A correction written: the detail shows the new entry (its chain names the one it changed), the list follows. */
  const corrected = async (out: CheckOutput) => {
    if (out.entryId === null) return;
    const r = await gate.entryDetail({ id: out.entryId });
    if (r.ok) setDetail((d) => ({ detail: r.value, row: d?.row ?? null }));
    else setError(r.error);
    setQuery((q) => ({ ...q })); // the list runs its search again
  };
  const closeDetail = useCallback(() => {
    setDetail((d) => {
      d?.row?.focus();
      return undefined;
    });
  }, []);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    const fromDay = str('fromDay') || range.fromDay;
    const toDay = str('toDay') || range.toDay;
    setRange({ fromDay, toDay });
    setQuery({
      fromDay, toDay, limit: 500,
      outcome: oneOf(OUTCOMES, str('outcome')), category: oneOf(CATEGORIES, str('category')),
      ...(str('name') ? { name: str('name') } : {}), ...(str('idNumber') ? { idNumber: str('idNumber') } : {}),
    });
  };
  const doExport = async () => {
    const r = await gate.exportDays({ ...range, language: station.ui.language });
    if (r.ok) setNotice(t('exported', { rows: r.value.rows, path: r.value.path }));
    else setError(r.error);
  };
  const doExportSummary = async () => {
    const r = await gate.exportSummary({ ...range, language: station.ui.language });
    if (r.ok) setNotice(t('summaryExported', { rows: r.value.rows, path: r.value.path }));
    else setError(r.error);
  };
  const openFolder = async () => {
    const r = await gate.openExportFolder({});
    if (r.ok) setNotice(r.value.path);
    else setError(r.error);
  };

  return (
    <main className="app" data-screen="register">
      <header className="topbar"><h1>{t('register')} · {station.venueName}</h1><button type="button" onClick={onBack}>{t('back')}</button></header>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {notice && <div className="notice" role="status" data-notice="register">{notice}</div>}
      <form className="filters" onSubmit={onSubmit} aria-label={t('search')}>
        <label>{t('from')}<input type="date" name="fromDay" defaultValue={range.fromDay} autoFocus /></label>
        <label>{t('to')}<input type="date" name="toDay" defaultValue={range.toDay} /></label>
        <label>{t('outcome')}<select name="outcome" defaultValue=""><option value="">{t('any')}</option>{OUTCOMES.map((o) => <option key={o} value={o}>{w(OUTCOME_WORDS[o])}</option>)}</select></label>
        <label>{t('category')}<select name="category" defaultValue=""><option value="">{t('any')}</option>{CATEGORIES.map((c) => <option key={c} value={c}>{w(CATEGORY_WORDS[c])}</option>)}</select></label>
        <label>{t('name')}<input name="name" maxLength={50} /></label>
        <label>{t('idNumber')}<input name="idNumber" maxLength={18} autoComplete="off" /></label>
        <button type="submit" className="primary">{t('search')}</button>
        <button type="button" onClick={() => void doExport()}>{t('exportNow')}</button>
        <button type="button" onClick={() => void doExportSummary()}>{t('exportSummary')}</button>
        <button type="button" onClick={() => void openFolder()}>{t('openFolder')}</button>
      </form>
      {station.venue && (
        <form className="filters" aria-label={t('venueView')} onSubmit={(e) => { e.preventDefault(); void showVenue(); }}>
          <label>{t('adminPin')}<input type="password" inputMode="numeric" value={venuePin} onChange={(e) => setVenuePin(e.target.value)} /></label>
          <button type="submit">{t('venueView')}</button>
          {venueView && <button type="button" onClick={() => setVenueView(undefined)}>{t('stationView')}</button>}
        </form>
      )}
      {venueView ? (
        <section data-venue-view="">
          <p>{t('venueRows', { n: venueView.rows.length, venue: station.venue?.venueName ?? '' })} · {venueView.byStation.map((s) => `${s.station} ${s.entries}`).join(' · ')}</p>
          <table className="register-table">
            <thead><tr><th>{t('stationColumn')}</th><th>#</th><th>{t('time')}</th><th>{t('category')}</th><th>{t('outcome')}</th></tr></thead>
            <tbody>
              {venueView.rows.map((e) => (
                <tr key={`${e.stationId}-${e.entry}`} data-venue-entry={`${e.stationId}-${e.entry}`} className={`row-${e.outcome}`}>
                  <td>{e.station}</td><td>{e.entry}</td><td>{e.localDay} {time(e.at, station.timeZone)}</td>
                  <td>{w(CATEGORY_WORDS[e.category])}</td><td>{w(OUTCOME_WORDS[e.outcome])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (<>
      {stats && <DayCharts stats={stats} />}
      <p>{t('rows', { n: rows.length })} · {t('rowsHelp')}</p>
      {stats && stats.exits > 0 && (
        <p data-register-exits="">{t('neverLeft', { n: stats.neverLeft })} · {t('exitsWithoutEntry', { n: stats.exitsWithoutEntry })}</p>
      )}
      <table className="register-table">
        <thead><tr><th>#</th><th>{t('time')}</th><th>{t('category')}</th><th>{t('outcome')}</th><th>{t('reason')}</th><th>{t('name')}</th><th>{t('idNumber')}</th><th>{t('operator')}</th><th>{t('clauses')}</th></tr></thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-entry={e.id} data-outcome={e.outcome} data-verification={e.verification ?? 'unrecorded'} className={`row-${e.outcome}`} tabIndex={0}
              onKeyDown={(k) => { if (k.key === 'Enter') { k.preventDefault(); void openDetail(e.id, k.currentTarget); } }}
              onDoubleClick={(m) => void openDetail(e.id, m.currentTarget)}>
              <td>{e.id}{e.correctsId ? ` ← ${e.correctsId}` : ''}</td>
              <td>{e.localDay} {time(e.at, station.timeZone)}</td>
              <td>{w(CATEGORY_WORDS[e.category])}</td>
              <td>{w(OUTCOME_WORDS[e.outcome])}{e.route ? ` · ${w(ROUTE_WORDS[e.route])}` : ''}</td>
              <td className="reason">{w(e.reason)}</td>
              <td><Name text={e.name} /></td>
              <td>{e.idMasked ?? ''}</td>
              <td>{e.operator ?? ''}</td>
              <td>{e.citations.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </>)}
      {detail && <EntryDetail detail={detail.detail} timeZone={station.timeZone} now={stationNow} onClose={closeDetail} onCorrected={(out) => void corrected(out)} />}
    </main>
  );
}
