import { useEffect, useState, type FormEvent } from 'react';
import { gate, type EntrySummary, type StationInfo } from '../../gate';
import { oneOf } from '../../forms';
import { CATEGORIES, OUTCOMES } from '../../../../electron/core/rules/types';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { useWords } from '../../words';

/** The register: a day range, filters, search by name fragment or full ID number, export and the export folder. */
export function RegisterScreen({ station, onBack }: { station: StationInfo; onBack: () => void }) {
  const { t, w, time } = useWords();
  const day = station.day;
  const [range, setRange] = useState({ fromDay: day, toDay: day });
  const [rows, setRows] = useState<EntrySummary[]>([]);
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();

  // The query on screen; every change (the first load included) runs one search.
  const [query, setQuery] = useState<Parameters<typeof gate.searchRegister>[0]>({ fromDay: day, toDay: day, limit: 500 });
  useEffect(() => {
    let isCurrent = true;
    void gate.searchRegister(query).then((r) => {
      if (!isCurrent) return;
      if (r.ok) setRows(r.value);
      else setError(r.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [query]);

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
        <button type="button" onClick={() => void openFolder()}>{t('openFolder')}</button>
      </form>
      <p>{t('rows', { n: rows.length })}</p>
      <table className="register-table">
        <thead><tr><th>#</th><th>{t('time')}</th><th>{t('category')}</th><th>{t('outcome')}</th><th>{t('name')}</th><th>{t('idNumber')}</th><th>{t('operator')}</th><th>{t('clauses')}</th></tr></thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-entry={e.id} className={`row-${e.outcome}`}>
              <td>{e.id}{e.correctsId ? ` ← ${e.correctsId}` : ''}</td>
              <td>{e.localDay} {time(e.at, station.timeZone)}</td>
              <td>{w(CATEGORY_WORDS[e.category])}</td>
              <td>{w(OUTCOME_WORDS[e.outcome])}{e.route ? ` · ${w(ROUTE_WORDS[e.route])}` : ''}</td>
              <td>{e.name ?? ''}</td>
              <td>{e.idMasked ?? ''}</td>
              <td>{e.operator ?? ''}</td>
              <td>{e.citations.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
