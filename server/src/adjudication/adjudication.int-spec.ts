import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { type SignedIn } from '../../test/http';
import { CRITERIA, next, pairwise, setup, submit } from '../../test/queue-http';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

function put(session: SignedIn, path: string, body: object) {
  return session.agent.put(path).set('X-CSRF-Token', session.csrf).send(body);
}

function del(session: SignedIn, path: string) {
  return session.agent.delete(path).set('X-CSRF-Token', session.csrf);
}

/** A pairwise batch of one item judged by two raters who disagree. */
async function contestedItem() {
  const { admin, raters, batchId } = await setup(app, dataSource, { pairs: 1, k: 2, raters: 2 });
  const swaps: boolean[] = [];
  for (const [index, rater] of raters.entries()) {
    const lease = (await next(rater.session, batchId).expect(200)).body.current;
    const [row] = await dataSource.query(`SELECT swapped FROM assignment WHERE id = $1`, [
      lease.assignmentId,
    ]);
    swaps.push(row.swapped);
    await submit(rater.session, lease.assignmentId, pairwise(index === 0 ? 'A' : 'B')).expect(201);
  }
  const [item] = await dataSource.query(`SELECT id FROM batch_item WHERE batch_id = $1`, [batchId]);
  return { admin, raters, batchId, itemId: Number(item.id), swaps };
}

