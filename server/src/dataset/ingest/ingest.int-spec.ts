import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { testDataSource } from '../../../test/db';
import { IngestService } from './ingest.service';

const SAMPLES = path.resolve(__dirname, '../../../../../shared/data/pico-banana');

let dataSource: DataSource;
let ingest: IngestService;
let dir: string;

beforeAll(async () => {
  dataSource = await testDataSource();
  ingest = new IngestService(dataSource);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-ingest-'));
});

afterAll(async () => {
  await dataSource.destroy();
});

/** A unique prefix so that this test's rows never collide with another test's. */
function uid(): string {
  return randomUUID().slice(0, 8);
}

function writeLines(name: string, records: unknown[], raw: string[] = []): string {
  const file = path.join(dir, `${uid()}-${name}`);
  fs.writeFileSync(file, [...records.map((r) => JSON.stringify(r)), ...raw].join('\n') + '\n');
  return file;
}

function sft(prefix: string, n: number, overrides: Record<string, unknown> = {}) {
  return {
    open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${n}_o.jpg`,
    text: `Long instruction ${n} for ${prefix}`,
    output_image: `images/positive-edit/${prefix}-${n}.png`,
    edit_type: EDIT_TYPE_LABELS[n % EDIT_TYPE_LABELS.length],
    summarized_text: `short ${n}`,
    ...overrides,
  };
}

function preference(prefix: string, n: number, rejected: unknown) {
  const { output_image, text, edit_type, open_image_input_url, summarized_text } = sft(prefix, n);
  return {
    output_image,
    rejected_images: rejected,
    text,
    edit_type,
    open_image_input_url,
    summarized_text,
  };
}

async function countEdits(prefix: string): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM edit WHERE image LIKE $1`, [
    `%/${prefix}%`,
  ]);
  return row.n;
}

