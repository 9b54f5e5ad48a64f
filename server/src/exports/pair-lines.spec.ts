import { copyChunks, copyText } from '../../test/copy-text';
import { forEachCopyRow } from '../agreement/copy-rows';
import { type ItemStatsOf } from './aggregate';
import { type AdjudicationRow, PAIR_FIELDS, type PairRow } from './export-queries';
import { JsonBytes } from './json-bytes';
import { majorityIn, PairLines, type RowSink } from './pair-lines';
import { pairRecords } from './records';

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  'images/a.png',
  'say "hi"\\ back',
  'line\nbreak\ttab\r',
  '\\N',
  '\\.',
  '\u0001\u001f\u007f\b\f\v',
  'Couleur ↔ ton – été 🎨',
  '',
];

const EXTRAS: Record<string, unknown>[] = [
  { source: 'x', score: 0.5 },
  // integer-like keys come first in an object; the dataset's own keys are dropped
  { 10: true, zeta: [1, 'x'], human: 'no', output_image: 'no', alpha: { nested: '"q"' } },
];

const ADJUDICATIONS: AdjudicationRow[] = [
  {
    answers: { overall: 'second', instruction_compliance: 'first', seamlessness: 'tie' },
    note: 'an admin\'s "note"\nwith a newline',
    item_id: '12',
    adjudicated_at: '2026-01-02T03:04:05.678Z',
  },
  {
    answers: { overall: 'tie' },
    note: '',
    item_id: '13',
    adjudicated_at: '2026-01-01T00:00:00.000Z',
  },
];

const VOTES = PAIR_FIELDS.adjudication - PAIR_FIELDS.votes;

interface Case {
  pair: PairRow;
  votes: number[];
  firstItem: number;
  lastItem: number;
  extraText: string;
  adjudicationText: string | null;
}

function buildCase(next: () => number, id: number, adjudicated: boolean): Case {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  // small counts: many ties, zeros and splits
  const votes = Array.from({ length: VOTES }, () => (next() < 0.4 ? 0 : Math.floor(next() * 4)));
  const several = next() < 0.1;
  const firstItem = id * 10;
  const lastItem = several ? firstItem + 3 : firstItem;
  const extra = next() < 0.1 ? pick(EXTRAS) : {};
  const adjudication = adjudicated && next() < 0.2 ? pick(ADJUDICATIONS) : null;
  const pair: PairRow = {
    pair_id: String(id),
    first_image: next() < 0.5 ? `images/${id}-a.png` : pick(STRINGS),
    second_image: next() < 0.5 ? `images/${id}-b.png` : pick(STRINGS),
    instruction: pick(STRINGS),
    summarized_instruction: pick(STRINGS),
    edit_type: pick(STRINGS),
    source_url: pick(STRINGS),
    extra,
    k: votes.slice(0, 4).reduce((a, b) => a + b, 0),
    counts: {},
    item_ids: several ? [firstItem, firstItem + 3] : [firstItem],
  };
  if (adjudicated) pair.adjudication = adjudication;
  return {
    pair,
    votes,
    firstItem,
    lastItem,
    extraText: Object.keys(extra).length === 0 ? '{}' : JSON.stringify(extra),
    adjudicationText: adjudication && JSON.stringify(adjudication),
  };
}

/** The pair as a row of pairsSql's COPY output. */
function copyFields({ pair, votes, firstItem, lastItem, extraText, adjudicationText }: Case) {
  return [
    pair.pair_id,
    copyText(pair.first_image),
    copyText(pair.second_image),
    copyText(pair.instruction),
    copyText(pair.summarized_instruction),
    copyText(pair.edit_type),
    copyText(pair.source_url),
    copyText(extraText),
    String(pair.k),
    String(firstItem),
    String(lastItem),
    ...votes.map(String),
    ...(pair.adjudication === undefined ? [] : [copyText(adjudicationText)]),
  ];
}

function counts(votes: number[]): PairRow['counts'] {
  const [first, second, tie, both_bad, ...criteria] = votes;
  const names = ['instruction_compliance', 'seamlessness', 'preservation', 'technical_quality'];
  return {
    overall: { first, second, tie, both_bad },
    ...Object.fromEntries(
      names.map((name, c) => [
        name,
        { first: criteria[c * 3], second: criteria[c * 3 + 1], tie: criteria[c * 3 + 2] },
      ]),
    ),
  };
}

const statsOf: ItemStatsOf = (itemId) =>
  itemId % 7 === 0
    ? null
    : {
        dawid_skene: {
          winner: 'second',
          posterior: { first: 1 / itemId, second: 1 - 1 / itemId, tie: 0, both_bad: 1e-9 },
          margin: 1 - 2 / itemId,
        },
        agreement: itemId % 3 === 0 ? null : 1 / 3,
        entropy: itemId % 5 === 0 ? NaN : itemId / 1000,
      };

class MemorySink implements RowSink {
  readonly buffer = new JsonBytes(64);
  endRow(): void {
    this.buffer.byte(10);
  }
  text(): string {
    return this.buffer.take().toString('utf8');
  }
}

describe('PairLines', () => {
  it.each([
    { minMargin: 0, includeTies: false, preferAdjudicated: false },
    { minMargin: 0, includeTies: true, preferAdjudicated: false },
    { minMargin: 0.3, includeTies: true, preferAdjudicated: true },
    { minMargin: 0.5, includeTies: false, preferAdjudicated: true },
    { minMargin: 1, includeTies: true, preferAdjudicated: false },
  ])('writes the bytes of JSON.stringify(pairRecords()) for every pair (%o)', async (options) => {
    const next = random(7);
    const cases = Array.from({ length: 600 }, (_, i) =>
      buildCase(next, i + 1, options.preferAdjudicated),
    );
    const shared = new Map(
      cases.filter((c) => c.pair.item_ids.length > 1).map((c) => [c.pair.pair_id, c.pair.item_ids]),
    );
    const lines = new PairLines(options, statsOf, shared);
    const preference = new MemorySink();
    const dpo = new MemorySink();
    await forEachCopyRow(
      copyChunks(cases.map(copyFields), 97),
      (row) => lines.write(row, preference, dpo),
      PAIR_FIELDS.adjudication + 1,
    );
    const expected = { preference: '', dpo: '' };
    for (const c of cases) {
      const records = pairRecords({ ...c.pair, counts: counts(c.votes) }, options, statsOf);
      if (records.preference) expected.preference += `${JSON.stringify(records.preference)}\n`;
      if (records.dpo) expected.dpo += `${JSON.stringify(records.dpo)}\n`;
    }
    expect(expected.preference.length).toBeGreaterThan(0);
    expect(preference.text()).toBe(expected.preference);
    expect(dpo.text()).toBe(expected.dpo);
  });

  it('finds a strict majority by index, as majority() does', () => {
    expect(majorityIn([0, 0, 0])).toBe(-1);
    expect(majorityIn([1, 2, 2])).toBe(-1);
    expect(majorityIn([3, 2, 2])).toBe(0);
    expect(majorityIn([0, 0, 1, 0])).toBe(2);
    expect(majorityIn([9, 0, 1, 4, 2], 2, 3)).toBe(1);
  });
});
