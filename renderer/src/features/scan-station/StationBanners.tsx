// The top of the scan screen: venue, station, pack and operator, the NAT window, and every warning that applies.
import { memo } from 'react';
import type { StationInfo } from '../../gate';
import { useWords } from '../../words';

/** Memoised: the banners change with the station's state, not with each outcome. */
export const StationBanners = memo(function StationBanners({ station, imeActive, isCheckFree, clockOffsetMs = 0 }: { station: StationInfo; imeActive: boolean; isCheckFree: boolean; clockOffsetMs?: number }) {
  const { t, w, tSub } = useWords();
  const staleArgs = { date: station.trust.date?.slice(0, 10), days: station.trust.maxAgeDays };
  const staleKey = station.trust.date ? 'trustStaleDated' : 'trustStaleUndated';
  // Signer lists and the pack have their own warnings below; value sets and revocation lists are named here.
  const staleOther = station.sources.filter((x) => x.isStale && (x.kind === 'value-set' || x.kind === 'eu-revocations'));
  return (
    <>
      <header className="topbar">
        <div>
          <div className="venue">{station.venueName}</div>
          <div className="station-name">{station.stationName} · {w(station.pack.title)} v{station.pack.version} · {t('operator')} {station.operator ?? '—'}</div>
          <div className="freshness" data-freshness="">
            {t('freshness', { items: freshnessItems(station, t) })}
            {station.venue && !station.venue.isStale && <span data-notice="venue-synced" data-pending={station.venue.pending}> · {t('venueSynced', venueArgs(station.venue, station.now))}</span>}
          </div>
        </div>
        {!isCheckFree && (
          <div className="window">{t('natWindowLine', { h: station.natWindowHours })}{tSub('natWindowLine', { h: station.natWindowHours }) && ` · ${tSub('natWindowLine', { h: station.natWindowHours })}`}</div>
        )}
      </header>
      {isCheckFree && (
        <div className="notice" role="note" data-notice="nothing-to-check">
          {station.venueKind === 'other' ? t('nothingToCheck') : t('nothingToCheckPack', { pack: `${w(station.pack.title)} v${station.pack.version}` })}
        </div>
      )}
      {station.nextPack && (
        <div className="notice" role="note" data-notice="next-pack">
          {t('nextPack', { date: station.nextPack.effectiveFrom, title: w(station.nextPack.title), version: station.nextPack.version })}
        </div>
      )}
      {staleOther.length > 0 && !isCheckFree && (
        <div className="warning-banner" role="alert" data-warning="data-stale" title={staleOther.map((x) => `${x.name} ${x.date ?? '—'}`).join('\n')}>
          {t('dataStale', { items: staleSummary(staleOther, t) })}
        </div>
      )}
      {station.trust.isStale && !isCheckFree && (
        <div className="warning-banner" role="alert" data-warning="trust-stale">
          {t(staleKey, staleArgs)}
          {tSub(staleKey, staleArgs) && <span className="en"> {tSub(staleKey, staleArgs)}</span>}
        </div>
      )}
      {station.isPackStale && <div className="warning-banner" data-warning="pack-stale">{t('packStale', { date: station.pack.effectiveFrom, days: station.packAgeDays })}</div>}
      {station.strictness.isStricterThanNational && <div className="warning-banner" data-warning="stricter">{t('stricter')}: {station.strictness.notes.map(w).join('; ')}</div>}
      {isTraining(clockOffsetMs) && <div className="notice" role="note" data-notice="training-clock">{t('trainingClock', { at: new Intl.DateTimeFormat('sv-SE', { timeZone: station.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(station.now) })}</div>}
      {station.venue && <VenueBanners venue={station.venue} now={station.now} clockOffsetMs={clockOffsetMs} />}
      {station.clockJump && <ClockJumpBanner jump={station.clockJump} timeZone={station.timeZone} />}
      {imeActive && <div className="warning-banner" data-warning="ime" role="alert">{t('imeHint')}</div>}
    </>
  );
});

/** The i18n key of a source kind. */
export function srcWord(kind: StationInfo['sources'][number]['kind']): string {
  return `src_${kind.replace(/-/g, '_')}`;
}

/** The stale sources by kind, one item each: how many, and the oldest date (the names are in the tooltip and Settings). */
function staleSummary(stale: StationInfo['sources'], t: ReturnType<typeof useWords>['t']): string {
  const kinds = [...new Set(stale.map((x) => x.kind))];
  return kinds.map((k) => {
    const of = stale.filter((x) => x.kind === k);
    const oldest = of.map((x) => x.date?.slice(0, 10) ?? '—').sort()[0];
    return of.length === 1 ? `${t(srcWord(k))} ${of[0]!.name} (${oldest})` : t('staleCount', { what: t(srcWord(k)), n: of.length, date: oldest });
  }).join('；');
}

/** Each kind in use, with its date (the oldest in force, for value sets), and the pack's: what the checks rely on. */
function freshnessItems(station: StationInfo, t: (key: string) => string): string {
  const inUse = station.sources.filter((x) => x.inUse && x.kind !== 'pack');
  const kinds = [...new Set(inUse.map((x) => x.kind))];
  const items = kinds.map((k) => {
    const dates = inUse.filter((x) => x.kind === k).map((x) => x.date?.slice(0, 10) ?? '—').sort();
    return `${t(srcWord(k))} ${dates[0]}`;
  });
  return [...items, `${t('src_pack')} ${station.pack.effectiveFrom}`].join(' · ');
}

/** A forward clock jump of more than a day: purging waits until an admin confirms the time. */
/** Training mode (`--now`): the station's clock is set apart from this laptop's by more than a minute. */
const isTraining = (clockOffsetMs: number) => Math.abs(clockOffsetMs) > 60_000;
/** The venue's limit on a station's clock (venue/sync.ts MAX_SKEW_MS). */
const MAX_SKEW_MS = 5 * 60_000;

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

function venueArgs(venue: NonNullable<StationInfo['venue']>, now: number) {
  const min = venue.lastSyncMs === undefined ? undefined : Math.max(0, Math.round((now - venue.lastSyncMs) / 60_000));
  return { venue: venue.venueName, min, n: venue.pending };
}

/**
 * A station of a venue with several gates: in sync, one line in the header (above); a warning when it has not reached
 * the venue for 10 minutes, or its clock is off the server's.
 */
function VenueBanners({ venue, now, clockOffsetMs }: { venue: NonNullable<StationInfo['venue']>; now: number; clockOffsetMs: number }) {
  const { t, tSub } = useWords();
  const staleArgs = venueArgs(venue, now);
  const staleKey = staleArgs.min === undefined ? 'venueNeverSynced' : 'venueStale';
  // The skew is measured against the station's clock; in training mode that clock is set apart on purpose, so what
  // is worth saying is how far this laptop's own clock is off the server's.
  const realSkewMs = (venue.skewMs ?? 0) + (isTraining(clockOffsetMs) ? clockOffsetMs : 0);
  const isClockOff = isTraining(clockOffsetMs) ? venue.skewMs !== undefined && Math.abs(realSkewMs) > MAX_SKEW_MS : venue.isClockOff;
  const skewArgs = { min: Math.round(Math.abs(realSkewMs) / 60_000) };
  return (
    <>
      {venue.isStale && (
        <div className="warning-banner" role="alert" data-warning="venue-stale" data-pending={venue.pending}>
          {t(staleKey, staleArgs)}{tSub(staleKey, staleArgs) && <span className="en"> {tSub(staleKey, staleArgs)}</span>}
        </div>
      )}
      {(venue.refusedFiles ?? 0) > 0 && (
        <div className="warning-banner" role="alert" data-warning="venue-refused">
          {t('venueRefusedFiles', { n: venue.refusedFiles })}{tSub('venueRefusedFiles', { n: venue.refusedFiles }) && <span className="en"> {tSub('venueRefusedFiles', { n: venue.refusedFiles })}</span>}
        </div>
      )}
      {(venue.setAside ?? 0) > 0 && (
        <div className="warning-banner" role="alert" data-warning="venue-set-aside">
          {t('venueSetAside', { n: venue.setAside })}{tSub('venueSetAside', { n: venue.setAside }) && <span className="en"> {tSub('venueSetAside', { n: venue.setAside })}</span>}
        </div>
      )}
      {isClockOff && (
        <div className="warning-banner" role="alert" data-warning="venue-clock">
          {t('venueClockOff', skewArgs)}{tSub('venueClockOff', skewArgs) && <span className="en"> {tSub('venueClockOff', skewArgs)}</span>}
        </div>
      )}
    </>
  );
}
