import { DomainError } from '../common/errors/domain-error';
import { type QuestionConsensus } from './consensus';
import { ConsensusMemo, type ConsensusSnapshot } from './consensus-memo';
import { type ItemPage, pageByDisagreement, pageById } from './item-pages';

function consensusOf(entropy: number[], margin: number[]): QuestionConsensus {
  const n = entropy.length;
  const itemIds = Float64Array.from({ length: n }, (_, i) => 10 + 3 * i);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => entropy[b] - entropy[a] || margin[a] - margin[b] || itemIds[a] - itemIds[b],
  );
  return {
    question: 'overall',
    taskType: 'pairwise',
    categories: ['first', 'second'],
    count: n,
    itemIds,
    votes: new Float64Array(2 * n),
    datasetPair: new Int8Array(n),
    dsWinner: new Int32Array(n),
    dsMargin: new Float64Array(n),
    posteriors: new Float64Array(2 * n),
    entropy: Float64Array.from(entropy),
    voteMargin: Float64Array.from(margin),
    dawidSkene: { iterations: 1, converged: true, tolerance: 1e-6 },
    disagreementOrder: () => order,
  };
}

function walk(next: (cursor?: string) => ItemPage): number[] {
  const seen: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = next(cursor);
    seen.push(...page.indices);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
}

const ENTROPY = [0.2, 1, 0.5, 0.5, 0, 1, 0.5];
const MARGIN = [0.6, 0, 0.5, 0.25, 1, 0, 0.25];

describe('item pages', () => {
  const consensus = consensusOf(ENTROPY, MARGIN);

  it.each([1, 2, 3, 7, 50])('walks the items by id in pages of %i', (limit) => {
    expect(walk((cursor) => pageById(consensus, limit, cursor))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it.each([1, 2, 3, 7, 50])('walks the items by disagreement in pages of %i', (limit) => {
    expect(walk((cursor) => pageByDisagreement(consensus, limit, cursor))).toEqual([
      1, 5, 3, 6, 2, 0, 4,
    ]);
  });

  it('continues after the cursor’s key even when the list changed in between', () => {
    const first = pageByDisagreement(consensus, 2);
    const changed = consensusOf([...ENTROPY.slice(0, 1), 0.9, ...ENTROPY.slice(2)], MARGIN);
    const rest = pageByDisagreement(changed, 10, first.nextCursor!);
    // Item 1 dropped below the cursor's entropy, so it comes again; nothing is skipped.
    expect(rest.indices).toEqual([1, 3, 6, 2, 0, 4]);
  });

  it('rejects a cursor it did not make', () => {
    expect(() => pageById(consensus, 2, 'abc')).toThrow(DomainError);
    expect(() => pageByDisagreement(consensus, 2, 'abc')).toThrow(DomainError);
    const notATriple = Buffer.from('[1,2]').toString('base64url');
    expect(() => pageByDisagreement(consensus, 2, notATriple)).toThrow(DomainError);
  });
});

describe('ConsensusMemo', () => {
  const snapshot = (count: number): ConsensusSnapshot => ({
    consensus: { count } as QuestionConsensus,
    answersVersion: 1,
    judgmentCount: 1,
    computedAt: new Date(),
  });

  it('shares one computation per key and forgets failures', async () => {
    const memo = new ConsensusMemo();
    const key = ConsensusMemo.key(1, 'overall', 5);
    const pending = memo.set(key, Promise.resolve(snapshot(10)));
    expect(memo.get(key)).toBe(pending);
    const failing = memo.set('other', Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(memo.get('other')).toBeUndefined();
  });

  it('evicts the least recently used entries beyond its item budget', async () => {
    const memo = new ConsensusMemo();
    await memo.set('a', Promise.resolve(snapshot(600_000)));
    await memo.set('b', Promise.resolve(snapshot(300_000)));
    memo.get('a');
    await memo.set('c', Promise.resolve(snapshot(300_000)));
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBeDefined();
    expect(memo.get('c')).toBeDefined();
  });
});
