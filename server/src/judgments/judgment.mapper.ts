import { type JudgmentResponse } from '@peel/shared';

export interface JudgmentRow {
  id: string;
  assignment_id: string;
  batch_id: number;
  batch_item_id: string;
  submission_id: string;
  answers: unknown;
  dwell_ms: number;
  created_at: Date;
  revised_at: Date | null;
  revision: number;
}

export const JUDGMENT_COLUMNS = `id, assignment_id, batch_id, batch_item_id, submission_id, answers, dwell_ms,
  created_at, revised_at, revision`;

export function toJudgmentResponse(row: JudgmentRow): JudgmentResponse {
  return {
    id: Number(row.id),
    assignmentId: Number(row.assignment_id),
    batchId: row.batch_id,
    itemId: Number(row.batch_item_id),
    submissionId: row.submission_id,
    answers: row.answers,
    dwellMs: row.dwell_ms,
    createdAt: new Date(row.created_at).toISOString(),
    revisedAt: row.revised_at ? new Date(row.revised_at).toISOString() : null,
    revision: row.revision,
  };
}
