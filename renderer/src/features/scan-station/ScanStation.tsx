import { useCallback, useEffect, useState } from 'react';
import { gate, type CheckOutput, type StationInfo, type TodayOutput } from '../../gate';
import type { Category } from '../../../../electron/core/rules/types';
import type { WedgeEvent } from '../../../../electron/core/scan/keyboard-wedge';
import { OutcomePanel } from '../../components/OutcomePanel';
import { ErrorBanner, type ShownError } from '../../components/ErrorBanner';
import { CATEGORY_WORDS, OUTCOME_WORDS } from '../../../../electron/core/rules/words';
import { useScannerInput } from './useScannerInput';

export function ScanStation({ station }: { station: StationInfo }) {
  const [category, setCategory] = useState<Category>(station.defaultCategory);
  const [result, setResult] = useState<CheckOutput>();
  const [error, setError] = useState<ShownError>();
  const [receiving, setReceiving] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [today, setToday] = useState<TodayOutput>();

  const refreshToday = useCallback(() => {
    void gate.today({ limit: 20 }).then((r) => (r.ok ? setToday(r.value) : setError(r.error)));
  }, []);
  useEffect(refreshToday, [refreshToday]);
  useEffect(() => gate.on('entryRecorded', refreshToday), [refreshToday]);

  const submit = useCallback(
    async (code: string, source: 'wedge' | 'camera' | 'manual') => {
      setBusy(true);
      setReceiving(undefined);
      const r = await gate.check({ code, category, source });
      setBusy(false);
      if (r.ok) {
        setError(undefined);
        setResult(r.value);
      } else {
        setError(r.error);
      }
    },
    [category],
  );

  const onWedge = useCallback(
    (ev: WedgeEvent) => {
      switch (ev.type) {
        case 'progress':
          setReceiving(ev.length);
          return;
        case 'scan':
          void submit(ev.code, 'wedge');
          return;
        case 'typing': {
          // A single number key picks the entrant category.
          const n = Number(ev.text);
          if (ev.text.length === 1 && n >= 1 && n <= station.categories.length) setCategory(station.categories[n - 1]!);
          return;
        }
        case 'overflow':
          setError({ code: 'INVALID_INPUT', message: '扫描内容过长，已丢弃，请重扫。', messageEn: 'The scan was too long and was dropped. Scan again.' });
          return;
      }
    },
    [station.categories, submit],
  );
  useScannerInput(onWedge);

  return (
    <main className="app" data-busy={busy ? 'true' : 'false'}>
      <header className="topbar">
        <div>
          <div className="venue">{station.venueName}</div>
          <div className="station-name">{station.stationName} · {station.pack.title.zh}</div>
        </div>
        <div className="window">核酸有效期 {station.natWindowHours} 小时 · NAT window {station.natWindowHours} h</div>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {station.trust.isStale && (
        <div className="warning-banner" role="alert" data-warning="trust-stale">
          信任列表{station.trust.date ? `更新于 ${station.trust.date.slice(0, 10)}` : '没有日期'}，已超过 {station.trust.maxAgeDays} 天，请管理员导入最新列表。
          <span className="en"> The trust list is older than {station.trust.maxAgeDays} days; ask an admin to import a current one.</span>
        </div>
      )}
      <nav className="categories" aria-label="人员类别 Entrant category">
        {station.categories.map((c, i) => (
          <button
            key={c}
            type="button"
            className={c === category ? 'category selected' : 'category'}
            aria-pressed={c === category}
            data-category={c}
            onClick={() => setCategory(c)}
          >
            <kbd>{i + 1}</kbd> {CATEGORY_WORDS[c].zh}
            <span className="en">{CATEGORY_WORDS[c].en}</span>
          </button>
        ))}
      </nav>
      {receiving !== undefined && (
        <div className="receiving" role="progressbar" aria-label="正在接收扫码 Receiving scan" aria-valuenow={receiving}>
          正在接收扫码… {receiving} 字符 · Receiving scan… {receiving} chars
        </div>
      )}
      <OutcomePanel result={result} />
      {today && (
        <section className="today" aria-label="今日 Today">
          <div className="counters">
            {Object.entries(today.byOutcome).map(([o, n]) => (
              <span key={o} className={`counter counter-${o}`} data-counter={o}>
                {OUTCOME_WORDS[o as keyof typeof OUTCOME_WORDS].zh} <b>{n}</b>
              </span>
            ))}
          </div>
          <ol className="recent">
            {today.recent.map((e) => (
              <li key={e.id} className={`recent-${e.outcome}`}>
                <time>{new Date(e.at).toLocaleTimeString('zh-CN', { hour12: false, timeZone: station.timeZone })}</time> {CATEGORY_WORDS[e.category].zh} · {OUTCOME_WORDS[e.outcome].zh}
                {e.idMasked ? ` · ${e.idMasked}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
