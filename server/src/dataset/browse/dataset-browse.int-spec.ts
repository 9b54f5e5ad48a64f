import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { type EditRow, EDIT_TYPES, type PairRow, type SessionRow } from '@peel/shared';
import { createTestApp } from '../../../test/app';
import {
  type BrowseDataset,
  type BrowseEdit,
  buildBrowseDataset,
} from '../../../test/dataset-factories';
import { buildUser, TEST_PASSWORD } from '../../../test/factories';
import { type SignedIn, signIn } from '../../../test/http';

let app: NestExpressApplication;
let admin: SignedIn;
let data: BrowseDataset;
let raterEmail: string;

/** 260 edits: with a page of 17 every walk crosses 16 page boundaries and ends on a short page. */
const N = 260;

beforeAll(async () => {
  app = await createTestApp();
  const dataSource = app.get(DataSource);
  const a = await buildUser(dataSource, { role: 'admin' });
  const rater = await buildUser(dataSource, { role: 'annotator' });
  raterEmail = rater.email;
  admin = await signIn(app, a.email, TEST_PASSWORD);
  data = await buildBrowseDataset(dataSource, N, rater.user.id);
});

afterAll(async () => {
  await app.close();
});

type Page<T> = { items: T[]; nextCursor: string | null; prevCursor: string | null };

async function getPage<T>(list: string, params: Record<string, string | string[]>) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  }
  const response = await admin.get(`/api/dataset/${list}?${query}`);
  expect(response.status).toBe(200);
  return response.body as Page<T> & { total: { count: number; kind: string }; sort: string };
}

/** Every page forward from the first; then back from the last with prevCursor. */
async function walk<T extends { id: number }>(
  list: string,
  params: Record<string, string | string[]>,
  limit = 17,
): Promise<{ forward: T[][]; backward: T[][] }> {
  const forward: T[][] = [];
  let page = await getPage<T>(list, { ...params, limit: String(limit) });
  forward.push(page.items);
  expect(page.prevCursor).toBeNull();
  while (page.nextCursor) {
    page = await getPage<T>(list, { ...params, limit: String(limit), cursor: page.nextCursor });
    forward.push(page.items);
  }
  const backward: T[][] = [page.items];
  while (page.prevCursor) {
    page = await getPage<T>(list, { ...params, limit: String(limit), cursor: page.prevCursor });
    backward.unshift(page.items);
  }
  return { forward, backward };
}

function ids(pages: { id: number }[][]): number[] {
  return pages.flat().map((row) => row.id);
}

const SORT_VALUE: Record<string, (edit: BrowseEdit) => number | string> = {
  id: (edit) => edit.id,
  editType: (edit) => edit.editTypeId,
  origin: (edit) => edit.origin,
  import: () => 0,
};

function expectedOrder(edits: BrowseEdit[], sort: string): number[] {
  const descending = sort.startsWith('-');
  const value = SORT_VALUE[descending ? sort.slice(1) : sort];
  const sign = descending ? -1 : 1;
  return [...edits]
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const byValue = va < vb ? -1 : va > vb ? 1 : 0;
      return sign * (byValue || a.id - b.id);
    })
    .map((edit) => edit.id);
}

describe('GET /api/dataset/edits: keyset pages', () => {
  it.each(['id', '-id', 'editType', '-editType', 'origin', '-origin', 'import', '-import'])(
    'sort %s: every edit once, in a total order, the same pages forward and back',
    async (sort) => {
      const { forward, backward } = await walk<EditRow>('edits', {
        import: String(data.importId),
        sort,
      });
      const seen = ids(forward);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expectedOrder(data.edits, sort));
      expect(forward.length).toBe(Math.ceil(N / 17));
      expect(forward.slice(0, -1).every((page) => page.length === 17)).toBe(true);
      expect(backward.map((page) => page.map((row) => row.id))).toEqual(
        forward.map((page) => page.map((row) => row.id)),
      );
    },
  );

  it('a page starts right after the row its cursor names', async () => {
    const first = await getPage<EditRow>('edits', { import: String(data.importId), limit: '10' });
    const second = await getPage<EditRow>('edits', {
      import: String(data.importId),
      limit: '10',
      cursor: first.nextCursor!,
    });
    expect(ids([first.items, second.items])).toEqual(data.edits.slice(0, 20).map((e) => e.id));
  });

  it('shows each edit with its type, category, import, images and judgment count', async () => {
    const page = await getPage<EditRow>('edits', { import: String(data.importId), limit: '8' });
    const edit = page.items[0];
    const expected = data.edits[0];
    expect(edit).toMatchObject({
      id: expected.id,
      instruction: expected.instruction,
      origin: expected.origin,
      importId: data.importId,
      judgmentCount: 1,
      editType: {
        id: expected.editTypeId,
        label: EDIT_TYPES[expected.editTypeId - 1].label,
        category: expected.category,
      },
    });
    expect(edit.image.reference).toBe(`images/${data.key}/0.png`);
    expect(edit.image.url).toMatch(/^https:\/\/.+images\//);
    expect(edit.source.reference).toBe(`https://example.test/${data.key}/source.jpg`);
    expect(page.items[1].judgmentCount).toBe(0);
    expect(page.total).toEqual({ count: N, kind: 'exact' });
  });
});

