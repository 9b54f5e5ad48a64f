import { useState } from 'react';
import { isApiError } from '../../../lib/api';
import { useReportImage } from '../api';
import { knownBroken } from '../preload';

type SafeImageProps = {
  url: string;
  alt: string;
  className?: string;
  /** The lease the image belongs to, sent with a report. */
  assignmentId?: number;
  /** Compact placeholders (timeline thumbnails) have no report button. */
  compact?: boolean;
};

/**
 * An image, or, when it cannot be loaded, a plain placeholder that says so and offers to report
 * it. The placeholder is not an error the rater caused: it keeps the calm tone of the page.
 */
export function SafeImage({ url, alt, className, assignmentId, compact }: SafeImageProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(() => (knownBroken(url) ? url : null));
  if (failedUrl === url) {
    return compact ? (
      <span
        className="image-missing image-missing-compact"
        role="img"
        aria-label={`${alt}: missing`}
      >
        ✕
      </span>
    ) : (
      <MissingImage url={url} alt={alt} assignmentId={assignmentId} />
    );
  }
  return (
    <img
      className={className}
      src={url}
      alt={alt}
      draggable={false}
      decoding="async"
      onError={() => setFailedUrl(url)}
    />
  );
}

type MissingImageProps = { url: string; alt: string; assignmentId?: number };

function MissingImage({ url, alt, assignmentId }: MissingImageProps) {
  const report = useReportImage();
  return (
    <div className="image-missing" role="group" aria-label={`${alt}: could not be loaded`}>
      <p className="image-missing-title">{alt} could not be loaded</p>
      <p className="image-missing-url" title={url}>
        {url}
      </p>
      {report.isSuccess ? (
        <p role="status">Reported. Thank you.</p>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={report.isPending}
          // The pane pans on mouse drag: a click on the button is not a drag.
          onMouseDown={(event) => event.stopPropagation()}
          onClick={() => report.mutate({ url, assignmentId })}
        >
          {report.isPending ? 'Reporting…' : 'Report broken image'}
        </button>
      )}
      {report.isError ? (
        <p className="field-error" role="alert">
          {isApiError(report.error, 'NETWORK_ERROR')
            ? 'Could not reach the server.'
            : 'The report failed.'}{' '}
          You can also skip the task with the reason “broken image” (s).
        </p>
      ) : null}
    </div>
  );
}
