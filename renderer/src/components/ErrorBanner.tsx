import { useEffect, useState } from 'react';
import { useWords } from '../words';

/** A lockout's seconds, counting down on screen from when the error was shown (ticks once a second, stops at 0). */
function Countdown({ seconds }: { seconds: number }) {
  const { t } = useWords();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const shownAt = Date.now();
    const tick = setInterval(() => {
      const next = Math.max(0, seconds - Math.floor((Date.now() - shownAt) / 1000));
      setLeft(next);
      if (next === 0) clearInterval(tick);
    }, 1000);
    return () => clearInterval(tick);
  }, [seconds]);
  return <span data-retry-after={left}>（{t('pinLockedFor', { s: left })}）</span>;
}

export interface ShownError {
  code: string;
  message: string;
  messageEn: string;
  correlationId?: string | undefined;
  /** What staff read out to support (R-7KQ2MA); the log file has it beside the correlation id. */
  reportCode?: string | undefined;
  /** For a PIN lockout: seconds until the next attempt is checked. */
  retryAfterSeconds?: number | undefined;
}

/** One banner for every error code; the station keeps accepting scans while it shows. */
export function ErrorBanner({ error, onDismiss }: { error: ShownError | undefined; onDismiss: () => void }) {
  const { t, w, sub } = useWords();
  if (!error) return null;
  const words = { zh: error.message, en: error.messageEn };
  return (
    <div className="error-banner" role="alert" data-error-code={error.code}>
      <span>{w(words)}</span>
      {sub(words) && <span className="en"> {sub(words)}</span>}
      {error.retryAfterSeconds !== undefined && <Countdown key={`${error.correlationId ?? ''}${error.retryAfterSeconds}`} seconds={error.retryAfterSeconds} />}
      {error.reportCode && <span className="report-code" data-report-code={error.reportCode}> {t('reportCode', { code: error.reportCode })}</span>}
      <button type="button" onClick={onDismiss} aria-label={t('dismiss')}>×</button>
    </div>
  );
}
