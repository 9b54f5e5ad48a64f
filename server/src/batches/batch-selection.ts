import { type BatchSelection } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';

/**
 * The SQL that picks a batch's items from the dataset: one row per subject with its natural key,
 * filtered as asked, in the seeded random order (md5 of seed and natural key, so the same request
 * on the same data selects the same items whatever the ids).
 */
export interface SelectionSql {
  /** SELECT subject_id, subject_key, natural_key, edit_type, image, rank FROM ... */
  sql: string;
  params: unknown[];
  subjectColumn: 'pair_id' | 'edit_id' | 'session_id';
}

const PAIR_ORIGINS: Record<string, string> = { dataset_pair: 'dataset', admin_pair: 'admin' };
const EDIT_ORIGINS = new Set(['sft', 'preference_chosen', 'preference_rejected']);

export function selectionSql(selection: BatchSelection): SelectionSql {
  const params: unknown[] = [String(selection.seed)];
  const where: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const f = selection.filters;
  const base = fromClause(selection.taskType);
  if (f.editTypes?.length) where.push(`t.label = ANY(${add(f.editTypes)}::text[])`);
  if (f.categories?.length) where.push(`t.category_id = ANY(${add(f.categories)}::text[])`);
  if (f.importIds?.length) where.push(`${base.importColumn} = ANY(${add(f.importIds)}::bigint[])`);
  if (f.origins?.length) where.push(originFilter(selection.taskType, f.origins, add));
  if (f.humanJudgments !== 'any') {
    const judged = `EXISTS (SELECT 1 FROM batch_item jb WHERE jb.${base.subjectColumn} = ${base.subjectId} AND jb.submitted > 0)`;
    where.push(f.humanJudgments === 'with' ? judged : `NOT ${judged}`);
  }
  const sql = `SELECT ${base.subjectId} AS subject_id, '${base.keyPrefix}:' || ${base.subjectId} AS subject_key,
           ${base.naturalKey} AS natural_key, ${base.editType} AS edit_type, ${base.image} AS image,
           md5($1 || ':' || ${base.naturalKey}) AS rank
      ${base.from}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { sql, params, subjectColumn: base.subjectColumn };
}

function fromClause(taskType: BatchSelection['taskType']) {
  if (taskType === 'pairwise') {
    return {
      from: `FROM edit_pair p JOIN edit f ON f.id = p.first_edit_id JOIN edit s ON s.id = p.second_edit_id
             JOIN edit_type t ON t.id = f.edit_type_id`,
      subjectId: 'p.id',
      subjectColumn: 'pair_id' as const,
      keyPrefix: 'pair',
      naturalKey: `f.image || '|' || s.image`,
      editType: 't.label',
      image: 'f.image',
      importColumn: 'coalesce(p.import_id, f.import_id)',
    };
  }
  if (taskType === 'taxonomy') {
    return {
      from: `FROM edit e JOIN edit_type t ON t.id = e.edit_type_id`,
      subjectId: 'e.id',
      subjectColumn: 'edit_id' as const,
      keyPrefix: 'edit',
      naturalKey: 'e.image',
      editType: 't.label',
      image: 'e.image',
      importColumn: 'e.import_id',
    };
  }
  return {
    from: `FROM mt_session m JOIN mt_turn t1 ON t1.session_id = m.id AND t1.turn_index = 1`,
    subjectId: 'm.id',
    subjectColumn: 'session_id' as const,
    keyPrefix: 'session',
    naturalKey: 'm.session_key',
    editType: 'NULL::text',
    image: 't1.image',
    importColumn: 'm.import_id',
  };
}

function originFilter(
  taskType: BatchSelection['taskType'],
  origins: string[],
  add: (value: unknown) => string,
): string {
  if (taskType === 'pairwise') {
    const wrong = origins.filter((origin) => !PAIR_ORIGINS[origin]);
    if (wrong.length)
      notApplicable(
        'filters.origins',
        `${wrong.join(', ')} do not apply to pairwise batches (use dataset_pair, admin_pair)`,
      );
    return `p.origin = ANY(${add(origins.map((origin) => PAIR_ORIGINS[origin]))}::text[])`;
  }
  if (taskType === 'taxonomy') {
    const wrong = origins.filter((origin) => !EDIT_ORIGINS.has(origin));
    if (wrong.length)
      notApplicable(
        'filters.origins',
        `${wrong.join(', ')} do not apply to taxonomy batches (use sft, preference_chosen, preference_rejected)`,
      );
    return `e.origin = ANY(${add(origins)}::text[])`;
  }
  return notApplicable('filters.origins', 'origins do not apply to multi-turn batches');
}

function notApplicable(path: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', message, [{ path, message }]);
}

/** Multi-turn sessions carry no edit type: those filters are an error, not silently ignored. */
export function checkFiltersApply(selection: BatchSelection): void {
  if (selection.taskType !== 'multi_turn') return;
  for (const key of ['editTypes', 'categories'] as const) {
    if (selection.filters[key]?.length) {
      notApplicable(
        `filters.${key}`,
        `multi-turn sessions have no edit type: ${key} does not apply`,
      );
    }
  }
}
