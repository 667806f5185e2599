import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal form: focus goes into it, Enter submits, Esc cancels; focus returns to the scan sink after. */
export function Dialog({ title, children, onSubmit, onCancel }: { title: string; children: ReactNode; onSubmit: (f: FormData) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(new FormData(e.currentTarget));
  };
  return (
    <div className="dialog-backdrop">
      <form role="dialog" aria-modal="true" aria-label={title} className="dialog" ref={ref} onSubmit={submit}>
        <h2>{title}</h2>
        {children}
        <div className="dialog-buttons">
          <button type="submit" className="primary">{t('confirm')}</button>
          <button type="button" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </form>
    </div>
  );
}

/** datetime-local value for an instant in the venue's zone (sampling times are entered as the venue's clock shows). */
export function localInputValue(ms: number, timeZone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** The ISO instant of a datetime-local value in the venue's zone (China has one fixed offset, +08:00, no DST). */
export function instantFromLocal(value: string, timeZone: string): string {
  const guess = Date.parse(`${value}:00Z`);
  const asLocal = Date.parse(`${localInputValue(guess, timeZone)}:00Z`);
  return new Date(guess - (asLocal - guess)).toISOString();
}
