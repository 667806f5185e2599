// One entry in full (Enter on a register row): why it came out so, its correction chain and the evidence summary
// with sources. Esc or Enter closes it; focus goes back to the row.
import { useLayoutEffect, useRef } from 'react';
import type { EntryDetail as Detail } from '../../gate';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { useWords } from '../../words';

export function EntryDetail({ detail, timeZone, onClose }: { detail: Detail; timeZone: string; onClose: () => void }) {
  const { t, w, time } = useWords();
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' && e.key !== 'Enter') return;
      e.preventDefault();
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  const { entry, evidence: ev } = detail;
  const yes = t('yes');
  const facts: [string, string | undefined][] = [
    [t('time'), `${entry.localDay} ${time(entry.at, timeZone)}`],
    [t('outcome'), `${w(OUTCOME_WORDS[entry.outcome])}${entry.route ? ` · ${w(ROUTE_WORDS[entry.route])}` : ''}`],
    [t('category'), w(CATEGORY_WORDS[entry.category])],
    [t('reason'), w(entry.reason)],
    [t('clauses'), entry.citations.join(' ')],
    [t('operator'), entry.operator],
    [t('name'), entry.name],
    [t('idNumber'), entry.idMasked],
    [t('proofFormat'), t(`format_${entry.format.replace('-dcc', '_dcc')}`)],
    [t('evidenceKinds'), ev.kinds.map((k) => t(`kind_${k}`)).join('、') || '—'],
    [t('evidenceSources'), ev.sources.map((s) => t(`source_${s}`)).join('、') || '—'],
    [t('tests'), (ev.tests ?? []).map((x) => `${t(x.method)} ${t(x.result)}`).join('、') || undefined],
    [t('sinceSampling'), ev.hoursSinceSample !== undefined ? t('hoursValue', { h: ev.hoursSinceSample.toFixed(1) }) : ev.sampledWithinHours ? t('withinValue', { h: ev.sampledWithinHours }) : undefined],
    [t('codeColor'), ev.codeColor ? t(`color_${ev.codeColor}`) : undefined],
    [t('issuer'), ev.issuer],
    [t('phoneChecked'), ev.phoneChecked ? yes : undefined],
    [t('temperature'), ev.temperature ? `${ev.temperature.celsius.toFixed(1)} °C` : undefined],
    [t('stationLabel'), `${detail.station} · ${detail.pack}`],
  ];
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-label={t('detailTitle', { id: entry.id })} className="dialog entry-detail" tabIndex={-1} ref={ref} data-detail={entry.id}>
        <h2>{t('detailTitle', { id: entry.id })}</h2>
        <dl>
          {facts.filter(([, v]) => v).map(([k, v]) => (
            <div key={k} className="fact"><dt>{k}</dt><dd>{v}</dd></div>
          ))}
        </dl>
        {detail.chain.length > 1 && (
          <section aria-label={t('chain')}>
            <h3>{t('chain')}</h3>
            <ol className="chain">
              {detail.chain.map((c) => (
                <li key={c.id} data-chain-entry={c.id} className={c.id === entry.id ? 'current' : undefined}>
                  {time(c.at, timeZone)} · {w(OUTCOME_WORDS[c.outcome])} · {w(c.reason)}
                </li>
              ))}
            </ol>
          </section>
        )}
        <p className="field-note">{t('detailClose')}</p>
      </div>
    </div>
  );
}
