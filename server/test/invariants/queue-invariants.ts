import { DataSource } from 'typeorm';
import { buildUser, TEST_PASSWORD } from '../factories';
import { type Ack, PeelClient } from '../load/rater-client';
import { buildPreferenceData } from '../queue-factories';

/** Shared by the invariants spec and the fault suite: a batch over HTTP, and what must hold after. */
export interface Fixture {
  batchId: number;
  raters: { email: string; id: number }[];
}

/** A pairwise batch of `items` fresh pairs for `raters` new raters, created and activated over HTTP. */
export async function pairwiseBatch(
  dataSource: DataSource,
  items: number,
  raters: number,
  k: number,
  baseUrl: string,
): Promise<Fixture> {
  const { importId } = await buildPreferenceData(dataSource, items);
  const admin = await buildUser(dataSource, { role: 'admin' });
  const users = [];
  for (let i = 0; i < raters; i += 1) {
    const { email, user } = await buildUser(dataSource);
    users.push({ email, id: user.id });
  }
  const client = await PeelClient.signIn(baseUrl, admin.email, TEST_PASSWORD);
  const created = await client.request('POST', '/api/batches', {
    name: `invariants ${importId}`,
    taskType: 'pairwise',
    filters: { importIds: [Number(importId)] },
    overlap: { k },
    leaseSeconds: 30,
    raterIds: users.map((u) => u.id),
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  await client.request('POST', `/api/batches/${created.body.id}/activate`);
  return { batchId: created.body.id, raters: users };
}

/**
 * The queue's promises on a finished batch: no item over k, no rater twice on an item, every
 * acknowledged submission stored exactly once under the judgment id it was acknowledged with,
 * every item complete with exactly k judgments, the batch totals in step.
 */
export async function checkQueueInvariants(
  dataSource: DataSource,
  batchId: number,
  k: number,
  acks: Ack[],
): Promise<void> {
  const [over] = await dataSource.query(
    `SELECT count(*)::int AS n FROM (SELECT batch_item_id FROM judgment WHERE batch_id = $1
       GROUP BY batch_item_id HAVING count(*) > $2) x`,
    [batchId, k],
  );
  expect(over.n).toBe(0);
  const [twice] = await dataSource.query(
    `SELECT count(*)::int AS n FROM (SELECT batch_item_id, rater_id FROM judgment WHERE batch_id = $1
       GROUP BY 1, 2 HAVING count(*) > 1) x`,
    [batchId],
  );
  expect(twice.n).toBe(0);
  const stored: { submission_id: string; id: string }[] = await dataSource.query(
    `SELECT submission_id, id FROM judgment WHERE batch_id = $1`,
    [batchId],
  );
  const bySubmission = new Map(stored.map((row) => [row.submission_id, Number(row.id)]));
  for (const ack of acks) expect(bySubmission.get(ack.submissionId)).toBe(ack.judgmentId);
  expect(new Set(acks.map((ack) => ack.submissionId)).size).toBe(acks.length);
  const [items] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE NOT complete)::int AS open, count(*) FILTER (WHERE submitted <> $2)::int AS off,
            sum(submitted)::int AS judgments
       FROM batch_item WHERE batch_id = $1`,
    [batchId, k],
  );
  expect(items).toEqual({ open: 0, off: 0, judgments: stored.length });
  const [batch] = await dataSource.query(
    `SELECT t.items_complete, b.item_count, t.judgment_count
       FROM batch b JOIN batch_totals t ON t.batch_id = b.id WHERE b.id = $1`,
    [batchId],
  );
  expect(batch.items_complete).toBe(batch.item_count);
  expect(batch.judgment_count).toBe(stored.length);
}
