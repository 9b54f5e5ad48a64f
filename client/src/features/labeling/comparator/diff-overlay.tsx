import { useEffect, useRef, useState } from 'react';
import { computeDiff, type DiffResult } from './compute-diff';

/** The heat map of `editUrl` against `baseUrl` while `enabled`; null while it is computed. */
export function useDiff(
  baseUrl: string | undefined,
  editUrl: string,
  enabled: boolean,
): DiffResult | null {
  const key = baseUrl ? `${baseUrl}\n${editUrl}` : null;
  const [computed, setComputed] = useState<{ key: string; result: DiffResult } | null>(null);
  useEffect(() => {
    if (!enabled || !baseUrl) return;
    let live = true;
    void computeDiff(baseUrl, editUrl).then((result) => {
      if (live) setComputed({ key: `${baseUrl}\n${editUrl}`, result });
    });
    return () => {
      live = false;
    };
  }, [enabled, baseUrl, editUrl]);
  return enabled && computed !== null && computed.key === key ? computed.result : null;
}

type DiffCanvasProps = { image: ImageData };

/** The heat map, laid over its image (same box, `object-fit: contain`, same transform). */
export function DiffCanvas({ image }: DiffCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')?.putImageData(image, 0, 0);
  }, [image]);
  return <canvas ref={ref} className="cmp-diff" aria-hidden="true" />;
}

type DiffNoteProps = { result: DiffResult | null };

/** What the overlay shows, in words (for every rater, and for screen readers). */
export function DiffNote({ result }: DiffNoteProps) {
  if (result === null) return <span className="cmp-note">Comparing…</span>;
  if (result.status === 'unavailable') {
    return (
      <span className="cmp-note cmp-note-warn">
        Difference overlay unavailable: {result.reason}
      </span>
    );
  }
  const percent = result.stats.changedShare * 100;
  return (
    <span className="cmp-note">
      Changed: {percent < 1 && percent > 0 ? '<1' : Math.round(percent)}% of pixels
    </span>
  );
}
