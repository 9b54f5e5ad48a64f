/** A rating value: a category label or a number. */
export type RatingValue = string | number;

/** One judgment in long form. A null or undefined value is a missing rating. */
export interface RatingRow<V extends RatingValue = RatingValue> {
  readonly item: string;
  readonly rater: string;
  readonly value: V | null | undefined;
}

/**
 * Krippendorff's reliability data: units (items) by raters. `values[u][r]` is the value rater
 * `raters[r]` gave item `items[u]`, or null when that rating is missing.
 */
export interface ReliabilityData<V extends RatingValue = RatingValue> {
  readonly items: readonly string[];
  readonly raters: readonly string[];
  readonly values: readonly (readonly (V | null)[])[];
}

/**
 * Per-unit value counts, the input of every coincidence- or count-based statistic:
 * `counts[u][k]` is how many raters gave unit u the category `categories[k]` (a non-negative
 * integer). The category list is
 * the declared one (it may hold categories nobody used); for ordinal data its order is the rank
 * order, for interval and ratio data the categories are the numeric values themselves.
 * A caller holding only `GROUP BY item, value` counts can build it with countTableFromGroupedCounts.
 */
export interface CountTable<C extends RatingValue = RatingValue> {
  readonly categories: readonly C[];
  readonly counts: readonly ArrayLike<number>[];
  readonly items?: readonly string[];
  /**
   * Optional multiplicity of each unit (non-negative integers, default 1): a unit of weight w
   * counts as w identical units in the agreement statistics (used by the bootstrap, which
   * resamples distinct count patterns). Consensus functions ignore it.
   */
  readonly weights?: ArrayLike<number>;
}

/** One row of `SELECT item, value, count(*) ... GROUP BY item, value`. */
export interface GroupedCount<C extends RatingValue = RatingValue> {
  readonly item: string;
  readonly value: C;
  readonly count: number;
}

/** Builds reliability data from long rows; items and raters keep their order of first appearance. */
export function reliabilityDataFromRows<V extends RatingValue>(
  rows: Iterable<RatingRow<V>>,
): ReliabilityData<V> {
  const itemIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  const cells: { u: number; r: number; value: V | null }[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const u = indexOf(itemIndex, row.item);
    const r = indexOf(raterIndex, row.rater);
    const key = `${u}\u0000${r}`;
    if (seen.has(key)) {
      throw new Error(`duplicate rating for item ${row.item} by rater ${row.rater}`);
    }
    seen.add(key);
    cells.push({ u, r, value: row.value ?? null });
  }
  const values = [...itemIndex.keys()].map(() => new Array<V | null>(raterIndex.size).fill(null));
  for (const { u, r, value } of cells) values[u][r] = value;
  return { items: [...itemIndex.keys()], raters: [...raterIndex.keys()], values };
}

function indexOf(index: Map<string, number>, key: string): number {
  let i = index.get(key);
  if (i === undefined) {
    i = index.size;
    index.set(key, i);
  }
  return i;
}

/** Distinct values in a canonical order: numbers ascending, then strings in code-unit order. */
export function sortedCategories<V extends RatingValue>(values: Iterable<V>): V[] {
  return [...new Set(values)].sort(compareValues);
}

function compareValues(a: RatingValue, b: RatingValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Maps each category to its index; throws on a repeated category. */
export function categoryIndex<C extends RatingValue>(categories: readonly C[]): Map<C, number> {
  const index = new Map<C, number>();
  categories.forEach((c, k) => {
    if (index.has(c)) throw new RangeError(`category ${String(c)} is declared twice`);
    index.set(c, k);
  });
  return index;
}

/**
 * Counts reliability data per unit. Without `categories` the observed values are used, in the
 * order of sortedCategories. Throws a RangeError for a value outside the declared categories.
 */
export function countTableFromData<V extends RatingValue>(
  data: ReliabilityData<V>,
  categories?: readonly V[],
): CountTable<V> {
  const cats = categories ?? sortedCategories(observedValues(data));
  const index = categoryIndex(cats);
  const counts = data.values.map((row) => {
    const out = new Float64Array(cats.length);
    for (const v of row) if (v !== null) out[lookup(index, v)] += 1;
    return out;
  });
  return { categories: cats, counts, items: data.items };
}

function* observedValues<V extends RatingValue>(data: ReliabilityData<V>): Generator<V> {
  for (const row of data.values) for (const v of row) if (v !== null) yield v;
}

function lookup<C extends RatingValue>(index: Map<C, number>, value: C): number {
  const k = index.get(value);
  if (k === undefined) throw new RangeError(`value ${String(value)} is not a declared category`);
  return k;
}

/**
 * Builds a count table from `GROUP BY item, value` rows (a repeated (item, value) pair adds up).
 * Items keep their order of first appearance.
 */
export function countTableFromGroupedCounts<C extends RatingValue>(
  rows: Iterable<GroupedCount<C>>,
  categories?: readonly C[],
): CountTable<C> {
  const list = [...rows];
  const cats = categories ?? sortedCategories(list.map((row) => row.value));
  const index = categoryIndex(cats);
  const itemIndex = new Map<string, number>();
  const counts: Float64Array[] = [];
  for (const row of list) {
    if (!Number.isSafeInteger(row.count) || row.count < 0) {
      throw new RangeError(`count for item ${row.item} must be a non-negative integer`);
    }
    const u = indexOf(itemIndex, row.item);
    if (u === counts.length) counts.push(new Float64Array(cats.length));
    counts[u][lookup(index, row.value)] += row.count;
  }
  return { categories: cats, counts, items: [...itemIndex.keys()] };
}

/** Throws unless every row has one non-negative safe-integer count per category (and weight). */
export function assertCountTable(table: CountTable): void {
  const q = table.categories.length;
  const { weights } = table;
  if (weights && weights.length !== table.counts.length) {
    throw new RangeError(`${weights.length} weights for ${table.counts.length} units`);
  }
  for (let u = 0; weights && u < weights.length; u++) {
    if (!Number.isSafeInteger(weights[u]) || weights[u] < 0) {
      throw new RangeError(`unit ${u} has an invalid weight ${weights[u]}`);
    }
  }
  table.counts.forEach((row, u) => {
    if (row.length !== q) {
      throw new RangeError(`unit ${u} has ${row.length} counts for ${q} categories`);
    }
    for (let k = 0; k < q; k++) {
      if (!Number.isSafeInteger(row[k]) || row[k] < 0) {
        throw new RangeError(`unit ${u} has an invalid count ${row[k]}`);
      }
    }
  });
}

/** The number of ratings of one unit. */
export function unitTotal(row: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < row.length; k++) total += row[k];
  return total;
}
