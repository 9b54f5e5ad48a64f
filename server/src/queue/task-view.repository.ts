import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { EDIT_CATEGORIES, type Task, type TaskItem, type TaskType } from '@peel/shared';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { imageUrl } from '../dataset/images/image-urls';
import { type LiveLease } from './claim.repository';

const CATEGORY_NAMES = new Map<string, string>(EDIT_CATEGORIES.map((c) => [c.id, c.name]));

interface EditRow {
  image: string;
  instruction: string;
  summarized: string;
  label: string;
  category_id: string;
  source_url: string;
}

/** Everything the client needs to show a leased item (pairwise sides in the presented order). */
@Injectable()
export class TaskViewRepository {
  constructor(@Inject(PEEL_CONFIG) private readonly config: PeelConfig) {}

  async tasks(
    manager: EntityManager,
    batch: { id: number; taskType: TaskType; leaseSeconds: number },
    leases: LiveLease[],
  ): Promise<Task[]> {
    const out: Task[] = [];
    for (const lease of leases) {
      out.push({
        assignmentId: Number(lease.id),
        batchId: batch.id,
        itemId: Number(lease.batchItemId),
        taskType: batch.taskType,
        expiresAt: new Date(lease.expiresAt).toISOString(),
        leaseSeconds: batch.leaseSeconds,
        item: await this.item(manager, batch.taskType, lease),
      });
    }
    return out;
  }

  /** An item in its own orientation (pairwise `a` = the pair's first edit), for admins. */
  subject(manager: EntityManager, taskType: TaskType, itemId: string): Promise<TaskItem> {
    return this.item(manager, taskType, {
      id: '0',
      batchItemId: itemId,
      expiresAt: new Date(0),
      swapped: false,
    });
  }

  private image(path: string) {
    return { url: imageUrl(this.config, path), path };
  }

  private editType(row: EditRow) {
    return {
      label: row.label,
      categoryId: row.category_id,
      categoryName: CATEGORY_NAMES.get(row.category_id) ?? row.category_id,
    };
  }

  private async item(
    manager: EntityManager,
    taskType: TaskType,
    lease: LiveLease,
  ): Promise<TaskItem> {
    if (taskType === 'pairwise') return this.pairwise(manager, lease);
    if (taskType === 'multi_turn') return this.multiTurn(manager, lease.batchItemId);
    return this.taxonomy(manager, lease.batchItemId);
  }

  private editRows(
    manager: EntityManager,
    where: string,
    itemId: string,
  ): Promise<(EditRow & { role: string })[]> {
    return manager.query(
      `SELECT x.role, e.image, e.instruction, e.summarized_instruction AS summarized, t.label,
              t.category_id, s.url AS source_url
         FROM batch_item bi
         ${where}
         JOIN edit e ON e.id = x.edit_id
         JOIN edit_type t ON t.id = e.edit_type_id
         JOIN source_image s ON s.id = e.source_image_id
        WHERE bi.id = $1`,
      [itemId],
    );
  }

  private async pairwise(manager: EntityManager, lease: LiveLease): Promise<TaskItem> {
    const rows = await this.editRows(
      manager,
      `JOIN edit_pair p ON p.id = bi.pair_id
       CROSS JOIN LATERAL (VALUES ('first', p.first_edit_id), ('second', p.second_edit_id)) AS x(role, edit_id)`,
      lease.batchItemId,
    );
    const first = rows.find((row) => row.role === 'first')!;
    const second = rows.find((row) => row.role === 'second')!;
    const [left, right] = lease.swapped ? [second, first] : [first, second];
    return {
      kind: 'pairwise',
      instruction: { long: first.instruction, short: first.summarized },
      editType: this.editType(first),
      source: this.image(first.source_url),
      a: this.image(left.image),
      b: this.image(right.image),
    };
  }

  private async taxonomy(manager: EntityManager, itemId: string): Promise<TaskItem> {
    const [row] = await this.editRows(
      manager,
      `CROSS JOIN LATERAL (VALUES ('edit', bi.edit_id)) AS x(role, edit_id)`,
      itemId,
    );
    return {
      kind: 'taxonomy',
      instruction: { long: row.instruction, short: row.summarized },
      currentLabel: this.editType(row),
      source: this.image(row.source_url),
      edit: this.image(row.image),
    };
  }

  private async multiTurn(manager: EntityManager, itemId: string): Promise<TaskItem> {
    const rows: {
      session_key: string;
      source_url: string;
      turn_index: number;
      prompt: string;
      image: string;
    }[] = await manager.query(
      `SELECT ms.session_key, s.url AS source_url, t.turn_index, t.prompt, t.image
           FROM batch_item bi
           JOIN mt_session ms ON ms.id = bi.session_id
           JOIN source_image s ON s.id = ms.source_image_id
           JOIN mt_turn t ON t.session_id = ms.id
          WHERE bi.id = $1
          ORDER BY t.turn_index`,
      [itemId],
    );
    return {
      kind: 'multi_turn',
      sessionKey: rows[0].session_key,
      source: this.image(rows[0].source_url),
      turns: rows.map((row) => ({
        index: row.turn_index,
        prompt: row.prompt,
        image: this.image(row.image),
      })),
    };
  }
}
