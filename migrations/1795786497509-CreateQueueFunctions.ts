import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The queue's hot path as SQL functions, so that a claim and a submit are one statement (one
 * round trip, plans cached by PL/pgSQL, row locks held only while PostgreSQL works, never while a
 * busy Node process reads the previous answer):
 *
 * - `queue_progress(batch, rater)`: a rater's progress in a batch (the `RaterProgress` shape).
 * - `queue_task_view(item)` (with `queue_edit_view(edit)`): what the client shows of an item
 *   (edits, session turns), as stored.
 * - `queue_claim(batch, rater, max_leases)`: the rater's lock, the batch check, the lazy reclaim
 *   of expired leases, then new leases up to `max_leases` (gold at the batch's share, else the next
 *   open item, `FOR UPDATE SKIP LOCKED` on the claim index), the rater's live leases with their
 *   task views, and progress.
 * - `queue_submit(...)`: the judgment, its answer rows, the lease, the item's and batch's
 *   counters, gold accuracy and the gold-bar pause, adaptive overlap and the event, after
 *   re-checking the lease under the rater's lock and the lease and item row locks.
 *
 * Each returns jsonb with an `outcome`; the services turn the outcomes into answers and errors.
 * The rules are the ones described in ARCHITECTURE.md ("The queue", "Submit").
 */
export class CreateQueueFunctions1795786497509 implements MigrationInterface {
  name = 'CreateQueueFunctions1795786497509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(QUEUE_PROGRESS);
    await queryRunner.query(QUEUE_EDIT_VIEW);
    await queryRunner.query(QUEUE_TASK_VIEW);
    await queryRunner.query(QUEUE_CLAIM);
    await queryRunner.query(QUEUE_SUBMIT);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION queue_submit(bigint, integer, uuid, jsonb, integer, text[], text[], boolean, text)',
    );
    await queryRunner.query('DROP FUNCTION queue_claim(integer, integer, integer)');
    await queryRunner.query('DROP FUNCTION queue_task_view(bigint)');
    await queryRunner.query('DROP FUNCTION queue_edit_view(bigint)');
    await queryRunner.query('DROP FUNCTION queue_progress(integer, integer)');
  }
}

/**
 * From counters and the rater's own rows, never a batch scan: done (non-gold judgments), the
 * items still open to the rater (open items minus the open ones they hold, did or skipped),
 * gold accuracy and the pause.
 */
export const QUEUE_PROGRESS = `
CREATE FUNCTION queue_progress(p_batch integer, p_rater integer) RETURNS jsonb
LANGUAGE sql AS $fn$
  SELECT jsonb_build_object(
           'batchId', b.id,
           'done', (SELECT count(*) FROM judgment j
                     WHERE j.batch_id = b.id AND j.rater_id = p_rater AND NOT j.is_gold),
           'remaining', greatest(0, b.item_count - t.items_complete
             - (SELECT count(*) FROM assignment a JOIN batch_item bi ON bi.id = a.batch_item_id
                 WHERE a.rater_id = p_rater AND a.batch_id = b.id AND a.state <> 'expired'
                   AND NOT bi.is_gold AND NOT bi.complete)),
           'total', b.item_count,
           'itemsComplete', t.items_complete,
           'gold', jsonb_build_object('answered', coalesce(r.gold_answered, 0),
                                      'correct', coalesce(r.gold_correct, 0),
                                      'paused', coalesce(r.paused, false)))
    FROM batch b JOIN batch_totals t ON t.batch_id = b.id
    LEFT JOIN batch_rater r ON r.batch_id = b.id AND r.user_id = p_rater
   WHERE b.id = p_batch
$fn$`;

/** One edit as a task shows it: image, instructions, label, source image. */
export const QUEUE_EDIT_VIEW = `
CREATE FUNCTION queue_edit_view(p_edit bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('image', e.image, 'instruction', e.instruction,
                            'summarized', e.summarized_instruction, 'label', t.label,
                            'categoryId', t.category_id, 'sourceUrl', s.url)
    FROM edit e
    JOIN edit_type t ON t.id = e.edit_type_id
    JOIN source_image s ON s.id = e.source_image_id
   WHERE e.id = p_edit
$fn$`;

