// Today's counters and the latest entries (masked), with their times.
import { memo } from 'react';
import type { StationInfo, TodayOutput } from '../../gate';
import { CATEGORY_WORDS, OUTCOME_WORDS } from '../../../../electron/core/rules/words';
import type { Outcome } from '../../../../electron/core/rules/types';
import { useWords } from '../../words';
import { Name } from '../../components/Name';

/**
 * The day's counters: one line, above the outcome, so a 1366×768 laptop shows them with the outcome on screen.
 * Memoised: an outcome on screen does not redraw them (they change when `today` does).
 */
export const TodayCounters = memo(function TodayCounters({ today }: { today: TodayOutput }) {
  const { t, w } = useWords();
  return (
    <div className="counters" role="group" aria-label={t('todayLabel')}>
      {(Object.entries(today.byOutcome) as [Outcome, number][]).map(([o, n]) => (
        <span key={o} className={`counter counter-${o}`} data-counter={o}>{w(OUTCOME_WORDS[o])} <b>{n}</b></span>
      ))}
    </div>
  );
});

/** The latest entries of the day (masked), one line each. Memoised like the counters. */
export const TodayPanel = memo(function TodayPanel({ today, station }: { today: TodayOutput; station: StationInfo }) {
  const { t, w, time } = useWords();
  return (
    <section className="today" aria-label={t('todayLabel')}>
      <ul className="recent">
        {today.recent.map((e) => (
          <li key={e.id} className={`recent-${e.outcome}`}>
            <time>{time(e.at, station.timeZone)}</time> {w(CATEGORY_WORDS[e.category])} · {w(OUTCOME_WORDS[e.outcome])}
            {e.name && <> · <Name text={e.name} /></>}{e.idMasked ? ` · ${e.idMasked}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
});
