import { type NestExpressApplication } from '@nestjs/platform-express';
import { type DataSource } from 'typeorm';
import { buildUser, TEST_PASSWORD } from './factories';
import { type SignedIn, signIn } from './http';
import { buildPreferenceData, submissionId } from './queue-factories';

/** HTTP helpers for the queue's API tests: a batch with its admin and raters, next, submit. */
export const CRITERIA = {
  instruction_compliance: 'A',
  seamlessness: 'A',
  preservation: 'tie',
  technical_quality: 'B',
};

export function pairwise(overall: 'A' | 'B' | 'tie' | 'both_bad' = 'A') {
  return { overall, criteria: CRITERIA };
}

export interface Setup {
  admin: SignedIn;
  raters: { session: SignedIn; id: number }[];
  batchId: number;
}

/** A pairwise batch over `pairs` fresh pairs, k raters per item, `raters` raters allowed. */
export async function setup(
  app: NestExpressApplication,
  dataSource: DataSource,
  options: { pairs: number; k: number; raters: number; extra?: object; activate?: boolean },
): Promise<Setup> {
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

export function next(session: SignedIn, batchId: number) {
  return session.post(`/api/batches/${batchId}/next`);
}

export function submit(
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