describe('GET /api/dataset/edits: filters', () => {
  const cases: [string, Record<string, string | string[]>, (edit: BrowseEdit) => boolean][] = [
    ['one edit type', { editType: '8' }, (e) => e.editTypeId === 8],
    ['two edit types', { editType: ['8', '15'] }, (e) => e.editTypeId === 8 || e.editTypeId === 15],
    ['a category', { category: 'human_centric' }, (e) => e.category === 'human_centric'],
    [
      'a category and an edit type (both hold)',
      { category: 'object_semantic', editType: ['3', '20'] },
      (e) => e.editTypeId === 3,
    ],
    ['an origin', { origin: 'preference_chosen' }, (e) => e.origin === 'preference_chosen'],
    ['success', { outcome: 'success' }, (e) => e.origin !== 'preference_rejected'],
    ['failed', { outcome: 'failed' }, (e) => e.origin === 'preference_rejected'],
    ['with judgments', { judged: 'with' }, (e) => e.judged],
    ['without judgments', { judged: 'without' }, (e) => !e.judged],
    ['text search', { q: 'zebra' }, (e) => e.instruction.includes('zebra')],
    [
      'everything at once',
      { outcome: 'success', judged: 'without', category: 'pixel_photometric', sort: '-editType' },
      (e) => e.origin !== 'preference_rejected' && !e.judged && e.category === 'pixel_photometric',
    ],
  ];

  it.each(cases)('%s', async (_name, params, keep) => {
    const { forward } = await walk<EditRow>(
      'edits',
      { import: String(data.importId), ...params },
      9,
    );
    const expected = expectedOrder(data.edits.filter(keep), String(params.sort ?? 'id'));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(forward)).toEqual(expected);
  });

  it('finds an instruction by a word anywhere in it, % and _ taken literally', async () => {
    const word = await getPage<EditRow>('edits', { q: data.searchWord });
    expect(word.items.map((e) => e.id)).toEqual(
      data.edits.filter((e) => e.instruction.includes(data.searchWord)).map((e) => e.id),
    );
    expect(word.total).toEqual({ count: Math.ceil(N / 10), kind: 'exact' });
    const wildcard = await getPage<EditRow>('edits', {
      q: `%${data.key}%`,
      import: String(data.importId),
    });
    expect(wildcard.items).toEqual([]);
  });

  it('counts a filtered total only when cheap: exact, "at least" past the cap, or the estimate', async () => {
    const page = await getPage<EditRow>('edits', {
      origin: ['sft', 'preference_chosen', 'preference_rejected'],
    });
    expect(['exact', 'at_least', 'estimate']).toContain(page.total.kind);
    if (page.total.kind !== 'estimate') expect(page.total.count).toBeGreaterThanOrEqual(N);
  });
});

describe('GET /api/dataset: bad queries are a 400 naming the problem', () => {
  it.each([
    [
      'edits',
      'sort=instruction',
      'sort',
      /unknown sort column "instruction".*sortable: id, editType, origin, import/,
    ],
    ['edits', 'sort=-category', 'sort', /unknown sort column "category"/],
    ['pairs', 'sort=editType', 'sort', /unknown sort column "editType" for pairs/],
    ['edits', 'colour=red', 'colour', /unknown filter "colour"/],
    ['pairs', 'outcome=failed', 'outcome', /unknown filter "outcome" for pairs/],
    ['sessions', 'editType=3', 'editType', /unknown filter "editType" for sessions/],
    ['edits', 'origin=dataset', 'origin', /unknown origin dataset/],
    ['edits', 'editType=36', 'editType.0', /35/],
    ['edits', 'limit=500', 'limit', /200/],
    ['edits', 'cursor=nonsense', 'cursor', /not a cursor/],
    ['edits', 'q=ab', 'q', /at least 3/],
  ])('%s?%s', async (list, query, path, message) => {
    const response = await admin.get(`/api/dataset/${list}?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path, message: expect.stringMatching(message) }),
      ]),
    );
  });

  it('refuses a cursor made for another sort', async () => {
    const page = await getPage<EditRow>('edits', { import: String(data.importId), limit: '5' });
    const response = await admin.get(
      `/api/dataset/edits?import=${data.importId}&sort=-id&cursor=${page.nextCursor}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.issues[0]).toMatchObject({
      path: 'cursor',
      message: expect.stringMatching(/made for sort "id"/),
    });
  });
});

