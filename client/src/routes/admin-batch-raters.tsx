import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { FormAlert, FormStatus } from '../components/ui/form-alert';
import { PageError, PageLoading } from '../components/ui/page-state';
import {
  useBatch,
  useBatchRaters,
  useRaterPause,
  useRatersReport,
  useSetAccountActive,
} from '../features/batches/api';
import { BatchHeader } from '../features/batches/components/batch-header';
import { type RaterRow, RatersTable } from '../features/batches/components/raters-table';
import { errorMessage } from '../lib/form-errors';

const PRIMARY = { pairwise: 'overall', multi_turn: 'overall', taxonomy: 'edit_type' } as const;

/** `/admin/batches/:batchId/raters`: pace, quality and standing of each rater; pause, deactivate. */
export function AdminBatchRatersPage() {
  const batchId = Number(useParams().batchId);
  const batch = useBatch(batchId);
  const standing = useBatchRaters(batchId);
  const report = useRatersReport(batchId);
  const pause = useRaterPause(batchId);
  const setActive = useSetAccountActive(batchId);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const rows: RaterRow[] = useMemo(() => {
    const quality = new Map((report.data?.raters ?? []).map((r) => [r.raterId, r]));
    return (standing.data?.raters ?? []).map((r) => ({
      ...r,
      quality: quality.get(r.userId) ?? null,
    }));
  }, [standing.data, report.data]);

  if (batch.isPending || standing.isPending) return <PageLoading label="Loading the raters…" />;
  if (batch.isError || standing.isError)
    return (
      <PageError
        title="The raters could not be loaded"
        message={errorMessage(batch.error ?? standing.error)}
      />
    );
  const pendingUserId = pause.isPending
    ? (pause.variables?.userId ?? null)
    : setActive.isPending
      ? (setActive.variables?.userId ?? null)
      : null;

  return (
    <section aria-labelledby="batch-title">
      <title>{`Raters · ${batch.data.name} · Peel`}</title>
      <BatchHeader batch={batch.data} />
      <h2 className="section-title">Raters</h2>
      {notice?.tone === 'success' ? <FormStatus>{notice.text}</FormStatus> : null}
      {notice?.tone === 'error' ? <FormAlert>{notice.text}</FormAlert> : null}
      {report.isPending ? <p className="muted">Computing agreement and rater quality…</p> : null}
      <RatersTable
        rows={rows}
        actions={{
          primaryQuestion: PRIMARY[batch.data.taskType],
          pendingUserId,
          onPause: (rater, paused) =>
            pause.mutate(
              { userId: rater.userId, paused },
              {
                onSuccess: () =>
                  setNotice({
                    tone: 'success',
                    text: paused
                      ? `${rater.email} is paused in this batch: no new tasks here.`
                      : `${rater.email} may work on this batch again.`,
                  }),
                onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) }),
              },
            ),
          onSetActive: (rater, active) =>
            setActive.mutate(
              { userId: rater.userId, active },
              {
                onSuccess: () =>
                  setNotice({
                    tone: 'success',
                    text: active
                      ? `${rater.email} can sign in again.`
                      : `${rater.email} is deactivated: signed out everywhere.`,
                  }),
                onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) }),
              },
            ),
        }}
      />
    </section>
  );
}
