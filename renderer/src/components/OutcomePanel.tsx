import type { CheckOutput } from '../gate';
import { OUTCOME_WORDS, ROUTE_WORDS } from '../../../electron/core/rules/words';
import { useWords } from '../words';
import { DECODE_WORDS } from '../../../electron/core/credentials/types';
import { Name } from './Name';

/** "Entry #12 · 张* · 09:12": whose entry an outcome (or a prompt completing it) is about. */
export function entrySubject(r: Pick<CheckOutput, 'entryId' | 'at' | 'entrant'>, t: (key: string, o: Record<string, unknown>) => string, time: (at: number, tz: string) => string, timeZone: string, key = 'entrySubject'): string {
  // In a bidi isolate: a right-to-left override in a name ends at the name, not at the end of the line.
  const who = `\u2068${r.entrant?.name || r.entrant?.idMasked || t('entrantUnnamed', {})}\u2069`;
  return t(key, { id: r.entryId, who, time: time(r.at, timeZone).slice(0, 5) });
}

/** The verdict at a glance: colour plus icon plus words, never colour alone. */
export function OutcomePanel({ result, clearsIn, timeZone, prompt = 'scanPrompt' }: { result: CheckOutput | undefined; clearsIn?: number | undefined; timeZone: string; prompt?: 'scanPrompt' | 'exitScanPrompt' }) {
  const { t, w, sub, tSub, time } = useWords();
  if (!result) {
    // What the idle panel asks for: a scan of the next person, or (exit mode) of the person leaving.
    return (
      <section className="outcome outcome-idle" role="status" aria-live="polite" data-outcome="idle" data-prompt={prompt}>
        <div className="outcome-title">{t(prompt)}</div>
        {tSub(prompt) && <div className="outcome-sub">{tSub(prompt)}</div>}
      </section>
    );
  }
  const words = OUTCOME_WORDS[result.outcome];
  const route = result.route ? ROUTE_WORDS[result.route] : undefined;
  const subtitle = route && sub(words) ? `${sub(words)}: ${sub(route)}` : sub(words);
  return (
    <section
      className={`outcome outcome-${result.outcome}`} role="status" aria-live="assertive" data-outcome={result.outcome} data-route={result.route ?? ''}
      data-entry-id={result.entryId ?? ''} data-problems={result.problems.join(' ')}
    >
      {clearsIn !== undefined && <div className="outcome-countdown" data-clears-in={clearsIn}>{t('clearsIn', { s: clearsIn })}</div>}
      {result.entryId !== null && (
        <div className="outcome-subject" data-subject={result.entryId}><Name text={entrySubject(result, t, time, timeZone)} /></div>
      )}
      <div className="outcome-head">
        <span className="outcome-icon" aria-hidden="true">{words.icon}</span>
        <div>
          <div className="outcome-title">{w(route ?? words)}</div>
          {subtitle && <div className="outcome-sub">{subtitle}</div>}
        </div>
      </div>
      {result.holder && (result.holder.name || result.holder.birthDate) && (
        <div className="outcome-holder">
          {result.holder.name && <span>{t('holderName', { name: '' })}<Name text={result.holder.name} /></span>}
          {result.holder.birthDate && <span>{t('holderBirth', { date: result.holder.birthDate })}</span>}
        </div>
      )}
      {result.seenElsewhere && (
        <div className="outcome-seen" data-seen-station={result.seenElsewhere.station}>
          ⓘ {t('seenElsewhere', { station: result.seenElsewhere.station, time: result.seenElsewhere.time })}
        </div>
      )}
      {result.problems.length > 0 && (
        <ul className="outcome-problems">
          {result.problems.map((p) => <li key={p} data-problem={p}>⚠ {w(DECODE_WORDS[p])}{sub(DECODE_WORDS[p]) && <span className="en"> {sub(DECODE_WORDS[p])}</span>}</li>)}
        </ul>
      )}
      {result.sampledWithinHours !== undefined && <div className="outcome-hours">{t('withinHoursShown', { h: result.sampledWithinHours })}</div>}
      {result.temperatureC !== undefined && <div className="outcome-hours">{t('temperatureShown', { c: result.temperatureC })}</div>}
      {result.hoursSinceSample !== undefined && (
        <div className="outcome-hours">
          {t('hoursSince', { h: result.hoursSinceSample })}{tSub('hoursSince', { h: result.hoursSinceSample }) && ` · ${tSub('hoursSince', { h: result.hoursSinceSample })}`}
        </div>
      )}
      <ul className="outcome-reasons">
        {result.reasons.filter((r) => !result.problems.some((p) => DECODE_WORDS[p].zh === r.zh)).map((r, i) => (
          <li key={i}>{w(r)}{sub(r) && <span className="en"> {sub(r)}</span>}</li>
        ))}
      </ul>
      {result.missing.length > 0 && (
        <div className="outcome-missing">
          <div className="label">{t('stillNeeded')}{tSub('stillNeeded') && ` · ${tSub('stillNeeded')}`}</div>
          <ul>
            {result.missing.map((m, i) => (
              <li key={i}>{w(m)}{sub(m) && <span className="en"> {sub(m)}</span>}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="outcome-citations">
        {t('basis')}{tSub('basis') && ` · ${tSub('basis')}`}:{' '}
        {result.citations.map((c) => (
          <span key={c.id} className="citation" title={sub(c)}>{c.id} {w(c)}</span>
        ))}
      </div>
    </section>
  );
}
