import { buildMultiTurnData } from '../export-fixture';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password';
import { buildUser, TEST_PASSWORD } from '../factories';
import { anonymousAgent, type SignedIn, signIn, wrap } from '../http';
import { buildPreferenceData } from '../queue-factories';
import { pairwise, submit } from '../queue-http';

/**
 * What the security suites share: the routes the Express router really registers, a small world
 * of real resources to aim the routes at (so a request that passes validation reaches the
 * service), and a snapshot of every table to prove that a refused request stored nothing.
 */

/** The Express router's routes, as "METHOD /path" (Swagger UI's static files left out). */
export function registeredRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack = express.router.stack as unknown as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path}`),
    )
    .filter((route) => !route.startsWith('GET /api/docs/'))
    .sort();
}

export const isWrite = (route: string): boolean => !route.startsWith('GET ');

/** Who calls a route in the suites: nobody signed in, the world's rater, or its admin. */
export type Caller = 'anonymous' | 'rater' | 'admin';

export interface World {
  adminId: number;
  adminEmail: string;
  raterId: number;
  raterEmail: string;
  /** A user the `/api/users/:id` routes act on. */
  targetUserId: number;
  batchId: number;
  itemId: number;
  /** The rater's live (prefetched) lease in the batch. */
  assignmentId: number;
  /** The rater's submitted judgment in the batch. */
  judgmentId: number;
  importId: number;
  /** Two edits of one pair (same source and instruction). */
  editIds: [number, number];
  /** The batch item's pair, and its first edit's image path. */
  pairId: number;
  editImage: string;
  /** A multi-turn session and its import. */
  sessionId: number;
  sessionImportId: number;
  /** A taxonomy batch over the same import (active, no judgments yet). */
  taxonomyBatchId: number;
  /** A complete export snapshot of the batch. */
  exportId: string;
}

/** Waits until the import is no longer running (a background job of the app). */
export async function settleImport(session: SignedIn, id: number | string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const view = await session.get(`/api/imports/${id}`).expect(200);
    if (!['running', 'waiting', 'reading', 'merging'].includes(view.body.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${id} still running after 60 s`);
}

/** Waits until the export snapshot is no longer running (a background job of the app). */
export async function settleExport(session: SignedIn, id: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const view = await session.get(`/api/exports/${id}`).expect(200);
    if (view.body.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} still running after 60 s`);
}

/** An active pairwise batch with one rater who holds a lease and has submitted a judgment. */
export async function buildWorld(
  app: NestExpressApplication,
  dataSource: DataSource,
): Promise<World> {
  const { importId } = await buildPreferenceData(dataSource, 4);
  const admin = await buildUser(dataSource, { role: 'admin' });
  const rater = await buildUser(dataSource);
  const target = await buildUser(dataSource);
  const adminSession = await signIn(app, admin.email, TEST_PASSWORD);
  const raterSession = await signIn(app, rater.email, TEST_PASSWORD);
  const created = await adminSession
    .post('/api/batches', {
      name: `security ${importId}`,
      taskType: 'pairwise',
      filters: { importIds: [Number(importId)] },
      overlap: { k: 1 },
      raterIds: [rater.user.id],
    })
    .expect(201);
  const batchId: number = created.body.id;
  await adminSession.post(`/api/batches/${batchId}/activate`).expect(200);
  const next = await raterSession.post(`/api/batches/${batchId}/next`).expect(200);
  const done = await submit(raterSession, next.body.current.assignmentId, pairwise('A')).expect(
    201,
  );
  const taxonomy = await adminSession
    .post('/api/batches', {
      name: `security taxonomy ${importId}`,
      taskType: 'taxonomy',
      filters: { importIds: [Number(importId)] },
      overlap: { k: 1 },
      raterIds: [rater.user.id],
    })
    .expect(201);
  const exported = await adminSession
    .post('/api/exports', { batchIds: [batchId], parquet: false })
    .expect(202);
  await settleExport(adminSession, exported.body.id);
  const multiTurn = await buildMultiTurnData(dataSource);
  const [session] = await dataSource.query(`SELECT id FROM mt_session WHERE session_key = $1`, [
    multiTurn.key,
  ]);
  const [item] = await dataSource.query(
    `SELECT bi.id, p.id AS pair_id, p.first_edit_id, p.second_edit_id,
            (SELECT image FROM edit WHERE id = p.first_edit_id) AS image
       FROM batch_item bi JOIN edit_pair p ON p.id = bi.pair_id
      WHERE bi.batch_id = $1 ORDER BY bi.id LIMIT 1`,
    [batchId],
  );
  return {
    adminId: admin.user.id,
    adminEmail: admin.email,
    raterId: rater.user.id,
    raterEmail: rater.email,
    targetUserId: target.user.id,
    batchId,
    itemId: Number(item.id),
    assignmentId: next.body.next.assignmentId,
    judgmentId: done.body.judgment.id,
    importId: Number(importId),
    editIds: [Number(item.first_edit_id), Number(item.second_edit_id)],
    exportId: exported.body.id,
    pairId: Number(item.pair_id),
    editImage: item.image,
    sessionId: Number(session.id),
    sessionImportId: Number(multiTurn.importId),
    taxonomyBatchId: taxonomy.body.id,
  };
}

/**
 * Puts the world's accounts back as built (password, active, role) after a test that let a
 * route act for real (a password change, a deactivation).
 */
export async function restoreWorldUsers(dataSource: DataSource, world: World): Promise<void> {
  await dataSource.query(
    `UPDATE app_user SET password_hash = $2, active = true, must_change_password = false,
            role = CASE WHEN id = $3 THEN 'admin' ELSE 'annotator' END
      WHERE id = ANY($1::int[])`,
    [
      [world.adminId, world.raterId, world.targetUserId],
      await hashPassword(TEST_PASSWORD),
      world.adminId,
    ],
  );
}

/** A fresh session of the caller (its own cookie and CSRF token). */
export async function sessionOf(
  app: NestExpressApplication,
  world: World,
  caller: Caller,
): Promise<SignedIn> {
  if (caller === 'anonymous') {
    const { agent, csrf } = await anonymousAgent(app);
    return wrap(agent, csrf);
  }
  return signIn(app, caller === 'admin' ? world.adminEmail : world.raterEmail, TEST_PASSWORD);
}

/**
 * The route's path aimed at the world's resources: `:id` names the resource of the route's
 * prefix, `:itemId` the batch item, `:userId` the rater.
 */
export function pathOf(route: string, world: World, overrides: Record<string, string> = {}) {
  const pattern = route.slice(route.indexOf(' ') + 1);
  const ids: Record<string, string> = {
    id: String(
      pattern.startsWith('/api/users/')
        ? world.targetUserId
        : pattern.startsWith('/api/assignments/')
          ? world.assignmentId
          : pattern.startsWith('/api/judgments/')
            ? world.judgmentId
            : pattern.startsWith('/api/exports/')
              ? world.exportId
              : world.batchId,
    ),
    itemId: String(world.itemId),
    userId: String(world.raterId),
    name: 'manifest.json',
  };
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = overrides[name] ?? ids[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name} in the world`);
    return value;
  });
}

