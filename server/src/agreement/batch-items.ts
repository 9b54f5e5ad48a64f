/**
 * The items of a batch as flat arrays in ascending id order, with what agreement needs of each:
 * gold or not, the edit type its scope is taken from, and whether it is a dataset pair.
 */
export interface BatchItems {
  readonly count: number;
  readonly ids: Float64Array;
  readonly isGold: Uint8Array;
  /** Pairwise: the pair's first edit's type; taxonomy: the edit's current type; 0: none. */
  readonly editTypeId: Int16Array;
  /** 1: a dataset pair (first = chosen), 0: an admin-made pair, -1: not a pair. */
  readonly datasetPair: Int8Array;
  /** The index of a batch item id, or -1. */
  indexOf(id: number): number;
}

export interface BatchItemRow {
  id: number;
  isGold: boolean;
  editTypeId: number | null;
  pairOrigin: string | null;
}

/** Builds the arrays from rows in ascending id order. */
export function batchItemsFromRows(rows: readonly BatchItemRow[]): BatchItems {
  const count = rows.length;
  const ids = new Float64Array(count);
  const isGold = new Uint8Array(count);
  const editTypeId = new Int16Array(count);
  const datasetPair = new Int8Array(count);
  rows.forEach((row, i) => {
    if (i > 0 && row.id <= rows[i - 1].id) throw new RangeError('batch items must ascend by id');
    ids[i] = row.id;
    isGold[i] = row.isGold ? 1 : 0;
    editTypeId[i] = row.editTypeId ?? 0;
    datasetPair[i] = row.pairOrigin === null ? -1 : row.pairOrigin === 'dataset' ? 1 : 0;
  });
  return { count, ids, isGold, editTypeId, datasetPair, indexOf: idLookup(ids) };
}

/**
 * id -> index. A batch's items are inserted together, so their ids are usually one dense run: then
 * a typed table indexed by id - min answers; otherwise a Map.
 */
function idLookup(ids: Float64Array): (id: number) => number {
  if (ids.length === 0) return () => -1;
  const min = ids[0];
  const span = ids[ids.length - 1] - min + 1;
  if (span <= Math.max(1024, 4 * ids.length)) {
    const table = new Int32Array(span).fill(-1);
    ids.forEach((id, i) => (table[id - min] = i));
    return (id) => (id >= min && id - min < span ? table[id - min] : -1);
  }
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return (id) => map.get(id) ?? -1;
}
