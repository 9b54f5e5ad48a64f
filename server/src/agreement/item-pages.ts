import { DomainError } from '../common/errors/domain-error';
import { type QuestionConsensus } from './consensus';

/** One page of question items (indices into the consensus arrays) and the cursor after it. */
export interface ItemPage {
  readonly indices: number[];
  readonly nextCursor: string | null;
}

function badCursor(): never {
  throw new DomainError('VALIDATION_FAILED', 'Invalid request: cursor', [
    { path: 'cursor', message: 'Not a cursor of this list; start again without one' },
  ]);
}

/** The first index in [0, n) for which `after(i)` holds, for after false..false true..true. */
function firstAfter(n: number, after: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function page(
  count: number,
  from: number,
  limit: number,
  at: (p: number) => number,
  cursorOf: (i: number) => string,
): ItemPage {
  const to = Math.min(count, from + limit);
  const indices = Array.from({ length: to - from }, (_, x) => at(from + x));
  return {
    indices,
    nextCursor: to < count && indices.length > 0 ? cursorOf(indices[indices.length - 1]) : null,
  };
}

/** Items by ascending id; the cursor is the last item id (keyset: valid across recomputations). */
export function pageById(consensus: QuestionConsensus, limit: number, cursor?: string): ItemPage {
  let after = -Infinity;
  if (cursor !== undefined) {
    if (!/^\d{1,16}$/.test(cursor)) badCursor();
    after = Number(cursor);
  }
  const { itemIds } = consensus;
  const from = firstAfter(consensus.count, (i) => itemIds[i] > after);
  return page(
    consensus.count,
    from,
    limit,
    (p) => p,
    (i) => String(itemIds[i]),
  );
}

type DisagreementKey = [entropy: number, voteMargin: number, itemId: number];

/** Entropy descending, then vote margin ascending, then item id ascending. */
function compareKeys(a: DisagreementKey, b: DisagreementKey): number {
  return b[0] - a[0] || a[1] - b[1] || a[2] - b[2];
}

function decodeDisagreementCursor(cursor: string): DisagreementKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 3 && key.every((x) => Number.isFinite(x))) {
      return key as DisagreementKey;
    }
  } catch {
    // fall through
  }
  return badCursor();
}

/**
 * Items by disagreement; the cursor holds the last item's (entropy, margin, id), so paging stays a
 * keyset walk (no offsets) and survives a recomputation of the consensus.
 */
export function pageByDisagreement(
  consensus: QuestionConsensus,
  limit: number,
  cursor?: string,
): ItemPage {
  const order = consensus.disagreementOrder();
  const keyOf = (i: number): DisagreementKey => [
    consensus.entropy[i],
    consensus.voteMargin[i],
    consensus.itemIds[i],
  ];
  const after = cursor === undefined ? null : decodeDisagreementCursor(cursor);
  const from = after ? firstAfter(order.length, (p) => compareKeys(keyOf(order[p]), after) > 0) : 0;
  return page(
    order.length,
    from,
    limit,
    (p) => order[p],
    (i) => Buffer.from(JSON.stringify(keyOf(i))).toString('base64url'),
  );
}
