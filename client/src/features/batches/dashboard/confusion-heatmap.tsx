import { type ConfusionResponse } from '@peel/shared';
import { Heatmap } from './heatmap';

/** Original label (rows) → the label raters gave (columns); the diagonal is "confirmed". */
export function ConfusionHeatmap({ confusion }: { confusion: ConfusionResponse }) {
  if (confusion.total === 0) return <p className="muted">No answers yet.</p>;
  const counts = new Map(
    confusion.cells.map((cell) => [`${cell.original}|${cell.answer}`, cell.count]),
  );
  const max = Math.max(...confusion.cells.map((cell) => cell.count));
  return (
    <>
      <p>
        {confusion.changed} of {confusion.total} answers changed the label (
        {((100 * confusion.changed) / confusion.total).toFixed(1)}%).
      </p>
      <Heatmap
        title="Confusion of edit-type labels: original → corrected"
        rows={confusion.originals}
        columns={confusion.answers}
        value={(row, column) => counts.get(`${row}|${column}`) ?? 0}
        max={max}
        rowLabel="original label"
        columnLabel="label given"
      />
    </>
  );
}
