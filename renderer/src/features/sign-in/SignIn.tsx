import { useEffect, useState, type FormEvent } from 'react';
import { gate, type CheckOutput, type StationInfo } from '../../gate';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { OutcomePanel } from '../../components/OutcomePanel';
import { useInputLayer } from '../input/InputRouter';
import { useWords } from '../../words';

/**
 * The locked station: an operator signs in with their PIN. A scan that arrives meanwhile never lands in the PIN field
 * (the input router puts the field back as it was): it is dropped and the screen says to sign in first. F1 admits an
 * emergency at once: it never waits for a PIN; F4 (App.tsx) opens who is inside and the evacuation list, names masked.
 */
export function SignIn({ station, onSignedIn }: { station: StationInfo; onSignedIn: () => void }) {
  const { t } = useWords();
  const [error, setError] = useState<ShownError>();
  const [dropped, setDropped] = useState(false);
  const [emergency, setEmergency] = useState<CheckOutput>();
  // The emergency's outcome clears itself like any other (the next person in line should not read it).
  useEffect(() => {
    if (!emergency) return;
    const timer = setTimeout(() => setEmergency(undefined), station.ui.clearAfterSeconds * 1000);
    return () => clearTimeout(timer);
  }, [emergency, station.ui.clearAfterSeconds]);
  useInputLayer({
    onScan: () => setDropped(true),
    onKey: (key) => {
      if (key !== 'F1') return false;
      void gate.emergencyLocked({}).then((r) => (r.ok ? setEmergency(r.value) : setError(r.error)));
      return true;
    },
  });

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
      {emergency && (
        <div className="locked-emergency" data-emergency-locked="">
          <OutcomePanel result={emergency} timeZone={station.timeZone} />
          <p className="field-note">{t('emergencyLocked')}</p>
        </div>
      )}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <form onSubmit={(e) => void submit(e)} className="form-grid narrow" aria-label={t('signInTitle')}>
        <label>{t('operator')}
          <select name="name" defaultValue={station.operators[0]}>{station.operators.map((o) => <option key={o}>{o}</option>)}</select>
        </label>
        <label>{t('pin')}<input name="pin" type="password" inputMode="numeric" maxLength={12} autoFocus required onInput={() => setDropped(false)} /></label>
        <button type="submit" className="primary">{t('signIn')}</button>
      </form>
      <p className="keys-help" data-locked-keys="">{t('lockedKeys')}</p>
    </main>
  );
}
