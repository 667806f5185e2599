import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { gate, type CheckOutput, type ExitOutput, type Result, type StationInfo, type TodayOutput } from '../../gate';
import type { Category } from '../../../../electron/core/rules/types';
import { DECODE_WORDS } from '../../../../electron/core/credentials/types';
import { OutcomePanel, entrySubject } from '../../components/OutcomePanel';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { playOutcome, playRead, speak } from '../../components/sound';
import { useInputLayer, type ScanInput } from '../input/InputRouter';
import { useWords } from '../../words';
import { useQrCamera } from './useQrCamera';
import { CameraView } from './CameraView';
import { StationBanners } from './StationBanners';
import { TodayCounters, TodayPanel } from './TodayPanel';
import { GreenCodePrompt, ManualEntryDialog, PaperDialog, PhoneCheckPrompt, TemperatureDialog, type GreenChoice } from './prompts';
import { readTemperature } from '../../../../electron/core/scan/parse-code';
import { markScan } from './scan-marks';
import { ExitPanel } from './ExitPanel';
import { NOTE_PHRASES, paperNote, stored } from '../../../../electron/core/register/notes';

/** The register note on an emergency admission (F1): why it was let in with no proof. */
const EMERGENCY_NOTE = stored(NOTE_PHRASES.emergency);
/** "2022-12-08 09:30" in the venue's zone: the sampling time as the paper gave it, for the register note. */
function localDateTime(at: number, timeZone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}
/** Digit keys this close together (by their event timestamps) are a number being typed, not a category chosen. */
const DIGIT_RUN_MS = 800;

type RecordInput = Parameters<typeof gate.record>[0];
/** An open prompt, with the entry it completes (fixed when it opened: the outcome on screen may clear meanwhile). */
type Modal = (({ kind: 'green' | 'manual-entry' | 'temperature' | 'paper' } | { kind: 'phone-check'; pending: RecordInput; problems: string[] }) & { completes?: CheckOutput | undefined }) | undefined;

/** How long an answer may take before the station shows that it is busy. */
const BUSY_AFTER_MS = 150;

