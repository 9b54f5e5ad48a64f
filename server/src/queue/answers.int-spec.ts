import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { signIn } from '../../test/http';
import { next, pairwise, setup as setupWith, submit } from '../../test/queue-http';
import { buildMultiTurnData } from '../../test/export-fixture';
import { buildPreferenceData, submissionId } from '../../test/queue-factories';

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

describe('answers of the other task types', () => {
  async function batchOf(taskType: 'taxonomy' | 'multi_turn', importId: string) {
    const adminUser = await buildUser(dataSource, { role: 'admin' });
    const admin = await signIn(app, adminUser.email, TEST_PASSWORD);
    const rater = await buildUser(dataSource);
    const session = await signIn(app, rater.email, TEST_PASSWORD);
    const created = await admin
      .post('/api/batches', {
        name: `${taskType} ${importId}`,
        taskType,
        filters: { importIds: [Number(importId)] },
        overlap: { k: 1 },
        raterIds: [rater.user.id],
      })
      .expect(201);
    await admin.post(`/api/batches/${created.body.id}/activate`).expect(200);
    const lease = (await next(session, created.body.id).expect(200)).body.current;
    return { session, lease, admin, batchId: created.body.id };
  }

  it('taxonomy: stores the resulting label, and refuses a label outside the taxonomy', async () => {
    const { importId } = await buildPreferenceData(dataSource, 1);
    const { session, lease } = await batchOf('taxonomy', importId);
    expect(lease.item.kind).toBe('taxonomy');
    const outside = await submit(session, lease.assignmentId, {
      decision: 'change',
      editType: 'Zoom out',
      garbledShortInstruction: false,
    }).expect(400);
    expect(outside.body.issues[0].path).toBe('answers.editType');
    const missing = await submit(session, lease.assignmentId, {
      decision: 'change',
      garbledShortInstruction: false,
    }).expect(400);
    expect(missing.body.issues[0].path).toBe('answers.editType');
    const judgment = (
      await submit(session, lease.assignmentId, {
        decision: 'confirm',
        garbledShortInstruction: true,
      }).expect(201)
    ).body.judgment;
    const rows: { question: string; value: string }[] = await dataSource.query(
      `SELECT question, value FROM judgment_answer WHERE judgment_id = $1 ORDER BY question`,
      [judgment.id],
    );
    expect(rows).toEqual([
      { question: 'edit_type', value: lease.item.currentLabel.label },
      { question: 'garbled_summary', value: 'yes' },
    ]);
  });

  it('multi-turn: one answer per turn, a break inside the session, per-turn rows', async () => {
    const { importId } = await buildMultiTurnData(dataSource);
    const { session, lease } = await batchOf('multi_turn', importId);
    expect(lease.item.turns).toHaveLength(4);
    const turn = { instruction: 4, consistency: 5, editType: 'Zoom in' };
    const tooFew = await submit(session, lease.assignmentId, {
      turns: [turn, turn],
      firstBreak: null,
      overall: 4,
    }).expect(400);
    expect(tooFew.body.issues[0].path).toBe('answers.turns');
    const outOfRange = await submit(session, lease.assignmentId, {
      turns: [turn, turn, turn, turn],
      firstBreak: 5,
      overall: 4,
    }).expect(400);
    expect(outOfRange.body.issues[0].path).toBe('answers.firstBreak');
    const badGrade = await submit(session, lease.assignmentId, {
      turns: [turn, turn, { ...turn, instruction: 6 }, turn],
      firstBreak: null,
      overall: 4,
    }).expect(400);
    expect(badGrade.body.issues[0].path).toBe('answers.turns.2.instruction');
    const judgment = (
      await submit(session, lease.assignmentId, {
        turns: [turn, turn, turn, turn],
        firstBreak: 3,
        overall: 2,
      }).expect(201)
    ).body.judgment;
    const rows: { question: string; value: string }[] = await dataSource.query(
      `SELECT question, value FROM judgment_answer WHERE judgment_id = $1 ORDER BY question`,
      [judgment.id],
    );
    expect(rows).toHaveLength(4 * 3 + 2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { question: 'first_break', value: '3' },
        { question: 'turn_4.edit_type', value: 'Zoom in' },
      ]),
    );
  });

  it('serves a higher-priority item first', async () => {
    const { importId } = await buildPreferenceData(dataSource, 5);
    const adminUser = await buildUser(dataSource, { role: 'admin' });
    const admin = await signIn(app, adminUser.email, TEST_PASSWORD);
    const rater = await buildUser(dataSource);
    const session = await signIn(app, rater.email, TEST_PASSWORD);
    const created = await admin
      .post('/api/batches', {
        name: 'p',
        taskType: 'pairwise',
        filters: { importIds: [Number(importId)] },
        overlap: { k: 1 },
        raterIds: [rater.user.id],
      })
      .expect(201);
    const [last] = await dataSource.query(
      `SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position DESC LIMIT 1`,
      [created.body.id],
    );
    await admin
      .post(`/api/batches/${created.body.id}/items/${last.id}/priority`, { priority: 10 })
      .expect(204);
    await admin
      .post(`/api/batches/${created.body.id}/items/${last.id}/priority`, { priority: 1000 })
      .expect(400);
    await admin
      .post(`/api/batches/${created.body.id}/items/2147480000/priority`, { priority: 5 })
      .expect(404);
    await admin.post(`/api/batches/${created.body.id}/activate`).expect(200);
    const lease = (await next(session, created.body.id).expect(200)).body.current;
    expect(String(lease.itemId)).toBe(String(last.id));
  });
});

