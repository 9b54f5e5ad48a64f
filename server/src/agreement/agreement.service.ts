import { Injectable, Logger } from '@nestjs/common';
import {
  type AgreementReportResponse,
  type ConsensusResponse,
  type DisagreementsResponse,
  findQuestion,
  type ItemPageQuery,
  type QuestionDef,
  questionsFor,
  type RatersReportResponse,
  type TaskType,
} from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { PRIMARY_QUESTION } from '../judgments/answers';
import { type AgreementCacheEntity } from './agreement-cache.entity';
import {
  toAgreementResponse,
  toConsensusResponse,
  toDisagreementsResponse,
  stampedJson,
  toRatersResponse,
} from './agreement.mapper';
import { AgreementRepository, type BatchState, type CacheStamp } from './agreement.repository';
import {
  computeConsensus,
  type ComputedReport,
  computeReport,
  REPORT_FORMAT,
} from './compute-report';
import { ConsensusMemo, type ConsensusSnapshot } from './consensus-memo';
import { DawidSkeneWorker } from './dawid-skene-worker';
import { pageByDisagreement, pageById } from './item-pages';

interface FreshReport {
  state: BatchState;
  cache: AgreementCacheEntity;
}

function notFound(batchId: number): DomainError {
  return new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
}

function isFresh(state: BatchState, cache: CacheStamp | null): boolean {
  return (
    cache !== null &&
    cache.format === REPORT_FORMAT &&
    cache.computedForAnswersVersion === state.answersVersion
  );
}

/** The question a page asks for: the task type's primary one by default; unknown ids are a 400. */
export function resolveQuestion(taskType: TaskType, id: string | undefined): QuestionDef {
  const wanted = id ?? PRIMARY_QUESTION[taskType];
  const question = findQuestion(taskType, wanted);
  if (question) return question;
  const known = questionsFor(taskType).map((q) => q.id);
  throw new DomainError('VALIDATION_FAILED', `Unknown question "${wanted}"`, [
    {
      path: 'question',
      message: `Unknown question "${wanted}" for a ${taskType} batch; one of: ${known.join(', ')}`,
    },
  ]);
}

/**
 * Agreement, consensus and rater quality of a batch. The report is cached in `agreement_cache`
 * for the batch's answers version (judgments plus revisions, `batch_totals`) and recomputed
 * (under a per-batch lock shared by every server instance) once it has moved; per-item consensus
 * pages come from a per-process memo keyed by the same version.
 */
@Injectable()
export class AgreementService {
  private readonly logger = new Logger(AgreementService.name);

  constructor(
    private readonly repository: AgreementRepository,
    private readonly memo: ConsensusMemo,
    private readonly dawidSkene: DawidSkeneWorker,
  ) {}

  async agreement(batchId: number): Promise<AgreementReportResponse> {
    const { state, cache } = await this.freshReport(batchId);
    return toAgreementResponse(batchId, state, cache);
  }

  async raters(batchId: number): Promise<RatersReportResponse> {
    const { state, cache } = await this.freshReport(batchId);
    return toRatersResponse(batchId, state, cache);
  }

  /**
   * `agreement()` as JSON text: a warm cache reads only the report column, as text, and sends
   * it as stored (the report is large; parsing and re-serializing it was most of the call).
   */
  async agreementJson(batchId: number): Promise<string> {
    return this.partJson(batchId, 'report');
  }

  /** `raters()` as JSON text, read and sent as `agreementJson` does. */
  async ratersJson(batchId: number): Promise<string> {
    return this.partJson(batchId, 'raters');
  }

  private async partJson(batchId: number, part: 'report' | 'raters'): Promise<string> {
    const found = await this.repository.cachedPartText(batchId, part);
    if (!found) throw notFound(batchId);
    if (found.cache && isFresh(found.state, found.cache))
      return stampedJson(batchId, found.state, found.cache, found.cache.text);
    const { state, cache } = await this.freshReport(batchId);
    return stampedJson(batchId, state, cache, JSON.stringify(cache[part]));
  }

