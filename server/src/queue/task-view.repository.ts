import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { EDIT_CATEGORIES, type Task, type TaskItem, type TaskType } from '@peel/shared';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { imageUrl } from '../dataset/images/image-urls';
import { type LiveLease } from './claim.repository';

const CATEGORY_NAMES = new Map<string, string>(EDIT_CATEGORIES.map((c) => [c.id, c.name]));

/** One edit as `queue_edit_view` reads it. */
interface EditView {
  image: string;
  instruction: string;
  summarized: string;
  label: string;
  categoryId: string;
  sourceUrl: string;
}

/** An item as `queue_task_view` reads it (migration CreateQueueFunctions), by task type. */
export type ItemView =
  | { first: EditView; second: EditView }
  | { edit: EditView }
  | {
      sessionKey: string;
      sourceUrl: string;
      /** The session's number of turns, as the submit validates answers against it. */
      turnCount: number;
      turns: { index: number; prompt: string; image: string }[];
    };

/**
 * Everything the client needs to show a leased item (pairwise sides in the presented order),
 * from the item as the claim read it: image URLs, category names.
 */
@Injectable()
export class TaskViewRepository {
  constructor(@Inject(PEEL_CONFIG) private readonly config: PeelConfig) {}

  tasks(
    batch: { id: number; taskType: TaskType; leaseSeconds: number },
    leases: (LiveLease & { view: ItemView })[],
  ): Task[] {
    return leases.map((lease) => ({
      assignmentId: Number(lease.id),
      batchId: batch.id,
      itemId: Number(lease.batchItemId),
      taskType: batch.taskType,
      expiresAt: new Date(lease.expiresAt).toISOString(),
      leaseSeconds: batch.leaseSeconds,
      item: this.item(batch.taskType, lease),
    }));
  }

  /** An item in its own orientation (pairwise `a` = the pair's first edit), for admins. */
  async subject(manager: EntityManager, taskType: TaskType, itemId: string): Promise<TaskItem> {
    const [{ view }]: { view: ItemView }[] = await manager.query(
      `SELECT queue_task_view($1) AS view`,
      [itemId],
    );
    return this.item(taskType, {
      id: 0,
      batchItemId: Number(itemId),
      expiresAt: new Date(0).toISOString(),
      swapped: false,
      view,
    });
  }

  private image(path: string) {
    return { url: imageUrl(this.config, path), path };
  }

  private editType(edit: EditView) {
    return {
      label: edit.label,
      categoryId: edit.categoryId,
      categoryName: CATEGORY_NAMES.get(edit.categoryId) ?? edit.categoryId,
    };
  }

  private item(taskType: TaskType, lease: LiveLease & { view: ItemView }): TaskItem {
    const view = lease.view;
    if (taskType === 'pairwise' && 'first' in view) {
      const [left, right] = lease.swapped ? [view.second, view.first] : [view.first, view.second];
      return {
        kind: 'pairwise',
        instruction: { long: view.first.instruction, short: view.first.summarized },
        editType: this.editType(view.first),
        source: this.image(view.first.sourceUrl),
        a: this.image(left.image),
        b: this.image(right.image),
      };
    }
    if (taskType === 'taxonomy' && 'edit' in view) {
      return {
        kind: 'taxonomy',
        instruction: { long: view.edit.instruction, short: view.edit.summarized },
        currentLabel: this.editType(view.edit),
        source: this.image(view.edit.sourceUrl),
        edit: this.image(view.edit.image),
      };
    }
    if (taskType === 'multi_turn' && 'turns' in view) {
      return {
        kind: 'multi_turn',
        sessionKey: view.sessionKey,
        source: this.image(view.sourceUrl),
        turns: view.turns.map((turn) => ({
          index: turn.index,
          prompt: turn.prompt,
          image: this.image(turn.image),
        })),
      };
    }
    throw new Error(`item ${lease.batchItemId} does not fit the batch's task type ${taskType}`);
  }
}
