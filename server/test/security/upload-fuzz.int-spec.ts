import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { DATASET_KINDS, EDIT_TYPE_LABELS, ImportDetail } from '@peel/shared';
import { createTestApp } from '../app';
import { buildUser, TEST_PASSWORD } from '../factories';
import { type SignedIn, signIn } from '../http';
import { assertProperty } from './fuzz-seed';
import { settleImport } from './security-world';

/**
 * Property-based multipart bodies for `POST /api/imports/upload` (fuzz.int-spec.ts sends it JSON
 * only): random `kind` and `strict` fields, file names and contents, parts missing, repeated,
 * misnamed or out of order, bodies cut short, boundaries that do not match. Each answer is a 202
 * with a valid import report, or a 4xx with a code; never a 5xx. A 4xx stores nothing, except that
 * a file the importer refused (422 IMPORT_FAILED) is recorded as the failed import it names.
 */
let app: NestExpressApplication;
let dataSource: DataSource;
let admin: SignedIn;
let adminId: number;
/** This run's records are its own: a file imported again would only say "unchanged". */
const RUN = randomUUID().slice(0, 8);

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  const user = await buildUser(dataSource, { role: 'admin' });
  adminId = user.user.id;
  admin = await signIn(app, user.email, TEST_PASSWORD);
});

afterAll(async () => {
  await app.close();
});

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

interface Upload {
  parts: Part[];
  /** How the body ends: closed properly, without its closing delimiter, or cut at a fraction. */
  ending: 'closed' | 'unclosed' | { cutAt: number };
  header: 'multipart' | 'no boundary' | 'another boundary' | 'text/plain';
}

const BOUNDARY = 'peel-fuzz-boundary-7e3c';

function sft(nonce: number, i: number): string {
  return JSON.stringify({
    open_image_input_url: `https://farm1.staticflickr.com/fuzz-${RUN}/${nonce}-${i}_o.jpg`,
    text: `Make fuzzed scene ${nonce}-${i} warmer`,
    output_image: `images/positive-edit/fuzz-${RUN}-${nonce}-${i}.png`,
    edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
    summarized_text: `warmer ${i}`,
  });
}

const validLines = fc
  .tuple(fc.nat(), fc.integer({ min: 1, max: 5 }))
  .map(([nonce, n]) => Array.from({ length: n }, (_, i) => sft(nonce, i)).join('\n') + '\n');

/** File contents: good JSONL (plain or gzip), broken lines, other formats, binary, nothing. */
const fileContent: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: validLines.map((text) => Buffer.from(text)), weight: 4 },
  { arbitrary: validLines.map((text) => gzipSync(text)), weight: 2 },
  fc
    .tuple(validLines, fc.string({ maxLength: 40 }))
    .map(([text, junk]) => Buffer.from(`${text}${junk}\n`)),
  fc.array(fc.string({ maxLength: 60 }), { maxLength: 4 }).map((l) => Buffer.from(l.join('\n'))),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.concat([Buffer.from([0x1f, 0x8b]), b])),
  fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.concat([Buffer.from('\x89PNG\r\n'), b])),
  fc
    .constantFrom(
      '',
      '\n\n',
      '<html><body>not here</body></html>',
      '[{"text": "an array"}]',
      '{\n  "text": "pretty"\n}\n',
      '{"text": "a NUL \\u0000 inside"}\n',
      '\uFEFF{}\n',
    )
    .map((text) => Buffer.from(text)),
);

/** Mostly what the route expects, sometimes anything. */
function mostly<T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: other, weight: 1 });
}

const fieldPart: fc.Arbitrary<Part> = fc.oneof(
  mostly(fc.constantFrom(...DATASET_KINDS), fc.string({ maxLength: 12 })).map((value) => ({
    name: 'kind',
    content: Buffer.from(value),
  })),
  mostly(fc.constantFrom('true', 'false', 'on'), fc.string({ maxLength: 8 })).map((value) => ({
    name: 'strict',
    content: Buffer.from(value),
  })),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }))
    .map(([name, value]) => ({ name, content: Buffer.from(value) })),
);

const filePart: fc.Arbitrary<Part> = fc.record(
  {
    name: mostly(fc.constant('file'), fc.string({ maxLength: 8 })),
    // Without a file name the part is a field (busboy), and the upload has no file.
    filename: mostly<string | undefined>(
      fc.oneof(
        fc.constantFrom('data.jsonl', 'data.jsonl.gz', '', '../../etc/passwd', 'über "q".jsonl'),
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 12, unit: 'binary' }),
      ),
      fc.constant(undefined),
    ),
    contentType: fc.constantFrom('application/octet-stream', 'application/x-ndjson', 'image/png'),
    content: fileContent,
  },
  { requiredKeys: ['name', 'filename', 'content'] },
);

const uploads: fc.Arbitrary<Upload> = fc.record({
  // Fields and file parts in any order; mostly one file, sometimes none or two.
  parts: fc
    .tuple(
      fc.array(fieldPart, { maxLength: 3 }),
      mostly(
        filePart.map((part) => [part]),
        fc.array(filePart, { maxLength: 2 }),
      ),
      fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    )
    .map(([fields, files, order]) => {
      const parts = [...fields, ...files];
      return parts
        .map((part, i) => ({ part, key: order[i % order.length] + i }))
        .sort((a, b) => a.key - b.key)
        .map(({ part }) => part);
    }),
  ending: mostly<Upload['ending']>(
    fc.constant('closed'),
    fc.oneof(
      fc.constant('unclosed' as const),
      fc.double({ min: 0, max: 1, noNaN: true }).map((cutAt) => ({ cutAt })),
    ),
  ),
  header: mostly<Upload['header']>(
    fc.constant('multipart'),
    fc.constantFrom('no boundary', 'another boundary', 'text/plain'),
  ),
});

