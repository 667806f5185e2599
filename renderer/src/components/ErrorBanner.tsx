export interface ShownError {
  code: string;
  message: string;
  messageEn: string;
  correlationId?: string;
}

/** One banner for every error code; the station keeps accepting scans while it shows. */
export function ErrorBanner({ error, onDismiss }: { error: ShownError | undefined; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-error-code={error.code}>
      <span>{error.message}</span>
      <span className="en"> {error.messageEn}</span>
      {error.correlationId && <span className="en"> (#{error.correlationId})</span>}
      <button type="button" onClick={onDismiss} aria-label="关闭 Dismiss">×</button>
    </div>
  );
}
