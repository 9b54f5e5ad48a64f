import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import { buildPreferenceData } from '../../test/queue-factories';
import { next, pairwise, setup, submit } from '../../test/queue-http';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

async function signedInAdmin(): Promise<SignedIn> {
  const adminUser = await buildUser(dataSource, { role: 'admin' });
  return signIn(app, adminUser.email, TEST_PASSWORD);
}

/** `n` draft batches named `<tag> <i>` over one small import, created in order. */
async function draftBatches(admin: SignedIn, tag: string, n: number): Promise<number[]> {
  const { importId } = await buildPreferenceData(dataSource, 3);
  const rater = await buildUser(dataSource);
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const created = await admin
      .post('/api/batches', {
        name: `${tag} ${String(i).padStart(2, '0')}`,
        taskType: i % 2 === 0 ? 'pairwise' : 'taxonomy',
        filters: { importIds: [Number(importId)] },
        overlap: { k: 1 },
        raterIds: [rater.user.id],
      })
      .expect(201);
    ids.push(created.body.id);
  }
  return ids;
}

describe('the batch table (GET /api/batches)', () => {
  it('pages through a filtered, sorted list with no duplicates or gaps, the total beside it', async () => {
    const admin = await signedInAdmin();
    const tag = `paging-${randomUUID().slice(0, 8)}`;
    const ids = await draftBatches(admin, tag, 7);
    const seen: number[] = [];
    for (let page = 0; page < 3; page += 1) {
      const body = (
        await admin.get(`/api/batches?q=${tag}&sort=name&order=asc&pageSize=3&page=${page}`)
      ).body;
      expect(body).toMatchObject({ total: 7, page, pageSize: 3 });
      seen.push(...body.items.map((item: { id: number }) => item.id));
    }
    expect(seen).toEqual(ids);
    const byType = (await admin.get(`/api/batches?q=${tag}&taskType=taxonomy`).expect(200)).body;
    expect(byType.total).toBe(3);
    expect(byType.items.map((item: { id: number }) => item.id)).toEqual(
      [ids[5], ids[3], ids[1]], // default: newest first
    );
    const past = (await admin.get(`/api/batches?q=${tag}&page=9&pageSize=3`).expect(200)).body;
    expect(past).toMatchObject({ items: [], total: 7 });
    await admin.post(`/api/batches/${ids[0]}/activate`).expect(200);
    const active = (await admin.get(`/api/batches?q=${tag}&status=active,paused`).expect(200)).body;
    expect(active.items.map((item: { id: number }) => item.id)).toEqual([ids[0]]);
    // A name with LIKE wildcards matches literally.
    expect((await admin.get(`/api/batches?q=${tag}%25`).expect(200)).body.total).toBe(0);
  });

  it('answers 400 naming the query field for an unknown sort, filter or page size', async () => {
    const admin = await signedInAdmin();
    const sort = await admin.get('/api/batches?sort=secret').expect(400);
    expect(sort.body.issues[0].path).toBe('sort');
    const status = await admin.get('/api/batches?status=active,sleeping').expect(400);
    expect(status.body.issues[0].path).toBe('status.1');
    const unknown = await admin.get('/api/batches?owner=me').expect(400);
    expect(JSON.stringify(unknown.body.issues)).toContain('owner');
    const size = await admin.get('/api/batches?pageSize=1000').expect(400);
    expect(size.body.issues[0].path).toBe('pageSize');
  });

  it('shows progress, gold judgments, the recent rate and an ETA from the counters', async () => {
    const { admin, raters, batchId } = await setup(app, dataSource, { pairs: 4, k: 2, raters: 2 });
    const [name] = (await dataSource.query(`SELECT name FROM batch WHERE id = $1`, [batchId])).map(
      (row: { name: string }) => row.name,
    );
    const before = (await admin.get(`/api/batches?q=${encodeURIComponent(name)}`)).body.items[0];
    expect(before).toMatchObject({
      id: batchId,
      status: 'active',
      itemCount: 4,
      itemsComplete: 0,
      judgmentCount: 0,
      judgmentsRemaining: 8,
      etaSeconds: null,
      etaReason: 'no judgments in the last hour',
      agreement: null,
    });
    expect(before.raterIds).toEqual(raters.map((rater) => rater.id).sort((a, b) => a - b));
    for (const rater of raters) {
      const lease = (await next(rater.session, batchId).expect(200)).body.current;
      await submit(rater.session, lease.assignmentId, pairwise('A')).expect(201);
    }
    await admin.get(`/api/batches/${batchId}/agreement`).expect(200);
    const after = (await admin.get(`/api/batches?q=${encodeURIComponent(name)}`)).body.items[0];
    expect(after).toMatchObject({ judgmentCount: 2, judgmentsRemaining: 6, goldJudgments: 0 });
    expect(after.recentRatePerHour).toBeGreaterThan(0);
    expect(after.etaSeconds).toBeGreaterThan(0);
    expect(after.agreement).toMatchObject({ question: 'overall', computedForJudgmentCount: 2 });
  });
});

