import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AnswerValue, type BatchItemDetail, type SkipReason } from '@peel/shared';

type Judgment = BatchItemDetail['judgments'][number];
type Skip = BatchItemDetail['skipped'][number];
type Votes = BatchItemDetail['votes'];

interface RaterColumns {
  rater_id: number;
  email: string;
  display_name: string | null;
}

function rater(row: RaterColumns): Judgment['rater'] {
  return { id: row.rater_id, email: row.email, displayName: row.display_name };
}

/**
 * What raters did with one batch item, for the admin's item page: every judgment (its stored
 * values and the free-text reason of its answers), the votes per question, and every skip with
 * its reason and note. Reasons and notes are returned as typed; the client renders them as text.
 */
@Injectable()
export class ItemDetailRepository {
  async judgments(manager: EntityManager, itemId: string): Promise<Judgment[]> {
    const rows: (RaterColumns & {
      id: string;
      swapped: boolean;
      dwell_ms: number;
      gold_correct: boolean | null;
      created_at: Date;
      revised_at: Date | null;
      reason: string | null;
      values: AnswerValue[];
    })[] = await manager.query(
      `SELECT j.id, j.rater_id, u.email, u.display_name, a.swapped, j.dwell_ms, j.gold_correct,
              j.created_at, j.revised_at,
              CASE WHEN jsonb_typeof(j.answers -> 'reason') = 'string'
                    AND btrim(j.answers ->> 'reason') <> '' THEN j.answers ->> 'reason' END AS reason,
              coalesce((SELECT json_agg(json_build_object('question', ja.question, 'value', ja.value)
                                        ORDER BY ja.question)
                          FROM judgment_answer ja WHERE ja.judgment_id = j.id), '[]') AS values
         FROM judgment j
         JOIN assignment a ON a.id = j.assignment_id
         JOIN app_user u ON u.id = j.rater_id
        WHERE j.batch_item_id = $1
        ORDER BY j.created_at, j.id`,
      [itemId],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      rater: rater(row),
      values: row.values,
      swapped: row.swapped,
      dwellMs: row.dwell_ms,
      goldCorrect: row.gold_correct,
      createdAt: new Date(row.created_at).toISOString(),
      revisedAt: row.revised_at === null ? null : new Date(row.revised_at).toISOString(),
      reason: row.reason,
    }));
  }

  /** Votes per question and value, most votes first. */
  async votes(manager: EntityManager, itemId: string): Promise<Votes> {
    const rows: { question: string; value: string; n: number }[] = await manager.query(
      `SELECT question, value, count(*)::int AS n FROM judgment_answer
        WHERE batch_item_id = $1 GROUP BY question, value ORDER BY question, n DESC, value`,
      [itemId],
    );
    const byQuestion = new Map<string, { value: string; n: number }[]>();
    for (const vote of rows) {
      const counts = byQuestion.get(vote.question) ?? [];
      counts.push({ value: vote.value, n: vote.n });
      byQuestion.set(vote.question, counts);
    }
    return [...byQuestion].map(([question, counts]) => ({ question, counts }));
  }

  /** The skips of this item (the queue's `skip` sets them on the rater's lease), oldest first. */
  async skips(manager: EntityManager, itemId: string): Promise<Skip[]> {
    const rows: (RaterColumns & {
      skip_reason: SkipReason;
      skip_note: string | null;
      finished_at: Date;
    })[] = await manager.query(
      `SELECT a.rater_id, u.email, u.display_name, a.skip_reason, a.skip_note, a.finished_at
         FROM assignment a
         JOIN app_user u ON u.id = a.rater_id
        WHERE a.batch_item_id = $1 AND a.state = 'skipped'
        ORDER BY a.finished_at, a.id`,
      [itemId],
    );
    return rows.map((row) => ({
      rater: rater(row),
      reason: row.skip_reason,
      note: row.skip_note === null || row.skip_note.trim() === '' ? null : row.skip_note,
      skippedAt: new Date(row.finished_at).toISOString(),
    }));
  }
}