/** The route's path parameter names. */
export function pathParams(route: string): string[] {
  return [...route.matchAll(/:(\w+)/g)].map((match) => match[1]);
}

export function send(
  session: SignedIn,
  route: string,
  path: string,
  options: { body?: unknown; csrf?: string | null } = {},
): request.Test {
  const method = route.slice(0, route.indexOf(' ')).toLowerCase() as
    'get' | 'post' | 'put' | 'patch' | 'delete';
  let test = session.agent[method](path);
  const csrf = options.csrf === undefined ? session.csrf : options.csrf;
  if (csrf !== null) test = test.set('X-CSRF-Token', csrf);
  if (options.body !== undefined) {
    test = test
      .set('Content-Type', 'application/json')
      .send(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
  }
  return test;
}

/**
 * Columns that any signed-in request may rewrite (the user's last activity): left out of the
 * table fingerprints.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  app_user: ['last_active_at', 'updated_at'],
};

/** Tables whose rows change with every request or sign-in: counted, not fingerprinted. */
const COUNTED_ONLY = new Set(['http_session', 'rate_limit']);

export type TableState = Record<string, { rows: number; fingerprint: string | null }>;

/** Every table of the schema: its row count and (but for sessions and counters) a content hash. */
export async function snapshotTables(dataSource: DataSource): Promise<TableState> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const state: TableState = {};
  for (const { name } of tables) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const volatile = VOLATILE_COLUMNS[name] ?? [];
    const [row] = await dataSource.query(
      COUNTED_ONLY.has(name)
        ? `SELECT count(*)::int AS rows, NULL AS fingerprint FROM ${quoted}`
        : `SELECT count(*)::int AS rows,
                  md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS fingerprint
             FROM (SELECT to_jsonb(t) - $1::text[] AS r FROM ${quoted} t) s`,
      COUNTED_ONLY.has(name) ? [] : [volatile],
    );
    state[name] = { rows: row.rows, fingerprint: row.fingerprint };
  }
  return state;
}

/** The tables whose rows or contents differ, other than those allowed to. */
export function changedTables(
  before: TableState,
  after: TableState,
  allowed: readonly string[] = [],
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !allowed.includes(name))
    .filter(
      (name) =>
        before[name]?.rows !== after[name]?.rows ||
        before[name]?.fingerprint !== after[name]?.fingerprint,
    )
    .sort();
}
