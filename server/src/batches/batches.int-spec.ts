import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { signIn } from '../../test/http';
import { buildPreferenceData } from '../../test/queue-factories';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

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
