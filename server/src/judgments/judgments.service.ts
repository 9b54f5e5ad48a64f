import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type JudgmentResponse,
  type RaterProgress,
  type ReviseJudgmentBody,
  type SubmitJudgmentBody,
} from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { ProgressRepository } from '../queue/progress.repository';
import { answerRows } from './answers';
import { JUDGMENT_COLUMNS, type JudgmentRow, toJudgmentResponse } from './judgment.mapper';
import { COUNTER_SHARDS, insertAnswers, repeatOf, submitJudgment } from './submit-judgment';

@Injectable()
export class JudgmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: ProgressRepository,
  ) {}

  async submit(
    assignmentId: number,
    raterId: number,
    body: SubmitJudgmentBody,
  ): Promise<{ created: boolean; judgment: JudgmentResponse; progress: RaterProgress }> {
    const result = await submitJudgment(this.dataSource, assignmentId, raterId, body).catch(
      (error: unknown) => this.repeatAfterRace(error, body.submissionId, raterId, assignmentId),
    );
    return {
      created: result.created,
      judgment: toJudgmentResponse(result.judgment),
      progress:
        result.progress ??
        (await this.progress.progress(this.dataSource.manager, result.batchId, raterId)),
    };
  }

  /**
   * Two requests with one submission id raced past the idempotency check and the second hit the
   * unique index: answer as the first did (or a conflict when it was for another task).
   */
  private async repeatAfterRace(
    error: unknown,
    submissionId: string,
    raterId: number,
    assignmentId: number,
  ) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError?.code !== '23505' || pgError.constraint !== 'uq_judgment_submission') throw error;
    const [row] = await this.dataSource.query(
      `SELECT ${JUDGMENT_COLUMNS}, rater_id FROM judgment WHERE submission_id = $1`,
      [submissionId],
    );
    return repeatOf(row, raterId, assignmentId);
  }

  /** The rater revises their own judgment (undo) while the batch is active; counters stay. */
  async revise(
    judgmentId: number,
    raterId: number,
    body: ReviseJudgmentBody,
  ): Promise<JudgmentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT j.id, j.rater_id, j.batch_id, j.batch_item_id, j.assignment_id, a.swapped, b.task_type, b.status,
                coalesce(ms.turn_count, 0)::int AS turn_count, coalesce(t.label, '') AS current_label
           FROM judgment j
           JOIN assignment a ON a.id = j.assignment_id
           JOIN batch b ON b.id = j.batch_id
           JOIN batch_item bi ON bi.id = j.batch_item_id
           LEFT JOIN mt_session ms ON ms.id = bi.session_id
           LEFT JOIN edit e ON e.id = bi.edit_id
           LEFT JOIN edit_type t ON t.id = e.edit_type_id
          WHERE j.id = $1
          FOR UPDATE OF j`,
        [judgmentId],
      );
      if (!row) throw new DomainError('NOT_FOUND', `No judgment with id ${judgmentId}`);
      if (row.rater_id !== raterId)
        throw new DomainError('FORBIDDEN', 'This judgment is not yours');
      if (row.status !== 'active')
        throw new DomainError(
          'BATCH_NOT_ACTIVE',
          `The batch is ${row.status}; judgments can no longer change`,
        );
      const rows = answerRows(
        {
          taskType: row.task_type,
          swapped: row.swapped,
          turnCount: row.turn_count,
          currentLabel: row.current_label,
        },
        body.answers,
      );
      await manager.query(
        `UPDATE judgment SET answers = $2, dwell_ms = dwell_ms + coalesce($3, 0), revised_at = now(),
                revision = revision + 1 WHERE id = $1`,
        [judgmentId, JSON.stringify(body.answers), body.dwellMs ?? null],
      );
      await manager.query(`DELETE FROM judgment_answer WHERE judgment_id = $1`, [judgmentId]);
      await manager.query(
        `INSERT INTO batch_counter (batch_id, shard, revisions) VALUES ($1, $2, 1)
         ON CONFLICT (batch_id, shard) DO UPDATE SET revisions = batch_counter.revisions + 1`,
        [row.batch_id, raterId % COUNTER_SHARDS],
      );
      await insertAnswers(manager, row.id, row, rows);
      await manager.query(
        `INSERT INTO assignment_event (assignment_id, actor_id, event, details) VALUES ($1, $2, 'revised', $3)`,
        [row.assignment_id, raterId, JSON.stringify({ judgmentId })],
      );
      const [updated] = await manager.query(
        `SELECT ${JUDGMENT_COLUMNS} FROM judgment WHERE id = $1`,
        [judgmentId],
      );
      return toJudgmentResponse(updated);
    });
  }

  async mine(batchId: number, raterId: number, limit: number): Promise<JudgmentResponse[]> {
    const rows: JudgmentRow[] = await this.dataSource.query(
      `SELECT ${JUDGMENT_COLUMNS} FROM judgment WHERE batch_id = $1 AND rater_id = $2 ORDER BY id DESC LIMIT $3`,
      [batchId, raterId, limit],
    );
    return rows.map(toJudgmentResponse);
  }
}
