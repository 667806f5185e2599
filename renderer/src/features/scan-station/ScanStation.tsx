import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { gate, type CheckOutput, type Result, type StationInfo, type TodayOutput } from '../../gate';
import type { Category } from '../../../../electron/core/rules/types';
import type { WedgeEvent } from '../../../../electron/core/scan/keyboard-wedge';
import { DECODE_WORDS } from '../../../../electron/core/credentials/types';
import { OutcomePanel } from '../../components/OutcomePanel';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { playOutcome, playRead, speak } from '../../components/sound';
import { useScannerInput } from './useScannerInput';
import { useWords } from '../../words';
import { useQrCamera } from './useQrCamera';
import { CameraView } from './CameraView';
import { StationBanners } from './StationBanners';
import { TodayPanel } from './TodayPanel';
import { GreenCodePrompt, ManualEntryDialog, PaperDialog, PhoneCheckPrompt, TemperatureDialog, type GreenChoice } from './prompts';
import { readTemperature } from '../../../../electron/core/scan/parse-code';
import { markScan } from './scan-marks';

/** The register note on a paper certificate entry: register data (read by admins in either language), not screen words. */
const PAPER_CERTIFICATE_NOTE = '纸质证明 paper certificate';
/** Digit keys this close together (by their event timestamps) are a number being typed, not a category chosen. */
const DIGIT_RUN_MS = 800;

type RecordInput = Parameters<typeof gate.record>[0];
type Modal = { kind: 'green' | 'manual-entry' | 'temperature' | 'paper' } | { kind: 'phone-check'; pending: RecordInput; problems: string[] } | undefined;

/** How long an answer may take before the station shows that it is busy. */
const BUSY_AFTER_MS = 150;

