import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from './app';
import { prepareDatabase } from './boot';
import { withDatabaseName } from './cli/migration.command';
import { parseConfig } from './common/config/config';
import { csrfFromCookies } from '../test/http';

/** The first start on an empty database, as `npm start` does it: nothing pre-migrated. */
describe('a first start on an empty database', () => {
  it('migrates, loads the sample, creates the demo accounts and batches, and serves a rater', async () => {
    const admin = new Client({ connectionString: process.env.PEEL_TEST_ADMIN_URL });
    await admin.connect();
    const name = `peel_test_${process.pid}_boot_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabaseName(process.env.PEEL_TEST_ADMIN_URL!, name);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-boot-'));
    const config = {
      ...parseConfig({
        DATABASE_URL: url,
        PEEL_DATA_DIR: dataDir,
        PEEL_DEMO: 'true',
        PEEL_SAMPLE_DATA: 'true',
      }),
      imageDir: path.join(dataDir, 'sample'),
    };
    const prepared = await prepareDatabase(url, config, () => undefined);
    expect(prepared.demoAccounts).toBe(true);
    const again = await prepareDatabase(url, config, () => undefined);
    expect(again.demoAccounts).toBe(true);

    const app = await createApp(config, { url, embedded: false }, { logger: false });
    await app.init();
    try {
      const agent = request.agent(app.getHttpServer());
      const csrf = (await agent.get('/api/auth/csrf').expect(200)).body.token;
      const login = await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrf)
        .send({ email: 'rater1@example.com', password: 'peel-demo-password' })
        .expect(200);
      const token = csrfFromCookies(login.headers['set-cookie']);
      const batches = (await agent.get('/api/rater/batches').expect(200)).body.items;
      expect(batches.map((b: { name: string }) => b.name)).toEqual([
        'Demo pairwise',
        'Demo multi-turn',
        'Demo taxonomy',
      ]);
      for (const batch of batches) {
        const next = await agent
          .post(`/api/batches/${batch.id}/next`)
          .set('X-CSRF-Token', token)
          .expect(200);
        expect(next.body.current.taskType).toBe(batch.taskType);
      }
      const image = (
        await agent.post(`/api/batches/${batches[0].id}/next`).set('X-CSRF-Token', token)
      ).body.current.item.a.url;
      await agent.get(image).expect(200).expect('content-type', 'image/png');
      const [counts] = await app
        .get(DataSource)
        .query(
          `SELECT (SELECT count(*) FROM edit)::int AS edits, (SELECT count(*) FROM dataset_import)::int AS imports`,
        );
      expect(counts).toEqual({ edits: expect.any(Number), imports: 3 });
      expect(counts.edits).toBeGreaterThan(80);
    } finally {
      await app.close();
    }
  }, 180_000);
});
