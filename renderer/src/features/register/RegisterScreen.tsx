import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { gate, type EntrySummary, type StationInfo } from '../../gate';
import { CATEGORIES, OUTCOMES } from '../../../../electron/core/rules/types';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';

/** The register: a day range, filters, search by name fragment or full ID number, export and the export folder. */
export function RegisterScreen({ station, onBack }: { station: StationInfo; onBack: () => void }) {
  const { t } = useTranslation();
  const day = station.day;
  const [range, setRange] = useState({ fromDay: day, toDay: day });
  const [rows, setRows] = useState<EntrySummary[]>([]);
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();

  const search = useCallback(async (f?: FormData) => {
    const str = (k: string) => String(f?.get(k) ?? '').trim();
    const fromDay = str('fromDay') || range.fromDay;
    const toDay = str('toDay') || range.toDay;
    setRange({ fromDay, toDay });
    const r = await gate.searchRegister({
      fromDay, toDay, limit: 500,
      ...(str('outcome') ? { outcome: str('outcome') as never } : {}), ...(str('category') ? { category: str('category') as never } : {}),
      ...(str('name') ? { name: str('name') } : {}), ...(str('idNumber') ? { idNumber: str('idNumber') } : {}),
    });
    if (r.ok) setRows(r.value);
    else setError(r.error);
  }, [range]);
  // First load only: later searches come from the form.
  useEffect(() => void search(), []);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void search(new FormData(e.currentTarget));
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
        <label>{t('outcome')}<select name="outcome" defaultValue=""><option value="">{t('any')}</option>{OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_WORDS[o].zh}</option>)}</select></label>
        <label>{t('category')}<select name="category" defaultValue=""><option value="">{t('any')}</option>{CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_WORDS[c].zh}</option>)}</select></label>
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
              <td>{e.localDay} {new Date(e.at).toLocaleTimeString('zh-CN', { hour12: false, timeZone: station.timeZone })}</td>
              <td>{CATEGORY_WORDS[e.category].zh}</td>
              <td>{OUTCOME_WORDS[e.outcome].zh}{e.route ? ` · ${ROUTE_WORDS[e.route].zh}` : ''}</td>
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
