import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type CategoryAgreement,
  type EditTypeAgreement,
  type QuestionAgreement,
  type RaterConsensus,
  type RaterMatrix,
} from '@peel/shared';
import {
  agreementStats,
  BATCH_BOOTSTRAP,
  type QuestionScale,
  SCOPE_BOOTSTRAP,
} from './agreement-stats';
import { type BatchItems } from './batch-items';
import { type QuestionConsensus, questionConsensus } from './consensus';
import { type DawidSkeneRunner } from './dawid-skene-worker';
import {
  countTable,
  groupByItem,
  itemPatterns,
  type QuestionAnswers,
  type QuestionItems,
  ratersOf,
} from './question-answers';
import { raterMatrix } from './rater-matrix';

/** Edit types and categories as the database has them. */
export interface Taxonomy {
  readonly editTypes: ReadonlyMap<number, { label: string; categoryId: string }>;
  readonly categories: ReadonlyMap<string, { name: string; position: number }>;
}

/** Everything one question contributes to the batch's reports. */
export interface QuestionResult {
  readonly agreement: QuestionAgreement;
  readonly matrix: RaterMatrix;
  readonly raterIds: readonly number[];
  /** Aligned with raterIds. */
  readonly raterConsensus: readonly RaterConsensus[];
  readonly consensus: QuestionConsensus;
}

export const MULTI_TURN_SCOPE_REASON = 'multi-turn sessions have no single edit type';

/**
 * Agreement per scope, the rater matrix and the consensus of one question. Dawid–Skene runs on
 * `runner` (a worker thread in the server) while the rest is computed here, yielding to the event
 * loop between the steps so that other requests are not held up for long.
 */
export async function questionReport(
  answers: QuestionAnswers,
  batchItems: BatchItems,
  taxonomy: Taxonomy,
  runner: DawidSkeneRunner,
): Promise<QuestionResult> {
  const items = groupByItem(answers, batchItems.count);
  const consensus = questionConsensus(answers, items, batchItems, runner);
  consensus.catch(() => undefined);
  await yieldToEventLoop();
  const question = answers.question;
  const scale: QuestionScale = { level: question.level, categoryCount: question.categories.length };
  const patterns = itemPatterns(answers, items);
  const stats = (subset?: number[], bootstrap = SCOPE_BOOTSTRAP) =>
    agreementStats(
      countTable(answers, patterns, subset),
      scale,
      ratersOf(answers, items, subset),
      bootstrap,
    );
  const all = stats(undefined, BATCH_BOOTSTRAP);
  await yieldToEventLoop();
  const scoped = question.taskType !== 'multi_turn';
  const scopes = scoped ? scopeItems(items, batchItems, taxonomy) : null;
  const byEditType = scopes && (await editTypeScopes(scopes.byType, taxonomy, stats));
  const byCategory = scopes && (await categoryScopes(scopes.byCategory, taxonomy, stats));
  const matrix = raterMatrix(answers, items);
  const { consensus: itemConsensus, raters } = await consensus;
  return {
    agreement: {
      question: question.id,
      label: question.label,
      level: question.level,
      categories: [...question.categories],
      all,
      byEditType,
      byCategory,
      scopeReason: scoped ? null : MULTI_TURN_SCOPE_REASON,
      excludedGoldAnswers: answers.excludedGold,
      undeclaredValues: answers.undeclared,
    },
    matrix,
    raterIds: answers.raterIds,
    raterConsensus: raters,
    consensus: itemConsensus,
  };
}

type ScopeStats = (subset: number[]) => EditTypeAgreement['stats'];

/** Question items by edit type id and by category id (items without an edit type: no scope). */
function scopeItems(items: QuestionItems, batchItems: BatchItems, taxonomy: Taxonomy) {
  const byType = new Map<number, number[]>();
  const byCategory = new Map<string, number[]>();
  for (let i = 0; i < items.count; i++) {
    const typeId = batchItems.editTypeId[items.batchIndex[i]];
    const type = taxonomy.editTypes.get(typeId);
    if (!type) continue;
    push(byType, typeId, i);
    push(byCategory, type.categoryId, i);
  }
  return { byType, byCategory };
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Each scope's statistics in turn, yielding to the event loop between scopes. */
async function eachScope<K, T>(
  scopes: [K, number[]][],
  make: (key: K, subset: number[]) => T,
): Promise<T[]> {
  const out: T[] = [];
  for (const [key, subset] of scopes) {
    out.push(make(key, subset));
    await yieldToEventLoop();
  }
  return out;
}

function editTypeScopes(
  byType: Map<number, number[]>,
  taxonomy: Taxonomy,
  stats: ScopeStats,
): Promise<EditTypeAgreement[]> {
  const scopes = [...byType.entries()].sort((a, b) => a[0] - b[0]);
  return eachScope(scopes, (id, subset) => {
    const type = taxonomy.editTypes.get(id)!;
    return {
      editTypeId: id,
      editType: type.label,
      categoryId: type.categoryId,
      stats: stats(subset),
    };
  });
}

function categoryScopes(
  byCategory: Map<string, number[]>,
  taxonomy: Taxonomy,
  stats: ScopeStats,
): Promise<CategoryAgreement[]> {
  const position = (id: string) => taxonomy.categories.get(id)?.position ?? Number.MAX_SAFE_INTEGER;
  const scopes = [...byCategory.entries()].sort((a, b) => position(a[0]) - position(b[0]));
  return eachScope(scopes, (id, subset) => ({
    categoryId: id,
    category: taxonomy.categories.get(id)?.name ?? id,
    stats: stats(subset),
  }));
}
