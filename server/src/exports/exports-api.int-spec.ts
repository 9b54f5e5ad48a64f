import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { type ConsensusResponse, type ExportSnapshotView } from '@peel/shared';
import { createTestApp } from '../../test/app';
import { testDatabaseUrl } from '../../test/db';
import { buildExportScenario, type ExportScenario, OTHER_LABEL } from '../../test/export-fixture';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { type SignedIn, signIn } from '../../test/http';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let dataDir: string;
let scenario: ExportScenario;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-export-api-'));
  app = await createTestApp({ dataDir });
  dataSource = app.get(DataSource);
  const user = await buildUser(dataSource, { role: 'admin' });
  admin = await signIn(app, user.email, TEST_PASSWORD);
  scenario = await buildExportScenario(dataSource, await testDatabaseUrl());
});

afterAll(async () => {
  await app.close();
});

async function waitDone(id: string): Promise<ExportSnapshotView> {
  for (;;) {
    const { body } = await admin.get(`/api/exports/${id}`).expect(200);
    if (body.status !== 'running') return body;
    expect(body.percent).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function snapshotCount(): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM export_snapshot`);
  return row.n;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('POST /api/exports', () => {
  it('refuses bad filters and unknown batches with a 400 naming the field, creating nothing', async () => {
    const before = await snapshotCount();
    const cases: [object, string][] = [
      [{ minMargin: 1.5 }, 'minMargin'],
      [{ minRaters: 0 }, 'minRaters'],
      [{ editTypes: ['not a label'] }, 'editTypes.0'],
      [{ batchIds: ['x'] }, 'batchIds.0'],
      [{ surprise: true }, '(body)'],
      [{ batchIds: [scenario.batchIds[0], 2_000_000_000] }, 'batchIds.1'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.post('/api/exports', body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    }
    expect(await snapshotCount()).toBe(before);
    expect(fs.existsSync(path.join(dataDir, 'exports'))).toBe(false);
  });

  it('runs in the background, reports progress, then serves its files and manifest', async () => {
    const started = await admin
      .post('/api/exports', { batchIds: scenario.batchIds, parquet: true })
      .expect(202);
    const view: ExportSnapshotView = started.body;
    expect(view).toMatchObject({ status: 'running', batchIds: scenario.batchIds });
    expect(view.percent).toBeLessThan(100);
    const done = await waitDone(view.id);
    expect(done).toMatchObject({ status: 'complete', percent: 100, error: null });
    expect(done.outDir).toBe(path.join(dataDir, 'exports', view.id));
    expect(done.files.map((file) => file.name)).toEqual([
      'preference.jsonl',
      'preference.parquet',
      'dpo.jsonl',
      'dpo.parquet',
      'sft.jsonl',
      'sft.parquet',
      'multi-turn.jsonl',
      'multi-turn.parquet',
      'judgments.jsonl',
      'judgments.parquet',
      'judgments.csv',
    ]);
    const judgments = done.files.find((file) => file.name === 'judgments.jsonl')!;
    expect(judgments.rows).toBe(60 + 24 + 42);

    const download = await admin
      .get(`/api/exports/${view.id}/files/preference.jsonl`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toMatch(/ndjson/);
    expect(download.headers['content-disposition']).toMatch(/attachment/);
    const bytes = download.body as Buffer;
    expect(bytes).toEqual(fs.readFileSync(path.join(done.outDir, 'preference.jsonl')));
    const preference = done.files.find((file) => file.name === 'preference.jsonl')!;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(preference.sha256);

    const manifest = await admin.get(`/api/exports/${view.id}/files/manifest.json`).expect(200);
    expect(manifest.body.snapshot_id).toBe(view.id);
    expect(manifest.body.files['preference.jsonl'].sha256).toBe(preference.sha256);

    // the posterior in the export is the agreement API's
    const records = bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const consensus: ConsensusResponse = (
      await admin.get(`/api/batches/${scenario.batchIds[0]}/consensus`).expect(200)
    ).body;
    const posteriors = consensus.items.map((item) => item.dawidSkene);
    for (const record of records) expect(posteriors).toContainEqual(record.human.dawid_skene);
  });

  it('serves only the snapshot own files: no other name, no path traversal', async () => {
    const started = await admin
      .post('/api/exports', { batchIds: scenario.batchIds, parquet: false })
      .expect(202);
    const done = await waitDone(started.body.id);
    expect(done.status).toBe('complete');
    const base = `/api/exports/${done.id}/files`;
    await admin.get(`${base}/sft.parquet`).expect(404);
    await admin.get(`${base}/secrets.json`).expect(404);
    await admin.get(`${base}/..%2F..%2Fpackage.json`).expect(400);
    await admin.get(`${base}/.manifest.json`).expect(400);
    await admin.get(`/api/exports/not-a-uuid`).expect(400);
    await admin.get(`/api/exports/${randomUUID()}`).expect(404);
    await admin.get(`/api/exports/${randomUUID()}/files/manifest.json`).expect(404);
  });
});

describe('an export of a batch nobody judged yet', () => {
  it('completes with empty files', async () => {
    const [{ id }] = await dataSource.query(
      `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds)
       VALUES ('unjudged', 'pairwise', 'active', 1, 3, 3, 600) RETURNING id`,
    );
    const started = await admin.post('/api/exports', { batchIds: [id] }).expect(202);
    const done = await waitDone(started.body.id);
    expect(done).toMatchObject({ status: 'complete', error: null });
    expect(done.files.every((file) => file.rows === 0)).toBe(true);
  });
});

describe('GET /api/exports', () => {
  it('lists snapshots newest first in keyset pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = await admin
        .post('/api/exports', { batchIds: [scenario.batchIds[1]], parquet: false })
        .expect(202);
      ids.push(started.body.id);
      await waitDone(started.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await admin.get(`/api/exports${query}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: ExportSnapshotView) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    expect(seen.length).toBe(await snapshotCount());
    await admin.get('/api/exports?cursor=nonsense').expect(400);
    await admin.get('/api/exports?limit=0').expect(400);
  });

  it('never shows a job whose process died as running or complete: it is interrupted', async () => {
    const insert = async (owner: string, heartbeatAgo: string) => {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO export_snapshot (id, status, filters, batch_ids, out_dir, owner, heartbeat_at,
           expected_rows, progress)
         VALUES ($1, 'running', '{"parquet":false}', '[]', $2, $3, now() - $4::interval, 100,
           '{"judgments.jsonl": 40}')`,
        [id, path.join(dataDir, 'exports', id), owner, heartbeatAgo],
      );
      return id;
    };
    const deadHere = await insert(`${os.hostname()}:${deadPid()}`, '1 second');
    const silent = await insert('another-host:123', '10 minutes');
    const alive = await insert(`${os.hostname()}:${process.pid}`, '1 second');
    const tmp = path.join(dataDir, 'exports', `.${deadHere}.tmp-abc`);
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'judgments.jsonl'), '{}\n');

    const dead = (await admin.get(`/api/exports/${deadHere}`).expect(200)).body;
    expect(dead).toMatchObject({ status: 'interrupted', percent: 20 });
    expect(dead.error).toMatch(/process .* stopped/);
    expect(fs.existsSync(tmp)).toBe(false);
    const list = (await admin.get('/api/exports?limit=100').expect(200)).body;
    const status = (id: string) =>
      list.items.find((item: ExportSnapshotView) => item.id === id).status;
    expect(status(silent)).toBe('interrupted');
    expect(status(alive)).toBe('running');
    await admin.get(`/api/exports/${deadHere}/files/manifest.json`).expect(409);
    await dataSource.query(`DELETE FROM export_snapshot WHERE id = $1`, [alive]);
  });
});

describe('adjudicated answers preferred', () => {
  async function itemOf(batchId: number, column: string, subject: string): Promise<string> {
    const [row] = await dataSource.query(
      `SELECT id FROM batch_item WHERE batch_id = $1 AND ${column} = $2`,
      [batchId, subject],
    );
    return row.id;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON records read back for assertions
  async function exportRecords(body: object): Promise<Record<string, Record<string, any>[]>> {
    const started = await admin.post('/api/exports', { ...body, parquet: false }).expect(202);
    const done = await waitDone(started.body.id);
    expect(done.status).toBe('complete');
    const read = (file: string) =>
      fs
        .readFileSync(path.join(done.outDir, file), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line));
    return {
      preference: read('preference.jsonl'),
      dpo: read('dpo.jsonl'),
      sft: read('sft.jsonl'),
      session: read('multi-turn.jsonl'),
    };
  }

  it('uses the admin final answer instead of the consensus, and says so in human', async () => {
    const [pairBatch, taxonomyBatch, sessionBatch] = scenario.batchIds;
    const { pairs, chosenEdits } = scenario;
    const put = (batchId: number, itemId: string, body: object) =>
      admin.agent
        .put(`/api/batches/${batchId}/items/${itemId}/adjudication`)
        .set('X-CSRF-Token', admin.csrf)
        .send(body)
        .expect(200);
    const criteria = (side: string) => ({
      instruction_compliance: side,
      seamlessness: side,
      preservation: 'tie',
      technical_quality: side,
    });
    // raters: pair 0 first (2-1), pair 2 tie (2-1): the admin says second, and first
    await put(pairBatch, await itemOf(pairBatch, 'pair_id', pairs[0].id), {
      answers: { overall: 'B', criteria: criteria('B') },
      note: 'B keeps the face; checked at 1:1',
    });
    await put(pairBatch, await itemOf(pairBatch, 'pair_id', pairs[2].id), {
      answers: { overall: 'A', criteria: criteria('A') },
      note: 'A follows the instruction',
    });
    await put(taxonomyBatch, await itemOf(taxonomyBatch, 'edit_id', chosenEdits[1].id), {
      answers: { decision: 'change', editType: OTHER_LABEL, garbledShortInstruction: true },
      note: 'relabelled',
    });
    const [session] = await dataSource.query(
      `SELECT id, session_id FROM batch_item WHERE batch_id = $1`,
      [sessionBatch],
    );
    await put(sessionBatch, session.id, {
      answers: {
        turns: [1, 2, 3, 4].map(() => ({ instruction: 5, consistency: 5, editType: OTHER_LABEL })),
        firstBreak: null,
        overall: 5,
      },
      note: 'no break',
    });

    const plain = await exportRecords({ batchIds: scenario.batchIds });
    expect(plain.preference.map((r) => r.output_image)).toEqual([pairs[0].first, pairs[1].second]);
    expect(plain.preference[0].human.adjudicated).toBeUndefined();
    expect(plain.sft[1].edit_type).toBe(chosenEdits[1].editType);

    const preferred = await exportRecords({ batchIds: scenario.batchIds, preferAdjudicated: true });
    expect(preferred.preference.map((r) => r.output_image)).toEqual([
      pairs[0].second,
      pairs[1].second,
      pairs[2].first,
    ]);
    expect(preferred.preference[0].human).toMatchObject({
      votes: { first: 2, second: 1 },
      consensus: 'second',
      flipped: true,
      criteria: { instruction_compliance: 'second', preservation: 'tie' },
      adjudicated: true,
      adjudication: {
        note: 'B keeps the face; checked at 1:1',
        raters: { consensus: 'first', flipped: false },
      },
    });
    expect(preferred.preference[1].human.adjudicated).toBe(false);
    expect(preferred.dpo.map((r) => r.chosen)).toEqual([
      pairs[0].second,
      pairs[1].second,
      pairs[2].first,
    ]);
    expect(preferred.sft[1]).toMatchObject({
      edit_type: OTHER_LABEL,
      original_edit_type: chosenEdits[1].editType,
      human: {
        edit_type: OTHER_LABEL,
        garbled_summary: 'yes',
        adjudicated: true,
        adjudication: { note: 'relabelled', raters: { edit_type: chosenEdits[1].editType } },
      },
    });
    expect(preferred.session[0].human).toMatchObject({
      k: 3,
      first_break: 'none',
      overall: 5,
      adjudicated: true,
      adjudication: { note: 'no break', raters: { first_break: 3, overall: 4 } },
    });
  });
});
