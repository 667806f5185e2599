// The station's small prompts, each driven by a key or two and Esc to leave: what the phone shows (G), a typed ID
// or badge (I), a temperature (T), a paper certificate (M), and the confirmation after a failed verification (K).
// None is pre-filled with a guess: the operator enters what they see.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { parseId } from '../../../../electron/core/credentials/cn-id';
import { readTypedTime } from '../../../../electron/core/register/typed-time';
import { readTemperature } from '../../../../electron/core/scan/parse-code';
import { WITHIN_HOURS, type WithinHours } from '../../../../electron/core/rules/types';
import { useWords } from '../../words';
import { Dialog } from './dialogs';

/**
 * A prompt that listens to single keys (no form field to fill), wherever the focus is: Esc always cancels. Keys it
 * takes go no further (the scan station's own keys are off while a prompt is open). It listens from the moment it is
 * on screen (a layout effect, in the same task as the DOM commit): a key typed ahead of a slow laptop's paint is not lost.
 */
function KeyPrompt({ title, name, onKey, onCancel, children }: { title: string; name: string; onKey: (key: string) => boolean; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onKey, onCancel });
  useLayoutEffect(() => {
    handlers.current = { onKey, onCancel };
  });
  useLayoutEffect(() => {
    ref.current?.focus();
    const listener = (e: KeyboardEvent) => {
      if (e.key === 'Escape') handlers.current.onCancel();
      else if (!handlers.current.onKey(e.key)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} data-prompt={name} className="dialog" tabIndex={-1} ref={ref}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export type GreenChoice = { kind: 'code-only' } | { kind: 'within'; hours: WithinHours } | { kind: 'sampled'; at: number };

/** G: the phone shows a green code; 1/2/3 add a negative NAT within 24/48/72 h, T a typed sampling time, Enter none. */
export function GreenCodePrompt({ now, timeZone, onChoose, onCancel }: { now: () => number; timeZone: string; onChoose: (c: GreenChoice) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [typing, setTyping] = useState(false);
  const [bad, setBad] = useState(false);
  if (typing) {
    return (
      <Dialog title={t('attestGreen')} onCancel={onCancel} onSubmit={(f) => {
        const at = readTypedTime(String(f.get('sampledAt') ?? ''), now(), timeZone);
        if (at === undefined) setBad(true);
        else onChoose({ kind: 'sampled', at });
      }}>
        <label>{t('typedTimeHelp')}<input name="sampledAt" autoComplete="off" aria-invalid={bad} /></label>
        {bad && <p role="alert" className="field-error">{t('typedTimeBad')}</p>}
      </Dialog>
    );
  }
  return (
    <KeyPrompt title={t('attestGreen')} name="green" onCancel={onCancel} onKey={(key) => {
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
export function ManualEntryDialog({ onSubmit, onCancel }: { onSubmit: (code: string) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [text, setText] = useState('');
  const feedback = idFeedback(text);
  return (
    <Dialog title={t('manualEntryTitle')} onCancel={onCancel} onSubmit={() => text.trim() && onSubmit(text.trim())}>
      <label>{t('manualEntryLabel')}<input name="code" autoComplete="off" maxLength={64} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={feedback.ok === false} /></label>
      {text && <p className={feedback.ok === false ? 'field-error' : 'field-note'} data-feedback={feedback.key}>{t(feedback.key, { n: feedback.n })}</p>}
    </Dialog>
  );
}

/** T: a temperature as the operator reads it off a thermometer. */
export function TemperatureDialog({ onSubmit, onCancel }: { onSubmit: (celsius: number) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [bad, setBad] = useState(false);
  return (
    <Dialog title={t('temperatureTitle')} onCancel={onCancel} onSubmit={(f) => {
      const c = readTemperature(String(f.get('celsius') ?? ''));
      if (c === undefined) setBad(true);
      else onSubmit(c);
    }}>
      <label>{t('temperatureLabel')}<input name="celsius" inputMode="decimal" autoComplete="off" maxLength={5} aria-invalid={bad} /></label>
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
export function PaperDialog({ now, timeZone, onSubmit, onCancel }: { now: () => number; timeZone: string; onSubmit: (p: PaperTest) => void; onCancel: () => void }) {
  const { t } = useWords();
  const [bad, setBad] = useState(false);
  return (
    <Dialog title={t('manualTitle')} onCancel={onCancel} onSubmit={(f) => {
      const at = readTypedTime(String(f.get('sampledAt') ?? ''), now(), timeZone);
      if (at === undefined) return setBad(true);
      onSubmit({ method: f.get('method') === 'antigen' ? 'antigen' : 'nat', result: f.get('result') === 'positive' ? 'positive' : 'negative', at });
    }}>
      <label>{t('samplingTime')} · {t('typedTimeHelp')}<input name="sampledAt" autoComplete="off" aria-invalid={bad} /></label>
      {bad && <p role="alert" className="field-error">{t('typedTimeBad')}</p>}
      <label>{t('method')}<select name="method"><option value="nat">{t('nat')}</option><option value="antigen">{t('antigen')}</option></select></label>
      <label>{t('result')}<select name="result"><option value="negative">{t('negative')}</option><option value="positive">{t('positive')}</option></select></label>
    </Dialog>
  );
}

/** K: after a failed verification, admitting on what the phone shows needs the operator's explicit word. */
export function PhoneCheckPrompt({ problems, onConfirm, onCancel }: { problems: string[]; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useWords();
  return (
    <KeyPrompt title={t('phoneCheckTitle')} name="phone-check" onCancel={onCancel} onKey={(key) => {
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
