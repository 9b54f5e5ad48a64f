import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, type QueryRunner } from 'typeorm';
import { liftTimeouts } from '../common/db/timeouts';
import { type QuestionDef, type TaskType } from '@peel/shared';
import { type AgreementCacheEntity } from './agreement-cache.entity';
import { type BatchItemRow, type BatchItems, batchItemsFromRows } from './batch-items';
import {
  boolField,
  categoryMatcher,
  forEachCopyRow,
  intField,
  isNullField,
  textField,
} from './copy-rows';
import { AnswerCollector, type QuestionAnswers } from './question-answers';
import { type Taxonomy } from './question-report';
import {
  POSITION_BIAS_QUESTION,
  type RaterJudgmentRow,
  type RaterName,
  RaterTally,
} from './rater-report';

/** `pg_advisory_xact_lock(AGREEMENT_LOCK, batch_id)`: one computation of a batch at a time. */
const AGREEMENT_LOCK = 0x61677265;

/** A batch's task type and counters, from `batch_totals` (its columns plus counter shards). */
export interface BatchState {
  taskType: TaskType;
  judgmentCount: number;
  /** Judgments plus revisions: moves whenever the batch's answers change. */
  answersVersion: number;
}

const STATE_COLUMNS = `b.task_type, t.judgment_count, t.answers_version`;
const STATE_FROM = `batch b JOIN batch_totals t ON t.batch_id = b.id`;

function stateOf(row: { task_type: TaskType; judgment_count: number; answers_version: number }) {
  return {
    taskType: row.task_type,
    judgmentCount: row.judgment_count,
    answersVersion: row.answers_version,
  };
}

/** The cache row without its two reports. */
export type CacheStamp = Omit<AgreementCacheEntity, 'report' | 'raters' | 'batch'>;
/** The cache row's stamp and one of its reports as stored JSON text. */
export type CachedPartText = CacheStamp & { text: string };

function cacheStamp(batchId: number, row: Record<string, unknown>): CacheStamp {
  return {
    batchId,
    computedForAnswersVersion: row.computed_for_answers_version as number,
    computedForJudgmentCount: row.computed_for_judgment_count as number,
    format: row.format as number,
    computedAt: row.computed_at as Date,
    computeMs: row.compute_ms as number,
  };
}

/**
 * Reads of one batch inside one REPEATABLE READ snapshot: the judgment counter and every row read
 * belong to the same moment. COPY streams the answers (the bulk) on the main connection; the SQL
 * aggregates run on a second connection that imported the same snapshot, concurrently.
 */
export interface BatchSnapshot extends BatchState {
  taxonomy(): Promise<Taxonomy>;
  batchItems(): Promise<BatchItems>;
  answers(question: QuestionDef, items: BatchItems): Promise<QuestionAnswers>;
  /** Per rater: judgments, gold, dwell and (pairwise) screen sides of `overall`. */
  raterJudgments(): Promise<RaterJudgmentRow[]>;
  raterNames(ids: readonly number[]): Promise<Map<number, RaterName>>;
}