/** An item as stored: a pair's two edits, a taxonomy edit, or a multi-turn session and its turns. */
export const QUEUE_TASK_VIEW = `
CREATE FUNCTION queue_task_view(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN bi.pair_id IS NOT NULL THEN
      (SELECT jsonb_build_object('first', queue_edit_view(p.first_edit_id),
                                 'second', queue_edit_view(p.second_edit_id))
         FROM edit_pair p WHERE p.id = bi.pair_id)
    WHEN bi.edit_id IS NOT NULL THEN jsonb_build_object('edit', queue_edit_view(bi.edit_id))
    ELSE
      (SELECT jsonb_build_object(
                'sessionKey', ms.session_key, 'sourceUrl', s.url, 'turnCount', ms.turn_count,
                'turns', coalesce((SELECT jsonb_agg(jsonb_build_object('index', t.turn_index,
                                                                       'prompt', t.prompt,
                                                                       'image', t.image)
                                                    ORDER BY t.turn_index)
                                     FROM mt_turn t WHERE t.session_id = ms.id), '[]'::jsonb))
         FROM mt_session ms JOIN source_image s ON s.id = ms.source_image_id
        WHERE ms.id = bi.session_id)
  END
  FROM batch_item bi WHERE bi.id = p_item
$fn$`;

