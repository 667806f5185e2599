// The station's small prompts, each driven by a key or two and Esc to leave: what the phone shows (G), a typed ID
// or badge (I), a temperature (T), a paper certificate (M), and the confirmation after a failed verification (K).
// None is pre-filled with a guess: the operator enters what they see.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { parseId } from '../../../../electron/core/credentials/cn-id';
import { readTypedTime, typedTimeIsFuture } from '../../../../electron/core/register/typed-time';
import { readTemperature } from '../../../../electron/core/scan/parse-code';
import { WITHIN_HOURS, type WithinHours } from '../../../../electron/core/rules/types';
import { useWords } from '../../words';
import { Dialog } from './dialogs';
import { useInputLayer, type ScanInput } from '../input/InputRouter';

/** What every station prompt is told: what a scan does while it is open, and whose entry it completes. */
export interface PromptProps {
  /** A scanner's burst while the prompt is open: the prompt closes (recording nothing) and the scan is the next entrant's. */
  onScan: (scan: ScanInput) => void;
  /** The entry this prompt completes ("completes entry #12 · 张*三 · 09:12"), or that it starts a new entrant. */
  subject: string;
}

/**
 * A prompt that takes single keys (no form field to fill), wherever the focus is: Esc always cancels. It gets only
 * keys a person typed (the input router holds a scanner's burst back and hands it to `onScan`); the station's own keys
 * are off while it is open. Its layer is on from the moment it is on screen (a layout effect, in the same task as the
 * DOM commit): a key typed ahead of a slow laptop's paint is not lost.
 */
function KeyPrompt({ title, name, subject, onKey, onCancel, onScan, children }: PromptProps & { title: string; name: string; onKey: (key: string) => boolean; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
  }, []);
  useInputLayer({
    isModal: true,
    onScan,
    onKey: (key) => {
      if (key !== 'Escape') return onKey(key);
      onCancel();
      return true;
    },
  });
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} data-prompt={name} className="dialog" tabIndex={-1} ref={ref}>
        <h2>{title}</h2>
        <p className="dialog-subject" data-subject="">{subject}</p>
        {children}
      </div>
    </div>
  );
}

export type GreenChoice = { kind: 'code-only' } | { kind: 'within'; hours: WithinHours } | { kind: 'sampled'; at: number };

/** G: the phone shows a green code; 1/2/3 add a negative NAT within 24/48/72 h, T a typed sampling time, Enter none. */
export function GreenCodePrompt({ now, timeZone, onChoose, onCancel, onScan, subject }: PromptProps & { now: () => number; timeZone: string; onChoose: (c: GreenChoice) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [typing, setTyping] = useState(false);
  const [bad, setBad] = useState<'bad' | 'future'>();
  if (typing) {
    return (
      <Dialog title={t('attestGreen')} name="green-time" subtitle={subject} onScan={onScan} onCancel={onCancel} onSubmit={(f) => {
        const typed = String(f.get('sampledAt') ?? '');
        const at = readTypedTime(typed, now(), timeZone);
        if (at === undefined) setBad(typedTimeIsFuture(typed, now(), timeZone) ? 'future' : 'bad');
        else onChoose({ kind: 'sampled', at });
      }}>
        <label>{t('typedTimeHelp')}<input name="sampledAt" autoComplete="off" aria-invalid={bad !== undefined} /></label>
        {bad && <p role="alert" className="field-error" data-error={bad}>{t(bad === 'future' ? 'typedTimeFuture' : 'typedTimeBad')}</p>}
      </Dialog>
    );
  }
  return (
    <KeyPrompt title={t('attestGreen')} name="green" subject={subject} onScan={onScan} onCancel={onCancel} onKey={(key) => {
      const n = Number(key);
      if (n >= 1 && n <= WITHIN_HOURS.length) onChoose({ kind: 'within', hours: WITHIN_HOURS[n - 1]! });
      else if (key === 't' || key === 'T') setTyping(true);
      else if (key === 'Enter') onChoose({ kind: 'code-only' });
      else return false;
      return true;
    }}>
      <p>{t('attestGreenHelp')}</p>
      <ul className="choices">
        <li><kbd>1</kbd> {t('within24')}</li>
        <li><kbd>2</kbd> {t('within48')}</li>
        <li><kbd>3</kbd> {t('within72')}</li>
        <li><kbd>T</kbd> {t('typeTime')}</li>
        <li><kbd>Enter</kbd> {t('codeOnly')}</li>
        <li><kbd>Esc</kbd> {t('cancelShort')}</li>
      </ul>
    </KeyPrompt>
  );
}

/** What an ID number typed so far says: check digit and birth date once all 18 characters are in. */
function idFeedback(text: string): { key: string; n?: number; ok?: boolean } {
  const v = text.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(v)) return parseId(v).ok ? { key: 'idOk', ok: true } : { key: 'idBad', ok: false };
  if (/^\d{1,17}$/.test(v)) return { key: 'idPartial', n: v.length };
  return { key: 'badgeOrRef' };
}

