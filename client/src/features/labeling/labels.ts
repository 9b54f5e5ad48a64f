import { type RaterProgress, type TaskType } from '@peel/shared';

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  pairwise: 'Pairwise comparison',
  multi_turn: 'Multi-turn grading',
  taxonomy: 'Edit-type check',
};

/**
 * What a rater has answered in a batch and what is left, as shown to them. The server's `done`
 * leaves out check (gold) items; a rater counts every answer and must not tell which were checks.
 */
export function answeredCount(progress: RaterProgress): { answered: number; total: number } {
  const answered = progress.done + progress.gold.answered;
  return { answered, total: answered + progress.remaining };
}