describe('batch item detail and adjudication', () => {
  it('shows the item in pair orientation with every judgment and the votes', async () => {
    const { admin, raters, batchId, itemId, swaps } = await contestedItem();
    const detail = (await admin.get(`/api/batches/${batchId}/items/${itemId}`).expect(200)).body;
    expect(detail).toMatchObject({ batchId, itemId, taskType: 'pairwise', submitted: 2 });
    expect(detail.item.kind).toBe('pairwise');
    expect(detail.judgments.map((j: { rater: { id: number } }) => j.rater.id)).toEqual(
      raters.map((r) => r.id),
    );
    // Rater 0 picked the left side (A), rater 1 the right (B), stored in the pair's orientation.
    const expected = [swaps[0] ? 'second' : 'first', swaps[1] ? 'first' : 'second'];
    expect(
      detail.judgments.map(
        (j: { values: { question: string; value: string }[] }) =>
          j.values.find((v) => v.question === 'overall')!.value,
      ),
    ).toEqual(expected);
    const overall = detail.votes.find((v: { question: string }) => v.question === 'overall');
    expect(overall.counts.reduce((sum: number, c: { n: number }) => sum + c.n, 0)).toBe(2);
    expect(detail.adjudication).toBeNull();
  });

  it("shows each judgment's reason and the item's own skips, with reason and note", async () => {
    const { admin, raters, batchId } = await setup(app, dataSource, { pairs: 2, k: 2, raters: 2 });
    const leases = async (rater: (typeof raters)[number]) => {
      const { current, next: following } = (await next(rater.session, batchId).expect(200)).body;
      const rows: { id: string; item: string }[] = await dataSource.query(
        `SELECT id, batch_item_id AS item FROM assignment WHERE id = ANY($1) ORDER BY id`,
        [[current.assignmentId, following.assignmentId]],
      );
      return rows.map((row) => ({ id: Number(row.id), item: Number(row.item) }));
    };
    // Rater 0 judges item X with a reason and skips Y; rater 1 skips X and judges Y without one.
    const [onX, onY] = await leases(raters[0]);
    const reason = 'The <b>second</b> edit smears the sky';
    await submit(raters[0].session, onX.id, { ...pairwise('A'), reason }).expect(201);
    await raters[0].session
      .post(`/api/assignments/${onY.id}/skip`, { reason: 'unclear_instruction', note: '' })
      .expect(200);
    const other = await leases(raters[1]);
    const skipOfX = other.find((lease) => lease.item === onX.item)!;
    const note = 'Both images <script>look</script> identical';
    await raters[1].session
      .post(`/api/assignments/${skipOfX.id}/skip`, { reason: 'cannot_decide', note })
      .expect(200);
    await submit(raters[1].session, other.find((lease) => lease !== skipOfX)!.id).expect(201);

    const x = (await admin.get(`/api/batches/${batchId}/items/${onX.item}`).expect(200)).body;
    expect(x.judgments).toEqual([
      expect.objectContaining({ rater: expect.objectContaining({ id: raters[0].id }), reason }),
    ]);
    expect(x.skipped).toEqual([
      {
        rater: { id: raters[1].id, email: expect.any(String), displayName: null },
        reason: 'cannot_decide',
        note,
        skippedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const y = (await admin.get(`/api/batches/${batchId}/items/${onY.item}`).expect(200)).body;
    expect(y.judgments).toEqual([
      expect.objectContaining({
        rater: expect.objectContaining({ id: raters[1].id }),
        reason: null,
      }),
    ]);
    // An empty note reads as none.
    expect(y.skipped).toEqual([
      expect.objectContaining({
        rater: expect.objectContaining({ id: raters[0].id }),
        reason: 'unclear_instruction',
        note: null,
      }),
    ]);
  });

  it('stores the final answer in pair orientation (A = first edit), replaces it, and removes it', async () => {
    const { admin, batchId, itemId } = await contestedItem();
    const path = `/api/batches/${batchId}/items/${itemId}/adjudication`;
    const first = await put(admin, path, {
      answers: pairwise('B'),
      note: 'The second edit keeps the background',
    }).expect(200);
    expect(first.body).toMatchObject({
      batchId,
      itemId,
      note: 'The second edit keeps the background',
    });
    const values = Object.fromEntries(
      first.body.values.map((v: { question: string; value: string }) => [v.question, v.value]),
    );
    expect(values).toEqual({
      overall: 'second',
      instruction_compliance: 'first',
      seamlessness: 'first',
      preservation: 'tie',
      technical_quality: 'second',
    });
    expect(CRITERIA.technical_quality).toBe('B');

    await put(admin, path, { answers: pairwise('tie'), note: 'On reflection, a tie' }).expect(200);
    const rows = await dataSource.query(
      `SELECT question, value FROM adjudication_answer WHERE batch_item_id = $1 AND question = 'overall'`,
      [itemId],
    );
    expect(rows).toEqual([{ question: 'overall', value: 'tie' }]);
    const detail = (await admin.get(`/api/batches/${batchId}/items/${itemId}`).expect(200)).body;
    expect(detail.adjudication).toMatchObject({ note: 'On reflection, a tie' });
    const listed = (await admin.get(`/api/batches/${batchId}/adjudications`).expect(200)).body;
    expect(listed.items.map((a: { itemId: number }) => a.itemId)).toEqual([itemId]);

    const audit = await dataSource.query(
      `SELECT action FROM audit_event WHERE target_type = 'batch_item' AND target_id = $1 ORDER BY id`,
      [String(itemId)],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'adjudication.created',
      'adjudication.updated',
    ]);

    await del(admin, path).expect(204);
    await del(admin, path).expect(404);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM adjudication_answer WHERE batch_item_id = $1`,
      [itemId],
    );
    expect(n).toBe(0);
  });

  it('refuses answers that do not fit the task type, naming the field, and stores nothing', async () => {
    const { admin, batchId, itemId } = await contestedItem();
    const path = `/api/batches/${batchId}/items/${itemId}/adjudication`;
    const missing = await put(admin, path, {
      answers: { overall: 'A', criteria: { seamlessness: 'A' } },
      note: 'x',
    }).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.issues.map((i: { path: string }) => i.path)).toContain(
      'answers.criteria.instruction_compliance',
    );
    const noNote = await put(admin, path, { answers: pairwise('A'), note: '   ' }).expect(400);
    expect(noNote.body.issues.map((i: { path: string }) => i.path)).toEqual(['note']);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM adjudication WHERE batch_item_id = $1`,
      [itemId],
    );
    expect(n).toBe(0);
  });

  it('answers 404 for an item of another batch and for a missing batch', async () => {
    const one = await contestedItem();
    const other = await contestedItem();
    await one.admin.get(`/api/batches/${one.batchId}/items/${other.itemId}`).expect(404);
    await put(one.admin, `/api/batches/${one.batchId}/items/${other.itemId}/adjudication`, {
      answers: pairwise('A'),
      note: 'x',
    }).expect(404);
    await one.admin.get(`/api/batches/2147480000/adjudications`).expect(404);
    await one.admin.get(`/api/batches/${one.batchId}/adjudications?limit=0`).expect(400);
  });

  it('is for admins only', async () => {
    const { raters, batchId, itemId } = await contestedItem();
    await raters[0].session.get(`/api/batches/${batchId}/items/${itemId}`).expect(403);
    await put(raters[0].session, `/api/batches/${batchId}/items/${itemId}/adjudication`, {
      answers: pairwise('A'),
      note: 'mine',
    }).expect(403);
  });
});
