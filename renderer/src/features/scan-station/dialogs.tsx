import { useLayoutEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useInputLayer, type InputLayer } from '../input/InputRouter';

/**
 * A modal form: focus goes into it, Enter submits, Esc cancels; focus returns to the scan sink after. Focus and its
 * input layer are set in the same task as the form appears (a layout effect), so keys typed ahead are not lost. A
 * scanner's burst never lands in its fields (the input router): `onScan` says what a scan does while it is open
 * (by default it is ignored, with a notice).
 */
export function Dialog({ title, name, children, onSubmit, onCancel, onScan = 'ignore', subtitle }: { title: string; name?: string; children: ReactNode; onSubmit: (f: FormData) => void; onCancel: () => void; onScan?: InputLayer['onScan']; subtitle?: string | undefined }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);
  useInputLayer({
    isModal: true,
    onScan,
    onKey: (key) => {
      if (key !== 'Escape') return false;
      onCancel();
      return true;
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(new FormData(e.currentTarget));
  };
  return (
    <div className="dialog-backdrop">
      <form role="dialog" aria-modal="true" aria-label={title} data-prompt={name} className="dialog" ref={ref} onSubmit={submit}>
        <h2>{title}</h2>
        {subtitle && <p className="dialog-subject" data-subject="">{subtitle}</p>}
        {children}
        <div className="dialog-buttons">
          <button type="submit" className="primary">{t('confirm')}</button>
          <button type="button" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </form>
    </div>
  );
}