export function ScanStation({ station, clockOffsetMs, onLocked }: { station: StationInfo; clockOffsetMs: number; onLocked: () => void }) {
  const { t, w } = useWords();
  const [category, setCategory] = useState<Category>(station.defaultCategory);
  const [result, setResult] = useState<CheckOutput>();
  const [clearsIn, setClearsIn] = useState<number>();
  const [error, setError] = useState<ShownError>();
  const [notice, setNotice] = useState<string>();
  const [receiving, setReceiving] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [today, setToday] = useState<TodayOutput>();
  const [modal, setModal] = useState<Modal>();
  const [imeActive, setImeActive] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  const sink = useRef<HTMLInputElement>(null);
  const digits = useRef<{ at: number; before: Category } | undefined>(undefined);
  const isMedical = station.venueKind === 'medical';
  // Venue kind `other` (N113-2), or a pack that asks nothing here: the station only keeps the visitor register.
  const isCheckFree = station.checkFree;
  /** The station's clock: the real one, or training mode's (`--now`), never the laptop's alone. */
  const stationNow = useCallback(() => Date.now() + clockOffsetMs, [clockOffsetMs]);

  // The day's panel follows every entry, but never ahead of the outcome on screen: a refresh waits for the frame after
  // the next paint, requests meanwhile are merged into one call, and the event of an entry whose check or record is
  // still awaiting its reply (`answering` counts those) is left to the reply: the event arrives first, and its
  // refresh would compete with the outcome's.
  const todayQueued = useRef(false);
  const answering = useRef(0);
  const refreshToday = useCallback(() => {
    if (todayQueued.current) return;
    todayQueued.current = true;
    requestAnimationFrame(() => setTimeout(() => {
      todayQueued.current = false;
      void gate.today({ limit: 20 }).then((r) => (r.ok ? setToday(r.value) : setError(r.error)));
    }, 0));
  }, []);
  useEffect(refreshToday, [refreshToday]);
  useEffect(() => gate.on('entryRecorded', () => {
    if (answering.current === 0) refreshToday();
  }), [refreshToday]);

  // Keep the focus on the scan sink (a password field: browsers turn input methods off there, so a Chinese IME
  // cannot swallow the scanner's keys); it comes back after any dialog or click.
  useEffect(() => {
    if (modal) return;
    sink.current?.focus();
    const refocus = () => setTimeout(() => !document.querySelector('[role="dialog"]') && document.activeElement === document.body && sink.current?.focus(), 0);
    document.addEventListener('focusout', refocus);
    return () => document.removeEventListener('focusout', refocus);
  }, [modal]);

  // After the outcome panel's DOM is updated, before the browser paints it.
  useLayoutEffect(() => {
    if (result) markScan('gate:outcome');
  }, [result]);

  // The outcome clears itself (privacy: the next person in line should not read it), counting down on screen.
  useEffect(() => {
    if (!result) return;
    const seconds = station.ui.clearAfterSeconds;
    const shownAt = Date.now();
    const clear = setTimeout(() => {
      setResult(undefined);
      setClearsIn(undefined);
    }, seconds * 1000);
    const tick = setInterval(() => setClearsIn(Math.max(1, seconds - Math.floor((Date.now() - shownAt) / 1000))), 1000);
    return () => {
      clearTimeout(clear);
      clearInterval(tick);
    };
  }, [result, station.ui.clearAfterSeconds]);

  const show = useCallback((r: Result<CheckOutput>, retry?: RecordInput) => {
    if (!r.ok) {
      if (r.error.code === 'PHONE_CHECK_REQUIRED' && retry && result) {
        setModal({ kind: 'phone-check', pending: retry, problems: result.problems.map((p) => w(DECODE_WORDS[p])) });
        return;
      }
      setError(r.error);
      if (r.error.code === 'SIGNED_OUT') onLocked();
      return;
    }
    setError(undefined);
    setResult(r.value);
    setClearsIn(station.ui.clearAfterSeconds);
    if (r.value.entryId === null) return;
    refreshToday(); // also pushed as an event; this covers an event stream that is not connected yet
    if (station.ui.sounds) playOutcome(r.value.outcome);
    // The spoken result is Chinese whatever the screen's language: it is for the entrant at the gate.
    if (station.ui.speech) speak(r.value.route ? ROUTE_WORDS[r.value.route].zh : OUTCOME_WORDS[r.value.outcome].zh);
  }, [station.ui.sounds, station.ui.speech, station.ui.clearAfterSeconds, onLocked, refreshToday, result, w]);

  /**
   * Calls the services with nothing redrawn meanwhile: a quick answer (the usual case) changes the screen once, with
   * the outcome; the busy state shows only when the answer is slow. (A redraw at Enter cost the answer CPU time on a
   * two-core laptop.)
   */
  const answer = useCallback(async <T,>(call: () => Promise<T>): Promise<T> => {
    const slow = setTimeout(() => setBusy(true), BUSY_AFTER_MS);
    answering.current++;
    try {
      return await call();
    } finally {
      answering.current--;
      clearTimeout(slow);
      setBusy(false);
    }
  }, []);

  const submit = useCallback(async (code: string, source: 'wedge' | 'camera' | 'manual', stalls?: number) => {
    markScan('gate:scan');
    const r = await answer(() => gate.check({ code, category, source, ...(stalls ? { stalls } : {}) }));
    markScan('gate:reply');
    setReceiving(undefined);
    // A scan that got no outcome (the host lost, the disk full) must not leave the previous entrant's on screen.
    if (!r.ok) setResult(undefined);
    show(r);
  }, [answer, category, show]);

  const record = useCallback(async (input: RecordInput) => {
    const r = await answer(() => gate.record(input));
    show(r, input);
  }, [answer, show]);

  /** Completes the entrant on screen (their last entry) with what the operator attests. */
  const lastEntry = result?.entryId ?? undefined;
  const attest = useCallback((evidence: RecordInput['evidence'], extra: Partial<RecordInput> = {}) => {
    void record({ category, evidence, ...(lastEntry ? { correctsId: lastEntry } : {}), ...extra });
  }, [category, lastEntry, record]);

  const emergency = useCallback(() => {
    void record({ category: isMedical ? 'emergency-patient' : 'responder', evidence: [] });
  }, [isMedical, record]);

  const chooseGreen = (c: GreenChoice) => {
    setModal(undefined);
    const green = { kind: 'health-code', color: 'green' } as const;
    if (c.kind === 'code-only') attest([green]);
    else if (c.kind === 'within') attest([green, { kind: 'test', method: 'nat', result: 'negative', withinHours: c.hours }]);
    else attest([green, { kind: 'test', method: 'nat', result: 'negative', sampledAt: new Date(c.at).toISOString() }]);
  };

  /** A single digit chooses the category, visibly; digits in quick succession are a number being typed instead. */
  const digit = useCallback((n: number, at: number) => {
    const run = digits.current && at - digits.current.at < DIGIT_RUN_MS;
    if (run) {
      // Part of a number: the category goes back to what it was before the number began.
      setCategory(digits.current!.before);
      digits.current = { at, before: digits.current!.before };
      setNotice(t('typedNumberHint'));
      return;
    }
    digits.current = { at, before: category };
    const next = n >= 1 ? station.categories[n - 1] : undefined;
    if (!next) return;
    setCategory(next);
    setNotice(t('categoryChanged', { name: w(CATEGORY_WORDS[next]) }));
  }, [category, station.categories, t, w]);

  const onWedge = useCallback((ev: WedgeEvent) => {
    switch (ev.type) {
      case 'progress':
        setReceiving(ev.length);
        return;
      case 'scan': {
        // A thermometer that types its reading like a keyboard: a temperature, not a code.
        const celsius = isCheckFree ? undefined : readTemperature(ev.code);
        if (celsius !== undefined) attest([], { temperature: { celsius, via: 'thermometer' } });
        else void submit(ev.code, 'wedge', ev.stalls);
        return;
      }
      case 'typing': {
        if (ev.text.length !== 1) return;
        const key = ev.text.toUpperCase();
        const n = Number(key);
        if (/^\d$/.test(key)) return digit(n, ev.at);
        digits.current = undefined;
        if (key === 'I') setModal({ kind: 'manual-entry' });
        else if (key === 'L') void gate.lock({}).then(onLocked);
        else if (key === 'C') setCameraOn((on) => !on);
        else if (isCheckFree) return;
        else if (key === 'G') setModal({ kind: 'green' });
        else if (key === 'Y') attest([{ kind: 'health-code', color: 'yellow' }]);
        else if (key === 'R') attest([{ kind: 'health-code', color: 'red' }]);
        else if (key === 'M') setModal({ kind: 'paper' });
        else if (key === 'T') setModal({ kind: 'temperature' });
        else if (key === 'F') attest([{ kind: 'symptom', symptom: 'fever' }]);
        else if (key === 'N') void record({ category, evidence: [], noProofShown: true });
        return;
      }
      case 'overflow':
        setError({ code: 'INVALID_INPUT', message: t('scanTooLong', { lng: 'zh' }), messageEn: t('scanTooLong', { lng: 'en' }) });
        return;
    }
  }, [submit, attest, record, digit, category, isCheckFree, onLocked, t]);
  useScannerInput(onWedge, !modal, () => setImeActive(true));

  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1' && !modal) {
        e.preventDefault();
        emergency();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [emergency, modal]);

  const onCameraRead = useCallback((text: string) => {
    if (station.ui.sounds) playRead();
    void submit(text, 'camera');
  }, [station.ui.sounds, submit]);
  const keepCamera = useCallback((deviceId: string) => void gate.chooseCamera({ deviceId }).then((r) => !r.ok && setError(r.error)), []);
  const [camera, videoRef, chooseCamera] = useQrCamera(cameraOn, onCameraRead, station.ui.cameraId, keepCamera);
  const close = () => setModal(undefined);

  return (
    <main className="app" data-busy={busy ? 'true' : 'false'} data-screen="station" data-venue-kind={station.venueKind}>
      <input ref={sink} className="scan-sink" type="password" data-scan-sink="true" autoComplete="off" aria-label={t('scanPrompt')} tabIndex={-1} readOnly />
      <StationBanners station={station} imeActive={imeActive} isCheckFree={isCheckFree} />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <nav className="categories" aria-label={t('categoriesLabel')}>
        {station.categories.map((c, i) => (
          <button key={c} type="button" className={c === category ? 'category selected' : 'category'} aria-pressed={c === category} data-category={c} onClick={() => setCategory(c)}>
            <kbd>{i + 1}</kbd> {w(CATEGORY_WORDS[c])}
          </button>
        ))}
        <button type="button" className="emergency" data-action="emergency" onClick={emergency}>✚ {isMedical ? t('emergency') : t('responder')}</button>
      </nav>
      {notice && <div className="notice" role="status" aria-live="polite" data-notice="keys">{notice}</div>}
      {receiving !== undefined && (
        <div className="receiving" role="progressbar" aria-label={t('receivingLabel')} aria-valuenow={receiving}>{t('receiving', { n: receiving })}</div>
      )}
      <div className="main-row">
        <OutcomePanel result={result} clearsIn={clearsIn} />
        {cameraOn && <CameraView camera={camera} videoRef={videoRef} onChoose={chooseCamera} />}
      </div>
      <div className="keys-help">{t(isCheckFree ? 'keysHelpOther' : 'keysHelp')}</div>
      {today && <TodayPanel today={today} station={station} />}
      {modal?.kind === 'green' && <GreenCodePrompt now={stationNow} timeZone={station.timeZone} onChoose={chooseGreen} onCancel={close} />}
      {modal?.kind === 'manual-entry' && <ManualEntryDialog onCancel={close} onSubmit={(code) => { close(); void submit(code, 'manual'); }} />}
      {modal?.kind === 'temperature' && <TemperatureDialog onCancel={close} onSubmit={(celsius) => { close(); attest([], { temperature: { celsius, via: 'typed' } }); }} />}
      {modal?.kind === 'paper' && (
        <PaperDialog now={stationNow} timeZone={station.timeZone} onCancel={close} onSubmit={(p) => {
          close();
          void record({ category, note: PAPER_CERTIFICATE_NOTE, evidence: [{ kind: 'test', method: p.method, result: p.result, sampledAt: new Date(p.at).toISOString() }] });
        }} />
      )}
      {modal?.kind === 'phone-check' && (
        <PhoneCheckPrompt problems={modal.problems} onCancel={close} onConfirm={() => { const pending = modal.pending; close(); void record({ ...pending, phoneChecked: true }); }} />
      )}
    </main>
  );
}
