import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS, type ImportDetail } from '@peel/shared';
import { createTestApp } from '../../../test/app';
import { buildUser, TEST_PASSWORD } from '../../../test/factories';
import { type SignedIn, signIn } from '../../../test/http';
import { settleImport } from '../../../test/security/security-world';

/**
 * Multipart bodies that end before their closing delimiter (a client that gave up, a proxy that
 * cut the request). Found by the upload fuzzing (server/test/security/upload-fuzz.int-spec.ts).
 */
let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  const user = await buildUser(dataSource, { role: 'admin' });
  admin = await signIn(app, user.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
});

const BOUNDARY = 'peel-cut-boundary';

function sftLines(prefix: string, n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `${JSON.stringify({
        open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${i}_o.jpg`,
        text: `Make cut scene ${i} of ${prefix} warmer`,
        output_image: `images/positive-edit/${prefix}-${i}.png`,
        edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
        summarized_text: `warmer ${i}`,
      })}\n`,
  ).join('');
}

function part(name: string, content: string, filename?: string): string {
  const file = filename === undefined ? '' : `; filename="${filename}"`;
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n${content}`;
}

function send(body: string) {
  return admin.agent
    .post('/api/imports/upload')
    .set('X-CSRF-Token', admin.csrf)
    .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
    .send(Buffer.from(body));
}

async function edits(prefix: string): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM edit WHERE image LIKE $1`, [
    `images/positive-edit/${prefix}-%`,
  ]);
  return row.n;
}

describe('an upload whose body is cut short', () => {
  it('inside the file: 422 naming the failed import it recorded, nothing imported', async () => {
    const prefix = randomUUID().slice(0, 8);
    const body = `${part('kind', 'sft')}\r\n${part('file', sftLines(prefix, 20), 'cut.jsonl')}`;
    const response = await send(body);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('IMPORT_FAILED');
    const named = (response.body.issues as { path: string; message: string }[]).find(
      (issue) => issue.path === 'import',
    );
    const importId = Number(named?.message.match(/Recorded as import (\d+)/)?.[1]);
    const view = (await admin.get(`/api/imports/${importId}`).expect(200)).body as ImportDetail;
    expect(view).toMatchObject({ status: 'failed', kind: 'sft', inserted: 0 });
    expect(view.error).toMatch(/unexpected end/i);
    expect(await edits(prefix)).toBe(0);
  });

  it('inside a second file part: the first file, whole, is imported and the server lives on', async () => {
    const prefix = randomUUID().slice(0, 8);
    // Busboy destroys the ignored second part with an error when the body ends: once an
    // unhandled 'error' event, which ended the process.
    const body =
      `${part('file', sftLines(prefix, 3), 'first.jsonl')}\r\n` +
      part('file', sftLines(`${prefix}-second`, 3), 'second.jsonl');
    const response = await send(body);
    expect(response.status).toBe(202);
    await settleImport(admin, response.body.id);
    const view = (await admin.get(`/api/imports/${response.body.id}`).expect(200)).body;
    expect(view).toMatchObject({ status: 'completed', linesRead: 3, inserted: 3 });
    expect(await edits(prefix)).toBe(3);
    await request(app.getHttpServer()).get('/api/health').expect(200);
  });
});

describe('an upload whose file part has no field name', () => {
  it('is refused with a message that says so, and nothing is imported', async () => {
    const prefix = randomUUID().slice(0, 8);
    const nameless = `--${BOUNDARY}\r\nContent-Disposition: form-data; filename="x.jsonl"\r\n\r\n${sftLines(prefix, 3)}`;
    const response = await send(`${part('kind', 'sft')}\r\n${nameless}\r\n--${BOUNDARY}--\r\n`);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Invalid request: a file in a part without a field name');
    expect(response.body.issues).toEqual([
      { path: '(unnamed part)', message: 'Send the file in the field named "file"' },
    ]);
    expect(await edits(prefix)).toBe(0);
  });
});
