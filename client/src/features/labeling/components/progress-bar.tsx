type ProgressBarProps = { done: number; total: number; label: string };

/** A labelled progress bar (done of total). */
export function ProgressBar({ done, total, label }: ProgressBarProps) {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total}`}
    >
      <div className="progress-fill" style={{ width: `${share * 100}%` }} />
    </div>
  );
}
