import { type DiffResult } from './compute-diff';
import { DiffCanvas } from './diff-overlay';
import { SafeImage } from './safe-image';
import { type PaneSpec } from './use-comparator';
import { toCss, type ViewTransform } from './view-transform';

type ImageLayerProps = {
  pane: PaneSpec;
  view: ViewTransform;
  diff: DiffResult | null;
  assignmentId?: number;
};

/** One image (and its difference overlay) under the shared zoom and pan. */
export function ImageLayer({ pane, view, diff, assignmentId }: ImageLayerProps) {
  return (
    <div className="cmp-layer" style={{ transform: toCss(view) }} data-pane={pane.id}>
      <SafeImage
        className="cmp-image"
        url={pane.image.url}
        alt={pane.label}
        assignmentId={assignmentId}
      />
      {diff?.status === 'ready' ? <DiffCanvas image={diff.image} /> : null}
    </div>
  );
}