describe('IngestService on real PostgreSQL', () => {
  it('imports the verbatim released records with the taxonomy strings byte for byte', async () => {
    const report = await ingest.importSource(path.join(SAMPLES, 'sft.sample.jsonl'));
    expect(report).toMatchObject({ status: 'completed', kind: 'sft', linesRead: 3, rejected: 0 });
    const rows: { image: string; label: string }[] = await dataSource.query(
      `SELECT e.image, t.label FROM edit e JOIN edit_type t ON t.id = e.edit_type_id
        WHERE e.image = ANY($1) ORDER BY e.image`,
      [['images/positive-edit/1.png', 'images/positive-edit/1239.png']],
    );
    expect(rows.map((r) => r.label)).toEqual([
      'Remove an existing object',
      'Add film grain or vintage filter',
    ]);
  });

  it('round-trips every one of the 35 labels exactly, including ↔ and –', async () => {
    const prefix = uid();
    const records = EDIT_TYPE_LABELS.map((label, n) => sft(prefix, n, { edit_type: label }));
    const report = await ingest.importSource(writeLines('labels.jsonl', records));
    expect(report).toMatchObject({ status: 'completed', inserted: 35, rejected: 0 });
    // Ordered by the line each edit came from (ids follow no order: the merge is set-based).
    const rows: { label: string }[] = await dataSource.query(
      `SELECT t.label FROM edit e JOIN edit_type t ON t.id = e.edit_type_id WHERE e.image LIKE $1
        ORDER BY substring(e.image FROM '-([0-9]+)\\.png$')::int`,
      [`%/${prefix}-%`],
    );
    expect(rows.map((r) => r.label)).toEqual([...EDIT_TYPE_LABELS]);
    expect(rows.some((r) => r.label.includes('\u2194'))).toBe(true);
    expect(rows.some((r) => r.label.includes('\u2013'))).toBe(true);
  });

  it('counts inserts, and a re-import of the same file changes nothing and says so', async () => {
    const prefix = uid();
    const file = writeLines(
      'sft.jsonl',
      [1, 2, 3, 4].map((n) => sft(prefix, n)),
    );
    const first = await ingest.importSource(file);
    expect(first).toMatchObject({ inserted: 4, updated: 0, unchanged: 0, rejected: 0 });
    const again = await ingest.importSource(file);
    expect(again).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: 4 });
    expect(again.sha256).toBe(first.sha256);
    const changed = writeLines('sft2.jsonl', [sft(prefix, 1, { text: 'changed' }), sft(prefix, 5)]);
    expect(await ingest.importSource(changed)).toMatchObject({
      inserted: 1,
      updated: 1,
      unchanged: 0,
    });
    expect(await countEdits(prefix)).toBe(5);
  });

  it('keeps valid lines and lists rejected ones with line and field', async () => {
    const prefix = uid();
    const file = writeLines(
      'mixed.jsonl',
      [
        sft(prefix, 1),
        sft(prefix, 2, { edit_type: 'Zoom out' }),
        sft(prefix, 3, { text: 7 }),
        sft(prefix, 1),
      ],
      ['{"open_image_input_url": "x"'],
    );
    const report = await ingest.importSource(file);
    expect(report).toMatchObject({ status: 'completed', inserted: 1, rejected: 4, linesRead: 5 });
    const where = report.problems.map((p) => `${p.line}:${p.field}`);
    expect(where).toEqual(['2:edit_type', '3:text', '4:output_image', '5:']);
    expect(report.problems[2].message).toContain('first seen on line 1');
    expect(await countEdits(prefix)).toBe(1);
  });

  it('--strict writes nothing when any line fails, and records the failed import', async () => {
    const prefix = uid();
    const file = writeLines('strict.jsonl', [
      sft(prefix, 1),
      sft(prefix, 2, { edit_type: 'nope' }),
    ]);
    const report = await ingest.importSource(file, { strict: true });
    expect(report).toMatchObject({ status: 'failed', inserted: 0, rejected: 1 });
    expect(report.error).toContain('--strict');
    expect(await countEdits(prefix)).toBe(0);
    const [row] = await dataSource.query(
      'SELECT status, rejected FROM dataset_import WHERE id = $1',
      [report.importId],
    );
    expect(row).toEqual({ status: 'failed', rejected: 1 });
  });

  it('keeps unknown keys verbatim in jsonb', async () => {
    const prefix = uid();
    const extra = { judge_score: 0.91, tags: ['a', 'b'], nested: { k: null } };
    await ingest.importSource(writeLines('extra.jsonl', [sft(prefix, 1, extra)]));
    const [row] = await dataSource.query('SELECT extra FROM edit WHERE image = $1', [
      `images/positive-edit/${prefix}-1.png`,
    ]);
    expect(row.extra).toEqual(extra);
  });

  it('builds one pair per rejected attempt from preference records, whatever the shape', async () => {
    const prefix = uid();
    const a = `images/negative-edit/${prefix}-1_attempt1.png`;
    const b = `images/negative-edit/${prefix}-1_attempt2.png`;
    const c = `images/negative-edit/${prefix}-2_attempt1.png`;
    const d = `images/negative-edit/${prefix}-3_attempt1.png`;
    const file = writeLines('pref.jsonl.gz', []);
    const lines = [
      preference(prefix, 1, [a, b]),
      preference(prefix, 2, c),
      preference(prefix, 3, JSON.stringify([d])),
    ];
    fs.writeFileSync(file, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
    const report = await ingest.importSource(file);
    expect(report).toMatchObject({
      status: 'completed',
      kind: 'preference',
      inserted: 3,
      rejected: 0,
    });
    expect(report.rejectedShapes).toEqual({ array: 1, string: 1, json_string_array: 1 });
    const pairs: { first: string; second: string; position: number; origin: string }[] =
      await dataSource.query(
        `SELECT f.image AS first, s.image AS second, p.position, s.origin
         FROM edit_pair p JOIN edit f ON f.id = p.first_edit_id JOIN edit s ON s.id = p.second_edit_id
        WHERE f.image LIKE $1 ORDER BY f.image, p.position`,
        [`%/${prefix}-%`],
      );
    expect(pairs).toEqual([
      {
        first: `images/positive-edit/${prefix}-1.png`,
        second: a,
        position: 0,
        origin: 'preference_rejected',
      },
      {
        first: `images/positive-edit/${prefix}-1.png`,
        second: b,
        position: 1,
        origin: 'preference_rejected',
      },
      {
        first: `images/positive-edit/${prefix}-2.png`,
        second: c,
        position: 0,
        origin: 'preference_rejected',
      },
      {
        first: `images/positive-edit/${prefix}-3.png`,
        second: d,
        position: 0,
        origin: 'preference_rejected',
      },
    ]);
    expect(await ingest.importSource(file)).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('imports multi-turn sessions keyed by their file names, turns in order', async () => {
    const report = await ingest.importSource(path.join(SAMPLES, 'multi-turn.sample.jsonl'));
    expect(report).toMatchObject({ status: 'completed', kind: 'multi_turn', rejected: 0 });
    const turns: { turn_index: number; image: string }[] = await dataSource.query(
      `SELECT t.turn_index, t.image FROM mt_turn t JOIN mt_session s ON s.id = t.session_id
        WHERE s.session_key = '101_attemptB' ORDER BY t.turn_index`,
    );
    expect(turns.map((t) => t.turn_index)).toEqual([1, 2, 3, 4, 5]);
    expect(turns[4].image).toBe('images/multi-turn/101_attemptB_turn5.png');
  });

  it('fails cleanly on an empty file, a missing file and a file of no known kind', async () => {
    const empty = path.join(dir, `${uid()}-empty.jsonl`);
    fs.writeFileSync(empty, '');
    expect((await ingest.importSource(empty)).error).toMatch(/empty/);
    expect((await ingest.importSource(path.join(dir, 'missing.jsonl'))).error).toMatch(
      /no such file/,
    );
    const other = writeLines('other.jsonl', [{ hello: 'world' }]);
    expect((await ingest.importSource(other)).error).toMatch(/cannot tell which kind/);
  });

  it('rejects a sft line inside a file read as preference, naming the line', async () => {
    const prefix = uid();
    const file = writeLines('kinds.jsonl', [preference(prefix, 1, []), sft(prefix, 2)]);
    const report = await ingest.importSource(file);
    expect(report.problems[0]).toMatchObject({ line: 2 });
    expect(report.problems[0].message).toMatch(/looks like an sft record/);
  });
});