  async consensus(batchId: number, query: ItemPageQuery): Promise<ConsensusResponse> {
    const { state, snapshot } = await this.questionConsensus(batchId, query.question);
    const page = pageById(snapshot.consensus, query.limit, query.cursor);
    return toConsensusResponse(context(batchId, state, snapshot), snapshot.consensus, page);
  }

  async disagreements(batchId: number, query: ItemPageQuery): Promise<DisagreementsResponse> {
    const { state, snapshot } = await this.questionConsensus(batchId, query.question);
    const page = pageByDisagreement(snapshot.consensus, query.limit, query.cursor);
    return toDisagreementsResponse(context(batchId, state, snapshot), snapshot.consensus, page);
  }

  /** The cached report when it is current, else a new one (computed once across instances). */
  async freshReport(batchId: number): Promise<FreshReport> {
    const found = await this.repository.cachedReport(batchId);
    if (!found) throw notFound(batchId);
    if (isFresh(found.state, found.cache)) return found as FreshReport;
    return this.repository.withComputeLock(batchId, async (runner) => {
      const again = await this.repository.cachedReport(batchId, runner);
      if (!again) throw notFound(batchId);
      if (isFresh(again.state, again.cache)) return again as FreshReport;
      const computed = await this.repository.withSnapshot(batchId, (snapshot) =>
        computeReport(batchId, snapshot, this.dawidSkene.run),
      );
      if (!computed) throw notFound(batchId);
      await this.repository.saveCache(runner, computed.cache);
      this.remember(batchId, computed);
      const { cache } = computed;
      this.logger.log(
        `agreement of batch ${batchId} computed for answers version ${cache.computedForAnswersVersion} in ${cache.computeMs} ms`,
      );
      const state = {
        taskType: again.state.taskType,
        judgmentCount: cache.computedForJudgmentCount,
        answersVersion: cache.computedForAnswersVersion,
      };
      return { state, cache };
    });
  }

  /** The report's consensus per question goes to the memo: the pages need not run it again. */
  private remember(batchId: number, computed: ComputedReport): void {
    const { computedForJudgmentCount: judgmentCount, computedAt } = computed.cache;
    const answersVersion = computed.cache.computedForAnswersVersion;
    for (const consensus of computed.consensus) {
      const key = ConsensusMemo.key(batchId, consensus.question, answersVersion);
      this.memo.set(key, Promise.resolve({ consensus, answersVersion, judgmentCount, computedAt }));
    }
  }

  private async questionConsensus(
    batchId: number,
    questionId: string | undefined,
  ): Promise<{ state: BatchState; snapshot: ConsensusSnapshot }> {
    const state = await this.repository.batchState(batchId);
    if (!state) throw notFound(batchId);
    const question = resolveQuestion(state.taskType, questionId);
    const key = ConsensusMemo.key(batchId, question.id, state.answersVersion);
    const snapshot = await (this.memo.get(key) ??
      this.memo.set(key, this.computeQuestionConsensus(batchId, question)));
    if (snapshot.answersVersion !== state.answersVersion) {
      const newer = ConsensusMemo.key(batchId, question.id, snapshot.answersVersion);
      if (!this.memo.get(newer)) this.memo.set(newer, Promise.resolve(snapshot));
    }
    return { state, snapshot };
  }

  private async computeQuestionConsensus(
    batchId: number,
    question: QuestionDef,
  ): Promise<ConsensusSnapshot> {
    const snapshot = await this.repository.withSnapshot(batchId, async (reader) => ({
      consensus: await computeConsensus(reader, question, this.dawidSkene.run),
      answersVersion: reader.answersVersion,
      judgmentCount: reader.judgmentCount,
      computedAt: new Date(),
    }));
    if (!snapshot) throw notFound(batchId);
    return snapshot;
  }
}

function context(batchId: number, state: BatchState, snapshot: ConsensusSnapshot) {
  return {
    batchId,
    state,
    computedForAnswersVersion: snapshot.answersVersion,
    computedForJudgmentCount: snapshot.judgmentCount,
    computedAt: snapshot.computedAt,
  };
}
