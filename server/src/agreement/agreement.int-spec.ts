import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  type AgreementReportResponse,
  mulberry32,
  PAIR_OUTCOMES,
  type RatersReportResponse,
} from '@peel/shared';
import { agreementCommand } from '../cli/agreement.command';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import {
  addJudgment,
  buildJudgedBatch,
  buildRaters,
  type JudgedBatch,
  pairAnswers,
  reviseJudgment,
} from '../../test/judgment-factories';

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

async function agreementOf(batchId: number): Promise<AgreementReportResponse> {
  return (await admin.get(`/api/batches/${batchId}/agreement`).expect(200)).body;
}

async function ratersOf(batchId: number): Promise<RatersReportResponse> {
  return (await admin.get(`/api/batches/${batchId}/agreement/raters`).expect(200)).body;
}

/** A noisy pairwise batch: item truths, raters right with their accuracy, else a random outcome. */
async function noisyPairwiseBatch(seed: number, items: number, accuracy: number[]) {
  const raters = await buildRaters(dataSource, accuracy.length);
  const random = mulberry32(seed);
  const truth = Array.from({ length: items }, () => PAIR_OUTCOMES[Math.floor(random() * 4)]);
  const answers = new Map<string, string>();
  truth.forEach((t, i) =>
    raters.forEach((r, j) => {
      if (random() < 0.15) return; // missing: not every rater judges every item
      const value = random() < accuracy[j] ? t : PAIR_OUTCOMES[Math.floor(random() * 4)];
      answers.set(`${i}:${r}`, value);
    }),
  );
  const batch = await buildJudgedBatch(dataSource, {
    taskType: 'pairwise',
    items,
    raters,
    answers: (i, r) => {
      const value = answers.get(`${i}:${r}`);
      return value ? pairAnswers(value) : null;
    },
    editTypeId: (i) => 1 + (i % 3),
    gold: (i) => i % 10 === 9,
  });
  return { batch, raters, answers };
}

async function runCli(args: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    expect(await agreementCommand.run(args)).toBe(0);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(out.join(''));
}

