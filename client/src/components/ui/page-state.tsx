type PageLoadingProps = { label?: string };

export function PageLoading({ label = 'Loading…' }: PageLoadingProps) {
  return (
    <div className="page-state" role="status">
      {label}
    </div>
  );
}

type PageErrorProps = { title: string; message: string; onRetry?: () => void };

export function PageError({ title, message, onRetry }: PageErrorProps) {
  return (
    <div className="page-state" role="alert">
      <h1 className="page-title">{title}</h1>
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