describe('the batch dashboard', () => {
  it('buckets judgments and completed items by time, with running totals', async () => {
    const { admin, raters, batchId } = await setup(app, dataSource, { pairs: 3, k: 1, raters: 1 });
    const empty = (await admin.get(`/api/batches/${batchId}/timeline`).expect(200)).body;
    expect(empty).toMatchObject({ batchId, itemCount: 3, judgmentCount: 0, points: [] });
    const [rater] = raters;
    for (let i = 0; i < 3; i += 1) {
      const lease = (await next(rater.session, batchId).expect(200)).body.current;
      await submit(rater.session, lease.assignmentId).expect(201);
    }
    // Two judgments happened two hours ago (their items completed then too).
    await dataSource.query(
      `UPDATE judgment SET created_at = created_at - interval '2 hours'
        WHERE id IN (SELECT id FROM judgment WHERE batch_id = $1 ORDER BY id LIMIT 2)`,
      [batchId],
    );
    await dataSource.query(
      `UPDATE batch_item bi SET completed_at = j.created_at FROM judgment j
        WHERE j.batch_item_id = bi.id AND bi.batch_id = $1`,
      [batchId],
    );
    const body = (await admin.get(`/api/batches/${batchId}/timeline?buckets=10`).expect(200)).body;
    expect(body.judgmentCount).toBe(3);
    expect(body.bucketSeconds).toBe(900); // 2 h over at most 10 buckets: 15 minutes
    expect(body.points.length).toBeGreaterThan(2);
    expect(body.points.length).toBeLessThanOrEqual(11);
    expect(body.points[0]).toMatchObject({ judgments: 2, itemsCompleted: 2, totalJudgments: 2 });
    expect(body.points.at(-1)).toMatchObject({ totalJudgments: 3, totalItemsComplete: 3 });
    const sum = body.points.reduce((s: number, p: { judgments: number }) => s + p.judgments, 0);
    expect(sum).toBe(3);
    const times = body.points.map((p: { at: string }) => Date.parse(p.at));
    for (let i = 1; i < times.length; i += 1) expect(times[i] - times[i - 1]).toBe(900_000);

    const bad = await admin.get(`/api/batches/${batchId}/timeline?buckets=1`).expect(400);
    expect(bad.body.issues[0].path).toBe('buckets');
    await admin.get(`/api/batches/${batchId}/timeline?from=yesterday`).expect(400);
    await admin.get('/api/batches/2147483000/timeline').expect(404);
  });

  it('counts original → corrected labels of a taxonomy batch (gold left out)', async () => {
    const { importId } = await buildPreferenceData(dataSource, 2);
    const admin = await signedInAdmin();
    const users = [await buildUser(dataSource), await buildUser(dataSource)];
    const sessions = await Promise.all(users.map((u) => signIn(app, u.email, TEST_PASSWORD)));
    const created = await admin
      .post('/api/batches', {
        name: `confusion ${importId}`,
        taskType: 'taxonomy',
        filters: { importIds: [Number(importId)], origins: ['preference_chosen'] },
        overlap: { k: 2 },
        raterIds: users.map((u) => u.user.id),
      })
      .expect(201);
    const batchId = created.body.id;
    await admin.post(`/api/batches/${batchId}/activate`).expect(200);
    // Fixture labels: item i is labelled EDIT_TYPE_LABELS[i].
    const [first, second] = [EDIT_TYPE_LABELS[0], EDIT_TYPE_LABELS[1]];
    for (const session of sessions) {
      for (let i = 0; i < 2; i += 1) {
        const lease = (await next(session, batchId).expect(200)).body.current;
        const label = lease.item.currentLabel.label;
        const answers =
          session === sessions[0] || label === second
            ? { decision: 'confirm', garbledShortInstruction: false }
            : { decision: 'change', editType: second, garbledShortInstruction: false };
        await submit(session, lease.assignmentId, answers).expect(201);
      }
    }
    const body = (await admin.get(`/api/batches/${batchId}/confusion`).expect(200)).body;
    expect(body).toMatchObject({ batchId, question: 'edit_type', total: 4, changed: 1 });
    expect(body.originals).toEqual([first, second]);
    expect(body.answers).toEqual([first, second]);
    expect(body.cells).toEqual([
      { original: first, answer: first, count: 1 },
      { original: first, answer: second, count: 1 },
      { original: second, answer: second, count: 2 },
    ]);
    const pairs = await setup(app, dataSource, { pairs: 1, k: 1, raters: 1 });
    const notTaxonomy = await pairs.admin.get(`/api/batches/${pairs.batchId}/confusion`);
    expect(notTaxonomy.status).toBe(409);
    expect(notTaxonomy.body.message).toContain('taxonomy');
  });
});
