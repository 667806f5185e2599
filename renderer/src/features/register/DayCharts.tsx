// The day (or range) at a glance: people checked by hour and outcome, and by category, drawn with Chart.js (canvas).
// People are the last entry of each correction chain, as the counters count them.
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { RegisterStats } from '../../gate';
import { CATEGORIES, OUTCOMES, type Outcome } from '../../../../electron/core/rules/types';
import { CATEGORY_WORDS, OUTCOME_WORDS } from '../../../../electron/core/rules/words';
import { useWords } from '../../words';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** The outcome colours of the station screen. */
const COLORS: Record<Outcome, string> = { admit: '#2e9d4f', 'admit-emergency': '#2f7dd1', route: '#d18a1f', need: '#c9a227', refuse: '#c0392b' };
const TEXT = '#c8d3de';
const GRID = '#2a3542';

function useChart(make: (canvas: HTMLCanvasElement) => Chart, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = make(ref.current);
    return () => chart.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the chart is rebuilt when its data or language changes
  }, deps);
  return ref;
}

export function DayCharts({ stats }: { stats: RegisterStats }) {
  const { t, w, lang } = useWords();
  const scales = { x: { stacked: true, ticks: { color: TEXT }, grid: { color: GRID } }, y: { stacked: true, beginAtZero: true, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } } };
  const hours = stats.byHour.filter((h) => h.hour >= 6 && h.hour <= 21 || OUTCOMES.some((o) => h.counts[o] > 0));
  const byHour = useChart((canvas) => new Chart(canvas, {
    type: 'bar',
    data: {
      labels: hours.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
      datasets: OUTCOMES.map((o) => ({ label: w(OUTCOME_WORDS[o]), data: hours.map((h) => h.counts[o]), backgroundColor: COLORS[o] })),
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales, plugins: { legend: { labels: { color: TEXT } } } },
  }), [stats, lang]);
  const categories = CATEGORIES.filter((c) => (stats.byCategory[c] ?? 0) > 0);
  const byCategory = useChart((canvas) => new Chart(canvas, {
    type: 'bar',
    data: { labels: categories.map((c) => w(CATEGORY_WORDS[c])), datasets: [{ label: t('people'), data: categories.map((c) => stats.byCategory[c] ?? 0), backgroundColor: '#5fb3ff' }] },
    options: { animation: false, indexAxis: 'y', responsive: true, maintainAspectRatio: false, scales: { x: { beginAtZero: true, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } }, y: { ticks: { color: TEXT }, grid: { color: GRID } } }, plugins: { legend: { display: false } } },
  }), [stats, lang]);
  return (
    <section className="day-charts" aria-label={t('chartsTitle')} data-people={stats.people}>
      <h2>{t('chartsTitle')} · {t('peopleCount', { n: stats.people })}</h2>
      <div className="charts">
        <figure><figcaption>{t('byHour')}</figcaption><div className="chart-box"><canvas ref={byHour} role="img" aria-label={t('byHour')} /></div></figure>
        <figure><figcaption>{t('byCategory')}</figcaption><div className="chart-box"><canvas ref={byCategory} role="img" aria-label={t('byCategory')} /></div></figure>
      </div>
    </section>
  );
}
