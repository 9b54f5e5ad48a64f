import { type CountTable, type QuestionDef, type RatingValue } from '@peel/shared';
import { type BatchItems } from './batch-items';
import { type PatternIndex, patternIndex } from './pattern-bootstrap';

/**
 * The answers to one question that agreement counts, as flat typed arrays: gold items and values
 * outside the declared categories are left out (and counted).
 */
export interface QuestionAnswers {
  readonly question: QuestionDef;
  /** The declared categories as alpha reads them (numbers at the interval and ratio levels). */
  readonly categories: readonly RatingValue[];
  readonly n: number;
  /** Per answer: the batch item's index in BatchItems. */
  readonly item: Int32Array;
  /** Per answer: the rater's index in raterIds. */
  readonly rater: Int32Array;
  /** Per answer: the category index. */
  readonly label: Int32Array;
  /** Ascending. */
  readonly raterIds: readonly number[];
  readonly excludedGold: number;
  readonly undeclared: number;
}

/** The declared categories of a question as values of its level. */
export function scaleCategories(question: QuestionDef): RatingValue[] {
  const numeric = question.level === 'interval' || question.level === 'ratio';
  return question.categories.map((c) => (numeric ? Number(c) : c));
}

/** Collects answer rows (in any order) into QuestionAnswers. */
export class AnswerCollector {
  private capacity = 1024;
  private item = new Int32Array(this.capacity);
  private rater = new Int32Array(this.capacity);
  private label = new Int32Array(this.capacity);
  /** Rater id -> index in order of first appearance (renumbered by id in finish). */
  private readonly raters = new Map<number, number>();
  private n = 0;
  private excludedGold = 0;
  private undeclared = 0;
  private unknownItems = 0;

  constructor(
    private readonly question: QuestionDef,
    private readonly items: BatchItems,
  ) {}

  /** One answer; `label` is the category's index, -1 for a value outside the categories. */
  add(itemId: number, raterId: number, label: number): void {
    const index = this.items.indexOf(itemId);
    if (index < 0) {
      this.unknownItems += 1;
      return;
    }
    if (this.items.isGold[index]) {
      this.excludedGold += 1;
      return;
    }
    if (label < 0) {
      this.undeclared += 1;
      return;
    }
    if (this.n === this.capacity) this.grow();
    let r = this.raters.get(raterId);
    if (r === undefined) this.raters.set(raterId, (r = this.raters.size));
    this.item[this.n] = index;
    this.rater[this.n] = r;
    this.label[this.n] = label;
    this.n += 1;
  }

  /** An answer given as text. */
  addValue(itemId: number, raterId: number, value: string): void {
    this.add(itemId, raterId, this.question.categories.indexOf(value));
  }

  finish(): QuestionAnswers {
    if (this.unknownItems > 0) {
      throw new Error(`${this.unknownItems} answers name an item outside the batch`);
    }
    const raterIds = [...this.raters.keys()].sort((a, b) => a - b);
    const renumber = new Int32Array(raterIds.length);
    raterIds.forEach((id, r) => (renumber[this.raters.get(id)!] = r));
    const rater = this.rater.slice(0, this.n);
    for (let e = 0; e < this.n; e++) rater[e] = renumber[rater[e]];
    return {
      question: this.question,
      categories: scaleCategories(this.question),
      n: this.n,
      item: this.item.slice(0, this.n),
      rater,
      label: this.label.slice(0, this.n),
      raterIds,
      excludedGold: this.excludedGold,
      undeclared: this.undeclared,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(this.capacity);
      b.set(a);
      return b;
    };
    this.item = grow(this.item);
    this.rater = grow(this.rater);
    this.label = grow(this.label);
  }
}

/**
 * The answers grouped by item: the question's items (those with at least one answer) in ascending
 * id order, each item's answers with raters ascending, and the per-item category counts.
 */
