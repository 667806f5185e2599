import { useCallback, useEffect, useRef, useState } from 'react';
import { gate, type InsidePerson, type InsideView, type StationInfo } from '../../gate';
import { CATEGORY_WORDS } from '../../../../electron/core/rules/words';
import { hoursMinutes } from '../../../../electron/core/register/inside';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { useWords } from '../../words';
import { useInputLayer } from '../input/InputRouter';
import { Name } from '../../components/Name';

/** How often the list reads the register again while it is open (other gates' people arrive with the venue's sync). */
const REFRESH_MS = 5_000;

/**
 * Who is inside now (F4): the count, visitors and the place's own people apart, time in and time inside, an overdue
 * mark past visiting hours. A scan here is not an entrant's: it never lands in the search field, and the screen says
 * it was ignored. ↑/↓ pick a person; Enter records that they leave now (a phone-only entrant has nothing
 * to scan); S signs out someone who left unseen (logged); P prints the evacuation list and writes its CSV.
 */
export function InsideScreen({ station, onBack }: { station: StationInfo; onBack: () => void }) {
  const { t, w, time } = useWords();
  const [view, setView] = useState<InsideView>();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();
  const [printing, setPrinting] = useState<InsideView>();
  // A locked station shows the list with names masked and prints the evacuation list; exits need an operator.
  const locked = station.signInRequired && !station.operator;
  const searchRef = useRef(search);
  searchRef.current = search;

  const load = useCallback(() => {
    void gate.inside(searchRef.current.trim() ? { search: searchRef.current.trim() } : {}).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error);
    });
  }, []);
  useEffect(load, [load, search]);
  useEffect(() => {
    const timer = setInterval(load, REFRESH_MS);
    const offEntry = gate.on('entryRecorded', load);
    const offExit = gate.on('exitRecorded', load);
    return () => {
      clearInterval(timer);
      offEntry();
      offExit();
    };
  }, [load]);

  const people = view?.people ?? [];
  const visitors = people.filter((p) => p.group === 'visitor');
  const residents = people.filter((p) => p.group === 'resident');
  // One order for the keys and the screen: visitors first, then the place's own people.
  const ordered = [...visitors, ...residents];
  // The choice stays on the list as it shrinks (the last row when the chosen one has left).
  const chosen = Math.max(0, Math.min(selected, ordered.length - 1));
  const current = ordered[chosen];

  const leave = useCallback(async (p: InsidePerson | undefined, signOut: boolean) => {
    if (!p) return;
    const r = await gate.exitFromList({ ref: p.ref, ...(signOut ? { signOut: true } : {}) });
    if (r.ok) {
      setNotice(w(r.value.message));
      setError(undefined);
    } else setError(r.error);
    load();
  }, [load, w]);

  const evacuate = useCallback(async () => {
    const r = await gate.evacuation({ language: station.ui.language });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setNotice(t('evacuationWritten', { n: r.value.rows, path: r.value.path }));
    setPrinting(r.value.view);
  }, [station.ui.language, t]);

  // The print page is drawn first, then printed (the system's print dialog; nothing in a headless browser).
  useEffect(() => {
    if (!printing) return;
    const timer = setTimeout(() => window.print(), 0);
    return () => clearTimeout(timer);
  }, [printing]);

  // The keys come through the input router (a scanner's burst never reaches them): ↑/↓, Enter, S, P. Letters typed
  // in the search field stay there.
  useInputLayer({
    onScan: 'ignore',
    onKey: (key, _at, index) => {
      if (key === 'ArrowDown') setSelected((i) => Math.min(i + 1, Math.max(0, ordered.length - 1)));
      else if (key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
      else if (locked && (key === 'Enter' || (index === 0 && key.toUpperCase() === 'S'))) setNotice(t('insideLocked'));
      else if (key === 'Enter') void leave(current, false);
      else if (index === 0 && key.toUpperCase() === 'S') void leave(current, true);
      else if (index === 0 && key.toUpperCase() === 'P') void evacuate();
      else return false;
      return true;
    },
  });

  const row = (p: InsidePerson) => {
    const i = ordered.indexOf(p);
    return (
      <tr key={p.ref} data-inside-row={p.ref} data-overdue={p.overdue ? 'true' : 'false'} data-own={p.own ? 'true' : 'false'}
        className={`${i === chosen ? 'selected' : ''} ${p.overdue ? 'overdue' : ''}`} aria-selected={i === chosen} data-selected={i === chosen ? 'true' : 'false'} onClick={() => setSelected(i)}>
        <td>{p.overdue ? <strong className="overdue-mark">⚠ {t('overdue')}</strong> : ''}</td>
        <td><Name text={p.name ?? '—'} /></td>
        <td>{w(CATEGORY_WORDS[p.category])}</td>
        <td>{p.station}{p.own ? '' : ` (${t('otherGate')})`}</td>
        <td>{p.localDay === view?.day ? '' : `${p.localDay} `}{time(p.at, station.timeZone).slice(0, 5)}</td>
        <td>{hoursMinutes(p.minutesInside)}</td>
      </tr>
    );
  };
  const table = (list: InsidePerson[], title: string, kind: string) => (
    <section data-inside-group={kind}>
      <h2>{title} · {list.length}</h2>
      <table className="register-table inside-table">
        <thead><tr><th></th><th>{t('name')}</th><th>{t('category')}</th><th>{t('gate')}</th><th>{t('timeIn')}</th><th>{t('timeInside')}</th></tr></thead>
        <tbody>{list.map(row)}</tbody>
      </table>
    </section>
  );

  return (
    <main className="app" data-screen="inside">
      <header className="topbar"><h1>{t('insideTitle')} · <span data-inside-count={view?.count ?? 0}>{t('insideCount', { n: view?.count ?? 0 })}</span></h1><button type="button" onClick={onBack}>{t('back')}</button></header>
      {locked && <div className="warning-banner" data-inside-locked="">{t('insideLocked')}</div>}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {notice && <div className="notice" role="status" data-notice="inside">{notice}</div>}
      <p className="inside-facts">
        {view ? t('insideAsOf', { time: time(view.now, station.timeZone).slice(0, 5) }) : ''}
        {view?.visitingUntil ? ` · ${t('visitingUntil', { time: view.visitingUntil })}` : ''}
        {view?.venue ? ` · ${view.venue.syncedAt ? t('otherGatesAsOf', { time: time(view.venue.syncedAt, station.timeZone).slice(0, 5) }) : t('otherGatesUnknown')}` : ''}
        {view?.unmatchedExits ? <span data-warning="unmatched-exits"> · {t('unmatchedExits', { n: view.unmatchedExits })}</span> : ''}
      </p>
      <label className="inside-search">{t('insideSearch')}<input data-field="inside-search" value={search} maxLength={50} onChange={(e) => { setSearch(e.target.value); setSelected(0); }}
        onKeyDown={(e) => { if (e.key === 'Enter' || e.key === 'ArrowDown') { e.preventDefault(); e.currentTarget.blur(); } }} /></label>
      <div className="keys-help">{t(locked ? 'insideKeysLocked' : 'insideKeys')}</div>
      {table(visitors, t('visitorsInside'), 'visitor')}
      {view?.staff === 'apart' && table(residents, t('residentsInside'), 'resident')}
      {printing && (
        <section className="evacuation-print" data-print="evacuation" aria-hidden="true">
          <h1>{t('evacuationTitle')} · {station.venueName}</h1>
          <p>{t('evacuationMade', { time: time(printing.now, station.timeZone), n: printing.count })}
            {printing.namesMasked ? ` · ${t('namesMaskedNote')}` : ''}
            {printing.venue ? ` · ${printing.venue.syncedAt ? t('otherGatesAsOf', { time: time(printing.venue.syncedAt, station.timeZone).slice(0, 5) }) : t('otherGatesUnknown')}` : ''}</p>
          <table>
            <thead><tr><th>#</th><th>{t('name')}</th><th>{t('category')}</th><th>{t('gate')}</th><th>{t('timeIn')}</th><th>{t('timeInside')}</th><th>{t('overdue')}</th></tr></thead>
            <tbody>
              {printing.people.map((p, i) => (
                <tr key={p.ref}><td>{i + 1}</td><td>{p.name ?? '—'}</td><td>{w(CATEGORY_WORDS[p.category])}</td><td>{p.station}</td><td>{time(p.at, station.timeZone).slice(0, 5)}</td><td>{hoursMinutes(p.minutesInside)}</td><td>{p.overdue ? '⚠' : ''}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
