import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { createDataSource } from '../common/db/data-source';
import { createTestApp } from '../../test/app';
import { freshDatabaseUrl } from '../../test/db';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import { buildJudgedBatch, buildRaters, pairAnswers } from '../../test/judgment-factories';

/**
 * PEEL_READ_DATABASE_URL: the admin dashboards (batch table, timeline, raters, gold items,
 * confusion) read from the replica; the batch page and every write stay on the primary. As in
 * `exports/read-replica.int-spec.ts`, the "replica" is a second database, here a fresh clone of
 * the migrated template that only this file writes to: a batch written to one of the two
 * databases alone says by its answers where each read was made.
 */
let app: NestExpressApplication;
let primary: DataSource;
let replica: DataSource;
let admin: SignedIn;

beforeAll(async () => {
  const replicaUrl = await freshDatabaseUrl();
  replica = createDataSource({ url: replicaUrl, poolSize: 2 });
  await replica.initialize();
  // Batch ids of the two databases never meet, so an id names one batch, on one side.
  await replica.query(`SELECT setval(pg_get_serial_sequence('batch', 'id'), 1000000000)`);
  app = await createTestApp({ readDatabaseUrl: replicaUrl });
  primary = app.get(DataSource);
  const user = await buildUser(primary, { role: 'admin' });
  admin = await signIn(app, user.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
  await replica.destroy();
});

/** A taxonomy batch with a gold item, its raters allowed, named uniquely. */
async function taxonomyBatch(dataSource: DataSource) {
  const raters = await buildRaters(dataSource, 3);
  const batch = await buildJudgedBatch(dataSource, {
    taskType: 'taxonomy',
    items: 4,
    raters,
    answers: (item, rater) => ({
      edit_type: EDIT_TYPE_LABELS[item === 3 && rater === raters[0] ? 5 : 0],
    }),
    gold: (item) => item === 0,
  });
  const name = `replica dashboards ${randomUUID()}`;
  await dataSource.query(`UPDATE batch SET name = $2 WHERE id = $1`, [batch.batchId, name]);
  await dataSource.query(
    `INSERT INTO batch_rater (batch_id, user_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
    [batch.batchId, raters],
  );
  return { ...batch, raters, name };
}

describe('the admin dashboards on a read replica (PEEL_READ_DATABASE_URL)', () => {
  it('read the batch table, timeline, raters, gold items and confusion from the replica', async () => {
    const { batchId, itemIds, raters, name, judgments } = await taxonomyBatch(replica);
    const [totals] = await replica.query(
      `SELECT judgment_count, items_complete FROM batch_totals WHERE batch_id = $1`,
      [batchId],
    );

    const list = (await admin.get(`/api/batches?q=${encodeURIComponent(name)}`).expect(200)).body;
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: batchId,
      name,
      judgmentCount: totals.judgment_count,
      itemsComplete: totals.items_complete,
    });

    const timeline = (await admin.get(`/api/batches/${batchId}/timeline`).expect(200)).body;
    expect(timeline).toMatchObject({ batchId, itemCount: 0, judgmentCount: totals.judgment_count });
    expect(timeline.points.at(-1).totalJudgments).toBe(judgments);

    const emails: { email: string }[] = await replica.query(
      `SELECT email FROM app_user WHERE id = ANY($1::int[]) ORDER BY email`,
      [raters],
    );
    const standing = (await admin.get(`/api/batches/${batchId}/raters`).expect(200)).body;
    expect(standing.raters.map((r: { email: string }) => r.email)).toEqual(
      emails.map((row) => row.email),
    );
    expect(standing.raters.map((r: { judgments: number }) => r.judgments)).toEqual([4, 4, 4]);

    const gold = (await admin.get(`/api/batches/${batchId}/gold`).expect(200)).body;
    expect(gold.items).toEqual([
      expect.objectContaining({ itemId: itemIds[0], answered: 3, correct: 3 }),
    ]);

    // Three judged items that are not gold, three answers each, one of them a relabel.
    const confusion = (await admin.get(`/api/batches/${batchId}/confusion`).expect(200)).body;
    expect(confusion).toMatchObject({ batchId, total: 9 });
    expect(confusion.answers).toContain(EDIT_TYPE_LABELS[5]);
  });

  it('know nothing of a batch only the primary has, while the batch page reads the primary', async () => {
    const raters = await buildRaters(primary, 2);
    const { batchId } = await buildJudgedBatch(primary, {
      taskType: 'pairwise',
      items: 2,
      raters,
      answers: () => pairAnswers('first'),
    });
    const name = `primary only ${randomUUID()}`;
    await primary.query(`UPDATE batch SET name = $2 WHERE id = $1`, [batchId, name]);

    // Not replicated yet: the replica's table and charts do not show it.
    const list = (await admin.get(`/api/batches?q=${encodeURIComponent(name)}`).expect(200)).body;
    expect(list).toMatchObject({ items: [], total: 0 });
    for (const chart of ['timeline', 'raters', 'gold', 'confusion']) {
      const response = await admin.get(`/api/batches/${batchId}/${chart}`);
      expect({ chart, status: response.status }).toEqual({ chart, status: 404 });
    }
    // The batch page is where an admin reads what they just changed: the primary.
    const page = (await admin.get(`/api/batches/${batchId}`).expect(200)).body;
    expect(page).toMatchObject({ id: batchId, name, judgmentCount: 4 });
  });
});
