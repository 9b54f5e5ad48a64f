import { type BatchTimelineResponse } from '@peel/shared';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const time = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Items complete (running total, left axis) and judgments per bucket (bars, right axis). */
export function ProgressChart({ timeline }: { timeline: BatchTimelineResponse }) {
  if (timeline.points.length === 0) return <p className="muted">No judgments yet.</p>;
  const data = timeline.points.map((point) => ({
    ...point,
    label: time.format(new Date(point.at)),
  }));
  return (
    <figure className="chart" aria-label="Progress over time">
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" minTickGap={24} />
          <YAxis yAxisId="items" domain={[0, timeline.itemCount]} allowDecimals={false} />
          <YAxis yAxisId="judgments" orientation="right" allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar
            yAxisId="judgments"
            dataKey="judgments"
            name={`Judgments per ${Math.round(timeline.bucketSeconds / 60)} min`}
            fill="#9db8d6"
            isAnimationActive={false}
          />
          <Line
            yAxisId="items"
            type="stepAfter"
            dataKey="totalItemsComplete"
            name={`Items complete (of ${timeline.itemCount})`}
            stroke="#1f5a96"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
