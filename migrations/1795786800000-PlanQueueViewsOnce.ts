import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { QUEUE_EDIT_VIEW, QUEUE_TASK_VIEW } from './1795786497509-CreateQueueFunctions';

/**
 * The task views (`queue_task_view`, `queue_edit_view`) in PL/pgSQL rather than SQL, with the same
 * queries and answers. PostgreSQL parses and plans a SQL function that it cannot inline again on
 * every call; PL/pgSQL keeps each statement's plan for the connection. Every claim builds two
 * task views (four edit views): 1.9 ms each as SQL, 0.22 ms as PL/pgSQL (pgbench, one client,
 * a 200,000-item batch), and planning was most of the database's CPU per queue cycle.
 */
export class PlanQueueViewsOnce1795786800000 implements MigrationInterface {
  name = 'PlanQueueViewsOnce1795786800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(EDIT_VIEW);
    await queryRunner.query(TASK_VIEW);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION queue_task_view(bigint)');
    await queryRunner.query('DROP FUNCTION queue_edit_view(bigint)');
    await queryRunner.query(QUEUE_EDIT_VIEW);
    await queryRunner.query(QUEUE_TASK_VIEW);
  }
}

const EDIT_VIEW = `
CREATE OR REPLACE FUNCTION queue_edit_view(p_edit bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT jsonb_build_object('image', e.image, 'instruction', e.instruction,
                                    'summarized', e.summarized_instruction, 'label', t.label,
                                    'categoryId', t.category_id, 'sourceUrl', s.url)
            FROM edit e
            JOIN edit_type t ON t.id = e.edit_type_id
            JOIN source_image s ON s.id = e.source_image_id
           WHERE e.id = p_edit);
END
$fn$`;

const TASK_VIEW = `
CREATE OR REPLACE FUNCTION queue_task_view(p_item bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  bi record;
BEGIN
  SELECT pair_id, edit_id, session_id INTO bi FROM batch_item WHERE id = p_item;
  IF NOT FOUND THEN
    RETURN NULL;
  ELSIF bi.pair_id IS NOT NULL THEN
    RETURN (SELECT jsonb_build_object('first', queue_edit_view(p.first_edit_id),
                                      'second', queue_edit_view(p.second_edit_id))
              FROM edit_pair p WHERE p.id = bi.pair_id);
  ELSIF bi.edit_id IS NOT NULL THEN
    RETURN jsonb_build_object('edit', queue_edit_view(bi.edit_id));
  END IF;
  RETURN (SELECT jsonb_build_object(
                   'sessionKey', ms.session_key, 'sourceUrl', s.url, 'turnCount', ms.turn_count,
                   'turns', coalesce((SELECT jsonb_agg(jsonb_build_object('index', t.turn_index,
                                                                          'prompt', t.prompt,
                                                                          'image', t.image)
                                                       ORDER BY t.turn_index)
                                        FROM mt_turn t WHERE t.session_id = ms.id), '[]'::jsonb))
            FROM mt_session ms JOIN source_image s ON s.id = ms.source_image_id
           WHERE ms.id = bi.session_id);
END
$fn$`;
