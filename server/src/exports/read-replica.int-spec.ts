import { type NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withDatabaseName } from '../cli/migration.command';
import { createTestApp } from '../../test/app';
import { testDatabaseUrl } from '../../test/db';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';
import { buildJudgedBatch, buildRaters, pairAnswers } from '../../test/judgment-factories';
import { settleExport } from '../../test/security/security-world';

/**
 * PEEL_READ_DATABASE_URL: exports and agreement computations read from the replica, every write
 * goes to the primary. The "replica" here is a second database, a fresh clone of the migrated
 * template, so it lacks what the test writes to the primary: what a read returns says where it
 * was made.
 */
let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;

async function replicaUrl(): Promise<string> {
  const adminUrl = process.env.PEEL_TEST_ADMIN_URL!;
  const template = process.env.PEEL_TEST_TEMPLATE!;
  const name = `peel_test_${template.slice('peel_tpl_'.length)}_r${process.env.JEST_WORKER_ID ?? '1'}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    for (let attempt = 0; rowCount === 0; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        // Another worker cloning the template at the same moment (55006): wait and retry.
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
  return withDatabaseName(adminUrl, name);
}

beforeAll(async () => {
  await testDatabaseUrl();
  app = await createTestApp({ readDatabaseUrl: await replicaUrl() });
  dataSource = app.get(DataSource);
  const user = await buildUser(dataSource, { role: 'admin' });
  admin = await signIn(app, user.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
});

async function judgedBatch() {
  const raters = await buildRaters(dataSource, 3);
  return buildJudgedBatch(dataSource, {
    taskType: 'pairwise',
    items: 4,
    raters,
    answers: (item, rater) => pairAnswers(rater === 2 && item === 0 ? 'second' : 'first'),
  });
}

describe('a read replica (PEEL_READ_DATABASE_URL)', () => {
  it('serves the export reads, while the snapshot record is written to the primary', async () => {
    const { batchId, judgments } = await judgedBatch();
    expect(judgments).toBe(12);
    // The export reads its batches on the replica: one the replica has not received yet is
    // unknown to it, whatever the primary holds.
    const lagging = await admin
      .post('/api/exports', { batchIds: [batchId], parquet: false })
      .expect(400);
    expect(lagging.body.message).toContain(`unknown batch ${batchId}`);
    // Every batch: the replica's (none), while the primary holds 12 judgments.
    const started = await admin.post('/api/exports', { parquet: false });
    expect(started.status).toBe(202);
    await settleExport(admin, started.body.id);
    const view = (await admin.get(`/api/exports/${started.body.id}`).expect(200)).body;
    expect(view.status).toBe('complete');
    const rows = Object.fromEntries(
      view.files.map((file: { name: string; rows: number }) => [file.name, file.rows]),
    );
    expect(rows['judgments.jsonl']).toBe(0);
    const [record] = await dataSource.query(`SELECT status FROM export_snapshot WHERE id = $1`, [
      started.body.id,
    ]);
    expect(record.status).toBe('complete');
  });

  it('serves the agreement computation reads', async () => {
    const { batchId } = await judgedBatch();
    const response = await admin.get(`/api/batches/${batchId}/agreement`);
    // The primary knows the batch and its 12 judgments; the replica does not know the batch.
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });
});
