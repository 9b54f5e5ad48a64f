import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { type EditDetail } from '@peel/shared';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let rater: SignedIn;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  const a = await buildUser(dataSource, { role: 'admin' });
  const r = await buildUser(dataSource, { role: 'annotator' });
  admin = await signIn(app, a.email, TEST_PASSWORD);
  rater = await signIn(app, r.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
});

/**
 * Edits of their own: `same` share one source image and instruction; `otherInstruction` has the
 * same source image, `otherSource` the same instruction on another source image.
 */
async function buildEdits() {
  const key = randomUUID().slice(0, 8);
  const [{ id: importId }] = await dataSource.query(
    `INSERT INTO dataset_import (source, kind, status) VALUES ($1, 'sft', 'completed') RETURNING id`,
    [`pairs-${key}.jsonl`],
  );
  const sources: { id: string }[] = await dataSource.query(
    `INSERT INTO source_image (url) VALUES ($1), ($2) RETURNING id`,
    [`https://example.test/${key}/a.jpg`, `https://example.test/${key}/b.jpg`],
  );
  const instruction = `Make the ${key} sky warmer`;
  const rows = [
    [sources[0].id, instruction],
    [sources[0].id, instruction],
    [sources[0].id, instruction],
    [sources[0].id, `${instruction} and brighter`],
    [sources[1].id, instruction],
  ];
  const ids: number[] = [];
  for (const [i, [sourceId, text]] of rows.entries()) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                         origin, import_id)
       VALUES ($1, $2, $3, 'warmer', 1, 'sft', $4) RETURNING id`,
      [`images/${key}/${i}.png`, sourceId, text, importId],
    );
    ids.push(Number(id));
  }
  const [a, b, c, otherInstruction, otherSource] = ids;
  return { same: [a, b, c], otherInstruction, otherSource };
}

const post = (firstEditId: unknown, secondEditId: unknown) =>
  admin.post('/api/pairs').send({ firstEditId, secondEditId });

describe('POST /api/pairs (admin-made pairs)', () => {
  it('makes a pair of two edits of the same source image and instruction, once in either order', async () => {
    const { same } = await buildEdits();
    const made = await post(same[0], same[1]);
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(Number),
      firstEditId: same[0],
      secondEditId: same[1],
    });
    const [row] = await dataSource.query(
      `SELECT first_edit_id::int AS first, second_edit_id::int AS second, origin, import_id
         FROM edit_pair WHERE id = $1`,
      [made.body.id],
    );
    expect(row).toEqual({ first: same[0], second: same[1], origin: 'admin', import_id: null });
    const [audit] = await dataSource.query(
      `SELECT action FROM audit_event WHERE target_type = 'edit_pair' AND target_id = $1`,
      [String(made.body.id)],
    );
    expect(audit).toEqual({ action: 'pair.created' });

    for (const [first, second] of [
      [same[0], same[1]],
      [same[1], same[0]],
    ]) {
      const again = await post(first, second);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CONFLICT');
      expect(again.body.message).toBe(
        `Edits #${first} and #${second} are already pair #${made.body.id}`,
      );
    }
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM edit_pair WHERE first_edit_id = ANY($1) AND second_edit_id = ANY($1)`,
      [same],
    );
    expect(n).toBe(1);
  });

  it('the same two edits asked for at once in both orders make one pair', async () => {
    const { same } = await buildEdits();
    const answers = await Promise.all([post(same[0], same[2]), post(same[2], same[0])]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('answers every impossible pair with a 4xx naming the field', async () => {
    const { same, otherInstruction, otherSource } = await buildEdits();
    const cases: [unknown, unknown, number, string, string][] = [
      [same[0], same[0], 400, 'secondEditId', `Pick an edit other than #${same[0]}`],
      [
        same[0],
        otherInstruction,
        400,
        'secondEditId',
        `Edit #${otherInstruction} has another instruction than edit #${same[0]}`,
      ],
      [
        same[0],
        otherSource,
        400,
        'secondEditId',
        `Edit #${otherSource} has another source image than edit #${same[0]}`,
      ],
      [same[0], 9_007_199_254_740_991, 404, 'secondEditId', 'No edit #9007199254740991'],
      [2_147_483_647, same[0], 404, 'firstEditId', 'No edit #2147483647'],
      [same[0], 1e20, 400, 'secondEditId', expect.any(String)],
      [same[0], -1, 400, 'secondEditId', expect.any(String)],
      [same[0], 1.5, 400, 'secondEditId', expect.any(String)],
      ['1', same[1], 400, 'firstEditId', expect.any(String)],
      [same[0], undefined, 400, 'secondEditId', expect.any(String)],
    ];
    for (const [first, second, status, path, message] of cases) {
      const response = await post(first, second);
      expect({ first, second, status: response.status }).toEqual({ first, second, status });
      expect(response.body.issues).toContainEqual({ path, message });
    }
    const extra = await admin
      .post('/api/pairs')
      .send({ firstEditId: same[0], secondEditId: same[1], origin: 'dataset' });
    expect(extra.status).toBe(400);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM edit_pair WHERE first_edit_id = ANY($1) OR second_edit_id = ANY($1)`,
      [[...same, otherInstruction, otherSource]],
    );
    expect(n).toBe(0);
  });

  it('is for admins only', async () => {
    const { same } = await buildEdits();
    const response = await rater
      .post('/api/pairs')
      .send({ firstEditId: same[0], secondEditId: same[1] });
    expect(response.status).toBe(403);
  });

  it("an edit's page lists the other edits of its source and instruction, with their pair", async () => {
    const { same } = await buildEdits();
    const made = await post(same[1], same[0]);
    expect(made.status).toBe(201);
    const response = await admin.get(`/api/dataset/edits/${same[0]}`);
    expect(response.status).toBe(200);
    const detail = response.body as EditDetail;
    expect(detail.sameSource.map(({ id, pairId }) => ({ id, pairId }))).toEqual([
      { id: same[1], pairId: made.body.id },
      { id: same[2], pairId: null },
    ]);
  });
});
