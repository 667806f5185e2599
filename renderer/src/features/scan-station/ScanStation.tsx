import { useCallback, useEffect, useRef, useState } from 'react';
import { gate, type CheckOutput, type Result, type StationInfo, type TodayOutput } from '../../gate';
import type { Category } from '../../../../electron/core/rules/types';
import type { WedgeEvent } from '../../../../electron/core/scan/keyboard-wedge';
import { OutcomePanel } from '../../components/OutcomePanel';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { playOutcome, speak } from '../../components/sound';
import { useScannerInput } from './useScannerInput';
import { useWords } from '../../words';
import { useQrCamera } from './useQrCamera';
import { Dialog, instantFromLocal, localInputValue } from './dialogs';

/** The register note on a paper certificate entry: register data (read by admins in either language), not screen words. */
const PAPER_CERTIFICATE_NOTE = '纸质证明 paper certificate';

/** An open dialog, with when it was opened (its time defaults are taken then, not at every render). */
type Modal = { kind: 'attest-green' | 'manual'; openedAt: number } | undefined;

export function ScanStation({ station, onLocked }: { station: StationInfo; onLocked: () => void }) {
  const { t, w, sub, tSub, time } = useWords();
  const [category, setCategory] = useState<Category>(station.defaultCategory);
  const [result, setResult] = useState<CheckOutput>();
  const [error, setError] = useState<ShownError>();
  const [receiving, setReceiving] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [today, setToday] = useState<TodayOutput>();
  const [modal, setModal] = useState<Modal>();
  const [imeActive, setImeActive] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  const sink = useRef<HTMLInputElement>(null);
  const isMedical = station.venueKind === 'medical';

  const refreshToday = useCallback(() => {
    void gate.today({ limit: 20 }).then((r) => (r.ok ? setToday(r.value) : setError(r.error)));
  }, []);
  useEffect(refreshToday, [refreshToday]);
  useEffect(() => gate.on('entryRecorded', refreshToday), [refreshToday]);

  // Keep the focus on the scan sink (a password field: browsers turn input methods off there, so a Chinese IME
  // cannot swallow the scanner's keys); it comes back after any dialog or click.
  useEffect(() => {
    if (modal) return;
    sink.current?.focus();
    const refocus = () => setTimeout(() => !document.querySelector('[role="dialog"]') && document.activeElement === document.body && sink.current?.focus(), 0);
    document.addEventListener('focusout', refocus);
    return () => document.removeEventListener('focusout', refocus);
  }, [modal]);

  // The outcome clears itself (privacy: the next person in line should not read it).
  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(undefined), station.ui.clearAfterSeconds * 1000);
    return () => clearTimeout(timer);
  }, [result, station.ui.clearAfterSeconds]);

  const show = useCallback((r: Result<CheckOutput>) => {
    if (!r.ok) {
      setError(r.error);
      if (r.error.code === 'SIGNED_OUT') onLocked();
      return;
    }
    setError(undefined);
    setResult(r.value);
    if (r.value.entryId === null) return;
    refreshToday(); // also pushed as an event; this covers an event stream that is not connected yet
    if (station.ui.sounds) playOutcome(r.value.outcome);
    // The spoken result is Chinese whatever the screen's language: it is for the entrant at the gate.
    if (station.ui.speech) speak(r.value.route ? ROUTE_WORDS[r.value.route].zh : OUTCOME_WORDS[r.value.outcome].zh);
  }, [station.ui.sounds, station.ui.speech, onLocked, refreshToday]);

  const submit = useCallback(async (code: string, source: 'wedge' | 'camera' | 'manual') => {
    setBusy(true);
    setReceiving(undefined);
    const r = await gate.check({ code, category, source });
    setBusy(false);
    show(r);
  }, [category, show]);

  const record = useCallback(async (input: Parameters<typeof gate.record>[0]) => {
    setBusy(true);
    const r = await gate.record(input);
    setBusy(false);
    show(r);
  }, [show]);

  const lastEntry = result?.entryId ?? undefined;
  const emergency = useCallback(() => {
    void record({ category: isMedical ? 'emergency-patient' : 'responder', evidence: [] });
  }, [isMedical, record]);
  const attestColor = useCallback((color: 'yellow' | 'red') => {
    void record({ category, evidence: [{ kind: 'health-code', color }], ...(lastEntry ? { correctsId: lastEntry } : {}) });
  }, [category, lastEntry, record]);

  const onWedge = useCallback((ev: WedgeEvent) => {
    switch (ev.type) {
      case 'progress':
        setReceiving(ev.length);
        return;
      case 'scan':
        void submit(ev.code, 'wedge');
        return;
      case 'typing': {
        if (ev.text.length !== 1) return;
        const key = ev.text.toUpperCase();
        const n = Number(key);
        if (n >= 1 && n <= station.categories.length) setCategory(station.categories[n - 1]!);
        else if (key === 'G') setModal({ kind: 'attest-green', openedAt: Date.now() });
        else if (key === 'Y') attestColor('yellow');
        else if (key === 'R') attestColor('red');
        else if (key === 'M') setModal({ kind: 'manual', openedAt: Date.now() });
        else if (key === 'C') setCameraOn((on) => !on);
        return;
      }
      case 'overflow':
        setError({ code: 'INVALID_INPUT', message: t('scanTooLong', { lng: 'zh' }), messageEn: t('scanTooLong', { lng: 'en' }) });
        return;
    }
  }, [station.categories, submit, attestColor, t]);
  useScannerInput(onWedge, !modal, () => setImeActive(true));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1' && !modal) {
        e.preventDefault();
        emergency();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [emergency, modal]);

  const [camera, videoRef, chooseCamera] = useQrCamera(cameraOn, (text) => void submit(text, 'camera'));

  return (
    <main className="app" data-busy={busy ? 'true' : 'false'} data-screen="station">
      <input ref={sink} className="scan-sink" type="password" data-scan-sink="true" autoComplete="off" aria-label={t('scanPrompt')} tabIndex={-1} readOnly />
      <header className="topbar">
        <div>
          <div className="venue">{station.venueName}</div>
          <div className="station-name">{station.stationName} · {w(station.pack.title)} · {t('operator')} {station.operator ?? '—'}</div>
        </div>
        <div className="window">{t('natWindowLine', { h: station.natWindowHours })}{tSub('natWindowLine', { h: station.natWindowHours }) && ` · ${tSub('natWindowLine', { h: station.natWindowHours })}`}</div>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {station.trust.isStale && (
        <div className="warning-banner" role="alert" data-warning="trust-stale">
          {station.trust.date ? t('trustStaleDated', { date: station.trust.date.slice(0, 10), days: station.trust.maxAgeDays }) : t('trustStaleUndated')}
          {tSub('trustStaleDated') && <span className="en"> {station.trust.date ? tSub('trustStaleDated', { date: station.trust.date.slice(0, 10), days: station.trust.maxAgeDays }) : tSub('trustStaleUndated')}</span>}
        </div>
      )}
      {station.isPackStale && <div className="warning-banner" data-warning="pack-stale">{t('packStale', { date: station.pack.effectiveFrom, days: station.packAgeDays })}</div>}
      {station.strictness.isStricterThanNational && <div className="warning-banner" data-warning="stricter">{t('stricter')}: {station.strictness.notes.map(w).join('; ')}</div>}
      {imeActive && <div className="warning-banner" data-warning="ime" role="alert">{t('imeHint')}</div>}
      <nav className="categories" aria-label={t('categoriesLabel')}>
        {station.categories.map((c, i) => (
          <button key={c} type="button" className={c === category ? 'category selected' : 'category'} aria-pressed={c === category} data-category={c} onClick={() => setCategory(c)}>
            <kbd>{i + 1}</kbd> {w(CATEGORY_WORDS[c])}
            {sub(CATEGORY_WORDS[c]) && <span className="en">{sub(CATEGORY_WORDS[c])}</span>}
          </button>
        ))}
        <button type="button" className="emergency" data-action="emergency" onClick={emergency}>✚ {isMedical ? t('emergency') : t('responder')}</button>
      </nav>
      {receiving !== undefined && (
        <div className="receiving" role="progressbar"  aria-label={t('receivingLabel')} aria-valuenow={receiving}>{t('receiving', { n: receiving })}</div>
      )}
      <div className="main-row">
        <OutcomePanel result={result} />
        {cameraOn && (
          <section className="camera" aria-label={t('camera')} data-camera={camera.status}>
            <video ref={videoRef} muted playsInline />
            <div>{camera.status === 'on' ? t('cameraOn') : camera.status === 'error' ? camera.error : t('loading')}</div>
            {camera.devices.length > 1 && (
              <select aria-label={t('cameraChoose')} value={camera.deviceId ?? ''} onChange={(e) => chooseCamera(e.target.value)}>
                {camera.devices.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || d.deviceId.slice(0, 8)}</option>)}
              </select>
            )}
            <div className="en">{t('cameraHonest')}</div>
          </section>
        )}
      </div>
      <div className="keys-help">{t('keysHelp')}</div>
      {today && (
        <section className="today" aria-label={t('todayLabel')}>
          <div className="counters">
            {Object.entries(today.byOutcome).map(([o, n]) => (
              <span key={o} className={`counter counter-${o}`} data-counter={o}>{w(OUTCOME_WORDS[o as keyof typeof OUTCOME_WORDS])} <b>{n}</b></span>
            ))}
          </div>
          <ol className="recent">
            {today.recent.map((e) => (
              <li key={e.id} className={`recent-${e.outcome}`}>
                <time>{time(e.at, station.timeZone)}</time> {w(CATEGORY_WORDS[e.category])} · {w(OUTCOME_WORDS[e.outcome])}
                {e.name ? ` · ${e.name}` : ''}{e.idMasked ? ` · ${e.idMasked}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
      {modal?.kind === 'attest-green' && (
        <Dialog title={t('attestGreen')} onCancel={() => setModal(undefined)} onSubmit={(f) => {
          setModal(undefined);
          void record({
            category, ...(lastEntry ? { correctsId: lastEntry } : {}),
            evidence: [{ kind: 'health-code', color: 'green' }, { kind: 'test', method: 'nat', result: 'negative', sampledAt: instantFromLocal(String(f.get('sampledAt')), station.timeZone) }],
          });
        }}>
          <p>{t('attestGreenHelp')}</p>
          <label>{t('samplingTime')}<input name="sampledAt" type="datetime-local" required defaultValue={localInputValue(modal.openedAt - 12 * 3_600_000, station.timeZone)} /></label>
        </Dialog>
      )}
      {modal?.kind === 'manual' && (
        <Dialog title={t('manualTitle')} onCancel={() => setModal(undefined)} onSubmit={(f) => {
          setModal(undefined);
          void record({
            category, note: PAPER_CERTIFICATE_NOTE,
            evidence: [{ kind: 'test', method: f.get('method') === 'antigen' ? 'antigen' : 'nat', result: f.get('result') === 'positive' ? 'positive' : 'negative', sampledAt: instantFromLocal(String(f.get('sampledAt')), station.timeZone) }],
          });
        }}>
          <label>{t('method')}<select name="method"><option value="nat">{t('nat')}</option><option value="antigen">{t('antigen')}</option></select></label>
          <label>{t('result')}<select name="result"><option value="negative">{t('negative')}</option><option value="positive">{t('positive')}</option></select></label>
          <label>{t('samplingTime')}<input name="sampledAt" type="datetime-local" required defaultValue={localInputValue(modal.openedAt - 12 * 3_600_000, station.timeZone)} /></label>
        </Dialog>
      )}
    </main>
  );
}
