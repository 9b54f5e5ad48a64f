import {
  agreementReportFromCsv,
  findQuestion,
  meanPairwiseCohenKappa,
  mulberry32,
  PAIR_OUTCOMES,
  type QuestionDef,
  reliabilityDataFromRows,
} from '@peel/shared';
import { type BatchItems, batchItemsFromRows } from './batch-items';
import { inlineDawidSkene } from './dawid-skene-worker';
import { AnswerCollector } from './question-answers';
import { questionReport, type QuestionResult, type Taxonomy } from './question-report';

type Answer = [item: number, rater: number, value: string];

const TAXONOMY: Taxonomy = {
  editTypes: new Map([
    [1, { label: 'one', categoryId: 'c1' }],
    [2, { label: 'two', categoryId: 'c1' }],
    [3, { label: 'three', categoryId: 'c2' }],
  ]),
  categories: new Map([
    ['c1', { name: 'Category 1', position: 1 }],
    ['c2', { name: 'Category 2', position: 2 }],
  ]),
};

const OVERALL = findQuestion('pairwise', 'overall')!;

function items(n: number, gold: (i: number) => boolean = () => false): BatchItems {
  return batchItemsFromRows(
    Array.from({ length: n }, (_, i) => ({
      id: 1000 + i,
      isGold: gold(i),
      editTypeId: 1 + (i % 3),
      pairOrigin: 'dataset',
    })),
  );
}

function report(question: QuestionDef, batch: BatchItems, answers: readonly Answer[]) {
  const collector = new AnswerCollector(question, batch);
  for (const [item, rater, value] of answers) collector.addValue(item, rater, value);
  return questionReport(collector.finish(), batch, TAXONOMY, inlineDawidSkene);
}

function noisyAnswers(seed: number, nItems: number, nRaters: number): Answer[] {
  const random = mulberry32(seed);
  const answers: Answer[] = [];
  for (let i = 0; i < nItems; i++) {
    const truth = PAIR_OUTCOMES[Math.floor(random() * 4)];
    for (let r = 0; r < nRaters; r++) {
      if (random() < 0.2) continue;
      const value = random() < 0.7 ? truth : PAIR_OUTCOMES[Math.floor(random() * 4)];
      answers.push([1000 + i, 50 + r, value]);
    }
  }
  return answers;
}

function csvOf(answers: readonly Answer[]): string {
  const sorted = [...answers].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return `item_id,rater_id,value\n${sorted.map((a) => a.join(',')).join('\n')}\n`;
}

