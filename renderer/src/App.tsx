import { useEffect, useState } from 'react';
import { gate, type StationInfo } from './gate';
import { ScanStation } from './features/scan-station/ScanStation';
import { ErrorBanner, type ShownError } from './components/ErrorBanner';

export function App() {
  const [station, setStation] = useState<StationInfo>();
  const [error, setError] = useState<ShownError>();

  useEffect(() => {
    void gate.station({}).then((r) => (r.ok ? setStation(r.value) : setError(r.error)));
  }, []);

  if (!station) {
    return (
      <main className="app app-loading">
        <h1>GateCheck 门岗核验登记</h1>
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        {!error && <p>正在载入… Loading…</p>}
      </main>
    );
  }
  return <ScanStation station={station} />;
}
