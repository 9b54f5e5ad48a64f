import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD } from '../factories';
import { pairwise } from '../queue-http';
import type request from 'supertest';
import { type SignedIn } from '../http';
import { type Caller, settleExport, settleImport, type World } from './security-world';

/**
 * Every write route (POST, PUT, PATCH, DELETE) the app registers, one line each: who calls it in
 * the suites and, when it reads a body, a valid example aimed at the world's resources. The CSRF,
 * body-size and fuzz suites run over this table and fail while a registered write route is
 * missing from it (or a listed one no longer exists).
 *
 * - `body`: a valid body; absent when the route reads no body. The fuzz suite mutates it into
 *   bodies that must all be refused.
 * - `mayWrite`: tables a refused request may legitimately change (say why).
 */
export interface WriteRoute {
  as: Caller;
  body?: (world: World) => Record<string, unknown>;
  mayWrite?: readonly string[];
  /** Every field has a default, so `{}` is a valid body (the fuzz suite does not send it). */
  emptyBodyIsValid?: true;
  /** Waits for background work an accepted request started (so it cannot touch the next test). */
  settle?: (session: SignedIn, response: request.Response) => Promise<void>;
}

export const WRITE_ROUTES: Record<string, WriteRoute> = {
  // Every login attempt counts against the IP and the account, refused or not.
  'POST /api/auth/login': {
    as: 'anonymous',
    body: (w) => ({ email: w.raterEmail, password: TEST_PASSWORD }),
    mayWrite: ['rate_limit'],
  },
  'POST /api/auth/logout': { as: 'rater' },
  // Attempts are throttled per account and IP, so a refused one is counted.
  'POST /api/auth/password': {
    as: 'rater',
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'a different long password' }),
    mayWrite: ['rate_limit'],
  },
  'POST /api/users': {
    as: 'admin',
    body: () => ({
      email: `fuzz-${randomUUID().slice(0, 8)}@example.test`,
      role: 'annotator',
      password: 'long-enough-password',
      displayName: 'Fuzz',
    }),
  },
  'PATCH /api/users/:id': {
    as: 'admin',
    body: () => ({ role: 'annotator', displayName: 'Target' }),
  },
  'POST /api/users/:id/deactivate': { as: 'admin' },
  'POST /api/users/:id/reactivate': { as: 'admin' },
  'POST /api/users/:id/reset-password': {
    as: 'admin',
    body: () => ({ newPassword: 'temporary-password-1' }),
  },
  'POST /api/batches/preview': {
    as: 'admin',
    body: (w) => ({
      taskType: 'pairwise',
      filters: { importIds: [w.importId], humanJudgments: 'any' },
      sampleSize: 2,
      seed: 3,
    }),
  },
  'POST /api/batches': {
    as: 'admin',
    body: (w) => ({
      name: 'fuzzed batch',
      taskType: 'pairwise',
      filters: { importIds: [w.importId], editTypes: ['Zoom in'] },
      overlap: { k: 2, adaptive: true, kMax: 3 },
      leaseSeconds: 600,
      gold: { share: 0.1, minAnswers: 5, bar: 0.7 },
      guidelines: '# Guidelines',
      raterIds: [w.raterId],
      seed: 1,
    }),
  },
  'POST /api/batches/:id/activate': { as: 'admin' },
  'POST /api/batches/:id/pause': { as: 'admin' },
  'POST /api/batches/:id/resume': { as: 'admin' },
  'POST /api/batches/:id/complete': { as: 'admin' },
  'POST /api/batches/:id/archive': { as: 'admin' },
  'POST /api/batches/:id/items/:itemId/gold': {
    as: 'admin',
    body: () => ({ expected: { overall: 'first' } }),
  },
  'POST /api/batches/:id/items/:itemId/gold/promote': { as: 'admin' },
  'DELETE /api/batches/:id/items/:itemId/gold': { as: 'admin' },
  'POST /api/batches/:id/items/:itemId/priority': { as: 'admin', body: () => ({ priority: 5 }) },
  'POST /api/batches/:id/raters/:userId/pause': { as: 'admin' },
  'POST /api/batches/:id/raters/:userId/unpause': { as: 'admin' },
  'PUT /api/batches/:id/items/:itemId/adjudication': {
    as: 'admin',
    body: () => ({ answers: pairwise('A'), note: 'The first edit follows the instruction' }),
  },
  'DELETE /api/batches/:id/items/:itemId/adjudication': { as: 'admin' },
  // A valid request starts a background export of the world's batch (its files under the data dir).
  'POST /api/exports': {
    as: 'admin',
    body: (w) => ({ batchIds: [w.batchId], parquet: false }),
    settle: (session, response) => settleExport(session, response.body.id),
    // `{}` exports every batch with the default filters.
    emptyBodyIsValid: true,
  },
  // A valid request starts a background import (from a closed port: it fails, recorded).
  'POST /api/imports/url': {
    as: 'admin',
    body: () => ({ url: 'http://127.0.0.1:9/none.jsonl', kind: 'sft' }),
    settle: (session, response) => settleImport(session, response.body.id),
  },
  // Multipart only: every JSON body is refused before anything is read (its multipart bodies are
  // fuzzed in upload-fuzz.int-spec.ts).
  'POST /api/imports/upload': { as: 'admin' },
  'POST /api/pairs': {
    as: 'admin',
    body: (w) => ({ firstEditId: w.editIds[0], secondEditId: w.editIds[1] }),
  },
  'POST /api/batches/:id/next': { as: 'rater' },
  'POST /api/assignments/:id/judgment': {
    as: 'rater',
    body: () => ({ submissionId: randomUUID(), answers: pairwise('B'), dwellMs: 1500 }),
  },
  'POST /api/assignments/:id/heartbeat': { as: 'rater' },
  'POST /api/assignments/:id/skip': {
    as: 'rater',
    body: () => ({ reason: 'other', note: 'a note' }),
  },
  'PUT /api/judgments/:id': {
    as: 'rater',
    body: () => ({ answers: pairwise('tie'), dwellMs: 900 }),
  },
  'POST /api/images/report': {
    as: 'rater',
    body: (w) => ({ url: 'https://example.test/broken.png', assignmentId: w.assignmentId }),
  },
};
