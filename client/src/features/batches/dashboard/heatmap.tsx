type HeatmapProps = {
  title: string;
  rows: string[];
  columns: string[];
  /** The value of a cell, or null when there is none (drawn hatched, no number). */
  value: (row: string, column: string) => number | null;
  /** The largest value (the darkest cell); values are clamped to [min, max]. */
  max: number;
  min?: number;
  format?: (value: number) => string;
  rowLabel: string;
  columnLabel: string;
};

const CELL = 30;
const LABEL_WIDTH = 220;
const LABEL_HEIGHT = 150;

function short(label: string): string {
  return label.length > 34 ? `${label.slice(0, 32)}…` : label;
}

/**
 * A heat map as SVG: one `<rect>` per cell, shaded from white to the primary colour (or to red
 * below zero, for kappas), the value written in the cell and in its tooltip.
 */
export function Heatmap({
  title,
  rows,
  columns,
  value,
  max,
  min = 0,
  format = (v) => String(v),
  rowLabel,
  columnLabel,
}: HeatmapProps) {
  const width = LABEL_WIDTH + columns.length * CELL + 10;
  const height = LABEL_HEIGHT + rows.length * CELL + 10;
  const shade = (v: number) => {
    if (v >= 0) {
      const t = max > 0 ? Math.min(1, v / max) : 0;
      return `rgba(31, 90, 150, ${0.08 + 0.92 * t})`;
    }
    const t = min < 0 ? Math.min(1, v / min) : 0;
    return `rgba(168, 38, 27, ${0.08 + 0.92 * t})`;
  };
  return (
    <figure className="chart heatmap">
      <figcaption className="visually-hidden">{title}</figcaption>
      <div className="table-scroll">
        <svg width={width} height={height} role="img" aria-label={title} className="heatmap-svg">
          <text x={LABEL_WIDTH} y={12} className="heatmap-axis">
            {columnLabel} →
          </text>
          <text x={4} y={LABEL_HEIGHT - 6} className="heatmap-axis">
            {rowLabel} ↓
          </text>
          {columns.map((column, j) => (
            <text
              key={column}
              className="heatmap-label"
              transform={`translate(${LABEL_WIDTH + j * CELL + CELL / 2}, ${LABEL_HEIGHT - 6}) rotate(-55)`}
            >
              <title>{column}</title>
              {short(column)}
            </text>
          ))}
          {rows.map((row, i) => (
            <g key={row} transform={`translate(0, ${LABEL_HEIGHT + i * CELL})`}>
              <text x={LABEL_WIDTH - 6} y={CELL / 2 + 4} textAnchor="end" className="heatmap-label">
                <title>{row}</title>
                {short(row)}
              </text>
              {columns.map((column, j) => {
                const v = value(row, column);
                return (
                  <g key={column} transform={`translate(${LABEL_WIDTH + j * CELL}, 0)`}>
                    <rect
                      className="heatmap-cell"
                      width={CELL - 2}
                      height={CELL - 2}
                      fill={v === null ? '#f0f2f5' : shade(v)}
                      data-value={v ?? ''}
                    >
                      <title>
                        {row} → {column}: {v === null ? 'none' : format(v)}
                      </title>
                    </rect>
                    {v !== null && v !== 0 ? (
                      <text
                        x={(CELL - 2) / 2}
                        y={CELL / 2 + 3}
                        textAnchor="middle"
                        className="heatmap-value"
                        fill={Math.abs(v) > (max - min) / 2 ? '#fff' : '#1d2433'}
                      >
                        {format(v)}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}