export interface QuestionItems {
  readonly count: number;
  /** Per question item: its index in BatchItems. */
  readonly batchIndex: Int32Array;
  /** Answers of question item i: order[start[i] .. start[i + 1]). */
  readonly start: Int32Array;
  readonly order: Int32Array;
  /** Per answer: its question item. */
  readonly itemOf: Int32Array;
  /** counts[i * Q + k]: answers of category k on question item i. */
  readonly counts: Float64Array;
}

export function groupByItem(answers: QuestionAnswers, batchItemCount: number): QuestionItems {
  const perBatchItem = new Int32Array(batchItemCount + 1);
  for (let e = 0; e < answers.n; e++) perBatchItem[answers.item[e] + 1] += 1;
  const questionItem = new Int32Array(batchItemCount).fill(-1);
  const batchIndex: number[] = [];
  for (let b = 0; b < batchItemCount; b++) {
    if (perBatchItem[b + 1] > 0) questionItem[b] = batchIndex.push(b) - 1;
    perBatchItem[b + 1] += perBatchItem[b];
  }
  const order = new Int32Array(answers.n);
  const fill = perBatchItem.slice(0, batchItemCount);
  for (let e = 0; e < answers.n; e++) order[fill[answers.item[e]]++] = e;
  const count = batchIndex.length;
  const start = new Int32Array(count + 1);
  batchIndex.forEach((b, i) => (start[i + 1] = perBatchItem[b + 1]));
  const q = answers.categories.length;
  const itemOf = new Int32Array(answers.n);
  const counts = new Float64Array(count * q);
  for (let i = 0; i < count; i++) {
    sortByRater(order, start[i], start[i + 1], answers.rater);
    for (let x = start[i]; x < start[i + 1]; x++) {
      itemOf[order[x]] = i;
      counts[i * q + answers.label[order[x]]] += 1;
    }
  }
  return { count, batchIndex: Int32Array.from(batchIndex), start, order, itemOf, counts };
}

/** Insertion sort of order[from..to) by rater: items have a handful of answers. */
function sortByRater(order: Int32Array, from: number, to: number, rater: Int32Array): void {
  for (let x = from + 1; x < to; x++) {
    const e = order[x];
    let y = x - 1;
    while (y >= from && rater[order[y]] > rater[e]) {
      order[y + 1] = order[y];
      y -= 1;
    }
    order[y + 1] = e;
  }
}

/**
 * The count table of the given question items (all by default), compressed: the question's
 * distinct count patterns weighted by how many of the items have each.
 */
export function countTable(
  answers: QuestionAnswers,
  patterns: PatternIndex,
  subset?: readonly number[],
): CountTable {
  const weights = new Float64Array(patterns.patterns.length);
  if (subset) for (const i of subset) weights[patterns.patternOf[i]] += 1;
  else for (const p of patterns.patternOf) weights[p] += 1;
  const used = [...weights.keys()].filter((p) => weights[p] > 0);
  return {
    categories: answers.categories,
    counts: used.map((p) => patterns.patterns[p]),
    weights: Float64Array.from(used, (p) => weights[p]),
  };
}

/** The items' count patterns (see patternIndex). */
export function itemPatterns(answers: QuestionAnswers, items: QuestionItems): PatternIndex {
  const q = answers.categories.length;
  return patternIndex(items.count, q, (i, k) => items.counts[i * q + k]);
}

/** The number of distinct raters who answered the given question items (all by default). */
export function ratersOf(
  answers: QuestionAnswers,
  items: QuestionItems,
  subset?: readonly number[],
): number {
  if (!subset) return answers.raterIds.length; // every collected rater answered some item
  const seen = new Uint8Array(answers.raterIds.length);
  let distinct = 0;
  for (const i of subset) {
    for (let x = items.start[i]; x < items.start[i + 1]; x++) {
      const r = answers.rater[items.order[x]];
      if (!seen[r]) distinct += seen[r] = 1;
    }
  }
  return distinct;
}
