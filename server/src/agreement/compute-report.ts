import { type QuestionDef, questionsFor } from '@peel/shared';
import { type AgreementCacheEntity } from './agreement-cache.entity';
import { BATCH_BOOTSTRAP, SCOPE_BOOTSTRAP } from './agreement-stats';
import { type BatchSnapshot } from './agreement.repository';
import { type QuestionConsensus, questionConsensus } from './consensus';
import { type DawidSkeneRunner } from './dawid-skene-worker';
import { groupByItem } from './question-answers';
import { questionReport, type QuestionResult } from './question-report';
import { raterQuality } from './rater-report';

/** The layout version of the cached report; bump it when the report's shape or method changes. */
export const REPORT_FORMAT = 1;

export interface ComputedReport {
  readonly cache: AgreementCacheEntity;
  /** Per question, the per-item consensus the report was built from (to memoise). */
  readonly consensus: readonly QuestionConsensus[];
}

/**
 * The whole agreement report of a batch from one snapshot: per question, agreement over the batch
 * and per edit type and category, the Cohen matrix, Dawid–Skene consensus; per rater, gold accuracy,
 * dwell, position bias and agreement with consensus. Gold items are left out of everything but
 * gold accuracy, dwell and position bias. `questionIds` narrows the questions (benchmarks).
 */
export async function computeReport(
  batchId: number,
  snapshot: BatchSnapshot,
  runner: DawidSkeneRunner,
  questionIds?: readonly string[],
): Promise<ComputedReport> {
  const started = performance.now();
  const questions = questionsFor(snapshot.taskType).filter(
    (question) => !questionIds || questionIds.includes(question.id),
  );
  // The judgments are tallied on the snapshot's second connection while this one streams answers.
  const side = snapshot.raterJudgments().then(async (judgments) => ({
    judgments,
    names: await snapshot.raterNames(judgments.map((row) => row.raterId)),
  }));
  side.catch(() => undefined);
  const taxonomy = await snapshot.taxonomy();
  const items = await snapshot.batchItems();
  // Each question's Dawid–Skene runs on the worker while the next question's answers stream in.
  const pending: Promise<QuestionResult>[] = [];
  for (const question of questions) {
    const answers = await snapshot.answers(question, items);
    const result = questionReport(answers, items, taxonomy, runner);
    result.catch(() => undefined);
    pending.push(result);
  }
  const results = await Promise.all(pending);
  const { judgments, names } = await side;
  const cache: AgreementCacheEntity = {
    batchId,
    computedForAnswersVersion: snapshot.answersVersion,
    computedForJudgmentCount: snapshot.judgmentCount,
    format: REPORT_FORMAT,
    computedAt: new Date(),
    computeMs: Math.round(performance.now() - started),
    report: {
      method: {
        goldItems: 'excluded',
        bootstrap: {
          statistic: 'alpha',
          resampling: 'items',
          seed: BATCH_BOOTSTRAP.seed,
          level: BATCH_BOOTSTRAP.level,
          replicates: BATCH_BOOTSTRAP.replicates,
          scopeReplicates: SCOPE_BOOTSTRAP.replicates,
        },
      },
      questions: results.map((result) => result.agreement),
    },
    raters: {
      raters: raterQuality(judgments, names, snapshot.taskType === 'pairwise', results),
      matrices: results.map((result) => result.matrix),
    },
  };
  return { cache, consensus: results.map((result) => result.consensus) };
}

/** The per-item consensus of one question alone (the consensus and disagreement pages). */
export async function computeConsensus(
  snapshot: BatchSnapshot,
  question: QuestionDef,
  runner: DawidSkeneRunner,
): Promise<QuestionConsensus> {
  const items = await snapshot.batchItems();
  const answers = await snapshot.answers(question, items);
  const grouped = groupByItem(answers, items.count);
  return (await questionConsensus(answers, grouped, items, runner)).consensus;
}
