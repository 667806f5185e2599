import type { ExitOutput } from '../../gate';
import { CATEGORY_WORDS } from '../../../../electron/core/rules/words';
import { hoursMinutes } from '../../../../electron/core/register/inside';
import { useWords } from '../../words';
import { Name } from '../../components/Name';

/** A person leaving, at a glance: who it closed (masked), where and when they came in, how long they stayed. */
export function ExitPanel({ exit, timeZone }: { exit: ExitOutput; timeZone: string }) {
  const { t, w, time } = useWords();
  const c = exit.closed;
  return (
    <section className={`outcome outcome-exit ${exit.matched ? '' : 'outcome-exit-unmatched'}`} role="status" aria-live="assertive"
      data-outcome="exit" data-exit={exit.matched ? 'matched' : 'unmatched'} data-entry-id={exit.entryId}>
      <div className="outcome-head">
        <span className="outcome-icon" aria-hidden="true">{exit.matched ? '⇥' : '?'}</span>
        <div>
          <div className="outcome-title">{t(exit.matched ? 'exitRecorded' : 'exitUnmatched')}</div>
        </div>
      </div>
      {c && (
        <ul className="outcome-reasons">
          {c.name && <li><Name text={c.name} /></li>}
          <li>{w(CATEGORY_WORDS[c.category])} · {t('exitCameIn', { gate: c.station, time: time(c.at, timeZone).slice(0, 5) })}</li>
          <li>{t('exitStayed', { time: hoursMinutes(c.minutesInside) })}</li>
        </ul>
      )}
      {!c && <p className="outcome-missing">{w(exit.message)}</p>}
    </section>
  );
}
