import { type AgreementStats } from '@peel/shared';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export type AgreementBar = { label: string; stats: AgreementStats };

/**
 * Krippendorff's alpha per scope as bars, its bootstrap interval as error bars. Scopes where
 * alpha is undefined are listed under the chart with the reason instead of drawn as 0.
 */
export function AgreementChart({ bars, title }: { bars: AgreementBar[]; title: string }) {
  const defined = bars
    .filter((bar) => bar.stats.alpha.value !== null)
    .map((bar) => {
      const alpha = bar.stats.alpha.value!;
      const ci = bar.stats.alphaCi;
      return {
        label: bar.label,
        alpha: Number(alpha.toFixed(3)),
        ci: ci ? [Math.max(0, alpha - ci.lower), Math.max(0, ci.upper - alpha)] : [0, 0],
        interval: ci ? `${ci.lower.toFixed(2)} – ${ci.upper.toFixed(2)}` : 'no interval',
        items: bar.stats.nItems,
      };
    });
  const undefinedOnes = bars.filter((bar) => bar.stats.alpha.value === null);
  const height = Math.max(160, defined.length * 34 + 60);
  return (
    <figure className="chart" aria-label={title}>
      {defined.length > 0 ? (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart
            data={defined}
            layout="vertical"
            margin={{ top: 10, right: 30, bottom: 10, left: 10 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" domain={[-0.2, 1]} ticks={[-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]} />
            <YAxis type="category" dataKey="label" width={220} tick={{ fontSize: 12 }} />
            <Tooltip
              formatter={(value, _name, item) => [
                `${value} (95% CI ${(item.payload as { interval: string }).interval}, ${(item.payload as { items: number }).items} items)`,
                'α',
              ]}
            />
            <ReferenceLine x={0.667} stroke="#7a4b00" strokeDasharray="4 4" label="0.667" />
            <Bar dataKey="alpha" name="Krippendorff's α" fill="#1f5a96" isAnimationActive={false}>
              <ErrorBar dataKey="ci" width={6} strokeWidth={1.5} stroke="#1d2433" direction="x" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <p className="muted">No scope has a defined α yet.</p>
      )}
      {undefinedOnes.length > 0 ? (
        <ul className="muted small-list">
          {undefinedOnes.map((bar) => (
            <li key={bar.label}>
              {bar.label}: α undefined ({bar.stats.alpha.reason})
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
