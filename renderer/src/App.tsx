import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gate, type StationInfo } from './gate';
import { ScanStation } from './features/scan-station/ScanStation';
import { SetupWizard } from './features/setup/SetupWizard';
import { SignIn } from './features/sign-in/SignIn';
import { RegisterScreen } from './features/register/RegisterScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { InsideScreen } from './features/inside/InsideScreen';
import { ErrorBanner, type ShownError } from './components/ErrorBanner';
import i18n from './i18n';
import { setBilingual } from './words';
import { installValidityMessages } from './components/validity';

type Screen = 'station' | 'register' | 'settings' | 'inside';

export function App() {
  const { t } = useTranslation();
  const [station, setStation] = useState<StationInfo>();
  const [needsSetup, setNeedsSetup] = useState(false);
  const [screen, setScreen] = useState<Screen>('station');
  const [error, setError] = useState<ShownError>();

  // The station is (re)loaded whenever `loads` moves: at start, after setup, sign-in, a lock and the settings.
  const [loads, setLoads] = useState(0);
  // The station's clock minus this laptop's, taken when the station is read: training mode (`--now`) runs every
  // "now" on screen from the station's clock.
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const refresh = useCallback(() => setLoads((n) => n + 1), []);
  useEffect(() => {
    let isCurrent = true;
    void gate.station({}).then((r) => {
      if (!isCurrent) return;
      if (r.ok) {
        setStation(r.value);
        setClockOffsetMs(r.value.now - Date.now());
        setNeedsSetup(false);
        setBilingual(r.value.ui.bilingual === true);
        void i18n.changeLanguage(r.value.ui.language);
      } else if (r.error.code === 'NOT_SET_UP') setNeedsSetup(true);
      else setError(r.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [loads]);

  // A station of a venue reads its sync standing again each minute (the banner says when it is stale).
  const hasVenue = station?.venue !== undefined;
  useEffect(() => {
    if (!hasVenue) return;
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [hasVenue, refresh]);

  // F2 register, F3 settings, F4 who is inside, Esc back to the station: keyboard only, wherever the focus is. Like every key listener
  // here, set in a layout effect: it follows the screen in the same task, so a key typed ahead is not lost or misread.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') setScreen('register');
      else if (e.key === 'F3') setScreen('settings');
      else if (e.key === 'F4') setScreen('inside');
      else if (e.key === 'Escape' && screen !== 'station' && !document.querySelector('[role="dialog"]')) {
        setScreen('station');
        refresh(); // settings may have changed (language, sounds, profile)
      }
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screen, refresh]);

  // The browser's validation bubbles in the station's language (its own would follow the browser's locale).
  useLayoutEffect(() => installValidityMessages(document, (key, options) => String(i18n.t(key, options ?? {}))), []);

  // Lock after the configured idle time: any key or click counts as activity.
  useEffect(() => {
    if (!station?.operator) return; // nobody to lock out when the station has no operators
    let timer = setTimeout(lock, station.ui.lockAfterMinutes * 60_000);
    function lock() {
      // Back to the station (the sign-in screen): a list left open shows no names once locked.
      void gate.lock({}).then(() => {
        setScreen('station');
        refresh();
      });
    }
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, station.ui.lockAfterMinutes * 60_000);
    };
    window.addEventListener('keydown', activity, true);
    window.addEventListener('pointerdown', activity, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', activity, true);
      window.removeEventListener('pointerdown', activity, true);
    };
  }, [station, refresh]);

  if (needsSetup) return <SetupWizard onDone={refresh} />;
  if (!station) {
    return (
      <main className="app app-loading">
        <h1>{t('appTitle')}</h1>
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        {!error && <p>{t('loading')}</p>}
      </main>
    );
  }
  if (station.signInRequired && !station.operator) {
    // Locked: F4 still opens who is inside and the evacuation list (no PIN at a fire alarm), every name masked.
    if (screen === 'inside') return <InsideScreen key="locked" station={station} onBack={() => setScreen('station')} />;
    return <SignIn station={station} onSignedIn={refresh} />;
  }
  if (screen === 'register') return <RegisterScreen station={station} onBack={() => setScreen('station')} />;
  if (screen === 'inside') return <InsideScreen key="open" station={station} onBack={() => setScreen('station')} />;
  if (screen === 'settings') return <SettingsScreen station={station} onBack={() => { setScreen('station'); refresh(); }} />;
  return <ScanStation station={station} clockOffsetMs={clockOffsetMs} onLocked={refresh} />;
}