export function ScanStation({ station, clockOffsetMs, onLocked }: { station: StationInfo; clockOffsetMs: number; onLocked: () => void }) {
  const { t, w, time } = useWords();
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
  // X at a two-way gate: the next scan is a person leaving. An exit gate takes every scan as one.
  const [exitNext, setExitNext] = useState(false);
  const [exitResult, setExitResult] = useState<ExitOutput>();
  const isExitGate = station.gateMode === 'exit';
  // A serial-mode scanner's standing, as the host last said (connected, or why not; what it sent that was no scan).
  // Settings may set one up, move it or remove it: a status pushed counts until the station's own word is newer.
  const [pushed, setPushed] = useState<{ base: StationInfo['serial']; status: NonNullable<StationInfo['serial']> }>();
  const serial = pushed && pushed.base === station.serial ? pushed.status : station.serial;
  useEffect(() => gate.on('serialStatus', (status) => setPushed({ base: station.serial, status })), [station.serial]);
  const exitMode = isExitGate || exitNext;
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

  // The entrant-facing screens follow the outcome on this one (only its kind: nothing personal), and go back to the
  // welcome when it clears or this screen closes (a lock, the register, Settings).
  useEffect(() => {
    const shown = exitResult && !result ? { state: 'exit' as const, matched: exitResult.matched }
      : result && result.entryId !== null ? { state: 'outcome' as const, outcome: result.outcome, ...(result.route ? { route: result.route } : {}) }
        : { state: 'idle' as const };
    void gate.showDisplay(shown);
  }, [result, exitResult]);
  useEffect(() => () => void gate.showDisplay({ state: 'idle' }), []);

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

  // An exit's answer clears itself like an outcome.
  useEffect(() => {
    if (!exitResult) return;
    const clear = setTimeout(() => setExitResult(undefined), station.ui.clearAfterSeconds * 1000);
    return () => clearTimeout(clear);
  }, [exitResult, station.ui.clearAfterSeconds]);

  const show = useCallback((r: Result<CheckOutput>, retry?: RecordInput, completes?: CheckOutput) => {
    if (!r.ok) {
      if (r.error.code === 'PHONE_CHECK_REQUIRED' && retry && completes) {
        setModal({ kind: 'phone-check', pending: retry, problems: completes.problems.map((p) => w(DECODE_WORDS[p])), completes });
        return;
      }
      setError(r.error);
      if (r.error.code === 'SIGNED_OUT') onLocked();
      return;
    }
    // Drawn in this task, before anything below asks for a frame: the day's panel's refresh requests an animation
    // frame, and a frame begun before the outcome was in the DOM made the outcome wait a whole frame more (6–16 ms:
    // a fifth of serial scans in a trace). flushSync also skips the scheduler's task hop.
    flushSync(() => {
      setReceiving(undefined);
      setError(undefined);
      setExitResult(undefined);
      setResult(r.value);
      setClearsIn(station.ui.clearAfterSeconds);
    });
    if (r.value.entryId === null) return;
    refreshToday(); // also pushed as an event; this covers an event stream that is not connected yet
    if (station.ui.sounds) playOutcome(r.value.outcome);
    // The spoken result is Chinese whatever the screen's language: it is for the entrant at the gate.
    if (station.ui.speech) speak(r.value.route ? ROUTE_WORDS[r.value.route].zh : OUTCOME_WORDS[r.value.outcome].zh);
  }, [station.ui.sounds, station.ui.speech, station.ui.clearAfterSeconds, onLocked, refreshToday, w]);

  /**
   * Calls the services with nothing redrawn meanwhile: a quick answer (the usual case) changes the screen once, with
   * the outcome; the busy state shows only when the answer is slow. (A redraw at Enter cost the answer CPU time on a
   * two-core laptop.)
   */
  const answer = useCallback(async <T,>(call: () => Promise<T>): Promise<T> => {
    // A slow answer shows the busy state in place of a scan's progress line (which a quick one's outcome replaces).
    const slow = setTimeout(() => {
      setBusy(true);
      setReceiving(undefined);
    }, BUSY_AFTER_MS);
    answering.current++;
    try {
      return await call();
    } finally {
      answering.current--;
      clearTimeout(slow);
      setBusy(false);
    }
  }, []);

  const submit = useCallback(async (code: string, source: 'wedge' | 'camera' | 'manual' | 'serial', stalls?: number, serialId?: number) => {
    markScan('gate:scan');
    const r = await answer(() => gate.check({ code, category, source, ...(stalls ? { stalls } : {}), ...(serialId ? { serialId } : {}) }));
    markScan('gate:reply');
    // Another open page took this serial scan: it is recorded there, and this page shows nothing for it.
    if (!r.ok && r.error.code === 'SCAN_TAKEN') {
      setReceiving(undefined);
      return;
    }
    // A scan that got no outcome (the host lost, the disk full) must not leave the previous entrant's on screen.
    if (!r.ok) {
      setReceiving(undefined);
      setResult(undefined);
    }
    show(r); // an outcome takes the progress line away in its own redraw
  }, [answer, category, show]);

  /** A person leaving: no proof is checked; the register finds who it was (or says nobody matched). */
  const submitExit = useCallback(async (code: string, source: 'wedge' | 'camera' | 'manual' | 'serial', stalls?: number, serialId?: number) => {
    setExitNext(false);
    const r = await answer(() => gate.exit({ code, source, ...(stalls ? { stalls } : {}), ...(serialId ? { serialId } : {}) }));
    setReceiving(undefined);
    if (!r.ok && r.error.code === 'SCAN_TAKEN') return;
    setResult(undefined);
    if (!r.ok) {
      setExitResult(undefined);
      setError(r.error);
      if (r.error.code === 'SIGNED_OUT') onLocked();
      return;
    }
    setError(undefined);
    setExitResult(r.value);
  }, [answer, onLocked]);

  const record = useCallback(async (input: RecordInput, completes?: CheckOutput) => {
    const r = await answer(() => gate.record(input));
    show(r, input, completes);
  }, [answer, show]);

  /**
   * The entrant on screen: what the proof keys (G, Y, R, M, T, F, a thermometer) complete until Esc or the outcome
   * clearing itself ends them. After that the same keys start a new entrant.
   */
  const current = result?.entryId ? result : undefined;
  /** Writes what the operator attests: completing `completes` (the entrant a prompt was opened for), or a new entrant. */
  const attest = useCallback((evidence: RecordInput['evidence'], extra: Partial<RecordInput> = {}, completes: CheckOutput | undefined = current) => {
    void record({ category, evidence, ...(completes?.entryId ? { correctsId: completes.entryId } : {}), ...extra }, completes);
  }, [category, current, record]);

  const emergency = useCallback(() => {
    setModal(undefined);
    void record({ category: isMedical ? 'emergency-patient' : 'responder', evidence: [], note: EMERGENCY_NOTE });
  }, [isMedical, record]);

  const chooseGreen = (c: GreenChoice) => {
    const completes = modal?.completes;
    setModal(undefined);
    const green = { kind: 'health-code', color: 'green' } as const;
    if (c.kind === 'code-only') attest([green], {}, completes);
    else if (c.kind === 'within') attest([green, { kind: 'test', method: 'nat', result: 'negative', withinHours: c.hours }], {}, completes);
    else attest([green, { kind: 'test', method: 'nat', result: 'negative', sampledAt: new Date(c.at).toISOString() }], {}, completes);
  };
  /** Opens a prompt for the entrant on screen (or, with none, for a new one). Opening it writes nothing. */
  const open = useCallback((kind: 'green' | 'manual-entry' | 'temperature' | 'paper') => setModal({ kind, completes: kind === 'manual-entry' ? undefined : current }), [current]);
  const subjectOf = (completes: CheckOutput | undefined) => (completes ? entrySubject(completes, t, time, station.timeZone, 'completesEntry') : t('newEntrant'));

  /** A single digit chooses the category, visibly; digits in quick succession are a number being typed instead. */
  const digit = useCallback((n: number, at: number, isInWord: boolean) => {
    const run = digits.current && (isInWord || at - digits.current.at < DIGIT_RUN_MS);
    if (run) {
      // Part of a number: the category goes back to what it was before the number began.
      const before = digits.current!.before;
      setCategory(before);
      digits.current = { at, before };
      setNotice(t('typedNumberHint'));
      return;
    }
    if (isInWord) return; // a digit inside a word typed (not a number on its own): nothing to choose
    digits.current = { at, before: category };
    const next = n >= 1 ? station.categories[n - 1] : undefined;
    if (!next) return;
    setCategory(next);
    setNotice(t('categoryChanged', { name: w(CATEGORY_WORDS[next]) }));
  }, [category, station.categories, t, w]);

  /** A scanner's burst: a thermometer's reading completes the entrant on screen; anything else is checked as the next. */
  const onScan = useCallback((scan: ScanInput) => {
    setModal(undefined);
    const source = scan.serialId ? 'serial' : 'wedge';
    if (exitMode) {
      setReceiving(undefined);
      void submitExit(scan.code, source, scan.stalls, scan.serialId);
      return;
    }
    const celsius = isCheckFree ? undefined : readTemperature(scan.code);
    if (celsius !== undefined) {
      setReceiving(undefined);
      attest([], { temperature: { celsius, via: 'thermometer' } });
      return;
    }
    // A code to check: its progress line stays until the outcome replaces it, in the same redraw (show). Taking it
    // away at Enter was a redraw of the whole station while the check ran: 0.7 ms here, 3–8 ms on a CPU throttled 4×,
    // which the reply then waited behind (the bench's down stage).
    void submit(scan.code, source, scan.stalls, scan.serialId);
  }, [attest, submit, submitExit, exitMode, isCheckFree]);

  /** A key a person pressed at the station (the input router gives only those): one key, one action. */
  const onKey = useCallback((raw: string, at: number, index: number): boolean => {
    if (raw === 'F1') {
      emergency();
      return true;
    }
    if (raw === 'Escape') {
      // Esc leaves exit mode, and ends the entrant on screen: the next key starts a new one.
      if (exitNext) {
        setExitNext(false);
        return true;
      }
      if (exitResult) {
        setExitResult(undefined);
        return true;
      }
      if (!result) return false;
      setResult(undefined);
      setClearsIn(undefined);
      return true;
    }
    if ([...raw].length !== 1) return false;
    const key = raw.toUpperCase();
    if (/^\d$/.test(key)) {
      digit(Number(key), at, index > 0);
      return true;
    }
    // Only a key on its own (or the first of a word typed, as "I" then an ID number) is a station key.
    if (index > 0) return false;
    digits.current = undefined;
    if (key === 'X' && !isExitGate) {
      // X again takes it back: the next scan is an entrant after all.
      setExitNext((on) => !on);
      setResult(undefined);
      return true;
    }
    if (key === 'I') open('manual-entry');
    else if (key === 'L') void gate.lock({}).then(onLocked);
    else if (key === 'C') setCameraOn((on) => !on);
    else if (isCheckFree) return false;
    else if (key === 'G') open('green');
    else if (key === 'Y') attest([{ kind: 'health-code', color: 'yellow' }]);
    else if (key === 'R') attest([{ kind: 'health-code', color: 'red' }]);
    else if (key === 'M') open('paper');
    else if (key === 'T') open('temperature');
    else if (key === 'F') attest([{ kind: 'symptom', symptom: 'fever' }]);
    else if (key === 'N') void record({ category, evidence: [], noProofShown: true });
    else return false;
    return true;
  }, [attest, record, digit, category, isCheckFree, isExitGate, exitNext, exitResult, onLocked, open, emergency, result]);

  useInputLayer({
    onScan,
    onKey,
    onProgress: setReceiving,
    onOverflow: () => setError({ code: 'INVALID_INPUT', message: t('scanTooLong', { lng: 'zh' }), messageEn: t('scanTooLong', { lng: 'en' }) }),
    onIme: () => setImeActive(true),
  });

  const onCameraRead = useCallback((text: string) => {
    if (station.ui.sounds) playRead();
    // A code the camera reads is a scan like a scanner's: an open prompt closes, recording nothing, and the code is
    // checked as the next entrant.
    setModal(undefined);
    if (exitMode) void submitExit(text, 'camera');
    else void submit(text, 'camera');
  }, [station.ui.sounds, submit, submitExit, exitMode]);
  const keepCamera = useCallback((deviceId: string) => void gate.chooseCamera({ deviceId }).then((r) => !r.ok && setError(r.error)), []);
  const [camera, videoRef, chooseCamera] = useQrCamera(cameraOn, onCameraRead, station.ui.cameraId, keepCamera);
  const close = () => setModal(undefined);

  return (
    <main className="app" data-busy={busy ? 'true' : 'false'} data-screen="station" data-venue-kind={station.venueKind}>
      <input ref={sink} className="scan-sink" type="password" data-scan-sink="true" autoComplete="off" aria-label={t('scanPrompt')} tabIndex={-1} readOnly />
      <StationBanners station={station} imeActive={imeActive} isCheckFree={isCheckFree} clockOffsetMs={clockOffsetMs} />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <nav className="categories" aria-label={t('categoriesLabel')}>
        {station.categories.map((c, i) => (
          <button key={c} type="button" className={c === category ? 'category selected' : 'category'} aria-pressed={c === category} data-category={c} onClick={() => setCategory(c)}>
            <kbd>{i + 1}</kbd> {w(CATEGORY_WORDS[c])}
          </button>
        ))}
        <button type="button" className="emergency" data-action="emergency" onClick={emergency}>✚ {isMedical ? t('emergency') : t('responder')}</button>
      </nav>
      {serial && (
        <div className={`serial-chip ${serial.connected ? 'ok' : 'down'}`} aria-live="polite" data-serial={serial.connected ? 'connected' : 'disconnected'} data-serial-problem={serial.problem ?? ''}>
          {t(serial.connected ? 'serialConnected' : 'serialDisconnected', { path: serial.path })}
          {serial.problem ? ` · ${t(`serialProblem_${serial.problem}`)}` : ''}
        </div>
      )}
      {exitMode && <div className="exit-mode" aria-live="polite" data-exit-mode={isExitGate ? 'gate' : 'next'}>{t(isExitGate ? 'exitGate' : 'exitNext')}</div>}
      {notice && <div className="notice" role="status" aria-live="polite" data-notice="keys">{notice}</div>}
      {busy ? (
        // A slow answer (a busy disk, a large import): the line says the scan is being checked, and the outcome still
        // on screen is dimmed, so it is not read as this entrant's.
        <div className="receiving checking" aria-live="polite" data-checking="true">{t('checking')}</div>
      ) : receiving !== undefined && (
        <div className="receiving" role="progressbar" aria-label={t('receivingLabel')} aria-valuenow={receiving}>{t('receiving', { n: receiving })}</div>
      )}
      {today && <TodayCounters today={today} />}
      <div className="main-row" data-stale={busy ? 'true' : 'false'}>
        {exitResult && !result ? <ExitPanel exit={exitResult} timeZone={station.timeZone} /> : <OutcomePanel result={result} clearsIn={clearsIn} timeZone={station.timeZone} prompt={exitMode ? 'exitScanPrompt' : 'scanPrompt'} />}
        {cameraOn && <CameraView camera={camera} videoRef={videoRef} onChoose={chooseCamera} />}
      </div>
      <div className="keys-help">{t(isCheckFree ? 'keysHelpOther' : 'keysHelp')}</div>
      {today && <TodayPanel today={today} station={station} />}
      {modal?.kind === 'green' && <GreenCodePrompt now={stationNow} timeZone={station.timeZone} subject={subjectOf(modal.completes)} onScan={onScan} onChoose={chooseGreen} onCancel={close} />}
      {modal?.kind === 'manual-entry' && <ManualEntryDialog subject={subjectOf(undefined)} onScan={onScan} onCancel={close} onSubmit={(code) => { close(); void (exitMode ? submitExit(code, 'manual') : submit(code, 'manual')); }} />}
      {modal?.kind === 'temperature' && (
        <TemperatureDialog subject={subjectOf(modal.completes)} onScan={onScan} onCancel={close} onSubmit={(celsius) => {
          const completes = modal.completes;
          close();
          attest([], { temperature: { celsius, via: 'typed' } }, completes);
        }} />
      )}
      {modal?.kind === 'paper' && (
        <PaperDialog now={stationNow} timeZone={station.timeZone} subject={subjectOf(modal.completes)} onScan={onScan} onCancel={close} onSubmit={(p) => {
          const completes = modal.completes;
          close();
          const note = paperNote(localDateTime(p.at, station.timeZone));
          attest([{ kind: 'test', method: p.method, result: p.result, sampledAt: new Date(p.at).toISOString() }], { note }, completes);
        }} />
      )}
      {modal?.kind === 'phone-check' && (
        <PhoneCheckPrompt problems={modal.problems} subject={subjectOf(modal.completes)} onScan={onScan} onCancel={close} onConfirm={() => { const { pending, completes } = modal; close(); void record({ ...pending, phoneChecked: true }, completes); }} />
      )}
    </main>
  );
}