const QUEUE_CLAIM = `
CREATE FUNCTION queue_claim(p_batch integer, p_rater integer, p_max integer) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  b record;
  v_live integer;
  v_served integer;
  v_gold_served integer;
  v_gold bigint;
  v_item bigint;
BEGIN
  -- A rater's claims and submits are serialized: two tabs get the same leases, and a late submit
  -- never deadlocks with a claim of the same item. Every statement below sees what committed
  -- before the lock was granted (a fresh snapshot per statement).
  PERFORM pg_advisory_xact_lock(7233100, p_rater);
  SELECT bt.status, bt.task_type, bt.seed, bt.lease_seconds, bt.gold_share::numeric AS gold_share,
         bt.gold_count, bt.all_raters, r.allowed, r.paused,
         coalesce(r.served, 0) AS served, coalesce(r.gold_served, 0) AS gold_served
    INTO b
    FROM batch bt LEFT JOIN batch_rater r ON r.batch_id = bt.id AND r.user_id = p_rater
   WHERE bt.id = p_batch;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  IF NOT b.all_raters AND NOT coalesce(b.allowed, false) THEN
    RETURN jsonb_build_object('outcome', 'forbidden');
  END IF;
  IF b.status <> 'active' THEN
    RETURN jsonb_build_object('outcome', 'not_active', 'status', b.status);
  END IF;
  IF coalesce(b.paused, false) THEN
    RETURN jsonb_build_object('outcome', 'paused');
  END IF;

  -- Expired leases stop counting against their items' slots (lazily: no sweeper). Leases another
  -- transaction holds are skipped, so concurrent claims never wait on each other here.
  WITH expired AS (
    UPDATE assignment SET state = 'expired', finished_at = now()
     WHERE id IN (SELECT id FROM assignment
                   WHERE batch_id = p_batch AND state = 'leased' AND expires_at < now()
                   ORDER BY expires_at LIMIT 64 FOR UPDATE SKIP LOCKED)
    RETURNING id, batch_item_id, is_gold
  ), events AS (
    INSERT INTO assignment_event (assignment_id, event) SELECT id, 'expired' FROM expired
  )
  UPDATE batch_item bi SET leased = bi.leased - e.n
    FROM (SELECT batch_item_id, count(*)::int AS n FROM expired WHERE NOT is_gold
           GROUP BY batch_item_id) e
   WHERE bi.id = e.batch_item_id;

  SELECT count(*) INTO v_live FROM assignment
   WHERE batch_id = p_batch AND rater_id = p_rater AND state = 'leased' AND expires_at > now();
  v_served := b.served;
  v_gold_served := b.gold_served;

  WHILE v_live < p_max LOOP
    v_gold := NULL;
    IF b.gold_count > 0 AND v_gold_served < b.gold_share * (v_served + 1) THEN
      -- A gold item this rater has not had (gold has no k: every rater may answer each once).
      SELECT bi.id INTO v_gold FROM batch_item bi
       WHERE bi.batch_id = p_batch AND bi.is_gold
         AND NOT EXISTS (SELECT 1 FROM assignment a
                          WHERE a.rater_id = p_rater AND a.batch_item_id = bi.id AND a.state <> 'expired')
       ORDER BY bi.position
       LIMIT 1;
    END IF;

    IF v_gold IS NOT NULL THEN
      v_item := v_gold;
    ELSE
      -- The next open item, locked: items already started first (finish items before opening new
      -- ones), then priority, then the seeded order. The partial index ix_batch_item_claim has
      -- exactly this order, so no sort happens under the row locks; PostgreSQL re-checks
      -- submitted + leased < k after taking the lock.
      SELECT bi.id INTO v_item FROM batch_item bi
       WHERE bi.batch_id = p_batch AND NOT bi.complete AND NOT bi.is_gold
         AND bi.submitted + bi.leased < bi.target_k
         AND NOT EXISTS (SELECT 1 FROM assignment a
                          WHERE a.rater_id = p_rater AND a.batch_item_id = bi.id AND a.state <> 'expired')
       ORDER BY bi.started DESC, bi.priority DESC, bi.position
       LIMIT 1
       FOR UPDATE SKIP LOCKED;
      EXIT WHEN v_item IS NULL;
    END IF;

    -- The lease (or this rater's own expired one revived), counted on the item and on the
    -- rater's standing, and its event: one statement.
    WITH lease AS (
      INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at)
      SELECT p_batch, v_item, p_rater, 'leased',
             b.task_type = 'pairwise'
               AND (hashtext(b.seed::text || ':' || v_item::text || ':' || p_rater::text) & 1) = 1,
             v_gold IS NOT NULL, now() + b.lease_seconds * interval '1 second'
      ON CONFLICT (rater_id, batch_item_id) DO UPDATE
         SET state = 'leased', leased_at = now(), expires_at = EXCLUDED.expires_at, finished_at = NULL,
             is_gold = EXCLUDED.is_gold, swapped = EXCLUDED.swapped
       WHERE assignment.state = 'expired'
      RETURNING id, batch_item_id
    ), item AS (
      UPDATE batch_item SET leased = leased + 1, started = true
       WHERE id = (SELECT batch_item_id FROM lease) AND v_gold IS NULL
    ), standing AS (
      INSERT INTO batch_rater (batch_id, user_id, allowed, served, gold_served)
      SELECT p_batch, p_rater, false, 1, (v_gold IS NOT NULL)::int FROM lease
      ON CONFLICT (batch_id, user_id) DO UPDATE
         SET served = batch_rater.served + 1,
             gold_served = batch_rater.gold_served + (v_gold IS NOT NULL)::int
    ), event AS (
      INSERT INTO assignment_event (assignment_id, actor_id, event, details)
      SELECT id, p_rater, 'leased',
             jsonb_build_object('itemId', batch_item_id, 'gold', v_gold IS NOT NULL, 'asked', v_gold)
        FROM lease
    )
    SELECT batch_item_id INTO v_item FROM lease;
    EXIT WHEN v_item IS NULL;
    v_item := NULL;
    v_live := v_live + 1;
    v_served := v_served + 1;
    IF v_gold IS NOT NULL THEN
      v_gold_served := v_gold_served + 1;
    END IF;
  END LOOP;

  RETURN jsonb_build_object(
    'outcome', 'ok',
    'taskType', b.task_type,
    'leaseSeconds', b.lease_seconds,
    'leases', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'id', l.id, 'batchItemId', l.batch_item_id, 'expiresAt', l.expires_at,
                        'swapped', l.swapped, 'view', queue_task_view(l.batch_item_id))
                        ORDER BY l.leased_at, l.id), '[]'::jsonb)
                 FROM (SELECT id, batch_item_id, expires_at, swapped, leased_at FROM assignment
                        WHERE batch_id = p_batch AND rater_id = p_rater AND state = 'leased'
                          AND expires_at > now()
                        ORDER BY leased_at, id LIMIT p_max) l),
    'progress', queue_progress(p_batch, p_rater));
END
$fn$`;

