import { useLayoutEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal form: focus goes into it, Enter submits, Esc cancels; focus returns to the scan sink after. Focus and the
 * Esc listener are set in the same task as the form appears (a layout effect), so keys typed ahead are not lost.
 */
export function Dialog({ title, children, onSubmit, onCancel }: { title: string; children: ReactNode; onSubmit: (f: FormData) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
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
