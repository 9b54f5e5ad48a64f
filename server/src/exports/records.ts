import {
  correctedEditType,
  criteriaAsChosen,
  multiTurnHuman,
  adjudicatedCounts,
  type AdjudicationNote,
  type ItemStatsOf,
  pairHuman,
  type PairHuman,
  taxonomyHuman,
} from './aggregate';
import {
  type AdjudicationRow,
  type EditRow,
  type PairRow,
  type SessionRow,
} from './export-queries';

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
  if (row.adjudication !== undefined) {
    human.adjudicated = row.adjudication !== null;
    if (row.adjudication) {
      const admin = pairHuman(adjudicatedCounts(row.adjudication.answers), 1);
      human.adjudication = note(row.adjudication, {
        consensus: human.consensus,
        criteria: human.criteria,
        flipped: human.flipped,
      });
      human.consensus = admin.consensus;
      human.criteria = admin.criteria;
      human.flipped = admin.flipped;
    }
  }
  const decisive = human.consensus === 'first' || human.consensus === 'second';
  // an admin's answer is final: the raters' margin does not hold it back
  const marginOk = human.adjudicated === true || (human.margin ?? 0) >= options.minMargin;
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

/** The `adjudication` note of `human`: the item, the admin's note, the raters' own answer. */
function note(row: AdjudicationRow, raters: Record<string, unknown>): AdjudicationNote {
  return {
    item_id: Number(row.item_id),
    note: row.note,
    adjudicated_at: row.adjudicated_at,
    raters,
  };
}

export function sftRecord(row: EditRow, relabelShare: number): Record<string, unknown> {
  let human = taxonomyHuman(row.counts, row.k);
  if (row.adjudication !== undefined) {
    if (row.adjudication) {
      const admin = taxonomyHuman(adjudicatedCounts(row.adjudication.answers), row.k);
      human = {
        ...human,
        edit_type: admin.edit_type,
        garbled_summary: admin.garbled_summary,
        adjudicated: true,
        adjudication: note(row.adjudication, {
          edit_type: human.edit_type,
          share: human.share,
          garbled_summary: human.garbled_summary,
        }),
      };
    } else human.adjudicated = false;
  }
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
    human: sessionHuman(row),
  };
}

function sessionHuman(row: SessionRow) {
  const human = multiTurnHuman(row.counts, row.k, row.turn_count);
  if (row.adjudication === undefined) return human;
  if (!row.adjudication) return { ...human, adjudicated: false };
  const admin = multiTurnHuman(adjudicatedCounts(row.adjudication.answers), row.k, row.turn_count);
  return {
    ...admin,
    adjudicated: true,
    adjudication: note(row.adjudication, {
      turns: human.turns,
      first_break: human.first_break,
      overall: human.overall,
    }),
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
