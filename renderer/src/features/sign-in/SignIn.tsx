import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { gate, type StationInfo } from '../../gate';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';

export function SignIn({ station, onSignedIn }: { station: StationInfo; onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ShownError>();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await gate.signIn({ name: String(f.get('name')), pin: String(f.get('pin')) });
    if (r.ok) onSignedIn();
    else {
      setError(r.error);
      (e.currentTarget.elements.namedItem('pin') as HTMLInputElement | null)?.select();
    }
  }

  return (
    <main className="app form-screen" data-screen="sign-in">
      <h1>{t('locked')} · {station.venueName} {station.stationName}</h1>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <form onSubmit={(e) => void submit(e)} className="form-grid narrow" aria-label={t('signInTitle')}>
        <label>{t('operator')}
          <select name="name" defaultValue={station.operators[0]}>{station.operators.map((o) => <option key={o}>{o}</option>)}</select>
        </label>
        <label>{t('pin')}<input name="pin" type="password" inputMode="numeric" autoFocus required /></label>
        <button type="submit" className="primary">{t('signIn')}</button>
      </form>
    </main>
  );
}
