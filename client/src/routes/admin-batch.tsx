import { useState } from 'react';
import { useParams } from 'react-router';
import { PageError, PageLoading } from '../components/ui/page-state';
import {
  useAgreement,
  useBatch,
  useConfusion,
  useDisagreements,
  useGoldItems,
  useRatersReport,
  useTimeline,
} from '../features/batches/api';
import { BatchHeader } from '../features/batches/components/batch-header';
import { AgreementChart } from '../features/batches/dashboard/agreement-chart';
import { ConfusionHeatmap } from '../features/batches/dashboard/confusion-heatmap';
import { DisagreementList } from '../features/batches/dashboard/disagreement-list';
import { GoldList } from '../features/batches/dashboard/gold-list';
import { ProgressChart } from '../features/batches/dashboard/progress-chart';
import { RaterJudgmentsChart } from '../features/batches/dashboard/rater-judgments-chart';
import { RaterMatrixHeatmap } from '../features/batches/dashboard/rater-matrix-heatmap';
import { errorMessage } from '../lib/form-errors';

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <section className="section panel" aria-labelledby={id}>
      <h2 className="section-title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Pending({
  query,
  label,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  label: string;
}) {
  if (query.isError) return <p className="field-error">{errorMessage(query.error)}</p>;
  return <p className="muted">{label}</p>;
}

/** `/admin/batches/:batchId`: where the batch stands, who is struggling, which items are contested. */
export function AdminBatchPage() {
  const batchId = Number(useParams().batchId);
  const batch = useBatch(batchId);
  const timeline = useTimeline(batchId);
  const agreement = useAgreement(batchId);
  const raters = useRatersReport(batchId);
  const confusion = useConfusion(batchId, batch.data?.taskType === 'taxonomy');
  const [question, setQuestion] = useState<string | undefined>(undefined);
  const disagreements = useDisagreements(batchId, question);
  const gold = useGoldItems(batchId);

  if (batch.isPending) return <PageLoading label="Loading the batch…" />;
  if (batch.isError)
    return (
      <PageError
        title="The batch could not be loaded"
        message={errorMessage(batch.error)}
        onRetry={() => void batch.refetch()}
      />
    );
  const questions = agreement.data?.questions ?? [];
  const selected = questions.find((q) => q.question === question) ?? questions[0];
  const matrix =
    raters.data?.matrices.find((m) => m.question === selected?.question) ??
    raters.data?.matrices[0];

  return (
    <section aria-labelledby="batch-title" className="dashboard">
      <title>{`${batch.data.name} · Peel`}</title>
      <BatchHeader batch={batch.data} />

      <Section id="progress-title" title="Progress over time">
        {timeline.data ? (
          <ProgressChart timeline={timeline.data} />
        ) : (
          <Pending query={timeline} label="Loading…" />
        )}
      </Section>

      <div className="dashboard-grid">
        <Section id="per-rater-title" title="Judgments per rater">
          {raters.data ? (
            <RaterJudgmentsChart raters={raters.data.raters} />
          ) : (
            <Pending query={raters} label="Computing…" />
          )}
        </Section>
        <Section id="per-question-title" title="Agreement per question (α, 95% CI)">
          {agreement.data ? (
            <AgreementChart
              title="Agreement per question"
              bars={agreement.data.questions.map((q) => ({ label: q.label, stats: q.all }))}
            />
          ) : (
            <Pending query={agreement} label="Computing agreement…" />
          )}
          {agreement.data ? (
            <p className="muted">
              Computed for {agreement.data.computedForJudgmentCount} of{' '}
              {agreement.data.judgmentCount} judgments; gold items left out.
            </p>
          ) : null}
        </Section>
      </div>

      {agreement.data && selected ? (
        <div className="question-picker">
          <label className="field-inline">
            Question for the charts below{' '}
            <select
              className="input"
              value={selected.question}
              onChange={(event) => setQuestion(event.target.value)}
            >
              {questions.map((q) => (
                <option key={q.question} value={q.question}>
                  {q.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}

      {selected ? (
        <Section id="per-type-title" title={`Agreement per edit type: ${selected.label}`}>
          {selected.byEditType ? (
            <AgreementChart
              title="Agreement per edit type"
              bars={selected.byEditType.map((scope) => ({
                label: scope.editType,
                stats: scope.stats,
              }))}
            />
          ) : (
            <p className="muted">{selected.scopeReason}</p>
          )}
        </Section>
      ) : null}

      {batch.data.taskType === 'taxonomy' ? (
        <Section id="confusion-title" title="Relabelling: original label → label given">
          {confusion.data ? (
            <ConfusionHeatmap confusion={confusion.data} />
          ) : (
            <Pending query={confusion} label="Loading…" />
          )}
        </Section>
      ) : null}

      <Section id="matrix-title" title="Rater × rater agreement (Cohen's kappa)">
        {raters.data && matrix ? (
          <RaterMatrixHeatmap matrix={matrix} raters={raters.data.raters} />
        ) : (
          <Pending query={raters} label="Computing…" />
        )}
      </Section>

      <Section id="gold-title" title="Gold items">
        {gold.data ? (
          <GoldList batchId={batchId} gold={gold.data} />
        ) : (
          <Pending query={gold} label="Loading…" />
        )}
      </Section>

      <Section id="disagreements-title" title="Most contested items">
        {disagreements.data ? (
          <DisagreementList batchId={batchId} page={disagreements.data} />
        ) : (
          <Pending query={disagreements} label="Loading…" />
        )}
      </Section>
    </section>
  );
}
