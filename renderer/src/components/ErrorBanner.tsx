import { useWords } from '../words';

export interface ShownError {
  code: string;
  message: string;
  messageEn: string;
  correlationId?: string | undefined;
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
      {error.retryAfterSeconds !== undefined && <span data-retry-after={error.retryAfterSeconds}>（{t('pinLockedFor', { s: error.retryAfterSeconds })}）</span>}
      {error.correlationId && <span className="en"> (#{error.correlationId})</span>}
      <button type="button" onClick={onDismiss} aria-label={t('dismiss')}>×</button>
    </div>
  );
}
