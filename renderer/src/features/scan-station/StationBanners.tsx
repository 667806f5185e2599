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
      {station.clockJump && <ClockJumpBanner jump={station.clockJump} timeZone={station.timeZone} />}
      {imeActive && <div className="warning-banner" data-warning="ime" role="alert">{t('imeHint')}</div>}
    </>
  );
}

/** A forward clock jump of more than a day: purging waits until an admin confirms the time. */
export function ClockJumpBanner({ jump, timeZone }: { jump: { fromMs: number; toMs: number }; timeZone: string }) {
  const { t, tSub } = useWords();
  const at = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(ms);
  const args = { from: at(jump.fromMs), to: at(jump.toMs) };
  return (
    <div className="warning-banner" role="alert" data-warning="clock-jump">
      {t('clockJumped', args)}
      {tSub('clockJumped', args) && <span className="en"> {tSub('clockJumped', args)}</span>}
    </div>
  );
}