function encode(upload: Upload): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of upload.parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`,
      ),
      part.content,
      Buffer.from('\r\n'),
    );
  }
  if (upload.ending !== 'unclosed') chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  let body = Buffer.concat(chunks);
  if (typeof upload.ending === 'object')
    body = body.subarray(0, Math.floor(body.length * upload.ending.cutAt));
  const contentType = {
    multipart: `multipart/form-data; boundary=${BOUNDARY}`,
    'no boundary': 'multipart/form-data',
    'another boundary': 'multipart/form-data; boundary=not-the-one-used',
    'text/plain': 'text/plain',
  }[upload.header];
  return { body, contentType };
}

function describeUpload(upload: Upload): string {
  const parts = upload.parts.map((part) =>
    JSON.stringify({
      name: part.name,
      filename: part.filename,
      content: part.content.subarray(0, 60).toString('latin1'),
      bytes: part.content.length,
    }),
  );
  return `${upload.header}, ${JSON.stringify(upload.ending)}, parts:\n  ${parts.join('\n  ')}`;
}

/** What an upload may have stored: imports, audit events, and the dataset's rows. */
async function stored() {
  const [row] = await dataSource.query(
    `SELECT (SELECT coalesce(max(id), 0) FROM dataset_import)::int AS last_import,
            (SELECT coalesce(max(id), 0) FROM audit_event)::int AS last_audit,
            (SELECT count(*) FROM edit)::int AS edits,
            (SELECT count(*) FROM edit_pair)::int AS pairs,
            (SELECT count(*) FROM mt_session)::int AS sessions,
            (SELECT count(*) FROM source_image)::int AS sources`,
  );
  return row as Record<string, number>;
}

async function importsSince(lastImport: number): Promise<{ id: number; status: string }[]> {
  const rows: { id: string; status: string }[] = await dataSource.query(
    `SELECT id, status FROM dataset_import WHERE id > $1 ORDER BY id`,
    [lastImport],
  );
  return rows.map((row) => ({ id: Number(row.id), status: row.status }));
}

/** Why an answer breaks the property, or null when it holds. */
async function check(
  status: number,
  body: Record<string, unknown>,
  before: Record<string, number>,
): Promise<string | null> {
  if (status === 202) {
    const report = ImportDetail.safeParse(body);
    if (!report.success) return `202 without a valid import report: ${report.error.message}`;
    if (!['running', 'completed'].includes(report.data.status))
      return `202 with an import ${report.data.status}`;
    if (report.data.id <= before.last_import || report.data.createdBy?.id !== adminId)
      return `202 naming another import (${report.data.id})`;
    await settleImport(admin, report.data.id);
    return null;
  }
  if (status < 400 || status >= 500) return `status ${status}`;
  if (typeof body.code !== 'string' || typeof body.message !== 'string')
    return `${status} without a code and a message`;
  // Settle whatever may have begun, then compare.
  const begun = await importsSince(before.last_import);
  for (const { id } of begun) await settleImport(admin, id);
  const after = await stored();
  for (const table of ['edits', 'pairs', 'sessions', 'sources'])
    if (after[table] !== before[table]) return `${status}, yet ${table} changed`;
  const imports = await importsSince(before.last_import);
  if (status === 422 && body.code === 'IMPORT_FAILED') {
    const named = JSON.stringify(body.issues ?? '').match(/Recorded as import (\d+)/);
    const recorded = imports.map((row) => `${row.id}:${row.status}`).join();
    return named && recorded === `${named[1]}:failed`
      ? null
      : `422 naming import ${named?.[1]}, while these were recorded: ${recorded}`;
  }
  if (imports.length > 0) return `${status}, yet imports ${JSON.stringify(imports)} were recorded`;
  if (after.last_audit !== before.last_audit) return `${status}, yet an audit event was recorded`;
  return null;
}

describe('fuzzed multipart bodies on POST /api/imports/upload', () => {
  it('answers a valid import report or a 4xx that stored nothing (a refused file: its failed import)', async () => {
    await assertProperty(
      fc.asyncProperty(uploads, async (upload) => {
        const { body, contentType } = encode(upload);
        const before = await stored();
        const response = await admin.agent
          .post('/api/imports/upload')
          .set('X-CSRF-Token', admin.csrf)
          .set('Content-Type', contentType)
          .send(body);
        const broken = await check(response.status, response.body ?? {}, before);
        if (broken) {
          throw new Error(
            `${broken}\n${JSON.stringify(response.body).slice(0, 300)}\n${describeUpload(upload)}`,
          );
        }
      }),
      'POST /api/imports/upload (multipart)',
    );
    // The route still imports a good file afterwards: nothing was left locked or broken.
    const good = await admin.agent
      .post('/api/imports/upload')
      .set('X-CSRF-Token', admin.csrf)
      .field('kind', 'sft')
      .attach('file', Buffer.from(`${sft(-1, 0)}\n`), 'after.jsonl');
    expect(good.status).toBe(202);
  });
});
