import { type EntityManager } from 'typeorm';
import { type CreateBatchBody } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { checkFiltersApply, selectionSql } from './batch-selection';

/** Counts the items the selection matches (for the preview and the create checks). */
export async function countMatching(
  manager: EntityManager,
  body: Pick<CreateBatchBody, 'taskType' | 'filters' | 'seed'>,
) {
  checkFiltersApply({ ...body, sampleSize: undefined });
  const selection = selectionSql({ ...body, sampleSize: undefined });
  const [row] = await manager.query(
    `SELECT count(*)::int AS n FROM (${selection.sql}) s`,
    selection.params,
  );
  return row.n as number;
}

/** The raters a batch may use: the listed ones (all active annotators), or every active annotator. */
async function raterCount(manager: EntityManager, raterIds: number[] | null): Promise<number> {
  if (raterIds === null) {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'annotator' AND active`,
    );
    return row.n;
  }
  const unique = [...new Set(raterIds)];
  const rows: { id: number }[] = await manager.query(
    `SELECT id FROM app_user WHERE id = ANY($1::int[]) AND active`,
    [unique],
  );
  const found = new Set(rows.map((row) => row.id));
  const missing = raterIds.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id));
  if (missing.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Unknown or inactive raters: ${missing.map((m) => m.id).join(', ')}`,
      missing.map(({ id, index }) => ({
        path: `raterIds.${index}`,
        message: `No active user with id ${id}`,
      })),
    );
  }
  return unique.length;
}

/**
 * Creates a draft batch and its items in one transaction. An impossible batch (no matching item,
 * a sample larger than the matching items, k above the raters allowed) is a 400 naming the field.
 */
export async function createBatch(
  manager: EntityManager,
  body: CreateBatchBody,
  createdBy: number | null,
): Promise<number> {
  const matching = await countMatching(manager, body);
  if (matching === 0) {
    throw new DomainError('VALIDATION_FAILED', 'No item matches these filters', [
      { path: 'filters', message: 'No item matches these filters' },
    ]);
  }
  if (body.sampleSize !== undefined && body.sampleSize > matching) {
    const message = `Only ${matching} items match these filters; the sample asks for ${body.sampleSize}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ path: 'sampleSize', message }]);
  }
  const raters = await raterCount(manager, body.raterIds);
  const kMax = body.overlap.adaptive ? body.overlap.kMax! : body.overlap.k;
  if (kMax > raters) {
    const path = body.overlap.adaptive ? 'overlap.kMax' : 'overlap.k';
    const message = `${kMax} raters per item, but only ${raters} raters may work on this batch`;
    throw new DomainError('VALIDATION_FAILED', message, [{ path, message }]);
  }
  const [batch] = await manager.query(
    `INSERT INTO batch (name, task_type, status, filters, sample_size, seed, k, adaptive, k_max, lease_seconds,
                        gold_share, gold_min_answers, gold_bar, guidelines, all_raters, created_by)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      body.name,
      body.taskType,
      JSON.stringify(body.filters),
      body.sampleSize ?? null,
      body.seed,
      body.overlap.k,
      body.overlap.adaptive,
      kMax,
      body.leaseSeconds,
      body.gold.share,
      body.gold.minAnswers,
      body.gold.bar,
      body.guidelines,
      body.raterIds === null,
      createdBy,
    ],
  );
  await insertItems(manager, batch.id, body);
  if (body.raterIds !== null) {
    await manager.query(
      `INSERT INTO batch_rater (batch_id, user_id, allowed) SELECT $1, unnest($2::int[]), true
       ON CONFLICT DO NOTHING`,
      [batch.id, [...new Set(body.raterIds)]],
    );
  }
  return batch.id;
}

async function insertItems(
  manager: EntityManager,
  batchId: number,
  body: CreateBatchBody,
): Promise<void> {
  const selection = selectionSql(body);
  const limit = body.sampleSize !== undefined ? `LIMIT ${Number(body.sampleSize)}` : '';
  const n = selection.params.length;
  await manager.query(
    `INSERT INTO batch_item (batch_id, subject_key, ${selection.subjectColumn}, position, target_k)
     SELECT $${n + 1}, subject_key, subject_id, row_number() OVER (ORDER BY rank, natural_key), $${n + 2}
       FROM (${selection.sql} ORDER BY rank, natural_key ${limit}) s`,
    [...selection.params, batchId, body.overlap.k],
  );
  await manager.query(
    `UPDATE batch SET item_count = (SELECT count(*) FROM batch_item WHERE batch_id = $1) WHERE id = $1`,
    [batchId],
  );
}
