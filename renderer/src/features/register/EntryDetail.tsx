// One entry in full (Enter on a register row): why it came out so, its correction chain and the evidence summary
// with sources. Esc or Enter closes it; focus goes back to the row. The keys that add proof at the station (G, Y, R,
// N, M, T, F) correct this entry here, with prompts that name it: the correction is a new entry (append-only), and
// the operator's last choice is what the register shows.
import { useLayoutEffect, useRef, useState } from 'react';
import { gate, type CheckOutput, type EntryDetail as Detail } from '../../gate';
import { useInputLayer } from '../input/InputRouter';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { GreenCodePrompt, PaperDialog, PhoneCheckPrompt, TemperatureDialog, type GreenChoice } from '../scan-station/prompts';
import { DECODE_WORDS, isVerificationFailure } from '../../../../electron/core/credentials/types';
import { NOTE_PHRASES, stored } from '../../../../electron/core/register/notes';
import { CATEGORY_WORDS, OUTCOME_WORDS, ROUTE_WORDS } from '../../../../electron/core/rules/words';
import { useWords } from '../../words';

type RecordInput = Parameters<typeof gate.record>[0];
type Correction = { kind: 'green' | 'temperature' | 'paper' } | { kind: 'phone-check'; pending: RecordInput } | undefined;

export function EntryDetail({ detail, timeZone, now, onClose, onCorrected }: { detail: Detail; timeZone: string; now: () => number; onClose: () => void; onCorrected: (out: CheckOutput) => void }) {
  const { t, w, time } = useWords();
  const ref = useRef<HTMLDivElement>(null);
  const [prompt, setPrompt] = useState<Correction>();
  const [error, setError] = useState<ShownError>();
  useLayoutEffect(() => {
    ref.current?.focus();
  }, [detail]);
  const { entry, evidence: ev } = detail;
  const subject = t('correctsEntry', { id: entry.id, who: entry.name || entry.idMasked || t('entrantUnnamed'), time: time(entry.at, timeZone).slice(0, 5) });
  const correct = (input: Omit<RecordInput, 'category' | 'correctsId'>) => {
    setPrompt(undefined);
    const full: RecordInput = { category: entry.category, correctsId: entry.id, ...input };
    void gate.record(full).then((r) => {
      if (r.ok) onCorrected(r.value);
      else if (r.error.code === 'PHONE_CHECK_REQUIRED') setPrompt({ kind: 'phone-check', pending: full });
      else setError(r.error);
    });
  };
  const green = { kind: 'health-code', color: 'green' } as const;
  const chooseGreen = (c: GreenChoice) => {
    if (c.kind === 'code-only') correct({ evidence: [green] });
    else if (c.kind === 'within') correct({ evidence: [green, { kind: 'test', method: 'nat', result: 'negative', withinHours: c.hours }] });
    else correct({ evidence: [green, { kind: 'test', method: 'nat', result: 'negative', sampledAt: new Date(c.at).toISOString() }] });
  };
  useInputLayer({
    isModal: true,
    onScan: 'ignore',
    onKey: (key, _at, index) => {
      if (key === 'Escape' || key === 'Enter') {
        onClose();
        return true;
      }
      if (index > 0 || [...key].length !== 1) return false;
      const k = key.toUpperCase();
      if (k === 'G' || k === 'T' || k === 'M') setPrompt({ kind: k === 'G' ? 'green' : k === 'T' ? 'temperature' : 'paper' });
      else if (k === 'Y' || k === 'R') correct({ evidence: [{ kind: 'health-code', color: k === 'Y' ? 'yellow' : 'red' }] });
      else if (k === 'N') correct({ evidence: [], noProofShown: true });
      else if (k === 'F') correct({ evidence: [{ kind: 'symptom', symptom: 'fever' }] });
      else return false;
      return true;
    },
  });
  const cancel = () => setPrompt(undefined);
  const problems = detail.entry.verification && detail.entry.verification !== 'ok' && detail.entry.verification !== 'none' && isVerificationFailure(detail.entry.verification) ? [w(DECODE_WORDS[detail.entry.verification])] : [];
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
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        <p className="field-note">{t('detailClose')} · {t('detailCorrect')}</p>
      </div>
      {prompt?.kind === 'green' && <GreenCodePrompt now={now} timeZone={timeZone} subject={subject} onScan={cancel} onChoose={chooseGreen} onCancel={cancel} />}
      {prompt?.kind === 'temperature' && <TemperatureDialog subject={subject} onScan={cancel} onCancel={cancel} onSubmit={(celsius) => correct({ evidence: [], temperature: { celsius, via: 'typed' } })} />}
      {prompt?.kind === 'paper' && (
        <PaperDialog now={now} timeZone={timeZone} subject={subject} onScan={cancel} onCancel={cancel} onSubmit={(p) => correct({ evidence: [{ kind: 'test', method: p.method, result: p.result, sampledAt: new Date(p.at).toISOString() }], note: stored(NOTE_PHRASES.paper) })} />
      )}
      {prompt?.kind === 'phone-check' && (
        <PhoneCheckPrompt problems={problems} subject={subject} onScan={cancel} onCancel={cancel} onConfirm={() => { const { pending } = prompt; setPrompt(undefined); void gate.record({ ...pending, phoneChecked: true }).then((r) => (r.ok ? onCorrected(r.value) : setError(r.error))); }} />
      )}
    </div>
  );
}