describe('pairs and sessions', () => {
  it('pages pairs by import, admin pairs (no import) first', async () => {
    const all = await walk<PairRow>('pairs', { sort: 'import', q: data.key }, 7);
    const seen = ids(all.forward);
    expect([...seen].sort((a, b) => a - b)).toEqual(data.pairIds);
    const admins = all.forward.flat().filter((pair) => pair.origin === 'admin');
    expect(
      all.forward
        .flat()
        .slice(0, admins.length)
        .every((pair) => pair.importId === null),
    ).toBe(true);
    const dataset = await walk<PairRow>(
      'pairs',
      { import: String(data.importId), origin: 'dataset' },
      4,
    );
    expect(ids(dataset.forward)).toEqual(data.pairIds.filter((_, i) => (i + 1) % 4 !== 0));
  });

  it('pages sessions by turn count', async () => {
    const { forward } = await walk<SessionRow>(
      'sessions',
      { import: String(data.importId), sort: '-turns' },
      5,
    );
    const rows = forward.flat();
    expect(rows.map((s) => s.id).sort((a, b) => a - b)).toEqual(data.sessionIds);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.turnCount > b.turnCount || (a.turnCount === b.turnCount && a.id > b.id)).toBe(true);
    }
    expect(rows[0].firstPrompt).toMatch(/^Turn 1 of /);
    const search = await getPage<SessionRow>('sessions', { q: `of ${data.key}-3` });
    expect(search.items.map((s) => s.id)).toEqual([data.sessionIds[3]]);
  });
});

describe('item pages', () => {
  it('an edit with its pairs and every human judgment (batch, rater, answers, time)', async () => {
    const edit = data.edits[0];
    const response = await admin.get(`/api/dataset/edits/${edit.id}`).expect(200);
    expect(response.body.edit).toMatchObject({ id: edit.id, instruction: edit.instruction });
    expect(response.body.import).toMatchObject({ id: data.importId, kind: 'sft' });
    expect(response.body.pairs).toEqual([
      { id: data.pairIds[0], origin: 'dataset', otherEditId: data.edits[1].id, side: 'first' },
    ]);
    expect(response.body.judgments).toEqual([
      expect.objectContaining({
        batchId: data.batchId,
        taskType: 'taxonomy',
        rater: expect.objectContaining({ id: data.raterId, email: raterEmail }),
        answers: { label_correct: 'yes' },
        dwellMs: 1200,
        createdAt: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
    const unjudged = await admin.get(`/api/dataset/edits/${data.edits[1].id}`).expect(200);
    expect(unjudged.body.judgments).toEqual([]);
  });

  it('a pair and a session, and a 404 for what does not exist', async () => {
    const pair = await admin.get(`/api/dataset/pairs/${data.pairIds[1]}`).expect(200);
    expect(pair.body.pair).toMatchObject({
      id: data.pairIds[1],
      first: { id: data.edits[5].id },
      second: { id: data.edits[6].id },
    });
    const session = await admin.get(`/api/dataset/sessions/${data.sessionIds[3]}`).expect(200);
    expect(session.body.turns.map((t: { index: number }) => t.index)).toEqual([1, 2, 3, 4]);
    expect(session.body.session.turnCount).toBe(4);
    for (const list of ['edits', 'pairs', 'sessions']) {
      const missing = await admin.get(`/api/dataset/${list}/2147480000`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    }
    expect((await admin.get('/api/dataset/edits/abc')).status).toBe(400);
  });
});

describe('thumbnails', () => {
  it('without a local mirror, redirects to the image itself', async () => {
    const response = await admin.get('/api/dataset/thumbnail?image=images/positive-edit/1.png');
    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^https:\/\/.+images\/positive-edit\/1\.png$/);
  });

  it('with a mirror, makes a small webp once and serves it from the disk cache', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-thumb-'));
    const imageDir = path.join(root, 'images');
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(imageDir, 'images', 'positive-edit'), { recursive: true });
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c04020' } })
      .png()
      .toFile(path.join(imageDir, 'images', 'positive-edit', 'big.png'));
    fs.writeFileSync(path.join(imageDir, 'images', 'positive-edit', 'broken.png'), 'not an image');
    const mirrored = await createTestApp({ imageDir, dataDir });
    try {
      const dataSource = mirrored.get(DataSource);
      const a = await buildUser(dataSource, { role: 'admin' });
      const client = await signIn(mirrored, a.email, TEST_PASSWORD);
      const url = `/api/dataset/thumbnail?image=${encodeURIComponent('images/positive-edit/big.png')}`;
      const first = await client.get(url);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('image/webp');
      const meta = await sharp(first.body as Buffer).metadata();
      expect([meta.width, meta.height]).toEqual([160, 120]);
      const cached = fs.readdirSync(path.join(dataDir, 'thumbnails'), { recursive: true });
      expect(cached.filter((name) => String(name).endsWith('.webp'))).toHaveLength(1);
      const again = await client.get(url);
      expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);

      const page = await client
        .get(`/api/dataset/edits?import=${data.importId}&limit=1`)
        .expect(200);
      expect(page.body.items[0].image.thumbnailUrl).toBe(
        `/api/dataset/thumbnail?image=${encodeURIComponent(`images/${data.key}/0.png`)}`,
      );
      expect((await client.get('/api/dataset/thumbnail?image=images/none.png')).status).toBe(404);
      const escape = await client.get(
        `/api/dataset/thumbnail?image=${encodeURIComponent('../../etc/passwd')}`,
      );
      expect(escape.status).toBe(400);
      const broken = await client.get(
        `/api/dataset/thumbnail?image=${encodeURIComponent('images/positive-edit/broken.png')}`,
      );
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/not an image/);
    } finally {
      await mirrored.close();
    }
  });
});
