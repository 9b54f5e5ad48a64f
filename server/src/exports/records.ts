import {
  correctedEditType,
  criteriaAsChosen,
  multiTurnHuman,
  type ItemStatsOf,
  pairHuman,
  type PairHuman,
  taxonomyHuman,
} from './aggregate';
import { type EditRow, type PairRow, type SessionRow } from './export.repository';

const PREFERENCE_KEYS = [
  'output_image',
  'rejected_images',
  'text',
  'edit_type',
  'open_image_input_url',
  'summarized_text',
];
const SFT_KEYS = ['open_image_input_url', 'text', 'output_image', 'edit_type', 'summarized_text'];
const MULTI_TURN_KEYS = ['files', 'metadata_edit_turn_prompts'];

/** The record's unknown keys (kept verbatim), minus any the export writes itself. */
function extraKeys(extra: Record<string, unknown>, own: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(extra).sort()) if (!own.includes(key)) out[key] = extra[key];
  return out;
}

export interface PairRecords {
  human: PairHuman;
  preference: Record<string, unknown> | null;
  dpo: Record<string, unknown> | null;
}

/**
 * preference.jsonl keeps decisive pairs (margin ≥ minMargin) with `output_image` = the edit humans
 * chose; ties, both-bad and split votes only with includeTies (then in the dataset's orientation).
 * dpo.jsonl keeps the decisive ones only.
 */
export function pairRecords(
  row: PairRow,
  options: { minMargin: number; includeTies: boolean },
  statsOf?: ItemStatsOf,
): PairRecords {
  const human = pairHuman(row.counts, row.k, row.item_ids, statsOf);
  const decisive = human.consensus === 'first' || human.consensus === 'second';
  const marginOk = (human.margin ?? 0) >= options.minMargin;
  if (!marginOk || (!decisive && !options.includeTies))
    return { human, preference: null, dpo: null };
  const [chosen, rejected] = human.flipped
    ? [row.second_image, row.first_image]
    : [row.first_image, row.second_image];
  const own = [...PREFERENCE_KEYS, 'human'];
  const preference = {
    output_image: chosen,
    rejected_images: [rejected],
    text: row.instruction,
    edit_type: row.edit_type,
    open_image_input_url: row.source_url,
    summarized_text: row.summarized_instruction,
    ...extraKeys(row.extra, own),
    human,
  };
  const dpo = decisive
    ? {
        prompt: row.instruction,
        source_image: row.source_url,
        chosen,
        rejected,
        margin: human.margin,
        criteria: criteriaAsChosen(human.criteria, human.consensus as 'first' | 'second'),
      }
    : null;
  return { human, preference, dpo };
}

export function sftRecord(row: EditRow, relabelShare: number): Record<string, unknown> {
  const human = taxonomyHuman(row.counts, row.k);
  const own = [...SFT_KEYS, 'original_edit_type', 'human'];
  return {
    open_image_input_url: row.source_url,
    text: row.instruction,
    output_image: row.image,
    edit_type: correctedEditType(row.edit_type, human, relabelShare),
    summarized_text: row.summarized_instruction,
    ...extraKeys(row.extra, own),
    original_edit_type: row.edit_type,
    human,
  };
}

/** `files` rebuilt in the record's original order (mt_session.file_order holds the ids). */
function sessionFiles(row: SessionRow): { id: string; url: string }[] {
  const byId = new Map<string, string>([['original_input_image', row.source_url]]);
  const turns = [...row.turns].sort((a, b) => a.turn - b.turn);
  turns.forEach((turn, index) => {
    const id = index === turns.length - 1 ? 'final_image' : `edit_turn${turn.turn}`;
    byId.set(id, turn.image);
  });
  const order = row.file_order.length > 0 ? row.file_order : [...byId.keys()];
  return order.filter((id) => byId.has(id)).map((id) => ({ id, url: byId.get(id)! }));
}

export function multiTurnRecord(row: SessionRow): Record<string, unknown> {
  const own = [...MULTI_TURN_KEYS, 'human'];
  return {
    files: sessionFiles(row),
    metadata_edit_turn_prompts: [...row.turns]
      .sort((a, b) => a.turn - b.turn)
      .map((turn) => turn.prompt),
    ...extraKeys(row.extra, own),
    human: multiTurnHuman(row.counts, row.k, row.turn_count),
  };
}

export const JUDGMENT_COLUMNS = [
  'judgment_id',
  'batch_id',
  'item_id',
  'subject',
  'task_type',
  'rater',
  'question',
  'value',
  'presented',
  'dwell_ms',
  'is_gold',
  'created_at',
  'revised_at',
  'revision',
] as const;
