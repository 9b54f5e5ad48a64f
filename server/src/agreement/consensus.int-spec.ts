import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  type ConsensusResponse,
  type DisagreementsResponse,
  mulberry32,
  PAIR_OUTCOMES,
  type RatersReportResponse,
} from '@peel/shared';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import { buildJudgedBatch, buildRaters, pairAnswers } from '../../test/judgment-factories';
import { DawidSkeneWorker } from './dawid-skene-worker';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  const user = await buildUser(dataSource, { role: 'admin' });
  admin = await signIn(app, user.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
});

async function ratersOf(batchId: number): Promise<RatersReportResponse> {
  return (await admin.get(`/api/batches/${batchId}/agreement/raters`).expect(200)).body;
}

describe('GET /api/batches/:id/agreement/raters', () => {
  it('finds the left-biased rater: share of left picks with a binomial test', async () => {
    const raters = await buildRaters(dataSource, 3);
    const [biased, honest, other] = raters;
    const random = mulberry32(5);
    const swaps = Array.from({ length: 80 }, () => raters.map(() => random() < 0.5));
    const swapped = (i: number, r: number) => swaps[i][raters.indexOf(r)];
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 80,
      raters,
      swapped,
      answers: (i, r) => {
        // The biased rater picks whatever is on the left; the others pick `first` on even items
        // and `second` on odd ones, wherever it is shown.
        if (r === biased) return pairAnswers(swapped(i, r) ? 'second' : 'first');
        return pairAnswers(i % 2 === 0 ? 'first' : 'second');
      },
    });
    const quality = new Map((await ratersOf(batch.batchId)).raters.map((q) => [q.raterId, q]));
    const bias = quality.get(biased)!.positionBias!;
    expect(bias).toMatchObject({ question: 'overall', leftPicks: 80, picks: 80, share: 1 });
    expect(bias.pValue).toBeLessThan(1e-20);
    for (const rater of [honest, other]) {
      const fair = quality.get(rater)!.positionBias!;
      expect(fair.picks).toBe(80);
      expect(fair.pValue).toBeGreaterThan(0.01);
    }
    expect(quality.get(honest)!.medianDwellMs).toBe(1000);
  });

  it('gives the Cohen matrix and agreement with consensus per rater', async () => {
    const raters = await buildRaters(dataSource, 3);
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 20,
      raters,
      // Raters 0 and 1 always agree; rater 2 disagrees on every fourth item.
      answers: (i, r) =>
        pairAnswers(r === raters[2] && i % 4 === 0 ? 'tie' : i % 3 === 0 ? 'second' : 'first'),
    });
    const report = await ratersOf(batch.batchId);
    const matrix = report.matrices.find((m) => m.question === 'overall')!;
    expect(matrix.raterIds).toEqual(raters);
    expect(matrix.pairs).toHaveLength(3);
    expect(matrix.pairs[0]).toMatchObject({ raterA: raters[0], raterB: raters[1], kappa: 1 });
    expect(matrix.pairs[1].kappa).toBeLessThan(1);
    const third = report.raters[2].consensus.find((c) => c.question === 'overall')!;
    expect(third).toMatchObject({ answers: 20, peerItems: 20 });
    expect(third.peerAgreement.value).toBe(15 / 20);
    expect(third.consensusAgreement.value).toBe(15 / 20);
  });
});

