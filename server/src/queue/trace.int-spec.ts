import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { next, pairwise, setup as setupWith, submit } from '../../test/queue-http';

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

async function events(assignmentId: number) {
  const rows: { event: string; actor_id: number | null; details: Record<string, unknown> }[] =
    await dataSource.query(
      `SELECT event, actor_id, details FROM assignment_event WHERE assignment_id = $1 ORDER BY id`,
      [assignmentId],
    );
  return rows;
}

describe('what a rater and an admin can trace', () => {
  it('records every state change of a lease and a judgment: who, when, what', async () => {
    const { raters, batchId } = await setup({ pairs: 3, k: 1, raters: 2 });
    const [a, b] = raters;
    const first = (await next(a.session, batchId).expect(200)).body;
    const { current, next: prefetched } = first;
    await a.session.post(`/api/assignments/${current.assignmentId}/heartbeat`).expect(200);
    const judgment = (await submit(a.session, current.assignmentId).expect(201)).body.judgment;
    await a.session.agent
      .put(`/api/judgments/${judgment.id}`)
      .set('X-CSRF-Token', a.session.csrf)
      .send({ answers: pairwise('B') })
      .expect(200);
    await a.session
      .post(`/api/assignments/${prefetched.assignmentId}/skip`, { reason: 'cannot_decide' })
      .expect(200);
    expect(await events(current.assignmentId)).toEqual([
      {
        event: 'leased',
        actor_id: a.id,
        details: { itemId: current.itemId, gold: false, asked: null },
      },
      { event: 'heartbeat', actor_id: a.id, details: {} },
      { event: 'submitted', actor_id: a.id, details: { judgmentId: judgment.id } },
      { event: 'revised', actor_id: a.id, details: { judgmentId: judgment.id } },
    ]);
    expect((await events(prefetched.assignmentId)).map((e) => [e.event, e.actor_id])).toEqual([
      ['leased', a.id],
      ['skipped', a.id],
    ]);
    // An expired lease is reclaimed by the next claim in the batch: the system did it.
    const held = (await next(a.session, batchId).expect(200)).body.current;
    await dataSource.query(
      `UPDATE assignment SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [held.assignmentId],
    );
    await next(b.session, batchId).expect(200);
    const reclaimed = await events(held.assignmentId);
    expect(reclaimed.map((e) => [e.event, e.actor_id])).toEqual([
      ['leased', a.id],
      ['expired', null],
    ]);
    const [at] = await dataSource.query(
      `SELECT bool_and(at <= now()) AS past FROM assignment_event WHERE assignment_id = $1`,
      [held.assignmentId],
    );
    expect(at.past).toBe(true);
  });

  it("answers the rater's progress and their own recent judgments, newest first", async () => {
    const { raters, batchId } = await setup({ pairs: 3, k: 1, raters: 2 });
    const [a, b] = raters;
    const leased = (await next(a.session, batchId).expect(200)).body;
    expect(leased.progress).toMatchObject({
      batchId,
      done: 0,
      total: 3,
      itemsComplete: 0,
      // Both leased items are still open, but they are this rater's now.
      remaining: 1,
      gold: { answered: 0, correct: 0, paused: false },
    });
    const one = (await submit(a.session, leased.current.assignmentId).expect(201)).body;
    expect(one.progress).toMatchObject({ done: 1, itemsComplete: 1, remaining: 1 });
    const two = (await submit(a.session, leased.next.assignmentId).expect(201)).body;
    expect(two.progress).toMatchObject({ done: 2, itemsComplete: 2, remaining: 1 });
    const progress = await a.session.get(`/api/batches/${batchId}/progress`).expect(200);
    expect(progress.body).toEqual(two.progress);
    // Another rater sees the batch's completion but none of a's work as their own.
    const other = await b.session.get(`/api/batches/${batchId}/progress`).expect(200);
    expect(other.body).toMatchObject({ done: 0, itemsComplete: 2, remaining: 1, total: 3 });
    const mine = await a.session.get(`/api/batches/${batchId}/judgments/mine`).expect(200);
    expect(mine.body.items.map((j: { id: number }) => j.id)).toEqual([
      two.judgment.id,
      one.judgment.id,
    ]);
    const limited = await a.session.get(`/api/batches/${batchId}/judgments/mine?limit=1`);
    expect(limited.body.items.map((j: { id: number }) => j.id)).toEqual([two.judgment.id]);
    await a.session.get(`/api/batches/${batchId}/judgments/mine?limit=0`).expect(400);
    expect((await b.session.get(`/api/batches/${batchId}/judgments/mine`)).body.items).toEqual([]);
  });

  it('counts as remaining only the open items a rater has not held, done or skipped', async () => {
    const { raters, batchId } = await setup({ pairs: 3, k: 2, raters: 2 });
    const [a, b] = raters;
    const progress = async (rater: typeof a) =>
      (await rater.session.get(`/api/batches/${batchId}/progress`).expect(200)).body;
    const first = (await next(a.session, batchId).expect(200)).body;
    await submit(a.session, first.current.assignmentId).expect(201);
    // a did one item (still open: 1 of 2 judgments) and holds another.
    expect(await progress(a)).toMatchObject({ done: 1, itemsComplete: 0, remaining: 1 });
    expect(await progress(b)).toMatchObject({ done: 0, itemsComplete: 0, remaining: 3 });
    // b finishes the item a started (started items first), and holds the one a holds.
    const second = (await next(b.session, batchId).expect(200)).body;
    expect(second.current.itemId).toBe(first.current.itemId);
    await submit(b.session, second.current.assignmentId).expect(201);
    expect(await progress(a)).toMatchObject({ done: 1, itemsComplete: 1, remaining: 1 });
    expect(await progress(b)).toMatchObject({ done: 1, itemsComplete: 1, remaining: 1 });
    // A skipped item is never served to a again, so it is not remaining for a either.
    await a.session
      .post(`/api/assignments/${first.next.assignmentId}/skip`, { reason: 'cannot_decide' })
      .expect(200);
    expect(await progress(a)).toMatchObject({ done: 1, itemsComplete: 1, remaining: 1 });
    // The count lives on the rater's standing, kept by the trigger on `judgment`.
    const [row] = await dataSource.query(
      `SELECT done FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [batchId, a.id],
    );
    expect(row.done).toBe(1);
    // A rater with a long history is counted from the batch's open items instead: same answer.
    const before = [await progress(a), await progress(b)];
    await dataSource.query(`UPDATE batch_rater SET served = served + 1000 WHERE batch_id = $1`, [
      batchId,
    ]);
    expect([await progress(a), await progress(b)]).toEqual(before);
  });

  it('promotes an item with a strong consensus to gold, and refuses one without', async () => {
    const { admin, raters, batchId } = await setup({ pairs: 2, k: 3, raters: 3 });
    const leases = [];
    for (const rater of raters) {
      const task = (await next(rater.session, batchId).expect(200)).body;
      leases.push({ rater, task });
    }
    // Every rater got both items (k = 3); all say tie on the current one, and disagree on the next.
    const agreed = leases[0].task.current.itemId;
    for (const [i, { rater, task }] of leases.entries()) {
      for (const lease of [task.current, task.next]) {
        const overall = lease.itemId === agreed ? 'tie' : i === 0 ? 'both_bad' : 'tie';
        await submit(rater.session, lease.assignmentId, pairwise(overall)).expect(201);
      }
    }
    const promoted = await admin
      .post(`/api/batches/${batchId}/items/${agreed}/gold/promote`)
      .expect(200);
    expect(promoted.body).toEqual({ expected: { overall: 'tie' } });
    const [item] = await dataSource.query(
      `SELECT is_gold, gold_answer FROM batch_item WHERE id = $1`,
      [agreed],
    );
    expect(item).toEqual({ is_gold: true, gold_answer: { overall: 'tie' } });
    const disputed = leases[0].task.next.itemId;
    const refused = await admin
      .post(`/api/batches/${batchId}/items/${disputed}/gold/promote`)
      .expect(409);
    expect(refused.body.message).toMatch(/No strong consensus on "overall"/);
  });
});
