import { CRITERION_OUTCOMES, PAIR_OUTCOMES, PAIRWISE_CRITERIA } from '@peel/shared';
import { type VoteCounts } from './aggregate';

export interface BatchRow {
  id: number;
  name: string;
  task_type: string;
}

export interface PairRow {
  pair_id: string;
  first_image: string;
  second_image: string;
  instruction: string;
  summarized_instruction: string;
  edit_type: string;
  source_url: string;
  extra: Record<string, unknown>;
  k: number;
  counts: VoteCounts;
  /** The batch items the votes come from (ascending). */
  item_ids: number[];
  /** With preferAdjudicated: the pair's adjudication, if any. */
  adjudication?: AdjudicationRow | null;
}

export interface EditRow {
  edit_id: string;
  image: string;
  instruction: string;
  summarized_instruction: string;
  edit_type: string;
  source_url: string;
  extra: Record<string, unknown>;
  k: number;
  counts: VoteCounts;
  adjudication?: AdjudicationRow | null;
}

export interface SessionRow {
  session_id: string;
  source_url: string;
  turn_count: number;
  file_order: string[];
  extra: Record<string, unknown>;
  turns: { turn: number; prompt: string; image: string }[];
  k: number;
  counts: VoteCounts;
  adjudication?: AdjudicationRow | null;
}

type Subject = 'pair_id' | 'edit_id' | 'session_id';

/**
 * The items of the selected batches with one subject column, their judgment counts (k) and their
 * votes as `{ question: { value: n } }`. $1 batch ids, $2 exclude gold.
 */
function votesSql(subject: Subject): string {
  return `
    WITH sel AS (
      SELECT bi.id, bi.${subject} AS subject FROM batch_item bi
      WHERE bi.batch_id = ANY($1::int[]) AND bi.${subject} IS NOT NULL
        AND (NOT $2::boolean OR NOT bi.is_gold)
    ),
    kk AS (
      SELECT s.subject, count(*)::int AS k FROM judgment j JOIN sel s ON s.id = j.batch_item_id
      GROUP BY s.subject
    ),
    v AS (
      SELECT s.subject, ja.question, ja.value, count(*)::int AS n
      FROM judgment_answer ja JOIN sel s ON s.id = ja.batch_item_id
      GROUP BY 1, 2, 3
    ),
    q AS (SELECT subject, question, jsonb_object_agg(value, n) AS vals FROM v GROUP BY 1, 2),
    c AS (SELECT subject, jsonb_object_agg(question, vals) AS counts FROM q GROUP BY 1),
    agg AS (SELECT kk.subject, kk.k, c.counts FROM kk JOIN c USING (subject) WHERE kk.k >= $3)`;
}

/** $4 edit types (empty = all), $5 categories (empty = all), on edit type `et`. */
const TYPE_FILTER = `(cardinality($4::text[]) = 0 OR et.label = ANY($4::text[]))
  AND (cardinality($5::text[]) = 0 OR et.category_id = ANY($5::text[]))`;

/** One vote count: answers to `question` with `value`. */
function countOf(question: string, value: string): string {
  return `count(*) FILTER (WHERE ja.question = '${question}' AND ja.value = '${value}')`;
}

/** The pairwise (question, value) cells, in the order of the `votes` array of PAIRS_SQL. */
const PAIR_CELLS: [string, string][] = [
  ...PAIR_OUTCOMES.map((value): [string, string] => ['overall', value]),
  ...PAIRWISE_CRITERIA.flatMap((criterion) =>
    CRITERION_OUTCOMES.map((value): [string, string] => [criterion, value]),
  ),
];

/** Pairwise votes in one pass: fixed questions and outcomes, counted with FILTER, one column each. */
const PAIR_COUNTS = PAIR_CELLS.map(
  ([question, value], index) => `${countOf(question, value)} AS v${index}`,
).join(', ');

/** `votes` (PAIR_CELLS order) as `{ question: { value: n } }`. */
export function pairCounts(votes: ArrayLike<number>): VoteCounts {
  const counts: VoteCounts = {};
  PAIR_CELLS.forEach(([question, value], index) => {
    (counts[question] ??= {})[value] = votes[index];
  });
  return counts;
}

/** The fields of a pairsSql row (COPY text): the votes (PAIR_CELLS order), then the adjudication. */
export const PAIR_FIELDS = {
  pairId: 0,
  firstImage: 1,
  secondImage: 2,
  instruction: 3,
  summarizedInstruction: 4,
  editType: 5,
  sourceUrl: 6,
  extra: 7,
  k: 8,
  firstItem: 9,
  lastItem: 10,
  votes: 11,
  /** With preferAdjudicated only. */
  adjudication: 11 + PAIR_CELLS.length,
} as const;

