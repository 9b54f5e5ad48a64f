import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  type BatchListQuery,
  type BatchListResponse,
  type BatchPreviewResponse,
  type BatchStatus,
  type BatchTransition,
  type CreateBatchBody,
  type PreviewBatchBody,
  findQuestion,
  type SetGoldBody,
  type TaskType,
} from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { readerQuery } from '../common/db/pg-pool';
import { DomainError } from '../common/errors/domain-error';
import { imageUrl } from '../dataset/images/image-urls';
import { PRIMARY_QUESTION } from '../judgments/answers';
import { listBatches } from './batch-list';
import { checkFiltersApply, selectionSql } from './batch-selection';
import { type BatchTotals } from './batch.mapper';
import { BatchEntity } from './batch.entity';
import { countMatching, createBatch } from './create-batch';

export interface Actor {
  id: number;
  ip: string | null;
}

/** draft → active → paused → completed → archived (a draft may also be archived). */
const TRANSITIONS: Record<BatchTransition, { from: BatchStatus[]; to: BatchStatus }> = {
  activate: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  complete: { from: ['active', 'paused'], to: 'completed' },
  archive: { from: ['draft', 'completed'], to: 'archived' },
};

@Injectable()
export class BatchesService {
  constructor(
    @InjectRepository(BatchEntity) private readonly batches: Repository<BatchEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  async preview(body: PreviewBatchBody): Promise<BatchPreviewResponse> {
    checkFiltersApply(body);
    const matching = await countMatching(this.dataSource.manager, body);
    const selection = selectionSql(body);
    const sample: { natural_key: string; edit_type: string | null; image: string }[] =
      await this.dataSource.query(
        `SELECT natural_key, edit_type, image FROM (${selection.sql}) s ORDER BY rank, natural_key LIMIT 12`,
        selection.params,
      );
    return {
      matching,
      selected: body.sampleSize === undefined ? matching : Math.min(body.sampleSize, matching),
      sample: sample.map((row) => ({
        key: row.natural_key,
        editType: row.edit_type,
        imageUrl: imageUrl(this.config, row.image),
      })),
    };
  }

  async create(body: CreateBatchBody, actor: Actor): Promise<BatchEntity> {
    const id = await this.dataSource.transaction(async (manager) => {
      const batchId = await createBatch(manager, body, actor.id);
      await this.audit.record(
        {
          action: 'batch.created',
          actorId: actor.id,
          targetType: 'batch',
          targetId: batchId,
          ip: actor.ip,
          details: { taskType: body.taskType },
        },
        manager,
      );
      return batchId;
    });
    return this.get(id);
  }

  /** The batch table, on the read replica when configured (a new batch shows once it has it). */
  list(query: BatchListQuery): Promise<BatchListResponse> {
    return listBatches(readerQuery(this.dataSource), query);
  }

  async get(id: number): Promise<BatchEntity> {
    const batch = await this.batches.findOneBy({ id });
    if (!batch) throw new DomainError('NOT_FOUND', `No batch with id ${id}`);
    return batch;
  }

  /** Judgment totals per batch, from the `batch_totals` view. */
  async totals(ids: number[]): Promise<Map<number, BatchTotals>> {
    const rows: { batch_id: number; judgment_count: number; items_complete: number }[] =
      await this.dataSource.query(
        `SELECT batch_id, judgment_count, items_complete FROM batch_totals WHERE batch_id = ANY($1::int[])`,
        [ids],
      );
    return new Map(
      rows.map((row) => [
        row.batch_id,
        { judgmentCount: row.judgment_count, itemsComplete: row.items_complete },
      ]),
    );
  }

  async raterIds(batch: BatchEntity): Promise<number[] | null> {
    if (batch.allRaters) return null;
    const rows: { user_id: number }[] = await this.dataSource.query(
      `SELECT user_id FROM batch_rater WHERE batch_id = $1 AND allowed ORDER BY user_id`,
      [batch.id],
    );
    return rows.map((row) => row.user_id);
  }

  async transition(id: number, action: BatchTransition, actor: Actor): Promise<BatchEntity> {
    await this.dataSource.transaction(async (manager) => {
      const [batch] = await manager.query(
        `SELECT status, item_count FROM batch WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!batch) throw new DomainError('NOT_FOUND', `No batch with id ${id}`);
      const rule = TRANSITIONS[action];
      if (!rule.from.includes(batch.status)) {
        throw new DomainError('CONFLICT', `Cannot ${action} a batch that is ${batch.status}`);
      }
      await manager.query(`UPDATE batch SET status = $2, updated_at = now() WHERE id = $1`, [
        id,
        rule.to,
      ]);
      await this.audit.record(
        {
          action: `batch.${rule.to}`,
          actorId: actor.id,
          targetType: 'batch',
          targetId: id,
          ip: actor.ip,
          details: { from: batch.status },
        },
        manager,
      );
    });
    return this.get(id);
  }

  /** Marks an item as gold with its expected answers (checked against the task type's questions). */
  async setGold(batchId: number, itemId: number, body: SetGoldBody, actor: Actor): Promise<void> {
    const batch = await this.get(batchId);
    checkExpected(batch.taskType, body.expected);
    await this.markGold(batchId, itemId, body.expected, actor);
  }

  /** Promotes an item whose judgments agree unanimously (at least 3) on the primary question. */
  async promoteGold(
    batchId: number,
    itemId: number,
    actor: Actor,
  ): Promise<Record<string, string>> {
    const batch = await this.get(batchId);
    const question = PRIMARY_QUESTION[batch.taskType];
    const rows: { value: string; n: number }[] = await this.dataSource.query(
      `SELECT a.value, count(*)::int AS n FROM judgment_answer a JOIN batch_item bi ON bi.id = a.batch_item_id
        WHERE bi.id = $1 AND bi.batch_id = $2 AND a.question = $3 GROUP BY a.value`,
      [itemId, batchId, question],
    );
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    if (rows.length !== 1 || total < 3) {
      throw new DomainError(
        'CONFLICT',
        `No strong consensus on "${question}" (needs at least 3 judgments, all alike; has ${total})`,
      );
    }
    const expected = { [question]: rows[0].value };
    await this.markGold(batchId, itemId, expected, actor);
    return expected;
  }

  async unsetGold(batchId: number, itemId: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [[item]]: [{ complete: boolean }[], number] = await manager.query(
        `UPDATE batch_item SET is_gold = false, gold_answer = NULL WHERE id = $1 AND batch_id = $2 AND is_gold
         RETURNING complete`,
        [itemId, batchId],
      );
      if (!item)
        throw new DomainError('NOT_FOUND', `Item ${itemId} of batch ${batchId} is not a gold item`);
      await manager.query(
        `UPDATE batch SET gold_count = gold_count - 1, item_count = item_count + 1,
                items_complete = items_complete + $2::int WHERE id = $1`,
        [batchId, item.complete ? 1 : 0],
      );
      await this.audit.record(
        {
          action: 'batch.gold_unset',
          actorId: actor.id,
          targetType: 'batch_item',
          targetId: itemId,
          ip: actor.ip,
        },
        manager,
      );
    });
  }

  private async markGold(
    batchId: number,
    itemId: number,
    expected: Record<string, string>,
    actor: Actor,
  ) {
    await this.dataSource.transaction(async (manager) => {
      const [item] = await manager.query(
        `SELECT is_gold, complete FROM batch_item WHERE id = $1 AND batch_id = $2 FOR UPDATE`,
        [itemId, batchId],
      );
      if (!item) throw new DomainError('NOT_FOUND', `No item ${itemId} in batch ${batchId}`);
      await manager.query(`UPDATE batch_item SET is_gold = true, gold_answer = $2 WHERE id = $1`, [
        itemId,
        JSON.stringify(expected),
      ]);
      if (!item.is_gold) {
        await manager.query(
          `UPDATE batch SET gold_count = gold_count + 1, item_count = item_count - 1,
                  items_complete = items_complete - $2::int WHERE id = $1`,
          [batchId, item.complete ? 1 : 0],
        );
      }
      await this.audit.record(
        {
          action: 'batch.gold_set',
          actorId: actor.id,
          targetType: 'batch_item',
          targetId: itemId,
          ip: actor.ip,
          details: { expected },
        },
        manager,
      );
    });
  }

  /** Raises or lowers an item in the claim order (after items already started). */
  async setPriority(
    batchId: number,
    itemId: number,
    priority: number,
    actor: Actor,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [rows]: [unknown[], number] = await manager.query(
        `UPDATE batch_item SET priority = $3 WHERE id = $1 AND batch_id = $2 RETURNING id`,
        [itemId, batchId, priority],
      );
      if (rows.length === 0)
        throw new DomainError('NOT_FOUND', `No item ${itemId} in batch ${batchId}`);
      await this.audit.record(
        {
          action: 'batch.item_priority_set',
          actorId: actor.id,
          targetType: 'batch_item',
          targetId: itemId,
          ip: actor.ip,
          details: { priority },
        },
        manager,
      );
    });
  }

  /** An admin pauses or lifts the pause of a rater in a batch (e.g. after a gold-bar pause). */
  async setRaterPaused(
    batchId: number,
    userId: number,
    paused: boolean,
    actor: Actor,
  ): Promise<void> {
    await this.get(batchId);
    const [user] = await this.dataSource.query(`SELECT id FROM app_user WHERE id = $1`, [userId]);
    if (!user) throw new DomainError('NOT_FOUND', `No user with id ${userId}`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO batch_rater (batch_id, user_id, allowed, paused, paused_reason) VALUES ($1, $2, false, $3, $4)
         ON CONFLICT (batch_id, user_id) DO UPDATE SET paused = $3, paused_reason = $4`,
        [batchId, userId, paused, paused ? 'paused by an admin' : null],
      );
      await this.audit.record(
        {
          action: paused ? 'batch.rater_paused' : 'batch.rater_unpaused',
          actorId: actor.id,
          targetType: 'user',
          targetId: userId,
          ip: actor.ip,
          details: { batchId },
        },
        manager,
      );
    });
  }
}

function checkExpected(taskType: TaskType, expected: Record<string, string>): void {
  const issues: { path: string; message: string }[] = [];
  for (const [question, value] of Object.entries(expected)) {
    const def = findQuestion(taskType, question);
    if (!def)
      issues.push({
        path: `expected.${question}`,
        message: `No question "${question}" in ${taskType} tasks`,
      });
    else if (!def.categories.includes(value)) {
      issues.push({
        path: `expected.${question}`,
        message: `"${value}" is not an answer to ${question}`,
      });
    }
  }
  if (Object.keys(expected).length === 0)
    issues.push({ path: 'expected', message: 'Give at least one expected answer' });
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Invalid gold answer', issues);
}
