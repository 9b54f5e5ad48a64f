import { type DataSource } from 'typeorm';
import { type CreateBatchBody, CreateBatchBody as CreateBatchSchema } from '@peel/shared';
import { createBatch } from './create-batch';

const GUIDELINES = {
  pairwise: `## Compare two edits of one image

Read the instruction, look at the source and both edits (zoom, slider, flicker and the difference
overlay help), then say which edit is better **overall**, and for each criterion:

- **Instruction compliance**: did it do what was asked?
- **Seamlessness**: does the edit look natural?
- **Preservation**: is everything that should stay unchanged still there?
- **Technical quality**: sharpness, colour, exposure, artefacts.

Choose *both bad* when neither edit is acceptable.`,
  multi_turn: `## Grade a multi-turn session

Each turn edits the previous turn's output. For every turn, grade 1–5 whether it followed its own
instruction and whether it kept what earlier turns established, and name the turn's edit type.
Mark the first turn where the session breaks (or none), then grade the whole session 1–5.`,
  taxonomy: `## Check the edit-type label

Compare the source and the edit with both instructions. Confirm the current label, pick the right
one of the 35 types, or mark the edit ambiguous. Flag a short instruction that is garbled.`,
};

function body(taskType: CreateBatchBody['taskType'], goldShare: number): CreateBatchBody {
  return CreateBatchSchema.parse({
    name: `Demo ${taskType === 'multi_turn' ? 'multi-turn' : taskType}`,
    taskType,
    seed: 2025,
    overlap: { k: 3 },
    leaseSeconds: 600,
    gold: { share: goldShare, minAnswers: 4, bar: 0.5 },
    guidelines: GUIDELINES[taskType],
    raterIds: null,
  });
}

/**
 * One active batch per task type over the sample data (k = 3, some gold), so a demo rater can
 * start labeling at once. Only into a database without batches; answers whether it created them.
 */
export async function createDemoBatches(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM batch) AS any`);
  if (row.any) return false;
  const [admin] = await dataSource.query(
    `SELECT id FROM app_user WHERE role = 'admin' ORDER BY id LIMIT 1`,
  );
  await dataSource.transaction(async (manager) => {
    const pairwise = await createBatch(manager, body('pairwise', 0.1), admin?.id ?? null);
    await createBatch(manager, body('multi_turn', 0), admin?.id ?? null);
    const taxonomy = await createBatch(manager, body('taxonomy', 0.1), admin?.id ?? null);
    // Gold: the dataset's chosen edit wins in the sample's pairs (its rejected attempts visibly
    // fail); preference edits in the sample carry their true labels (only some SFT labels are wrong).
    await manager.query(
      `UPDATE batch_item SET is_gold = true, gold_answer = '{"overall":"first"}'
        WHERE id IN (SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position LIMIT 2)`,
      [pairwise],
    );
    await manager.query(
      `UPDATE batch_item bi SET is_gold = true, gold_answer = jsonb_build_object('edit_type', t.label)
         FROM edit e JOIN edit_type t ON t.id = e.edit_type_id
        WHERE bi.edit_id = e.id AND bi.id IN (
          SELECT bi2.id FROM batch_item bi2 JOIN edit e2 ON e2.id = bi2.edit_id
           WHERE bi2.batch_id = $1 AND e2.origin = 'preference_chosen' ORDER BY bi2.position LIMIT 2)`,
      [taxonomy],
    );
    await manager.query(
      `UPDATE batch b SET status = 'active',
              gold_count = (SELECT count(*) FROM batch_item WHERE batch_id = b.id AND is_gold),
              item_count = (SELECT count(*) FROM batch_item WHERE batch_id = b.id AND NOT is_gold)
        WHERE b.id IN (SELECT id FROM batch)`,
    );
  });
  return true;
}