describe('review findings', () => {
  it('unsets gold only on a gold item, restoring the counters; a plain item is a 404', async () => {
    const { admin, batchId } = await setup({ pairs: 3, k: 1, raters: 1, activate: false });
    const counts = async () =>
      (
        await dataSource.query(`SELECT item_count, gold_count FROM batch WHERE id = $1`, [batchId])
      )[0];
    const before = await counts();
    const [item] = await dataSource.query(
      `SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position LIMIT 1`,
      [batchId],
    );
    const gold = `/api/batches/${batchId}/items/${item.id}/gold`;
    const unset = () => admin.agent.delete(gold).set('X-CSRF-Token', admin.csrf);
    await unset().expect(404);
    expect(await counts()).toEqual(before);
    await admin.post(gold, { expected: { overall: 'first' } }).expect(204);
    expect(await counts()).toEqual({
      item_count: before.item_count - 1,
      gold_count: before.gold_count + 1,
    });
    await unset().expect(204);
    expect(await counts()).toEqual(before);
    await unset().expect(404);
    expect(await counts()).toEqual(before);
  });

  it('refuses a submission id reused for another task, and an id out of range with 400', async () => {
    const { raters, batchId } = await setup({ pairs: 2, k: 1, raters: 1 });
    const [a] = raters;
    const first = (await next(a.session, batchId).expect(200)).body;
    const id = submissionId();
    await submit(a.session, first.current.assignmentId, pairwise(), id).expect(201);
    const reused = await submit(a.session, first.next.assignmentId, pairwise(), id).expect(409);
    expect(reused.body.code).toBe('CONFLICT');
    await submit(a.session, first.next.assignmentId).expect(201);
    await a.session.post('/api/batches/2147483648/next').expect(400);
  });

  it('keeps the counters true when an expired lease is revived after its item became gold', async () => {
    const { admin, raters, batchId } = await setup({
      pairs: 3,
      k: 1,
      raters: 2,
      extra: { gold: { share: 0.5, minAnswers: 100, bar: 0.1 } },
    });
    const [a, b] = raters;
    const lease = (await next(a.session, batchId).expect(200)).body.current;
    await dataSource.query(
      `UPDATE assignment SET expires_at = now() - interval '2 hours' WHERE batch_id = $1`,
      [batchId],
    );
    await next(b.session, batchId).expect(200); // reclaims a's expired leases
    await admin
      .post(`/api/batches/${batchId}/items/${lease.itemId}/gold`, {
        expected: { overall: 'first' },
      })
      .expect(204);
    for (let i = 0; i < 4; i += 1) {
      const response = await next(a.session, batchId);
      if (response.status !== 200) break;
      await submit(a.session, response.body.current.assignmentId).expect(201);
    }
    const [bad] = await dataSource.query(
      `SELECT count(*)::int AS n FROM batch_item WHERE batch_id = $1 AND (leased < 0 OR submitted < 0)`,
      [batchId],
    );
    expect(bad.n).toBe(0);
    const [totals] = await dataSource.query(
      `SELECT t.items_complete, b.item_count FROM batch_totals t JOIN batch b ON b.id = t.batch_id WHERE b.id = $1`,
      [batchId],
    );
    expect(totals.items_complete).toBeLessThanOrEqual(totals.item_count);
    const [revived] = await dataSource.query(
      `SELECT state, is_gold FROM assignment WHERE id = $1`,
      [lease.assignmentId],
    );
    // a's expired lease on the now-gold item, served to a again as gold, came back as a gold lease.
    expect(revived.state === 'expired' || revived.is_gold).toBe(true);
  });
});
