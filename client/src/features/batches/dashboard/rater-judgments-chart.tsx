import { type RaterQuality } from '@peel/shared';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function raterName(rater: {
  displayName: string | null;
  email: string | null;
  raterId?: number;
}) {
  return rater.displayName ?? rater.email ?? `rater ${rater.raterId}`;
}

/** Judgments per rater, as bars. */
export function RaterJudgmentsChart({ raters }: { raters: RaterQuality[] }) {
  if (raters.length === 0) return <p className="muted">No judgments yet.</p>;
  const data = raters.map((rater) => ({ name: raterName(rater), judgments: rater.judgments }));
  return (
    <figure className="chart" aria-label="Judgments per rater">
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 30 + 50)}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 10, right: 30, bottom: 10, left: 10 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={180} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Bar dataKey="judgments" name="Judgments" fill="#1c6b35" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
