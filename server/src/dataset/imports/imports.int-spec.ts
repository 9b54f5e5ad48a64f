import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS, type ImportDetail } from '@peel/shared';
import { createTestApp } from '../../../test/app';
import { PEEL_CONFIG, type PeelConfig } from '../../common/config/config';
import { buildUser, TEST_PASSWORD } from '../../../test/factories';
import { type SignedIn, signIn } from '../../../test/http';

let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let adminId: number;
let tmp: string;

beforeAll(async () => {
  // The URL tests serve files from 127.0.0.1; one test turns the guard back on.
  app = await createTestApp({ importAllowPrivateUrls: true });
  dataSource = app.get(DataSource);
  const a = await buildUser(dataSource, { role: 'admin' });
  adminId = a.user.id;
  admin = await signIn(app, a.email, TEST_PASSWORD);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-upload-'));
});

afterAll(async () => {
  await app.close();
});

function sftLine(prefix: string, i: number): string {
  return JSON.stringify({
    open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${i}_o.jpg`,
    text: `Make scene ${i} of ${prefix} warmer, keeping every shadow where it was`,
    output_image: `images/positive-edit/${prefix}-${i}.png`,
    edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
    summarized_text: `warmer ${i}`,
  });
}

function preferenceLine(prefix: string, i: number): string {
  return JSON.stringify({
    output_image: `images/positive-edit/${prefix}-p${i}.png`,
    rejected_images: [`images/negative-edit/${prefix}-p${i}_a1.png`],
    text: `Make scene ${i} of ${prefix} cooler`,
    edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
    open_image_input_url: `https://farm1.staticflickr.com/${prefix}/p${i}_o.jpg`,
    summarized_text: `cooler ${i}`,
  });
}

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(tmp, `${randomUUID().slice(0, 6)}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

function upload(file: string, fields: Record<string, string> = {}) {
  let call = admin.agent.post('/api/imports/upload').set('X-CSRF-Token', admin.csrf);
  for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
  return call.attach('file', file);
}

/** Polls the import until it is no longer running. */
async function finished(id: number): Promise<ImportDetail> {
  for (let i = 0; i < 600; i++) {
    const response = await admin.get(`/api/imports/${id}`).expect(200);
    if (response.body.status !== 'running') return response.body as ImportDetail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${id} still running`);
}

