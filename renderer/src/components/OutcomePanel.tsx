import type { CheckOutput } from '../gate';
import { OUTCOME_WORDS, ROUTE_WORDS } from '../../../electron/core/rules/words';

/** The verdict at a glance: colour plus icon plus words, never colour alone. */
export function OutcomePanel({ result }: { result: CheckOutput | undefined }) {
  if (!result) {
    return (
      <section className="outcome outcome-idle" role="status" aria-live="polite" data-outcome="idle">
        <div className="outcome-title">请扫码</div>
        <div className="outcome-sub">Scan a code</div>
      </section>
    );
  }
  const words = OUTCOME_WORDS[result.outcome];
  const route = result.route ? ROUTE_WORDS[result.route] : undefined;
  return (
    <section className={`outcome outcome-${result.outcome}`} role="status" aria-live="assertive" data-outcome={result.outcome} data-route={result.route ?? ''} data-entry-id={result.entryId ?? ''}>
      <div className="outcome-head">
        <span className="outcome-icon" aria-hidden="true">{words.icon}</span>
        <div>
          <div className="outcome-title">{route ? route.zh : words.zh}</div>
          <div className="outcome-sub">{route ? `${words.en}: ${route.en}` : words.en}</div>
        </div>
      </div>
      {result.holder && (result.holder.name || result.holder.birthDate) && (
        <div className="outcome-holder">
          {result.holder.name && <span>姓名 {result.holder.name}</span>}
          {result.holder.birthDate && <span>出生日期 {result.holder.birthDate}</span>}
        </div>
      )}
      {result.hoursSinceSample !== undefined && <div className="outcome-hours">采样距今 {result.hoursSinceSample} 小时 · sampled {result.hoursSinceSample} h ago</div>}
      <ul className="outcome-reasons">
        {result.reasons.map((r, i) => (
          <li key={i}>{r.zh}<span className="en"> {r.en}</span></li>
        ))}
      </ul>
      {result.missing.length > 0 && (
        <div className="outcome-missing">
          <div className="label">还需要 · Still needed</div>
          <ul>
            {result.missing.map((m, i) => (
              <li key={i}>{m.zh}<span className="en"> {m.en}</span></li>
            ))}
          </ul>
        </div>
      )}
      <div className="outcome-citations">
        依据 · Basis:{' '}
        {result.citations.map((c) => (
          <span key={c.id} className="citation" title={c.en}>{c.id} {c.zh}</span>
        ))}
      </div>
    </section>
  );
}
