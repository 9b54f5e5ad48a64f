import { type BatchRater, type RaterQuality } from '@peel/shared';
import { createDataColumnHelper, DataTable } from '../../../components/ui/data-table';
import { formatNumber } from '../labels';

export type RaterRow = BatchRater & { quality: RaterQuality | null };

export type RaterRowActions = {
  primaryQuestion: string;
  pendingUserId: number | null;
  onPause: (rater: RaterRow, paused: boolean) => void;
  onSetActive: (rater: RaterRow, active: boolean) => void;
};

const helper = createDataColumnHelper<RaterRow>();

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(0)}%`;
}

export function raterColumns(actions: RaterRowActions) {
  return helper.columns([
    helper.accessor('email', {
      header: 'Rater',
      cell: ({ row }) => (
        <div className="user-cell">
          <span>{row.original.displayName ?? row.original.email}</span>
          <span className="muted">{row.original.email}</span>
        </div>
      ),
    }),
    helper.accessor('paused', {
      header: 'Status',
      cell: ({ row }) => (
        <div className="status-cell" data-testid={`rater-status-${row.original.userId}`}>
          {!row.original.active ? <span className="badge badge-off">Deactivated</span> : null}
          {row.original.paused ? (
            <span className="badge badge-warn" title={row.original.pausedReason ?? ''}>
              Paused{row.original.pausedReason ? `: ${row.original.pausedReason}` : ''}
            </span>
          ) : row.original.active ? (
            <span className="badge badge-ok">Working</span>
          ) : null}
        </div>
      ),
    }),
    helper.accessor('judgments', { header: 'Judgments' }),
    helper.accessor('judgmentsPerHour', {
      header: 'Throughput',
      cell: (info) => (info.getValue() === null ? '—' : `${info.getValue()}/h`),
    }),
    helper.display({
      id: 'dwell',
      header: 'Median dwell',
      cell: ({ row }) => {
        const ms = row.original.quality?.medianDwellMs;
        return ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
      },
    }),
    helper.display({
      id: 'gold',
      header: 'Gold accuracy',
      cell: ({ row }) => {
        const gold = row.original.quality?.goldAccuracy;
        if (!gold || gold.estimate === null)
          return <span className="muted">{gold?.reason ?? 'no gold answers'}</span>;
        return (
          <span title={`95% Wilson ${percent(gold.lower)}–${percent(gold.upper)}`}>
            {percent(gold.estimate)}{' '}
            <span className="muted">
              ({gold.successes}/{gold.trials})
            </span>
          </span>
        );
      },
    }),
    helper.display({
      id: 'consensus',
      header: 'Agreement with consensus',
      cell: ({ row }) => {
        const consensus = row.original.quality?.consensus.find(
          (c) => c.question === actions.primaryQuestion,
        );
        if (!consensus) return '—';
        return (
          <span title="Share of answers equal to the item's Dawid–Skene winner; in brackets, equal to the other raters' majority">
            {percent(consensus.consensusAgreement.value)}{' '}
            <span className="muted">(peers {percent(consensus.peerAgreement.value)})</span>
          </span>
        );
      },
    }),
    helper.display({
      id: 'bias',
      header: 'Position bias (left picks)',
      cell: ({ row }) => {
        const bias = row.original.quality?.positionBias;
        if (!bias) return <span className="muted">n/a</span>;
        if (bias.share === null) return <span className="muted">{bias.reason}</span>;
        const flagged = bias.pValue !== null && bias.pValue < 0.01;
        return (
          <span className={flagged ? 'badge badge-warn' : undefined}>
            {percent(bias.share)} of {bias.picks}{' '}
            <span className={flagged ? undefined : 'muted'}>
              (p = {formatNumber(bias.pValue, 3)})
            </span>
          </span>
        );
      },
    }),
    helper.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => {
        const rater = row.original;
        const pending = actions.pendingUserId === rater.userId;
        const name = rater.displayName ?? rater.email;
        return (
          <div className="row-actions">
            <button
              type="button"
              className="button button-small"
              disabled={pending}
              onClick={() => actions.onPause(rater, !rater.paused)}
              aria-label={`${rater.paused ? 'Unpause' : 'Pause'} ${name} in this batch`}
            >
              {rater.paused ? 'Unpause' : 'Pause'}
            </button>
            <button
              type="button"
              className={`button button-small${rater.active ? ' button-danger' : ''}`}
              disabled={pending}
              onClick={() => actions.onSetActive(rater, !rater.active)}
              aria-label={`${rater.active ? 'Deactivate' : 'Reactivate'} ${name}`}
            >
              {rater.active ? 'Deactivate' : 'Reactivate'}
            </button>
          </div>
        );
      },
    }),
  ]);
}

export function RatersTable({ rows, actions }: { rows: RaterRow[]; actions: RaterRowActions }) {
  return (
    <DataTable
      caption="Raters of this batch"
      captionHidden
      columns={raterColumns(actions)}
      data={rows}
      getRowId={(row) => String(row.userId)}
      empty="No rater has worked on or been allowed in this batch yet."
    />
  );
}