/** I: one field for an ID number, a badge or a certificate reference, checked as it is typed. */
export function ManualEntryDialog({ onSubmit, onCancel, onScan, subject }: PromptProps & { onSubmit: (code: string) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [text, setText] = useState('');
  const feedback = idFeedback(text);
  return (
    <Dialog title={t('manualEntryTitle')} name="manual-entry" subtitle={subject} onScan={onScan} onCancel={onCancel} onSubmit={(f) => {
      const typed = String(f.get('code') ?? '').trim();
      if (typed) onSubmit(typed);
    }}>
      <label>{t('manualEntryLabel')}<input name="code" autoComplete="off" maxLength={64} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={feedback.ok === false} /></label>
      {text && <p className={feedback.ok === false ? 'field-error' : 'field-note'} data-feedback={feedback.key}>{t(feedback.key, { n: feedback.n })}</p>}
    </Dialog>
  );
}

/** T: a temperature as the operator reads it off a thermometer. */
export function TemperatureDialog({ onSubmit, onCancel, onScan, subject }: PromptProps & { onSubmit: (celsius: number) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [bad, setBad] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // A thermometer that types its reading fills the field (the operator confirms); any other scan is the next entrant's.
  const scanned = (scan: ScanInput) => {
    const celsius = readTemperature(scan.code);
    if (celsius === undefined || !field.current) return onScan(scan);
    field.current.value = String(celsius);
    field.current.focus();
    setBad(false);
  };
  return (
    <Dialog title={t('temperatureTitle')} name="temperature" subtitle={subject} onScan={scanned} onCancel={onCancel} onSubmit={(f) => {
      const c = readTemperature(String(f.get('celsius') ?? ''));
      if (c === undefined) setBad(true);
      else onSubmit(c);
    }}>
      <label>{t('temperatureLabel')}<input ref={field} name="celsius" inputMode="decimal" autoComplete="off" maxLength={5} aria-invalid={bad} /></label>
      {bad && <p role="alert" className="field-error">{t('temperatureBad')}</p>}
    </Dialog>
  );
}

export interface PaperTest {
  method: 'nat' | 'antigen';
  result: 'negative' | 'positive';
  at: number;
}

/** M: a paper NAT or antigen certificate: method, result and the sampling time printed on it. */
export function PaperDialog({ now, timeZone, onSubmit, onCancel, onScan, subject }: PromptProps & { now: () => number; timeZone: string; onSubmit: (p: PaperTest) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [bad, setBad] = useState<'bad' | 'future'>();
  return (
    <Dialog title={t('manualTitle')} name="paper" subtitle={subject} onScan={onScan} onCancel={onCancel} onSubmit={(f) => {
      const typed = String(f.get('sampledAt') ?? '');
      const at = readTypedTime(typed, now(), timeZone);
      // A sampling time printed later than now is a misread (or a forgery): refused with its own message, never read as last year.
      if (at === undefined) return setBad(typedTimeIsFuture(typed, now(), timeZone) ? 'future' : 'bad');
      onSubmit({ method: f.get('method') === 'antigen' ? 'antigen' : 'nat', result: f.get('result') === 'positive' ? 'positive' : 'negative', at });
    }}>
      <label>{t('samplingTime')} · {t('typedTimeHelp')}<input name="sampledAt" autoComplete="off" aria-invalid={bad !== undefined} /></label>
      {bad && <p role="alert" className="field-error" data-error={bad}>{t(bad === 'future' ? 'typedTimeFuture' : 'typedTimeBad')}</p>}
      <label>{t('method')}<select name="method"><option value="nat">{t('nat')}</option><option value="antigen">{t('antigen')}</option></select></label>
      <label>{t('result')}<select name="result"><option value="negative">{t('negative')}</option><option value="positive">{t('positive')}</option></select></label>
    </Dialog>
  );
}

/** K: after a failed verification, admitting on what the phone shows needs the operator's explicit word. */
export function PhoneCheckPrompt({ problems, onConfirm, onCancel, onScan, subject }: PromptProps & { problems: string[]; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useWords();
  return (
    <KeyPrompt title={t('phoneCheckTitle')} name="phone-check" subject={subject} onScan={onScan} onCancel={onCancel} onKey={(key) => {
      if (key !== 'k' && key !== 'K') return false;
      onConfirm();
      return true;
    }}>
      <p className="field-error">{problems.join(' · ')}</p>
      <p>{t('phoneCheckHelp')}</p>
      <ul className="choices"><li><kbd>K</kbd> {t('phoneCheckConfirm')}</li><li><kbd>Esc</kbd> {t('cancelShort')}</li></ul>
    </KeyPrompt>
  );
}