describe('POST /api/imports/upload', () => {
  it('streams a JSONL file into the importer and reports the rejected lines', async () => {
    const prefix = randomUUID().slice(0, 8);
    const lines = Array.from({ length: 30 }, (_, i) => sftLine(prefix, i));
    lines[11] = JSON.stringify({ ...JSON.parse(lines[11]), edit_type: 'Make it pop' });
    lines[20] = '{"text": "half a line';
    const file = writeFile('sft.jsonl', `${lines.join('\n')}\n`);
    const response = await upload(file);
    expect(response.status).toBe(202);
    expect(response.body.source).toMatch(/^upload:.*sft\.jsonl$/);
    const report = await finished(response.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      kind: 'sft',
      linesRead: 30,
      inserted: 28,
      rejected: 2,
      createdBy: { id: adminId },
      progress: null,
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 12, field: 'edit_type' }),
      expect.objectContaining({ line: 21 }),
    ]);
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM edit WHERE import_id = $1`,
      [report.id],
    );
    expect(count).toBe(28);
    const audit = await dataSource.query(
      `SELECT action, actor_id FROM audit_event WHERE target_type = 'dataset_import' AND target_id = $1`,
      [String(report.id)],
    );
    expect(audit).toEqual([{ action: 'dataset.import_started', actor_id: adminId }]);
  });

  it('honours kind and strict sent before the file', async () => {
    const prefix = randomUUID().slice(0, 8);
    const lines = [preferenceLine(prefix, 1), '{"broken": ', preferenceLine(prefix, 2)];
    const file = writeFile('preference.jsonl', lines.join('\n'));
    const response = await upload(file, { kind: 'preference', strict: 'true' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('IMPORT_FAILED');
    expect(response.body.message).toMatch(/--strict|strict/);
    const importId = Number(
      (response.body.issues as { path: string; message: string }[])
        .find((issue) => issue.path === 'import')!
        .message.match(/\d+/)![0],
    );
    const report = await finished(importId);
    expect(report).toMatchObject({
      status: 'failed',
      kind: 'preference',
      strict: true,
      rejected: 1,
    });
  });

  it('streams a large file through without holding it (50k lines, ~10 MB)', async () => {
    const prefix = randomUUID().slice(0, 8);
    const file = path.join(tmp, `${prefix}-big.jsonl`);
    const out = fs.createWriteStream(file);
    for (let i = 0; i < 50_000; i++) out.write(`${sftLine(prefix, i)}\n`);
    await new Promise((resolve) => out.end(resolve));
    expect(fs.statSync(file).size).toBeGreaterThan(9_000_000);
    const response = await upload(file);
    expect(response.status).toBe(202);
    const report = await finished(response.body.id);
    expect(report).toMatchObject({ status: 'completed', linesRead: 50_000, inserted: 50_000 });
    expect(report.bytes).toBe(fs.statSync(file).size);
  }, 120_000);

  it.each([
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /PNG image/],
    ['binary bytes', Buffer.from([0x7b, 0x00, 0x01, 0xfe, 0xff, 0x0a]), /binary file/],
    ['an HTML page', '<!doctype html>\n<html><body>Not found</body></html>\n', /HTML/],
    ['a JSON array', '[\n  {"text": "a"},\n  {"text": "b"}\n]\n', /JSON array/],
    ['pretty-printed JSON', '{\n  "text": "a"\n}\n', /pretty-printed/],
    ['CSV', 'text,edit_type\na,b\n', /does not start with a JSON object/],
    ['an empty file', '', /empty/],
  ])('refuses %s with a clear message', async (_name, content, message) => {
    const response = await upload(writeFile('data.jsonl', content));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(message),
    });
    expect(response.body.issues[0]).toMatchObject({ path: 'file' });
  });

  it('refuses a file of another kind than the one chosen', async () => {
    const prefix = randomUUID().slice(0, 8);
    const file = writeFile(
      'p.jsonl',
      `${preferenceLine(prefix, 1)}\n${preferenceLine(prefix, 2)}\n`,
    );
    const response = await upload(file, { kind: 'sft' });
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(/holds preference records, not sft/);
  });

  it('refuses what is not a multipart upload of one "file"', async () => {
    const json = await admin.post('/api/imports/upload', { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);

    const noFile = await admin.agent
      .post('/api/imports/upload')
      .set('X-CSRF-Token', admin.csrf)
      .field('kind', 'sft');
    expect(noFile.status).toBe(400);
    expect(noFile.body.issues).toEqual([expect.objectContaining({ path: 'file' })]);

    const file = writeFile('a.jsonl', `${sftLine('x', 1)}\n`);
    const wrongField = await admin.agent
      .post('/api/imports/upload')
      .set('X-CSRF-Token', admin.csrf)
      .attach('data', file);
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.issues[0]).toMatchObject({ path: 'data' });

    const unknownField = await upload(file, { colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.issues)).toMatch(/colour/);

    const badKind = await upload(file, { kind: 'parquet' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.issues[0]).toMatchObject({ path: 'kind' });
  });

  it('refuses a file over the size limit, announced or streamed', async () => {
    const small = await createTestApp({ importMaxUploadBytes: 100_000 });
    try {
      const a = await buildUser(small.get(DataSource), { role: 'admin' });
      const client = await signIn(small, a.email, TEST_PASSWORD);
      const prefix = randomUUID().slice(0, 8);
      const lines = (n: number) =>
        Array.from({ length: n }, (_, i) => sftLine(prefix, i)).join('\n');
      const huge = writeFile('huge.jsonl', lines(3000));
      const announced = await client.agent
        .post('/api/imports/upload')
        .set('X-CSRF-Token', client.csrf)
        .attach('file', huge);
      expect(announced.status).toBe(413);
      expect(announced.body.message).toMatch(/larger than/);

      // Just over the limit: the length passes the first check, the stream is cut at the limit.
      const over = writeFile('over.jsonl', lines(400));
      expect(fs.statSync(over).size).toBeGreaterThan(100_000);
      expect(fs.statSync(over).size).toBeLessThan(160_000);
      const streamed = await client.agent
        .post('/api/imports/upload')
        .set('X-CSRF-Token', client.csrf)
        .attach('file', over);
      expect(streamed.status).toBe(422);
      expect(streamed.body.message).toMatch(/larger than the 0\.1 MiB limit/);
      const [{ count }] = await small
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM edit WHERE image LIKE $1`, [
          `images/positive-edit/${prefix}-%`,
        ]);
      expect(count).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe('POST /api/imports/url', () => {
  let server: http.Server;
  let base: string;
  const prefix = randomUUID().slice(0, 8);

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/sft.jsonl') {
        response.end(Array.from({ length: 12 }, (_, i) => sftLine(prefix, i)).join('\n'));
      } else if (request.url === '/page.html') {
        response.setHeader('content-type', 'text/html');
        response.end('<html><body>Sign in</body></html>');
      } else {
        response.statusCode = 404;
        response.end('no');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('imports in the background; the status endpoint follows it to its report', async () => {
    const response = await admin.post('/api/imports/url', { url: `${base}/sft.jsonl` });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('running');
    const report = await finished(response.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      source: `${base}/sft.jsonl`,
      inserted: 12,
    });
  });

  it('records a URL that fails or serves a web page as a failed import with the reason', async () => {
    const missing = await admin.post('/api/imports/url', { url: `${base}/gone.jsonl` });
    expect(missing.status).toBe(202);
    expect(await finished(missing.body.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/answered 404/),
    });
    const page = await admin.post('/api/imports/url', { url: `${base}/page.html` });
    expect(await finished(page.body.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/HTML/),
    });
  });

  it('refuses a URL that reaches a loopback, private or link-local address unless allowed', async () => {
    const config = app.get<PeelConfig>(PEEL_CONFIG);
    config.importAllowPrivateUrls = false;
    const port = new URL(base).port;
    try {
      for (const url of [
        `${base}/sft.jsonl`,
        `http://localhost:${port}/sft.jsonl`,
        'http://[::1]/a.jsonl',
        'http://169.254.169.254/latest/meta-data/',
        'http://10.1.2.3/a.jsonl',
      ]) {
        const response = await admin.post('/api/imports/url', { url });
        expect(response.status).toBe(202);
        expect(await finished(response.body.id)).toMatchObject({
          status: 'failed',
          inserted: 0,
          error: expect.stringMatching(/not a public address: URL imports reach public hosts only/),
        });
      }
    } finally {
      config.importAllowPrivateUrls = true;
    }
  });

  it('accepts only http(s) URLs', async () => {
    for (const url of ['file:///etc/passwd', '/etc/passwd', 'ftp://example.com/a.jsonl']) {
      const response = await admin.post('/api/imports/url', { url });
      expect(response.status).toBe(400);
      expect(response.body.issues[0]).toMatchObject({ path: 'url' });
    }
  });
});

describe('GET /api/imports', () => {
  it('lists the imports newest first in keyset pages, without gaps or repeats', async () => {
    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const response = await admin.get(`/api/imports${query}`).expect(200);
      all.push(...response.body.items.map((item: { id: number }) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    const [{ ids }] = await dataSource.query(
      `SELECT array_agg(id::int ORDER BY id DESC) AS ids FROM dataset_import`,
    );
    expect(all).toEqual(ids);
    expect((await admin.get('/api/imports?cursor=abc')).status).toBe(400);
    expect((await admin.get('/api/imports/2147480000')).status).toBe(404);
  });
});