describe('questionReport', () => {
  const answers = noisyAnswers(1, 80, 6);
  let result: QuestionResult;

  beforeAll(async () => {
    result = await report(OVERALL, items(80), answers);
  });

  it('gives the shared CSV report’s numbers for the same answers', () => {
    const csv = agreementReportFromCsv(csvOf(answers), {
      categories: [...PAIR_OUTCOMES],
      replicates: 0,
    });
    if (!csv.ok) throw new Error('the CSV should be valid');
    const all = result.agreement.all;
    expect(all.alpha.value).toBe(csv.report.alpha);
    expect(all.fleissKappa.value).toBe(csv.report.fleiss_kappa);
    expect(all.ac1.value).toBe(csv.report.ac1);
    expect(all.percentAgreement.value).toBe(csv.report.percent_agreement);
    expect([all.nItems, all.nPairable, all.nAnswers, all.nRaters]).toEqual([
      csv.report.n_items,
      csv.report.n_pairable,
      csv.report.n_ratings,
      csv.report.n_raters,
    ]);
    expect(result.matrix.mean.value).toBe(csv.report.cohen_kappa_mean);
  });

  it('gives every rater pair the shared Cohen kappa', () => {
    const rows = answers.map(([item, rater, value]) => ({
      item: String(item),
      rater: String(rater),
      value,
    }));
    const sortedRows = rows.sort((a, b) => Number(a.rater) - Number(b.rater));
    const shared = meanPairwiseCohenKappa(reliabilityDataFromRows(sortedRows), [...PAIR_OUTCOMES]);
    expect(result.matrix.pairs.map((p) => [p.raterA, p.raterB, p.sharedItems, p.kappa])).toEqual(
      shared.pairs.map((p) => [
        Number(p.raterA),
        Number(p.raterB),
        p.sharedItems,
        p.kappa.defined ? p.kappa.value : null,
      ]),
    );
  });

  it('does not depend on the order of the answer rows', async () => {
    const shuffled = [...answers].sort((a, b) => (a[2] < b[2] ? -1 : 1) || b[0] - a[0]);
    const again = await report(OVERALL, items(80), shuffled);
    expect(again.agreement).toEqual(result.agreement);
    expect(again.matrix).toEqual(result.matrix);
    expect(Array.from(again.consensus.posteriors)).toEqual(Array.from(result.consensus.posteriors));
  });

  it('splits by edit type and category, with seeded intervals per scope', () => {
    const byType = result.agreement.byEditType!;
    expect(byType.map((s) => [s.editTypeId, s.editType, s.categoryId])).toEqual([
      [1, 'one', 'c1'],
      [2, 'two', 'c1'],
      [3, 'three', 'c2'],
    ]);
    const [c1, c2] = result.agreement.byCategory!;
    expect(c1.stats.nItems).toBe(byType[0].stats.nItems + byType[1].stats.nItems);
    expect(c2.stats.nAnswers).toBe(byType[2].stats.nAnswers);
    expect(byType[0].stats.alphaCi).toMatchObject({ replicates: 200, seed: 1, statistic: 'alpha' });
    expect(result.agreement.all.alphaCi).toMatchObject({ replicates: 1000, seed: 1 });
  });

  it('leaves out gold items and values outside the declared categories, and counts them', async () => {
    const answers: Answer[] = [
      [1000, 1, 'first'],
      [1000, 2, 'first'],
      [1001, 1, 'second'],
      [1001, 2, 'banana'],
      [1002, 1, 'first'],
      [1002, 2, 'second'],
    ];
    const result = await report(
      OVERALL,
      items(3, (i) => i === 2),
      answers,
    );
    expect(result.agreement.excludedGoldAnswers).toBe(2);
    expect(result.agreement.undeclaredValues).toBe(1);
    expect(result.agreement.all).toMatchObject({ nItems: 2, nAnswers: 3, nPairable: 2 });
  });

  it('measures each rater against the Dawid–Skene winner and against the other raters', async () => {
    const answers: Answer[] = [
      [1000, 1, 'first'],
      [1000, 2, 'first'],
      [1000, 3, 'second'],
      [1001, 1, 'first'],
      [1001, 2, 'first'],
      [1001, 3, 'first'],
      [1002, 1, 'tie'],
    ];
    const result = await report(OVERALL, items(3), answers);
    const [one, , three] = result.raterConsensus;
    // Rater 1: item 1000 has the others at 1-1 (no peer majority), 1001 agrees, 1002 is alone.
    expect(one).toMatchObject({ answers: 3, peerItems: 1, peerAgreement: { value: 1 } });
    // Rater 3: outvoted on item 1000, with the others on 1001.
    expect(three).toMatchObject({ answers: 2, peerItems: 2, peerAgreement: { value: 0.5 } });
    expect(three.consensusAgreement.value).toBe(0.5);
    expect(result.consensus.categories[result.consensus.dsWinner[0]]).toBe('first');
  });

  it('orders items by disagreement: entropy down, margin up, id up', async () => {
    const answers: Answer[] = [
      [1000, 1, 'first'],
      [1000, 2, 'first'],
      [1001, 1, 'first'],
      [1001, 2, 'second'],
      [1002, 1, 'first'],
      [1002, 2, 'tie'],
      [1002, 3, 'tie'],
    ];
    const { consensus } = await report(OVERALL, items(3), answers);
    // Entropies over ln 4: 1001 (1/2, 1/2) 0.5; 1002 (1/3, 2/3) 0.459; 1000 unanimous 0.
    expect(Array.from(consensus.disagreementOrder(), (i) => consensus.itemIds[i])).toEqual([
      1001, 1002, 1000,
    ]);
  });
});
