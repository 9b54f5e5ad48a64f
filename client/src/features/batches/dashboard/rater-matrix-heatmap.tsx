import { type RaterMatrix, type RaterQuality } from '@peel/shared';
import { Heatmap } from './heatmap';
import { raterName } from './rater-judgments-chart';

/** Cohen's kappa of every rater pair that shares items (symmetric; the diagonal left empty). */
export function RaterMatrixHeatmap({
  matrix,
  raters,
}: {
  matrix: RaterMatrix;
  raters: RaterQuality[];
}) {
  const names = new Map(raters.map((rater) => [rater.raterId, raterName(rater)]));
  const label = (id: number) => names.get(id) ?? `rater ${id}`;
  const kappas = new Map<string, number | null>();
  for (const pair of matrix.pairs) {
    kappas.set(`${label(pair.raterA)}|${label(pair.raterB)}`, pair.kappa);
    kappas.set(`${label(pair.raterB)}|${label(pair.raterA)}`, pair.kappa);
  }
  const labels = matrix.raterIds.map(label);
  if (labels.length < 2) return <p className="muted">Fewer than two raters share items.</p>;
  return (
    <>
      <Heatmap
        title={`Cohen's kappa per rater pair (${matrix.question}, ${matrix.weights})`}
        rows={labels}
        columns={labels}
        value={(row, column) => (row === column ? null : (kappas.get(`${row}|${column}`) ?? null))}
        max={1}
        min={-1}
        format={(v) => v.toFixed(2)}
        rowLabel="rater"
        columnLabel="rater"
      />
      <p className="muted">
        Light&apos;s kappa (mean of the pairs):{' '}
        {matrix.mean.value === null
          ? `undefined (${matrix.mean.reason})`
          : matrix.mean.value.toFixed(3)}
      </p>
    </>
  );
}