describe('GET /api/batches/:id/agreement', () => {
  it('gives the same numbers as the CLI for the same judgments', async () => {
    const { batch } = await noisyPairwiseBatch(11, 60, [0.9, 0.8, 0.7, 0.6, 0.5]);
    const report = await agreementOf(batch.batchId);
    const overall = report.questions.find((q) => q.question === 'overall')!;
    const rows = await dataSource.query(
      `SELECT ja.batch_item_id, ja.rater_id, ja.value
         FROM judgment_answer ja JOIN batch_item bi ON bi.id = ja.batch_item_id
        WHERE ja.batch_id = $1 AND ja.question = 'overall' AND NOT bi.is_gold
        ORDER BY ja.rater_id, ja.batch_item_id`,
      [batch.batchId],
    );
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'peel-agreement-')),
      'overall.csv',
    );
    const lines = rows.map(
      (r: { batch_item_id: string; rater_id: number; value: string }) =>
        `${r.batch_item_id},${r.rater_id},${r.value}`,
    );
    fs.writeFileSync(file, `item_id,rater_id,value\n${lines.join('\n')}\n`);
    const cli = await runCli([file, '--categories', PAIR_OUTCOMES.join(','), '--seed', '1']);
    const stats = overall.all;
    expect(stats.alpha.value).not.toBeNull();
    expect(cli).toMatchObject({
      alpha: stats.alpha.value,
      fleiss_kappa: stats.fleissKappa.value,
      ac1: stats.ac1.value,
      percent_agreement: stats.percentAgreement.value,
      n_items: stats.nItems,
      n_pairable: stats.nPairable,
      n_ratings: stats.nAnswers,
      alpha_ci: {
        lower: stats.alphaCi!.lower,
        upper: stats.alphaCi!.upper,
        replicates: stats.alphaCi!.replicates,
        seed: stats.alphaCi!.seed,
      },
    });
    const matrix = (await ratersOf(batch.batchId)).matrices.find((m) => m.question === 'overall')!;
    expect(matrix.weights).toBe('unweighted');
    expect(cli.cohen_kappa_mean).toBe(matrix.mean.value);
    expect(cli.n_rater_pairs).toBe(matrix.pairs.length);
  });

  it('reproduces Krippendorff (2011) through the SQL path, nominal and ordinal', async () => {
    const _ = null;
    const units = [
      [1, 1, _, 1],
      [2, 2, 3, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [2, 2, 2, 2],
      [1, 2, 3, 4],
      [4, 4, 4, 4],
      [1, 1, 2, 1],
      [2, 2, 2, 2],
      [_, 5, 5, 5],
      [_, _, 1, 1],
      [_, _, 3, _],
    ];
    const raters = await buildRaters(dataSource, 4);
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'multi_turn',
      items: units.length,
      raters,
      answers: (i, r) => {
        const v = units[i][raters.indexOf(r)];
        return v === null ? null : { first_break: String(v), overall: String(v) };
      },
    });
    const report = await agreementOf(batch.batchId);
    const byId = new Map(report.questions.map((q) => [q.question, q]));
    expect(byId.get('first_break')!.level).toBe('nominal');
    expect(byId.get('first_break')!.all.alpha.value).toBe(113 / 152);
    expect(byId.get('overall')!.level).toBe('ordinal');
    expect(byId.get('overall')!.all.alpha.value).toBe(108577 / 133160);
    expect(byId.get('overall')!.all.nPairable).toBe(40);
    expect(byId.get('overall')!.byEditType).toBeNull();
    expect(byId.get('overall')!.scopeReason).toMatch(/multi-turn/);
    const unanswered = byId.get('turn_1.instruction')!.all;
    expect(unanswered.nItems).toBe(0);
    expect(unanswered.alpha).toEqual({ value: null, reason: expect.stringMatching(/pairable/) });
    expect(unanswered.alphaCi).toBeNull();
    const matrix = (await ratersOf(batch.batchId)).matrices.find((m) => m.question === 'overall')!;
    expect(matrix.weights).toBe('quadratic');
  });

  it('leaves gold items out of agreement and reports gold accuracy with a Wilson interval', async () => {
    const raters = await buildRaters(dataSource, 2);
    const batch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 12,
      raters,
      gold: (i) => i >= 8,
      // Non-gold items: perfect agreement; gold items: the raters disagree.
      answers: (i, r) => pairAnswers(i < 8 ? 'first' : r === raters[0] ? 'first' : 'second'),
      goldCorrect: (i, r) => r === raters[0] || i === 8,
    });
    const overall = (await agreementOf(batch.batchId)).questions.find(
      (q) => q.question === 'overall',
    )!;
    expect(overall.excludedGoldAnswers).toBe(8);
    expect(overall.all.nItems).toBe(8);
    expect(overall.all.percentAgreement.value).toBe(1);
    expect(overall.all.alpha).toEqual({
      value: null,
      reason: expect.stringMatching(/single category/),
    });
    const quality = (await ratersOf(batch.batchId)).raters;
    expect(quality.map((q) => q.raterId)).toEqual(raters);
    expect(quality[0].goldAccuracy).toMatchObject({
      successes: 4,
      trials: 4,
      estimate: 1,
      upper: 1,
    });
    expect(quality[1].goldAccuracy).toMatchObject({ successes: 1, trials: 4, estimate: 0.25 });
    expect(quality[1].goldAccuracy.lower).toBeCloseTo(0.0456, 4); // Wilson 95%, 1 of 4
    expect(quality[1].goldAccuracy.upper).toBeCloseTo(0.6994, 4);
  });

  it('reports each edit type and category: the pair’s first edit, the edit’s current label', async () => {
    const raters = await buildRaters(dataSource, 3);
    const pairs = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 9,
      raters,
      editTypeId: (i) => (i < 6 ? 1 : 3),
      answers: (i, r) => pairAnswers(i % 2 === 0 || r !== raters[2] ? 'first' : 'second'),
    });
    const overall = (await agreementOf(pairs.batchId)).questions[0];
    expect(overall.byEditType!.map((s) => [s.editTypeId, s.categoryId, s.stats.nItems])).toEqual([
      [1, 'pixel_photometric', 6],
      [3, 'object_semantic', 3],
    ]);
    expect(overall.byCategory!.map((s) => [s.categoryId, s.stats.nItems])).toEqual([
      ['pixel_photometric', 6],
      ['object_semantic', 3],
    ]);
    expect(overall.byEditType![0].stats.alphaCi?.replicates).toBe(200);
    const labels = await buildJudgedBatch(dataSource, {
      taskType: 'taxonomy',
      items: 4,
      raters,
      editTypeId: () => 5,
      answers: () => ({ edit_type: 'Remove an existing object', garbled_summary: 'no' }),
    });
    const editType = (await agreementOf(labels.batchId)).questions.find(
      (q) => q.question === 'edit_type',
    )!;
    expect(editType.categories).toHaveLength(36);
    expect(editType.byEditType!.map((s) => [s.editTypeId, s.stats.nAnswers])).toEqual([[5, 12]]);
    expect(editType.all.ac1.value).toBe(1);
  });

  it('is cached for the answers version and recomputed when a judgment arrives or is revised', async () => {
    const raters = await buildRaters(dataSource, 3);
    const batch: JudgedBatch = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 5,
      raters: raters.slice(0, 2),
      answers: (i, r) => pairAnswers(r === raters[0] || i < 3 ? 'first' : 'second'),
    });
    const first = await agreementOf(batch.batchId);
    expect(first).toMatchObject({ computedForJudgmentCount: 10, computedForAnswersVersion: 10 });
    const again = await agreementOf(batch.batchId);
    expect(again.computedAt).toBe(first.computedAt);
    await addJudgment(dataSource, batch, 0, raters[2], pairAnswers('second'));
    const added = await agreementOf(batch.batchId);
    expect(added).toMatchObject({ judgmentCount: 11, computedForJudgmentCount: 11 });
    expect(added.questions[0].all.nAnswers).toBe(first.questions[0].all.nAnswers + 1);
    expect(added.questions[0].all.percentAgreement.value).not.toBe(
      first.questions[0].all.percentAgreement.value,
    );
    const raterReport = await ratersOf(batch.batchId);
    expect(raterReport.computedForAnswersVersion).toBe(added.computedForAnswersVersion);
    expect(raterReport.raters.map((r) => r.raterId)).toEqual(raters);
    // Item 3: the two raters disagreed; a revision makes them agree.
    await reviseJudgment(dataSource, batch, 3, raters[1], { overall: 'first' });
    const revised = await agreementOf(batch.batchId);
    expect(revised.judgmentCount).toBe(11);
    expect(revised.computedForAnswersVersion).toBe(added.computedForAnswersVersion + 1);
    expect(revised.questions[0].all.percentAgreement.value).toBeGreaterThan(
      added.questions[0].all.percentAgreement.value!,
    );
  });
});
