import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import { buildMultiTurnData } from '../../test/export-fixture';
import { buildPreferenceData, submissionId } from '../../test/queue-factories';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp({ loginLimitPerIp: 100_000, loginLimitPerAccount: 100_000 });
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

const CRITERIA = {
  instruction_compliance: 'A',
  seamlessness: 'A',
  preservation: 'tie',
  technical_quality: 'B',
};

function pairwise(overall: 'A' | 'B' | 'tie' | 'both_bad' = 'A') {
  return { overall, criteria: CRITERIA };
}

interface Setup {
  admin: SignedIn;
  raters: { session: SignedIn; id: number }[];
  batchId: number;
}

/** A pairwise batch over `pairs` fresh pairs, k raters per item, `raters` raters allowed. */
async function setup(options: {
  pairs: number;
  k: number;
  raters: number;
  extra?: object;
  activate?: boolean;
}): Promise<Setup> {
  const { importId } = await buildPreferenceData(dataSource, options.pairs);
  const adminUser = await buildUser(dataSource, { role: 'admin' });
  const admin = await signIn(app, adminUser.email, TEST_PASSWORD);
  const raters = [];
  for (let i = 0; i < options.raters; i += 1) {
    const rater = await buildUser(dataSource);
    raters.push({ session: await signIn(app, rater.email, TEST_PASSWORD), id: rater.user.id });
  }
  const created = await admin
    .post('/api/batches', {
      name: `test ${importId}`,
      taskType: 'pairwise',
      filters: { importIds: [Number(importId)] },
      seed: 7,
      overlap: { k: options.k },
      raterIds: raters.map((r) => r.id),
      ...options.extra,
    })
    .expect(201);
  if (options.activate !== false)
    await admin.post(`/api/batches/${created.body.id}/activate`).expect(200);
  return { admin, raters, batchId: created.body.id };
}

function next(session: SignedIn, batchId: number) {
  return session.post(`/api/batches/${batchId}/next`);
}

function submit(
  session: SignedIn,
  assignmentId: number,
  answers: object = pairwise(),
  id = submissionId(),
) {
  return session.post(`/api/assignments/${assignmentId}/judgment`, {
    submissionId: id,
    answers,
    dwellMs: 1200,
  });
}

describe('batches (admin)', () => {
  it('previews, creates with the same seeded selection, and refuses impossible batches', async () => {
    const { importId } = await buildPreferenceData(dataSource, 6);
    const adminUser = await buildUser(dataSource, { role: 'admin' });
    const admin = await signIn(app, adminUser.email, TEST_PASSWORD);
    const selection = {
      taskType: 'pairwise',
      filters: { importIds: [Number(importId)] },
      seed: 3,
      sampleSize: 4,
    };
    const preview = await admin.post('/api/batches/preview', selection).expect(200);
    expect(preview.body).toMatchObject({ matching: 6, selected: 4 });
    const again = await admin.post('/api/batches/preview', selection).expect(200);
    expect(again.body.sample).toEqual(preview.body.sample);
    const tooMany = await admin
      .post('/api/batches', { ...selection, sampleSize: 7, name: 'x', overlap: { k: 1 } })
      .expect(400);
    expect(tooMany.body.issues[0]).toMatchObject({ path: 'sampleSize' });
    const rater = await buildUser(dataSource);
    const kTooHigh = await admin
      .post('/api/batches', {
        ...selection,
        name: 'x',
        overlap: { k: 2 },
        raterIds: [rater.user.id],
      })
      .expect(400);
    expect(kTooHigh.body.issues[0]).toMatchObject({ path: 'overlap.k' });
    const badType = await admin
      .post('/api/batches/preview', { ...selection, filters: { editTypes: ['Zoom out'] } })
      .expect(400);
    expect(badType.body.issues[0].path).toBe('filters.editTypes.0');
    const created = await admin
      .post('/api/batches', { ...selection, name: 'ok', overlap: { k: 1 } })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'draft', itemCount: 4 });
    await admin.post(`/api/batches/${created.body.id}/resume`).expect(409);
    await admin.post(`/api/batches/${created.body.id}/explode`).expect(404);
  });
});

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
});

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
    await admin.post(`/api/batches/${created.body.id}/activate`).expect(200);
    const lease = (await next(session, created.body.id).expect(200)).body.current;
    expect(String(lease.itemId)).toBe(String(last.id));
  });
});

describe('review findings', () => {
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