describe('GET /api/batches/:id/consensus and /disagreements', () => {
  it('runs Dawid–Skene: it recovers the truth where the majority follows the spammers', async () => {
    const raters = await buildRaters(dataSource, 5);
    const random = mulberry32(9);
    const items = 120;
    const truth = Array.from({ length: items }, () => (random() < 0.5 ? 'first' : 'second'));
    // Two careful raters (95%), three spammers who always answer `second`.
    const answer = (i: number, r: number) =>
      raters.indexOf(r) < 2 ? (random() < 0.95 ? truth[i] : 'tie') : 'second';
    const values = truth.map((_, i) => raters.map((r) => answer(i, r)));
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items,
      raters,
      pairOrigin: (i) => (i === 0 ? 'admin' : 'dataset'),
      answers: (i, r) => pairAnswers(values[i][raters.indexOf(r)]),
    });
    const seen: ConsensusResponse['items'] = [];
    let cursor: string | null = null;
    do {
      const query: string = `question=overall&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
      const page: ConsensusResponse = (
        await admin.get(`/api/batches/${batch.batchId}/consensus?${query}`).expect(200)
      ).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((item) => item.itemId)).toEqual(batch.itemIds);
    const dsRight = seen.filter((item, i) => item.dawidSkene.winner === truth[i]).length;
    const majorityRight = seen.filter(
      (item, i) => !item.majority.tie && item.majority.winners[0] === truth[i],
    ).length;
    // The majority is wrong on every item whose truth is `first` (three spammers outvote two).
    expect(majorityRight).toBe(truth.filter((t) => t === 'second').length);
    expect(dsRight).toBeGreaterThanOrEqual(0.9 * items);
    expect(dsRight).toBeGreaterThan(majorityRight + 0.3 * (items - majorityRight));
    const sample = seen[1];
    const posterior = Object.values(sample.dawidSkene.posterior).reduce((s, p) => s + p, 0);
    expect(posterior).toBeCloseTo(1, 12);
    expect(Object.keys(sample.votes)).toEqual([...PAIR_OUTCOMES]);
    expect(sample.pair).toEqual({
      winner: sample.dawidSkene.winner,
      agreesWithDataset: sample.dawidSkene.winner === 'first',
      flipsDataset: sample.dawidSkene.winner === 'second',
    });
    expect(seen[0].pair).toMatchObject({ agreesWithDataset: null, flipsDataset: null });
    const page: ConsensusResponse = (
      await admin.get(`/api/batches/${batch.batchId}/consensus`).expect(200)
    ).body;
    expect(page.question).toBe('overall');
    expect(page.datasetComparison!.pairs).toBe(items - 1);
    expect(page.dawidSkene.converged).toBe(true);
    expect(app.get(DawidSkeneWorker).running).toBe(true); // EM ran off the event loop
  });

  it('lists items by disagreement, keyset paginated', async () => {
    const raters = await buildRaters(dataSource, 4);
    const patterns = [
      ['first', 'first', 'first', 'first'],
      ['first', 'second', 'tie', 'both_bad'],
      ['first', 'first', 'second', 'second'],
      ['first', 'first', 'first', 'second'],
      ['first', 'second', 'tie', 'both_bad'],
      ['first', 'first', 'second', 'second'],
    ];
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: patterns.length,
      raters,
      answers: (i, r) => pairAnswers(patterns[i][raters.indexOf(r)]),
    });
    const seen: DisagreementsResponse['items'] = [];
    let cursor: string | null = null;
    do {
      const query: string = `question=overall&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page: DisagreementsResponse = (
        await admin.get(`/api/batches/${batch.batchId}/disagreements?${query}`).expect(200)
      ).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = batch.itemIds;
    expect(seen.map((item) => item.itemId)).toEqual([
      ids[1],
      ids[4],
      ids[2],
      ids[5],
      ids[3],
      ids[0],
    ]);
    expect(seen[0]).toMatchObject({ voteMargin: 0, nVotes: 4 });
    expect(seen[0].entropy).toBeCloseTo(1, 12);
    expect(seen[0].majority.tie).toBe(true);
    expect(seen[5]).toMatchObject({ entropy: 0, voteMargin: 1 });
  });

  it('answers 404 for an unknown batch and 400 for an unknown question or cursor', async () => {
    const raters = await buildRaters(dataSource, 2);
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 2,
      raters,
      answers: () => pairAnswers('first'),
    });
    const missing = 2_000_000_000;
    for (const route of ['agreement', 'agreement/raters', 'consensus', 'disagreements']) {
      const response = await admin.get(`/api/batches/${missing}/${route}`).expect(404);
      expect(response.body).toMatchObject({
        code: 'NOT_FOUND',
        message: `No batch with id ${missing}`,
      });
    }
    for (const route of ['consensus', 'disagreements']) {
      const response = await admin
        .get(`/api/batches/${batch.batchId}/${route}?question=turn_1.instruction`)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toContain('"turn_1.instruction"');
      expect(response.body.issues[0].path).toBe('question');
      await admin.get(`/api/batches/${batch.batchId}/${route}?cursor=nonsense`).expect(400);
    }
    await admin.get(`/api/batches/${batch.batchId}/consensus?limit=0`).expect(400);
    await admin.get(`/api/batches/abc/agreement`).expect(400);
  });
});
