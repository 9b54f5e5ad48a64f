import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AdjudicateBody,
  type AdjudicationResponse,
  type AdjudicationsQuery,
  type AnswerValue,
  type BatchItemDetail,
  type TaskType,
} from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { answerRows } from '../judgments/answers';
import { TaskViewRepository } from '../queue/task-view.repository';
import { ItemDetailRepository } from './item-detail.repository';

export interface Actor {
  id: number;
  ip: string | null;
}

interface ItemRow {
  id: string;
  batch_id: number;
  task_type: TaskType;
  is_gold: boolean;
  gold_answer: Record<string, string> | null;
  complete: boolean;
  submitted: number;
  target_k: number;
  turn_count: number;
  current_label: string;
}

interface AdjudicationRow {
  batch_item_id: string;
  batch_id: number;
  answers: unknown;
  note: string;
  adjudicated_by: number | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
  values: AnswerValue[];
}

const ADJUDICATION_SELECT = `
  SELECT a.batch_item_id, a.batch_id, a.answers, a.note, a.adjudicated_by, u.email, a.created_at,
         a.updated_at,
         coalesce((SELECT json_agg(json_build_object('question', aa.question, 'value', aa.value)
                                   ORDER BY aa.question)
                     FROM adjudication_answer aa WHERE aa.batch_item_id = a.batch_item_id),
                  '[]') AS values
    FROM adjudication a
    LEFT JOIN app_user u ON u.id = a.adjudicated_by`;

function toResponse(row: AdjudicationRow): AdjudicationResponse {
  return {
    batchId: row.batch_id,
    itemId: Number(row.batch_item_id),
    answers: row.answers,
    values: row.values,
    note: row.note,
    adjudicatedBy:
      row.adjudicated_by === null ? null : { id: row.adjudicated_by, email: row.email ?? '' },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * A batch item for review (what raters did with it: `ItemDetailRepository`), and adjudication:
 * an admin's final answer for the item, validated like a judgment's answers and stored in the
 * same question/value encoding, so that exports can prefer it to the consensus.
 */
@Injectable()
export class AdjudicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly taskViews: TaskViewRepository,
    private readonly details: ItemDetailRepository,
  ) {}

  async detail(batchId: number, itemId: number): Promise<BatchItemDetail> {
    const manager = this.dataSource.manager;
    const item = await this.item(manager, batchId, itemId);
    return {
      batchId,
      itemId,
      taskType: item.task_type,
      item: await this.taskViews.subject(manager, item.task_type, item.id),
      isGold: item.is_gold,
      goldAnswer: item.gold_answer,
      complete: item.complete,
      submitted: item.submitted,
      targetK: item.target_k,
      judgments: await this.details.judgments(manager, item.id),
      skipped: await this.details.skips(manager, item.id),
      votes: await this.details.votes(manager, item.id),
      adjudication: await this.find(manager, item.id),
    };
  }

  async adjudicate(
    batchId: number,
    itemId: number,
    body: AdjudicateBody,
    actor: Actor,
  ): Promise<AdjudicationResponse> {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.item(manager, batchId, itemId, true);
      const rows = answerRows(
        {
          taskType: item.task_type,
          swapped: false,
          turnCount: item.turn_count,
          currentLabel: item.current_label,
        },
        body.answers,
      );
      const [previous]: { batch_item_id: string }[] = await manager.query(
        `SELECT batch_item_id FROM adjudication WHERE batch_item_id = $1`,
        [item.id],
      );
      await manager.query(
        `INSERT INTO adjudication (batch_item_id, batch_id, answers, note, adjudicated_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (batch_item_id) DO UPDATE
            SET answers = EXCLUDED.answers, note = EXCLUDED.note,
                adjudicated_by = EXCLUDED.adjudicated_by, updated_at = now()`,
        [item.id, batchId, JSON.stringify(body.answers), body.note, actor.id],
      );
      await manager.query(`DELETE FROM adjudication_answer WHERE batch_item_id = $1`, [item.id]);
      await manager.query(
        `INSERT INTO adjudication_answer (batch_item_id, question, value, batch_id)
         SELECT $1, q, v, $2 FROM unnest($3::text[], $4::text[]) AS x(q, v)`,
        [item.id, batchId, rows.map((row) => row.question), rows.map((row) => row.value)],
      );
      await this.audit.record(
        {
          action: previous ? 'adjudication.updated' : 'adjudication.created',
          actorId: actor.id,
          targetType: 'batch_item',
          targetId: item.id,
          ip: actor.ip,
          details: { batchId, values: Object.fromEntries(rows.map((r) => [r.question, r.value])) },
        },
        manager,
      );
      return (await this.find(manager, item.id))!;
    });
  }

  async remove(batchId: number, itemId: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers a DELETE with [rows, rowCount].
      const [deleted]: [unknown[], number] = await manager.query(
        `DELETE FROM adjudication WHERE batch_item_id = $1 AND batch_id = $2 RETURNING batch_item_id`,
        [itemId, batchId],
      );
      if (deleted.length === 0)
        throw new DomainError('NOT_FOUND', `Item ${itemId} of batch ${batchId} is not adjudicated`);
      await this.audit.record(
        {
          action: 'adjudication.removed',
          actorId: actor.id,
          targetType: 'batch_item',
          targetId: itemId,
          ip: actor.ip,
          details: { batchId },
        },
        manager,
      );
    });
  }

  async list(
    batchId: number,
    query: AdjudicationsQuery,
  ): Promise<{ items: AdjudicationResponse[]; next: number | null }> {
    await this.batch(this.dataSource.manager, batchId);
    const rows: AdjudicationRow[] = await this.dataSource.query(
      `${ADJUDICATION_SELECT}
        WHERE a.batch_id = $1 AND a.batch_item_id > $2
        ORDER BY a.batch_item_id LIMIT $3`,
      [batchId, query.after ?? 0, query.limit + 1],
    );
    const page = rows.slice(0, query.limit).map(toResponse);
    return {
      items: page,
      next: rows.length > query.limit ? page[page.length - 1].itemId : null,
    };
  }

  private async find(manager: EntityManager, itemId: string): Promise<AdjudicationResponse | null> {
    const [row]: AdjudicationRow[] = await manager.query(
      `${ADJUDICATION_SELECT} WHERE a.batch_item_id = $1`,
      [itemId],
    );
    return row ? toResponse(row) : null;
  }

  private async batch(manager: EntityManager, batchId: number): Promise<void> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM batch WHERE id = $1`, [batchId]);
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
  }

  private async item(
    manager: EntityManager,
    batchId: number,
    itemId: number,
    lock = false,
  ): Promise<ItemRow> {
    await this.batch(manager, batchId);
    const [row]: ItemRow[] = await manager.query(
      `SELECT bi.id, bi.batch_id, b.task_type, bi.is_gold, bi.gold_answer, bi.complete,
              bi.submitted, bi.target_k, coalesce(ms.turn_count, 0)::int AS turn_count,
              coalesce(t.label, '') AS current_label
         FROM batch_item bi
         JOIN batch b ON b.id = bi.batch_id
         LEFT JOIN mt_session ms ON ms.id = bi.session_id
         LEFT JOIN edit e ON e.id = bi.edit_id
         LEFT JOIN edit_type t ON t.id = e.edit_type_id
        WHERE bi.id = $1 AND bi.batch_id = $2
        ${lock ? 'FOR UPDATE OF bi' : ''}`,
      [itemId, batchId],
    );
    if (!row) throw new DomainError('NOT_FOUND', `Batch ${batchId} has no item ${itemId}`);
    return row;
  }
}