/** The raw SQL of agreement: snapshot reads (COPY), rater aggregates, the cache. */
@Injectable()
export class AgreementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async batchState(batchId: number): Promise<BatchState | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${STATE_COLUMNS} FROM ${STATE_FROM} WHERE b.id = $1`,
      [batchId],
    );
    return row ? stateOf(row) : null;
  }

  /** The batch's state and its cached report in one read; null for an unknown batch. */
  async cachedReport(
    batchId: number,
    runner?: QueryRunner,
  ): Promise<{ state: BatchState; cache: AgreementCacheEntity | null } | null> {
    const found = await this.cachedRow(batchId, 'c.report, c.raters', runner);
    if (!found) return null;
    const { state, row } = found;
    if (!row) return { state, cache: null };
    return {
      state,
      cache: { ...cacheStamp(batchId, row), report: row.report, raters: row.raters },
    };
  }

  /**
   * The batch's state, the cached report's stamp and one part of it (`report` or `raters`) as
   * the JSON text PostgreSQL stores: a read for a response that passes it through, unparsed.
   */
  async cachedPartText(
    batchId: number,
    part: 'report' | 'raters',
  ): Promise<{ state: BatchState; cache: CachedPartText | null } | null> {
    const found = await this.cachedRow(batchId, `c.${part}::text AS part_text`);
    if (!found) return null;
    const { state, row } = found;
    if (!row) return { state, cache: null };
    return { state, cache: { ...cacheStamp(batchId, row), text: row.part_text as string } };
  }

  private async cachedRow(batchId: number, columns: string, runner?: QueryRunner) {
    const [row] = await (runner ?? this.dataSource).query(
      `SELECT ${STATE_COLUMNS}, c.computed_for_answers_version, c.computed_for_judgment_count,
              c.format, c.computed_at, c.compute_ms, ${columns}
         FROM ${STATE_FROM} LEFT JOIN agreement_cache c ON c.batch_id = b.id
        WHERE b.id = $1`,
      [batchId],
    );
    if (!row) return null;
    return { state: stateOf(row), row: row.computed_for_answers_version === null ? null : row };
  }

  /**
   * Runs `fn` holding the batch's agreement lock (a transaction-scoped advisory lock, so every
   * server instance queues on it) on a READ COMMITTED connection `fn` may write the cache with.
   */
  async withComputeLock<T>(batchId: number, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      // Waiting for another instance's computation of the same batch is the point of the lock.
      await liftTimeouts((sql) => runner.query(sql));
      await runner.query('SELECT pg_advisory_xact_lock($1, $2)', [AGREEMENT_LOCK, batchId]);
      const result = await fn(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  async saveCache(runner: QueryRunner, cache: AgreementCacheEntity): Promise<void> {
    await runner.query(
      `INSERT INTO agreement_cache (batch_id, computed_for_answers_version,
              computed_for_judgment_count, format, computed_at, compute_ms, report, raters)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (batch_id) DO UPDATE SET
              computed_for_answers_version = EXCLUDED.computed_for_answers_version,
              computed_for_judgment_count = EXCLUDED.computed_for_judgment_count,
              format = EXCLUDED.format, computed_at = EXCLUDED.computed_at,
              compute_ms = EXCLUDED.compute_ms, report = EXCLUDED.report, raters = EXCLUDED.raters`,
      [
        cache.batchId,
        cache.computedForAnswersVersion,
        cache.computedForJudgmentCount,
        cache.format,
        cache.computedAt,
        cache.computeMs,
        JSON.stringify(cache.report),
        JSON.stringify(cache.raters),
      ],
    );
  }

  /** Runs `fn` on a read snapshot of the batch; null for an unknown batch. */
  async withSnapshot<T>(
    batchId: number,
    fn: (snapshot: BatchSnapshot) => Promise<T>,
  ): Promise<T | null> {
    // On the read replica when one is configured (`slave` falls back to the primary otherwise).
    const runners = [
      this.dataSource.createQueryRunner('slave'),
      this.dataSource.createQueryRunner('slave'),
    ];
    const clients: PoolClient[] = [];
    const open = async (runner: QueryRunner, snapshot?: string) => {
      const client = (await runner.connect()) as PoolClient;
      clients.push(client);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL work_mem = '64MB'`);
      if (snapshot)
        await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(snapshot)}`);
      return client;
    };
    let side: Promise<PoolClient> | undefined;
    try {
      const main = await open(runners[0]);
      const { rows } = await main.query(
        `SELECT ${STATE_COLUMNS}, pg_export_snapshot() AS snapshot FROM ${STATE_FROM} WHERE b.id = $1`,
        [batchId],
      );
      if (rows.length === 0) return null;
      const sideClient = () => (side ??= open(runners[1], rows[0].snapshot));
      const state = stateOf(rows[0]);
      return await fn(snapshotReader(batchId, state, main, sideClient));
    } finally {
      await side?.catch(() => undefined);
      for (const client of clients) await client.query('ROLLBACK').catch(() => undefined);
      for (const runner of runners) await runner.release();
    }
  }
}

/** Bulk reads on the main connection; aggregates on the side one (opened on first use). */
function snapshotReader(
  batchId: number,
  state: BatchState,
  main: PoolClient,
  side: () => Promise<PoolClient>,
): BatchSnapshot {
  return {
    ...state,
    taxonomy: () => readTaxonomy(main),
    batchItems: () => readBatchItems(main, batchId),
    answers: (question, items) => readAnswers(main, batchId, question, items),
    raterJudgments: async () => readRaterJudgments(await side(), batchId, state.taskType),
    raterNames: async (ids) => readRaterNames(await side(), ids),
  };
}

async function readTaxonomy(client: PoolClient): Promise<Taxonomy> {
  const { rows } = await client.query(
    `SELECT t.id, t.label, t.category_id, c.name, c.position
       FROM edit_type t JOIN edit_category c ON c.id = t.category_id`,
  );
  return {
    editTypes: new Map(rows.map((r) => [r.id, { label: r.label, categoryId: r.category_id }])),
    categories: new Map(rows.map((r) => [r.category_id, { name: r.name, position: r.position }])),
  };
}

/**
 * The batch's items with the edit type their scope comes from: a pair's first edit (the dataset's
 * chosen one), or the edit of a taxonomy item as it is labelled now. Sorted here, not in SQL.
 */
export async function readBatchItems(client: PoolClient, batchId: number): Promise<BatchItems> {
  const rows: BatchItemRow[] = [];
  const sql = `COPY (
    SELECT bi.id, bi.is_gold, e.edit_type_id, p.origin
      FROM batch_item bi
      LEFT JOIN edit_pair p ON p.id = bi.pair_id
      LEFT JOIN edit e ON e.id = coalesce(p.first_edit_id, bi.edit_id)
     WHERE bi.batch_id = ${Number(batchId)}) TO STDOUT`;
  await forEachCopyRow(client.query(copyTo(sql)), (row) => {
    rows.push({
      id: intField(row, 0),
      isGold: boolField(row, 1),
      editTypeId: isNullField(row, 2) ? null : intField(row, 2),
      pairOrigin: textField(row, 3),
    });
  });
  return batchItemsFromRows(rows.sort((a, b) => a.id - b.id));
}

/** Every answer to the question in the batch, streamed (COPY) into typed arrays. */
export async function readAnswers(
  client: PoolClient,
  batchId: number,
  question: QuestionDef,
  items: BatchItems,
): Promise<QuestionAnswers> {
  const collector = new AnswerCollector(question, items);
  const labelOf = categoryMatcher(question.categories);
  const sql = `COPY (
    SELECT batch_item_id, rater_id, value FROM judgment_answer
     WHERE batch_id = ${Number(batchId)} AND question = ${client.escapeLiteral(question.id)}
  ) TO STDOUT`;
  await forEachCopyRow(client.query(copyTo(sql)), (row) => {
    collector.add(intField(row, 0), intField(row, 1), labelOf(row, 2));
  });
  return collector.finish();
}

/**
 * One pass over the batch's judgments (COPY) tallied per rater. Position bias reads the screen
 * side the rater chose (`answers.overall`, A = left) from the judgment itself: no join of every
 * answer to its lease (see RaterTally).
 */
async function readRaterJudgments(
  client: PoolClient,
  batchId: number,
  taskType: TaskType,
): Promise<RaterJudgmentRow[]> {
  const tally = new RaterTally();
  const side =
    taskType === 'pairwise'
      ? `answers ->> ${client.escapeLiteral(POSITION_BIAS_QUESTION)}`
      : 'NULL';
  const sql = `COPY (
    SELECT rater_id, dwell_ms, is_gold, gold_correct, ${side} FROM judgment
     WHERE batch_id = ${Number(batchId)}) TO STDOUT`;
  await forEachCopyRow(client.query(copyTo(sql)), (row) => {
    tally.add(
      intField(row, 0),
      intField(row, 1),
      boolField(row, 2),
      isNullField(row, 3) ? null : boolField(row, 3),
      textField(row, 4),
    );
  });
  return tally.rows();
}

async function readRaterNames(
  client: PoolClient,
  ids: readonly number[],
): Promise<Map<number, RaterName>> {
  const { rows } = await client.query(
    `SELECT id, email, display_name FROM app_user WHERE id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { email: r.email, displayName: r.display_name }]));
}
