import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { type AuditEventResponse } from '@peel/shared';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let actorA: number;
let actorB: number;
/** This file's own target type: every event it writes names it, so only those are asserted on. */
const target = `test_${randomUUID().slice(0, 8)}`;

interface Written {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  targetId: string;
}
let written: Written[];

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  const a = await buildUser(dataSource, { role: 'admin' });
  admin = await signIn(app, a.email, TEST_PASSWORD);
  actorA = (await buildUser(dataSource)).user.id;
  actorB = (await buildUser(dataSource)).user.id;
  // 90 events an hour apart from 2026-01-01, and 10 sharing one instant (ties broken by id).
  const rows = Array.from({ length: 100 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1) + Math.min(i, 90) * 3_600_000).toISOString(),
    actorId: i % 5 === 0 ? null : i % 2 === 0 ? actorA : actorB,
    action: i % 3 === 0 ? 'batch.paused' : i % 3 === 1 ? 'batch.resumed' : 'user.deactivated',
    targetId: String(i % 4),
  }));
  const inserted: { id: string }[] = await dataSource.query(
    `INSERT INTO audit_event (at, actor_id, action, target_type, target_id, details)
     SELECT x.at, x.actor, x.action, $5, x.target, '{"n": 1}'
       FROM unnest($1::timestamptz[], $2::int[], $3::text[], $4::text[]) WITH ORDINALITY
            AS x(at, actor, action, target, n)
      ORDER BY x.n RETURNING id`,
    [
      rows.map((r) => r.at),
      rows.map((r) => r.actorId),
      rows.map((r) => r.action),
      rows.map((r) => r.targetId),
      target,
    ],
  );
  written = rows.map((row, i) => ({ ...row, id: Number(inserted[i].id) }));
});

afterAll(async () => {
  await app.close();
});

/** Newest first; the same instant by id, descending. */
function newestFirst(events: Written[]): number[] {
  return [...events]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
    .map((event) => event.id);
}

async function all(params: Record<string, string>, limit = 7): Promise<AuditEventResponse[]> {
  const items: AuditEventResponse[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...params, targetType: target, limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const response = await admin.get(`/api/audit?${query}`);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/audit', () => {
  it('pages the whole log newest first, ties by id, without gaps or repeats', async () => {
    const items = await all({});
    expect(items.map((item) => item.id)).toEqual(newestFirst(written));
    expect(items[0]).toMatchObject({ targetType: target, details: { n: 1 } });
  });

  it.each<[string, Record<string, string>, (event: Written) => boolean]>([
    ['an actor', { actor: 'ACTOR_A' }, (e) => e.actorId === -1],
    ['anonymous events', { actor: 'none' }, (e) => e.actorId === null],
    ['an exact action', { action: 'batch.paused' }, (e) => e.action === 'batch.paused'],
    ['an action prefix', { action: 'batch.' }, (e) => e.action.startsWith('batch.')],
    ['a target', { targetId: '3' }, (e) => e.targetId === '3'],
    [
      'a time range',
      { from: '2026-01-02T00:00:00Z', to: '2026-01-03T12:00:00+00:00' },
      (e) => e.at >= '2026-01-02T00:00:00.000Z' && e.at < '2026-01-03T12:00:00.000Z',
    ],
    [
      'all at once',
      { actor: 'ACTOR_B', action: 'batch.', from: '2026-01-02T00:00:00Z' },
      (e) =>
        e.actorId === -2 && e.action.startsWith('batch.') && e.at >= '2026-01-02T00:00:00.000Z',
    ],
  ])('filters by %s', async (_name, params, keep) => {
    const resolved = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [
        key,
        value === 'ACTOR_A' ? String(actorA) : value === 'ACTOR_B' ? String(actorB) : value,
      ]),
    );
    const ids = (await all(resolved, 4)).map((item) => item.id);
    const actual = (id: number | null) => (id === actorA ? -1 : id === actorB ? -2 : id);
    const expected = newestFirst(written.filter((e) => keep({ ...e, actorId: actual(e.actorId) })));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('names the actor with their email', async () => {
    const [event] = (await all({ actor: String(actorA) })).slice(0, 1);
    expect(event.actor).toEqual({ id: actorA, email: expect.stringMatching(/@example\.test$/) });
  });

  it.each([
    ['actor=abc', 'actor'],
    ['from=yesterday', 'from'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['targetId=3', 'targetId'],
    ['cursor=xyz', 'cursor'],
    ['limit=0', 'limit'],
  ])('refuses %s with a 400 naming %s', async (query, path) => {
    const response = await admin.get(`/api/audit?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path })]),
    );
  });

  it('refuses an unknown filter, naming it', async () => {
    const response = await admin.get('/api/audit?colour=red');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/colour/);
  });
});
