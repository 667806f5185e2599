import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { gate, type StationInfo } from '../../gate';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { DEFAULT_WEDGE_OPTIONS } from '../../../../electron/core/scan/keyboard-wedge';
import { useWords } from '../../words';

/**
 * The locked station: an operator signs in with their PIN. A scan that arrives meanwhile (keys faster than anyone
 * types) never lands in the PIN field: it is dropped and the screen says to sign in first.
 */
export function SignIn({ station, onSignedIn }: { station: StationInfo; onSignedIn: () => void }) {
  const { t } = useWords();
  const [error, setError] = useState<ShownError>();
  const [dropped, setDropped] = useState(false);
  const pinField = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    // Capture phase, before the field sees the key: once two keys come closer together than a person types, the
    // burst is a scanner's; its keys are swallowed until its Enter, and the field is emptied of any it got first.
    let lastAt = -Infinity;
    let inBurst = false;
    const onKeyDown = (e: KeyboardEvent) => {
      const isChar = [...e.key].length === 1;
      const fast = e.timeStamp - lastAt <= DEFAULT_WEDGE_OPTIONS.maxGapMs;
      if (isChar) lastAt = e.timeStamp;
      if (isChar && fast) inBurst = true;
      if (!inBurst) return;
      e.preventDefault();
      e.stopPropagation();
      if (pinField.current) pinField.current.value = '';
      if (e.key === 'Enter' || e.key === 'Tab') {
        inBurst = false;
        lastAt = -Infinity;
        setDropped(true);
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const r = await gate.signIn({ name: String(f.get('name')), pin: String(f.get('pin')) });
    if (r.ok) onSignedIn();
    else {
      setError(r.error);
      (form.elements.namedItem('pin') as HTMLInputElement | null)?.select();
    }
  }

  return (
    <main className="app form-screen" data-screen="sign-in">
      <h1>{t('locked')} · {station.venueName} {station.stationName}</h1>
      {dropped && <div className="warning-banner" role="alert" data-warning="sign-in-first">{t('signInFirst')}</div>}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <form onSubmit={(e) => void submit(e)} className="form-grid narrow" aria-label={t('signInTitle')}>
        <label>{t('operator')}
          <select name="name" defaultValue={station.operators[0]}>{station.operators.map((o) => <option key={o}>{o}</option>)}</select>
        </label>
        <label>{t('pin')}<input ref={pinField} name="pin" type="password" inputMode="numeric" maxLength={12} autoFocus required onInput={() => setDropped(false)} /></label>
        <button type="submit" className="primary">{t('signIn')}</button>
      </form>
    </main>
  );
}