export const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** An item's adjudication as the export reads it (answers in judgment_answer's encoding). */
export interface AdjudicationRow {
  answers: Record<string, string>;
  note: string;
  item_id: string;
  adjudicated_at: string;
}

/**
 * With preferAdjudicated: the CTE `adj` (the subject's latest adjudication among the selected
 * items, `adjudication` as AdjudicationRow), its column and its join on `subjectColumn`.
 */
function adjudicationParts(subject: Subject, subjectColumn: string, on: boolean) {
  if (!on) return { cte: '', column: '', join: '' };
  return {
    cte: `,
    adj AS (
      SELECT DISTINCT ON (bi.${subject}) bi.${subject} AS subject,
        jsonb_build_object(
          'answers', (SELECT jsonb_object_agg(aa.question, aa.value ORDER BY aa.question)
                      FROM adjudication_answer aa WHERE aa.batch_item_id = a.batch_item_id),
          'note', a.note, 'item_id', a.batch_item_id::text,
          'adjudicated_at', to_char(a.updated_at AT TIME ZONE 'UTC', ${UTC_ISO})) AS adjudication
      FROM adjudication a JOIN batch_item bi ON bi.id = a.batch_item_id
      WHERE bi.batch_id = ANY($1::int[]) AND bi.${subject} IS NOT NULL
        AND (NOT $2::boolean OR NOT bi.is_gold)
      ORDER BY bi.${subject}, a.updated_at DESC, a.batch_item_id DESC
    )`,
    column: ', adj.adjudication',
    join: `LEFT JOIN adj ON adj.subject = ${subjectColumn}`,
  };
}

/** The pairs with their votes, as PAIR_FIELDS (read through COPY: see ExportReader.pairRows). */
export function pairsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('pair_id', 'p.id', adjudicated);
  return `
  WITH sel AS (
    SELECT bi.id, bi.pair_id AS subject FROM batch_item bi
    WHERE bi.batch_id = ANY($1::int[]) AND bi.pair_id IS NOT NULL
      AND (NOT $2::boolean OR NOT bi.is_gold)
  ),
  agg AS (
    SELECT s.subject, count(*) FILTER (WHERE ja.question = 'overall')::int AS k,
      ${PAIR_COUNTS}, min(s.id) AS first_item, max(s.id) AS last_item
    FROM judgment_answer ja JOIN sel s ON s.id = ja.batch_item_id
    GROUP BY s.subject
    HAVING count(*) FILTER (WHERE ja.question = 'overall') >= $3
  )${adj.cte}
  SELECT p.id AS pair_id, fe.image AS first_image, se.image AS second_image, fe.instruction,
    fe.summarized_instruction, et.label AS edit_type, si.url AS source_url, fe.extra, agg.k,
    agg.first_item, agg.last_item, ${PAIR_CELLS.map((_, index) => `agg.v${index}`).join(', ')}${adj.column}
  FROM agg
  JOIN edit_pair p ON p.id = agg.subject
  JOIN edit fe ON fe.id = p.first_edit_id
  JOIN edit se ON se.id = p.second_edit_id
  JOIN edit_type et ON et.id = fe.edit_type_id
  JOIN source_image si ON si.id = fe.source_image_id
  ${adj.join}
  WHERE ${TYPE_FILTER}
  ORDER BY p.id`;
}

export function editsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('edit_id', 'e.id', adjudicated);
  return `${votesSql('edit_id')}${adj.cte}
  SELECT e.id AS edit_id, e.image, e.instruction, e.summarized_instruction, et.label AS edit_type,
    si.url AS source_url, e.extra, agg.k, agg.counts${adj.column}
  FROM agg
  JOIN edit e ON e.id = agg.subject
  JOIN edit_type et ON et.id = e.edit_type_id
  JOIN source_image si ON si.id = e.source_image_id
  ${adj.join}
  WHERE ${TYPE_FILTER}
  ORDER BY e.id`;
}

/** Sessions carry no edit type: an edit-type or category filter leaves them all out. */
export function sessionsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('session_id', 's.id', adjudicated);
  return `${votesSql('session_id')}${adj.cte}
  SELECT s.id AS session_id, si.url AS source_url, s.turn_count, s.file_order, s.extra,
    (SELECT jsonb_agg(jsonb_build_object('turn', t.turn_index, 'prompt', t.prompt, 'image', t.image)
       ORDER BY t.turn_index) FROM mt_turn t WHERE t.session_id = s.id) AS turns,
    agg.k, agg.counts${adj.column}
  FROM agg
  JOIN mt_session s ON s.id = agg.subject
  JOIN source_image si ON si.id = s.source_image_id
  ${adj.join}
  WHERE cardinality($4::text[]) = 0 AND cardinality($5::text[]) = 0
  ORDER BY s.id`;
}