/**
 * $6/$7 are the answer rows (question, value) the server computed from the lease as it read it
 * (p_swapped, p_label: the pair's presented order, the edit's label); when the locked lease says
 * otherwise the outcome is 'stale' and the server computes them again.
 */
const QUEUE_SUBMIT = `
CREATE FUNCTION queue_submit(p_assignment bigint, p_rater integer, p_submission uuid, p_answers jsonb,
                             p_dwell integer, p_questions text[], p_values text[], p_swapped boolean,
                             p_label text) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  l record;
  it record;
  v_previous jsonb;
  v_counted boolean;
  v_gold_correct boolean;
  v_judgment jsonb;
  v_submitted integer;
  v_target integer;
  v_complete boolean;
BEGIN
  -- The same lock as the rater's claims, taken first as a claim does: a late submit and a claim
  -- of the same item cannot deadlock.
  PERFORM pg_advisory_xact_lock(7233100, p_rater);
  SELECT a.id, a.rater_id, a.state, a.batch_id, a.batch_item_id, a.swapped, a.is_gold,
         extract(epoch FROM now() - a.expires_at)::float8 AS overdue_s,
         b.task_type, b.status, b.lease_seconds, b.adaptive, b.k_max, b.gold_min_answers, b.gold_bar,
         coalesce(t.label, '') AS current_label
    INTO l
    FROM assignment a JOIN batch b ON b.id = a.batch_id
    JOIN batch_item bi ON bi.id = a.batch_item_id
    LEFT JOIN edit e ON e.id = bi.edit_id
    LEFT JOIN edit_type t ON t.id = e.edit_type_id
   WHERE a.id = p_assignment
   FOR UPDATE OF a;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  -- A repeat of a stored submission answers as the first did (also one that committed while this
  -- one waited for the lock).
  SELECT to_jsonb(pj) INTO v_previous
    FROM (SELECT id, assignment_id, batch_id, batch_item_id, submission_id, answers, dwell_ms,
                 created_at, revised_at, revision, rater_id
            FROM judgment WHERE submission_id = p_submission) pj;
  IF v_previous IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', 'previous', 'judgment', v_previous);
  END IF;
  IF l.rater_id <> p_rater THEN
    RETURN jsonb_build_object('outcome', 'forbidden');
  END IF;
  IF l.status NOT IN ('active', 'paused') THEN
    RETURN jsonb_build_object('outcome', 'not_active', 'status', l.status);
  END IF;
  IF l.state = 'skipped' THEN
    RETURN jsonb_build_object('outcome', 'skipped');
  END IF;
  IF l.state = 'submitted' THEN
    RETURN jsonb_build_object('outcome', 'already_submitted');
  END IF;
  IF l.swapped IS DISTINCT FROM p_swapped OR l.current_label IS DISTINCT FROM p_label THEN
    RETURN jsonb_build_object('outcome', 'stale');
  END IF;

  SELECT bi.submitted, bi.leased, bi.target_k, bi.gold_answer, bi.is_gold
    INTO it FROM batch_item bi WHERE bi.id = l.batch_item_id FOR UPDATE;
  -- A live lease, or one past its expiry but not yet reclaimed, still holds its slot; a reclaimed
  -- one is accepted within one more lease time only while the item has a free slot (strict k).
  v_counted := l.state = 'leased';
  IF l.overdue_s > l.lease_seconds THEN
    RETURN jsonb_build_object('outcome', 'expired_too_long');
  END IF;
  IF NOT v_counted AND NOT l.is_gold AND it.submitted + it.leased >= it.target_k THEN
    RETURN jsonb_build_object('outcome', 'slot_taken');
  END IF;
  IF l.is_gold AND it.gold_answer IS NOT NULL THEN
    -- Correct when every expected value is among the stored rows.
    v_gold_correct := NOT EXISTS (
      SELECT 1 FROM jsonb_each_text(it.gold_answer) g
       WHERE NOT EXISTS (SELECT 1 FROM unnest(p_questions, p_values) AS x(q, v)
                          WHERE x.q = g.key AND x.v = g.value));
  END IF;

  -- The judgment, its answer rows (pair orientation), the lease marked submitted and the event.
  WITH j AS (
    INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers,
                          dwell_ms, is_gold, gold_correct)
    VALUES (l.id, l.batch_id, l.batch_item_id, l.rater_id, p_submission, p_answers, p_dwell,
            l.is_gold, v_gold_correct)
    RETURNING id, assignment_id, batch_id, batch_item_id, submission_id, answers, dwell_ms,
              created_at, revised_at, revision
  ), answers AS (
    INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
    SELECT j.id, x.q, x.v, l.batch_id, l.batch_item_id, l.rater_id
      FROM j, unnest(p_questions, p_values) AS x(q, v)
  ), lease AS (
    UPDATE assignment SET state = 'submitted', finished_at = now() WHERE id = l.id
  ), event AS (
    INSERT INTO assignment_event (assignment_id, actor_id, event, details)
    SELECT l.id, l.rater_id, CASE WHEN l.overdue_s > 0 THEN 'submitted_late' ELSE 'submitted' END,
           jsonb_build_object('judgmentId', j.id) FROM j
  )
  SELECT to_jsonb(j) INTO v_judgment FROM j;

  IF v_gold_correct IS NOT NULL THEN
    -- Gold accuracy; below the bar after the minimum number of gold answers, the rater is paused.
    UPDATE batch_rater
       SET gold_answered = gold_answered + 1, gold_correct = gold_correct + v_gold_correct::int,
           paused = paused OR (gold_answered + 1 >= l.gold_min_answers
                               AND (gold_correct + v_gold_correct::int)::real / (gold_answered + 1) < l.gold_bar),
           paused_reason = CASE
             WHEN NOT paused AND gold_answered + 1 >= l.gold_min_answers
                  AND (gold_correct + v_gold_correct::int)::real / (gold_answered + 1) < l.gold_bar
             THEN 'gold accuracy below the bar' ELSE paused_reason END
     WHERE batch_id = l.batch_id AND user_id = l.rater_id;
  END IF;

  -- The item's counters (under its row lock) and the batch's, on the rater's shard (64 shards)
  -- rather than the batch row every rater would queue on. At k judgments the item is complete,
  -- unless adaptive overlap sees disagreement on the primary question and the item may still
  -- grow towards k_max. Gold items have no k and never complete; only the batch's count moves.
  v_submitted := it.submitted + 1;
  v_target := it.target_k;
  v_complete := NOT l.is_gold AND NOT it.is_gold AND v_submitted >= v_target;
  IF v_complete AND l.adaptive AND v_target < l.k_max
     AND (SELECT count(DISTINCT ja.value) FROM judgment_answer ja
           WHERE ja.batch_item_id = l.batch_item_id
             AND ja.question = CASE l.task_type WHEN 'taxonomy' THEN 'edit_type' ELSE 'overall' END) > 1
  THEN
    v_target := v_target + 1;
    v_complete := false;
  END IF;
  IF NOT l.is_gold THEN
    UPDATE batch_item
       SET submitted = v_submitted, leased = leased - v_counted::int, target_k = v_target,
           complete = v_complete, completed_at = CASE WHEN v_complete THEN now() END
     WHERE id = l.batch_item_id;
  END IF;
  INSERT INTO batch_counter (batch_id, shard, judgments, items_complete)
  VALUES (l.batch_id, p_rater % 64, 1, v_complete::int)
  ON CONFLICT (batch_id, shard) DO UPDATE
     SET judgments = batch_counter.judgments + 1,
         items_complete = batch_counter.items_complete + EXCLUDED.items_complete;

  RETURN jsonb_build_object('outcome', 'created', 'judgment', v_judgment,
                            'progress', queue_progress(l.batch_id, p_rater));
END
$fn$`;
