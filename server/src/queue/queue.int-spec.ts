import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { CRITERIA, next, pairwise, setup as setupWith, submit } from '../../test/queue-http';
import { submissionId } from '../../test/queue-factories';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

const setup = (options: Parameters<typeof setupWith>[2]) => setupWith(app, dataSource, options);

describe('the queue', () => {
  it('leases the current task and a prefetched next one, never the same item twice', async () => {
    const { raters, batchId } = await setup({ pairs: 3, k: 1, raters: 1 });
    const [{ session }] = raters;
    const first = await next(session, batchId).expect(200);
    expect(first.body.current.item.kind).toBe('pairwise');
    expect(first.body.next).not.toBeNull();
    expect(first.body.next.itemId).not.toBe(first.body.current.itemId);
    const repeat = await next(session, batchId).expect(200);
    expect(repeat.body.current.assignmentId).toBe(first.body.current.assignmentId);
    expect(repeat.body.next.assignmentId).toBe(first.body.next.assignmentId);
    await submit(session, first.body.current.assignmentId).expect(201);
    const after = await next(session, batchId).expect(200);
    expect(after.body.current.assignmentId).toBe(first.body.next.assignmentId);
    const seen = new Set([first.body.current.itemId, first.body.next.itemId]);
    expect(seen.has(after.body.next.itemId)).toBe(false);
    await submit(session, after.body.current.assignmentId).expect(201);
    await submit(session, after.body.next.assignmentId).expect(201);
    const done = await next(session, batchId).expect(404);
    expect(done.body.code).toBe('NO_TASK_AVAILABLE');
  });

  it('stores pairwise answers in pair orientation whichever side was shown', async () => {
    const { raters, batchId } = await setup({ pairs: 8, k: 1, raters: 1 });
    const [{ session, id }] = raters;
    for (;;) {
      const response = await next(session, batchId);
      if (response.status === 404) break;
      await submit(session, response.body.current.assignmentId, pairwise('A')).expect(201);
    }
    const rows: { swapped: boolean; value: string }[] = await dataSource.query(
      `SELECT a.swapped, ja.value FROM judgment_answer ja JOIN judgment j ON j.id = ja.judgment_id
         JOIN assignment a ON a.id = j.assignment_id
        WHERE j.batch_id = $1 AND j.rater_id = $2 AND ja.question = 'overall'`,
      [batchId, id],
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.value).toBe(row.swapped ? 'second' : 'first');
    expect(new Set(rows.map((row) => row.swapped)).size).toBe(2);
  });

  it("is idempotent on the submission id and refuses another rater's lease", async () => {
    const { raters, batchId } = await setup({ pairs: 2, k: 2, raters: 2 });
    const [a, b] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    const id = submissionId();
    const first = await submit(a.session, lease.assignmentId, pairwise(), id).expect(201);
    const repeat = await submit(a.session, lease.assignmentId, pairwise(), id).expect(200);
    expect(repeat.body.judgment.id).toBe(first.body.judgment.id);
    await submit(a.session, lease.assignmentId).expect(409);
    const other = (await next(b.session, batchId).expect(200)).body.current;
    const forbidden = await submit(a.session, other.assignmentId).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const [count] = await dataSource.query(
      `SELECT count(*)::int AS n FROM judgment WHERE batch_id = $1`,
      [batchId],
    );
    expect(count.n).toBe(1);
  });

  it('frees an expired lease for another rater, and then refuses the late answer (409)', async () => {
    const { raters, batchId } = await setup({ pairs: 1, k: 1, raters: 2 });
    const [a, b] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    expect((await next(b.session, batchId)).status).toBe(404);
    await dataSource.query(
      `UPDATE assignment SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [lease.assignmentId],
    );
    const hb = await a.session.post(`/api/assignments/${lease.assignmentId}/heartbeat`).expect(409);
    expect(hb.body.code).toBe('LEASE_EXPIRED');
    const taken = (await next(b.session, batchId).expect(200)).body.current;
    expect(taken.itemId).toBe(lease.itemId);
    const late = await submit(a.session, lease.assignmentId).expect(409);
    expect(late.body.code).toBe('LEASE_EXPIRED');
    await submit(b.session, taken.assignmentId).expect(201);
  });

  it('accepts a late answer within the grace period when the slot is still free', async () => {
    const { raters, batchId } = await setup({ pairs: 1, k: 1, raters: 1 });
    const [a] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    await dataSource.query(
      `UPDATE assignment SET expires_at = now() - interval '5 seconds' WHERE id = $1`,
      [lease.assignmentId],
    );
    await submit(a.session, lease.assignmentId).expect(201);
    const [item] = await dataSource.query(
      `SELECT submitted, leased, complete FROM batch_item WHERE id = $1`,
      [lease.itemId],
    );
    expect(item).toEqual({ submitted: 1, leased: 0, complete: true });
  });

  it('extends a lease with a heartbeat and frees it at once on a skip', async () => {
    const { raters, batchId } = await setup({ pairs: 1, k: 1, raters: 2 });
    const [a, b] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    const hb = await a.session.post(`/api/assignments/${lease.assignmentId}/heartbeat`).expect(200);
    expect(new Date(hb.body.expiresAt).getTime()).toBeGreaterThanOrEqual(
      new Date(lease.expiresAt).getTime(),
    );
    await b.session.post(`/api/assignments/${lease.assignmentId}/heartbeat`).expect(403);
    await a.session
      .post(`/api/assignments/${lease.assignmentId}/skip`, { reason: 'nope' })
      .expect(400);
    await a.session
      .post(`/api/assignments/${lease.assignmentId}/skip`, { reason: 'cannot_decide' })
      .expect(200);
    const taken = (await next(b.session, batchId).expect(200)).body.current;
    expect(taken.itemId).toBe(lease.itemId);
    expect((await next(a.session, batchId)).status).toBe(404);
  });

  it('lets a rater revise their judgment (undo) while the batch is active', async () => {
    const { admin, raters, batchId } = await setup({ pairs: 1, k: 1, raters: 1 });
    const [a] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    const judgment = (await submit(a.session, lease.assignmentId, pairwise('A')).expect(201)).body
      .judgment;
    const revised = await a.session.agent
      .put(`/api/judgments/${judgment.id}`)
      .set('X-CSRF-Token', a.session.csrf)
      .send({ answers: pairwise('B') })
      .expect(200);
    expect(revised.body.revision).toBe(1);
    const [row] = await dataSource.query(
      `SELECT value FROM judgment_answer WHERE judgment_id = $1 AND question = 'overall'`,
      [judgment.id],
    );
    const [lease2] = await dataSource.query(`SELECT swapped FROM assignment WHERE id = $1`, [
      lease.assignmentId,
    ]);
    expect(row.value).toBe(lease2.swapped ? 'first' : 'second');
    await admin.post(`/api/batches/${batchId}/complete`).expect(200);
    await a.session.agent
      .put(`/api/judgments/${judgment.id}`)
      .set('X-CSRF-Token', a.session.csrf)
      .send({ answers: pairwise('A') })
      .expect(409);
  });

  it('serves nothing from a paused batch', async () => {
    const { admin, raters, batchId } = await setup({ pairs: 2, k: 1, raters: 1 });
    await admin.post(`/api/batches/${batchId}/pause`).expect(200);
    const response = await next(raters[0].session, batchId).expect(409);
    expect(response.body.code).toBe('BATCH_NOT_ACTIVE');
    await admin.post(`/api/batches/${batchId}/resume`).expect(200);
    await next(raters[0].session, batchId).expect(200);
  });

  it('rejects answers that do not fit, naming the field, and stores nothing', async () => {
    const { raters, batchId } = await setup({ pairs: 1, k: 1, raters: 1 });
    const [a] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    const missing = await submit(a.session, lease.assignmentId, {
      overall: 'A',
      criteria: { ...CRITERIA, seamlessness: undefined },
    }).expect(400);
    expect(missing.body.issues.map((i: { path: string }) => i.path)).toContain(
      'answers.criteria.seamlessness',
    );
    const wrongType = await submit(a.session, lease.assignmentId, {
      overall: 3,
      criteria: CRITERIA,
    }).expect(400);
    expect(wrongType.body.issues[0].path).toBe('answers.overall');
    const longReason = await submit(a.session, lease.assignmentId, {
      ...pairwise(),
      reason: 'x'.repeat(100_000),
    }).expect(400);
    expect(longReason.body.issues[0].path).toBe('answers.reason');
    await a.session
      .post(`/api/assignments/${lease.assignmentId}/judgment`, {
        submissionId: 'nope',
        answers: pairwise(),
        dwellMs: 1,
      })
      .expect(400);
    const [count] = await dataSource.query(
      `SELECT count(*)::int AS n FROM judgment WHERE batch_id = $1`,
      [batchId],
    );
    expect(count.n).toBe(0);
  });

  it('pauses a rater below the gold bar until an admin lifts it', async () => {
    const { admin, raters, batchId } = await setup({
      pairs: 6,
      k: 1,
      raters: 1,
      activate: false,
      extra: { gold: { share: 0.5, minAnswers: 2, bar: 0.9 } },
    });
    const items: { id: string }[] = await dataSource.query(
      `SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position LIMIT 2`,
      [batchId],
    );
    for (const item of items) {
      await admin
        .post(`/api/batches/${batchId}/items/${item.id}/gold`, {
          expected: { overall: 'both_bad' },
        })
        .expect(204);
    }
    await admin
      .post(`/api/batches/${batchId}/items/${items[0].id}/gold`, { expected: { overall: 'maybe' } })
      .expect(400);
    await admin.post(`/api/batches/${batchId}/activate`).expect(200);
    const [a] = raters;
    let paused = false;
    for (let i = 0; i < 10 && !paused; i += 1) {
      const response = await next(a.session, batchId);
      if (response.status === 403) {
        expect(response.body.code).toBe('RATER_PAUSED');
        paused = true;
        break;
      }
      await submit(a.session, response.body.current.assignmentId, pairwise('A')).expect(201);
    }
    expect(paused).toBe(true);
    const [standing] = await dataSource.query(
      `SELECT gold_answered, gold_correct, paused FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [batchId, a.id],
    );
    expect(standing).toEqual({ gold_answered: 2, gold_correct: 0, paused: true });
    await admin.post(`/api/batches/${batchId}/raters/${a.id}/unpause`).expect(204);
    await next(a.session, batchId).expect(200);
  });

  it('adds raters up to kMax only while answers disagree (adaptive overlap)', async () => {
    const { raters, batchId } = await setup({
      pairs: 1,
      k: 2,
      raters: 3,
      extra: { overlap: { k: 2, adaptive: true, kMax: 3 } },
    });
    const [a, b, c] = raters;
    const la = (await next(a.session, batchId).expect(200)).body.current;
    const lb = (await next(b.session, batchId).expect(200)).body.current;
    await submit(a.session, la.assignmentId, pairwise('tie')).expect(201);
    await submit(b.session, lb.assignmentId, pairwise('both_bad')).expect(201);
    const lc = (await next(c.session, batchId).expect(200)).body.current;
    expect(lc.itemId).toBe(la.itemId);
    await submit(c.session, lc.assignmentId, pairwise('tie')).expect(201);
    const [item] = await dataSource.query(
      `SELECT submitted, target_k, complete FROM batch_item WHERE id = $1`,
      [la.itemId],
    );
    expect(item).toEqual({ submitted: 3, target_k: 3, complete: true });
  });

  it('counts a right gold answer (every expected value matched, in pair orientation)', async () => {
    const { admin, raters, batchId } = await setup({
      pairs: 4,
      k: 1,
      raters: 1,
      activate: false,
      extra: { gold: { share: 0.5, minAnswers: 2, bar: 0.5 } },
    });
    const [gold] = await dataSource.query(
      `SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position LIMIT 1`,
      [batchId],
    );
    await admin
      .post(`/api/batches/${batchId}/items/${gold.id}/gold`, {
        expected: { overall: 'tie', seamlessness: 'first' },
      })
      .expect(204);
    await admin.post(`/api/batches/${batchId}/activate`).expect(200);
    const [a] = raters;
    for (;;) {
      const response = await next(a.session, batchId);
      if (response.status === 404) break;
      const task = response.body.current;
      const [lease] = await dataSource.query(`SELECT swapped FROM assignment WHERE id = $1`, [
        task.assignmentId,
      ]);
      // The first edit, on whichever side it was shown.
      const first = lease.swapped ? 'B' : 'A';
      await submit(a.session, task.assignmentId, {
        overall: 'tie',
        criteria: { ...CRITERIA, seamlessness: first },
      }).expect(201);
    }
    const judgments: { is_gold: boolean; gold_correct: boolean | null }[] = await dataSource.query(
      `SELECT is_gold, gold_correct FROM judgment WHERE batch_id = $1 AND rater_id = $2`,
      [batchId, a.id],
    );
    expect(judgments.filter((j) => j.is_gold)).toEqual([{ is_gold: true, gold_correct: true }]);
    const [standing] = await dataSource.query(
      `SELECT gold_answered, gold_correct, paused FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [batchId, a.id],
    );
    expect(standing).toEqual({ gold_answered: 1, gold_correct: 1, paused: false });
  });

  it('stores the answer in the orientation of the lease as it is when the submit locks it', async () => {
    const { raters, batchId } = await setup({ pairs: 1, k: 1, raters: 1 });
    const [a] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    // The presented order changes after the lease was served (the server remembered the old one).
    await dataSource.query(`UPDATE assignment SET swapped = NOT swapped WHERE id = $1`, [
      lease.assignmentId,
    ]);
    const [changed] = await dataSource.query(`SELECT swapped FROM assignment WHERE id = $1`, [
      lease.assignmentId,
    ]);
    await submit(a.session, lease.assignmentId, pairwise('A')).expect(201);
    const [row] = await dataSource.query(
      `SELECT ja.value FROM judgment_answer ja JOIN judgment j ON j.id = ja.judgment_id
        WHERE j.assignment_id = $1 AND ja.question = 'overall'`,
      [lease.assignmentId],
    );
    expect(row.value).toBe(changed.swapped ? 'second' : 'first');
  });
});
