import {
  type BatchListItem,
  type BatchListQuery,
  type BatchListResponse,
  type BatchSort,
} from '@peel/shared';
import { type ReadQuery } from '../common/db/pg-pool';
import { PRIMARY_QUESTION } from '../judgments/answers';
import { toBatchResponse } from './batch.mapper';
import { type BatchEntity } from './batch.entity';

/** The sort keys of the batch table, as SQL over `batch b JOIN batch_totals t` (id breaks ties). */
const SORT_SQL: Record<BatchSort, string> = {
  id: 'b.id',
  name: 'lower(b.name)',
  status: 'b.status',
  taskType: 'b.task_type',
  createdAt: 'b.created_at',
  progress: 't.items_complete::float8 / greatest(b.item_count, 1)',
  judgments: 't.judgment_count',
};

/** The recent rate: the batch's judgments of the last hour, at most this many (an index range). */
const RATE_WINDOW = 1000;

interface ListRow {
  id: number;
  name: string;
  task_type: BatchEntity['taskType'];
  status: BatchEntity['status'];
  filters: Record<string, unknown>;
  sample_size: number | null;
  seed: number;
  k: number;
  adaptive: boolean;
  k_max: number;
  lease_seconds: number;
  gold_share: number;
  gold_min_answers: number;
  gold_bar: number;
  guidelines: string;
  all_raters: boolean;
  item_count: number;
  gold_count: number;
  created_at: Date;
  judgment_count: number;
  items_complete: number;
  total: number;
  rater_ids: number[] | null;
  gold_judgments: number;
  open_judgments: number;
  recent_n: number;
  recent_seconds: number | null;
  agreement: { alpha: number | null; reason: string | null } | null;
  agreement_judgments: number | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of the batch table in one statement: filters and the sort on the batches and their
 * counters (`batch_totals`), then for the page's rows only: allowed raters, gold judgments
 * (`batch_rater` tallies), the recent judgment rate (an index range of at most 1,000 rows) and
 * the primary question's alpha from the cached agreement report. Nothing counts answers.
 */
export async function listBatches(
  read: ReadQuery,
  query: BatchListQuery,
): Promise<BatchListResponse> {
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (query.status?.length) where.push(`b.status = ANY(${add(query.status)}::text[])`);
  if (query.taskType?.length) where.push(`b.task_type = ANY(${add(query.taskType)}::text[])`);
  if (query.q) where.push(`b.name ILIKE ${add(`%${escapeLike(query.q)}%`)}`);
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const order = `${SORT_SQL[query.sort]} ${direction}, b.id ${direction}`;
  const filterParams = params.slice();
  const primary = add(JSON.stringify(PRIMARY_QUESTION));
  const limit = add(query.pageSize);
  const offset = add(query.page * query.pageSize);
  const rows = await read<ListRow>(
    `WITH page AS (
       SELECT b.*, t.judgment_count, t.items_complete, count(*) OVER ()::int AS total,
              row_number() OVER (ORDER BY ${order}) AS n
         FROM batch b JOIN batch_totals t ON t.batch_id = b.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}
     )
     SELECT p.*,
            CASE WHEN p.all_raters THEN NULL ELSE
              (SELECT coalesce(array_agg(r.user_id ORDER BY r.user_id), '{}')
                 FROM batch_rater r WHERE r.batch_id = p.id AND r.allowed) END AS rater_ids,
            (SELECT coalesce(sum(r.gold_answered), 0)::int FROM batch_rater r WHERE r.batch_id = p.id)
              AS gold_judgments,
            recent.n AS recent_n, recent.seconds AS recent_seconds,
            (SELECT q -> 'all' -> 'alpha' FROM jsonb_array_elements(c.report -> 'questions') q
              WHERE q ->> 'question' = (${primary}::jsonb ->> p.task_type)) AS agreement,
            c.computed_for_judgment_count AS agreement_judgments
       FROM page p
       LEFT JOIN agreement_cache c ON c.batch_id = p.id
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS seconds
           FROM (SELECT j.created_at FROM judgment j
                  WHERE j.batch_id = p.id AND j.created_at > now() - interval '1 hour'
                  ORDER BY j.created_at DESC LIMIT ${RATE_WINDOW}) w
       ) recent ON true
      ORDER BY p.n`,
    params,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && query.page > 0) total = await countBatches(read, where, filterParams);
  return {
    items: rows.map(toListItem),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The total of a page past the end (the page's window count is not there to read). */
async function countBatches(read: ReadQuery, where: string[], params: unknown[]): Promise<number> {
  const [row] = await read<{ n: number }>(
    `SELECT count(*)::int AS n FROM batch b ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return row.n;
}

function toListItem(row: ListRow): BatchListItem {
  const batch = {
    id: row.id,
    name: row.name,
    taskType: row.task_type,
    status: row.status,
    filters: row.filters,
    sampleSize: row.sample_size,
    seed: row.seed,
    k: row.k,
    adaptive: row.adaptive,
    kMax: row.k_max,
    leaseSeconds: row.lease_seconds,
    goldShare: row.gold_share,
    goldMinAnswers: row.gold_min_answers,
    goldBar: row.gold_bar,
    guidelines: row.guidelines,
    itemCount: row.item_count,
    goldCount: row.gold_count,
    createdAt: new Date(row.created_at),
  } as BatchEntity;
  const base = toBatchResponse(batch, row.rater_ids, {
    judgmentCount: row.judgment_count,
    itemsComplete: row.items_complete,
  });
  const itemJudgments = Math.max(0, row.judgment_count - row.gold_judgments);
  const remaining = Math.max(0, row.item_count * row.k - itemJudgments);
  const eta = estimate(row, remaining);
  return {
    ...base,
    goldJudgments: row.gold_judgments,
    judgmentsRemaining: remaining,
    ...eta,
    agreement:
      row.agreement_judgments === null
        ? null
        : {
            question: PRIMARY_QUESTION[row.task_type],
            alpha: row.agreement?.alpha ?? null,
            reason: row.agreement?.reason ?? (row.agreement ? null : 'no answers yet'),
            computedForJudgmentCount: row.agreement_judgments,
          },
  };
}

function estimate(
  row: ListRow,
  remaining: number,
): Pick<BatchListItem, 'recentRatePerHour' | 'etaSeconds' | 'etaReason'> {
  const rate =
    row.recent_n >= 2 && row.recent_seconds && row.recent_seconds > 0
      ? (row.recent_n / row.recent_seconds) * 3600
      : null;
  const recentRatePerHour = rate === null ? null : Math.round(rate * 10) / 10;
  if (row.status === 'completed' || row.status === 'archived')
    return { recentRatePerHour, etaSeconds: null, etaReason: `the batch is ${row.status}` };
  if (remaining === 0 || row.items_complete >= row.item_count)
    return { recentRatePerHour, etaSeconds: 0, etaReason: null };
  if (row.status !== 'active')
    return { recentRatePerHour, etaSeconds: null, etaReason: `the batch is ${row.status}` };
  if (rate === null)
    return { recentRatePerHour, etaSeconds: null, etaReason: 'no judgments in the last hour' };
  // rounded up: work that remains never shows as done (two judgments a few milliseconds apart
  // make a rate of a million an hour)
  return { recentRatePerHour, etaSeconds: Math.ceil((remaining / rate) * 3600), etaReason: null };
}
