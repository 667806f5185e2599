// The top of the scan screen: venue, station, pack and operator, the NAT window, and every warning that applies.
import type { StationInfo } from '../../gate';
import { useWords } from '../../words';

export function StationBanners({ station, imeActive, isCheckFree }: { station: StationInfo; imeActive: boolean; isCheckFree: boolean }) {
  const { t, w, tSub } = useWords();
  const staleArgs = { date: station.trust.date?.slice(0, 10), days: station.trust.maxAgeDays };
  const staleKey = station.trust.date ? 'trustStaleDated' : 'trustStaleUndated';
  return (
    <>
      <header className="topbar">
        <div>
          <div className="venue">{station.venueName}</div>
          <div className="station-name">{station.stationName} · {w(station.pack.title)} · {t('operator')} {station.operator ?? '—'}</div>
        </div>
        {!isCheckFree && (
          <div className="window">{t('natWindowLine', { h: station.natWindowHours })}{tSub('natWindowLine', { h: station.natWindowHours }) && ` · ${tSub('natWindowLine', { h: station.natWindowHours })}`}</div>
        )}
      </header>
      {isCheckFree && <div className="notice" role="note" data-notice="nothing-to-check">{t('nothingToCheck')}</div>}
      {station.trust.isStale && !isCheckFree && (
        <div className="warning-banner" role="alert" data-warning="trust-stale">
          {t(staleKey, staleArgs)}
          {tSub(staleKey, staleArgs) && <span className="en"> {tSub(staleKey, staleArgs)}</span>}
        </div>
      )}
      {station.isPackStale && <div className="warning-banner" data-warning="pack-stale">{t('packStale', { date: station.pack.effectiveFrom, days: station.packAgeDays })}</div>}
      {station.strictness.isStricterThanNational && <div className="warning-banner" data-warning="stricter">{t('stricter')}: {station.strictness.notes.map(w).join('; ')}</div>}
      {imeActive && <div className="warning-banner" data-warning="ime" role="alert">{t('imeHint')}</div>}
    </>
  );
}
