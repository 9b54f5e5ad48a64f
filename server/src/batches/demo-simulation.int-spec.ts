import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { type RaterQuality } from '@peel/shared';
import { createApp } from '../app';
import { prepareDatabase } from '../boot';
import { withDatabaseName } from '../cli/migration.command';
import { parseConfig } from '../common/config/config';
import { signIn, type SignedIn } from '../../test/http';
import { DEMO_PASSWORD } from '../users/demo-accounts';
import { SIMULATED_BATCHES } from './demo-simulation';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let dataDir: string;

/** A first start on an empty database, as `npm start` does it. */
beforeAll(async () => {
  const server = new Client({ connectionString: process.env.PEEL_TEST_ADMIN_URL });
  await server.connect();
  const name = `peel_test_${process.pid}_sim_${randomBytes(3).toString('hex')}`;
  await server.query(`CREATE DATABASE ${name}`);
  await server.end();
  const url = withDatabaseName(process.env.PEEL_TEST_ADMIN_URL!, name);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-sim-'));
  const config = {
    ...parseConfig({
      DATABASE_URL: url,
      PEEL_DATA_DIR: dataDir,
      PEEL_DEMO: 'true',
      PEEL_SAMPLE_DATA: 'true',
    }),
    imageDir: path.join(dataDir, 'sample'),
  };
  await prepareDatabase(url, config, () => undefined);
  app = await createApp(config, { url, embedded: false }, { logger: false });
  await app.init();
  dataSource = app.get(DataSource);
  admin = await signIn(app, 'admin@example.com', DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function batchId(name: string): Promise<number> {
  const list = (await admin.get(`/api/batches?q=${encodeURIComponent(name)}`).expect(200)).body;
  expect(list.total).toBe(1);
  return list.items[0].id;
}

function rater(raters: RaterQuality[], email: string): RaterQuality {
  return raters.find((r) => r.email === email)!;
}

describe('the demo batches answered by simulated raters', () => {
  it('are complete, and every counter matches the rows behind it', async () => {
    for (const name of Object.values(SIMULATED_BATCHES)) {
      const id = await batchId(name);
      const batch = (await admin.get(`/api/batches/${id}`).expect(200)).body;
      expect(batch).toMatchObject({ status: 'completed' });
      expect(batch.itemsComplete).toBe(batch.itemCount);
      expect(batch.itemCount).toBeGreaterThan(30);
      const [rows] = await dataSource.query(
        `SELECT (SELECT count(*) FROM judgment WHERE batch_id = $1)::int AS judgments,
                (SELECT count(*) FROM batch_item WHERE batch_id = $1 AND complete AND NOT is_gold)::int AS complete,
                (SELECT count(*) FROM batch_item bi WHERE batch_id = $1 AND NOT is_gold AND submitted <>
                   (SELECT count(*) FROM judgment j WHERE j.batch_item_id = bi.id))::int AS wrong_submitted,
                (SELECT count(*) FROM batch_item WHERE batch_id = $1 AND NOT is_gold AND submitted <> target_k)::int AS not_k,
                (SELECT count(*) FROM batch_item WHERE batch_id = $1 AND leased <> 0)::int AS leased,
                (SELECT count(*) FROM assignment WHERE batch_id = $1 AND state = 'leased')::int AS live,
                (SELECT coalesce(sum(gold_answered), 0) FROM batch_rater WHERE batch_id = $1)::int AS gold_tally,
                (SELECT count(*) FROM judgment WHERE batch_id = $1 AND is_gold)::int AS gold_judgments,
                (SELECT count(*) FROM judgment_answer WHERE batch_id = $1)::int AS answers,
                (SELECT count(*) FROM judgment WHERE batch_id = $1 AND created_at > now())::int AS future`,
        [id],
      );
      expect(rows).toMatchObject({
        judgments: batch.judgmentCount,
        complete: batch.itemsComplete,
        wrong_submitted: 0,
        not_k: 0,
        leased: 0,
        live: 0,
        gold_tally: rows.gold_judgments,
        future: 0,
      });
      expect(rows.answers).toBeGreaterThan(rows.judgments);
      const timeline = (await admin.get(`/api/batches/${id}/timeline`).expect(200)).body;
      expect(timeline.points.length).toBeGreaterThan(10);
      expect(timeline.points.at(-1)).toMatchObject({
        totalJudgments: batch.judgmentCount,
        totalItemsComplete: batch.itemsComplete,
      });
    }
  });

  it('shows the left-biased rater by position bias, and the careless one by agreement and gold', async () => {
    const id = await batchId(SIMULATED_BATCHES.pairwise);
    const { raters } = (await admin.get(`/api/batches/${id}/agreement/raters`).expect(200)).body;
    const left = rater(raters, 'sim-left@example.com');
    expect(left.positionBias!.share).toBeGreaterThan(0.75);
    expect(left.positionBias!.pValue).toBeLessThan(0.01);
    const careful = rater(raters, 'sim-careful@example.com');
    expect(careful.positionBias!.pValue).toBeGreaterThan(left.positionBias!.pValue!);
    expect(Math.abs(careful.positionBias!.share! - 0.5)).toBeLessThan(0.25);
    const careless = rater(raters, 'sim-careless@example.com');
    const peer = (r: RaterQuality) => r.consensus.find((c) => c.question === 'overall')!;
    for (const other of raters.filter((r: RaterQuality) => r !== careless)) {
      expect(peer(careless).peerAgreement.value!).toBeLessThan(peer(other).peerAgreement.value!);
    }
    expect(careless.goldAccuracy.estimate!).toBeLessThan(0.5);
    const [standing] = await dataSource.query(
      `SELECT paused, paused_reason FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [id, careless.raterId],
    );
    expect(standing).toEqual({ paused: true, paused_reason: 'gold accuracy below the bar' });
    const table = (await admin.get(`/api/batches/${id}/raters`).expect(200)).body.raters;
    expect(table).toHaveLength(5);
    const row = (email: string) => table.find((r: { email: string }) => r.email === email);
    expect(row('sim-careless@example.com')).toMatchObject({
      paused: true,
      pausedReason: 'gold accuracy below the bar',
      active: true,
    });
    expect(row('sim-careful@example.com')).toMatchObject({ paused: false, allowed: true });
    for (const r of raters) expect(row(r.email!).judgments).toBe(r.judgments);
    expect(row('sim-careful@example.com').judgmentsPerHour).toBeGreaterThan(0);
    await admin.get('/api/batches/2147483000/raters').expect(404);
    const gold = (await admin.get(`/api/batches/${id}/gold`).expect(200)).body.items;
    expect(gold).toHaveLength(4);
    expect(gold[0].expected).toEqual({ overall: 'first' });
    const goldAnswered = gold.reduce(
      (sum: number, item: { answered: number }) => sum + item.answered,
      0,
    );
    expect(goldAnswered).toBe(
      table.reduce((sum: number, r: { goldAnswered: number }) => sum + r.goldAnswered, 0),
    );
  });

  it('shows the mislabelled sample edits in the taxonomy confusion matrix', async () => {
    const id = await batchId(SIMULATED_BATCHES.taxonomy);
    const confusion = (await admin.get(`/api/batches/${id}/confusion`).expect(200)).body;
    expect(confusion.changed).toBeGreaterThan(10);
    const diagonal = confusion.cells
      .filter((cell: { original: string; answer: string }) => cell.original === cell.answer)
      .reduce((sum: number, cell: { count: number }) => sum + cell.count, 0);
    expect(diagonal).toBeGreaterThan(confusion.total / 2);
    const agreement = (await admin.get(`/api/batches/${id}/agreement`).expect(200)).body;
    const editType = agreement.questions.find(
      (q: { question: string }) => q.question === 'edit_type',
    );
    expect(editType.all.alpha.value).toBeGreaterThan(0.3);
  });
});
