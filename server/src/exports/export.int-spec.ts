import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { buildUser } from '../../test/factories';
import { testDataSource, testDatabaseUrl } from '../../test/db';
import { buildPreferenceData } from '../../test/queue-factories';
import { IngestService } from '../dataset/ingest/ingest.service';
import { DEFAULT_EXPORT_OPTIONS, ExportInputError, type ExportOptions } from './export-options';
import { buildMultiTurnData, OTHER_LABEL, pairAnswer, rateBatch } from '../../test/export-fixture';
import { PARQUET_TABLES, parquetRow } from './parquet';
import { DATA_FILES, runExport } from './run-export';
import { diffSnapshots } from './snapshot-diff';

let dataSource: DataSource;
let pairs: { id: string; first: string; second: string; editType: string }[];
let chosenEdits: { id: string; image: string; editType: string }[];
let batchIds: number[];
let root: string;

/** The overall votes (pair orientation) of raters 0, 1, 2 on pairs 0..3. */
const PLAN = [
  ['first', 'first', 'second'],
  ['second', 'second', 'first'],
  ['tie', 'tie', 'first'],
  ['both_bad', 'both_bad', 'both_bad'],
] as const;

beforeAll(async () => {
  dataSource = await testDataSource();
  const url = await testDatabaseUrl();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-export-'));
  const { importId } = await buildPreferenceData(dataSource, 4);
  pairs = await dataSource.query(
    `SELECT p.id, fe.image AS first, se.image AS second, et.label AS "editType"
     FROM edit_pair p JOIN edit fe ON fe.id = p.first_edit_id JOIN edit se ON se.id = p.second_edit_id
     JOIN edit_type et ON et.id = fe.edit_type_id WHERE p.import_id = $1 ORDER BY p.id`,
    [importId],
  );
  chosenEdits = pairs.map((pair) => ({ id: '', image: pair.first, editType: pair.editType }));
  const rows: { id: string; image: string }[] = await dataSource.query(
    `SELECT id, image FROM edit WHERE image = ANY($1::text[])`,
    [pairs.map((pair) => pair.first)],
  );
  for (const edit of chosenEdits) edit.id = rows.find((row) => row.image === edit.image)!.id;
  const raterIds = [];
  for (let i = 0; i < 3; i += 1) raterIds.push((await buildUser(dataSource)).user.id);
  const pairBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export pairs',
      taskType: 'pairwise',
      filters: { importIds: [Number(importId)], humanJudgments: 'any' },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    (subject, rater, swapped) =>
      pairAnswer(PLAN[pairs.findIndex((pair) => pair.id === subject)][rater], swapped),
  );
  const taxonomyBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export labels',
      taskType: 'taxonomy',
      filters: {
        importIds: [Number(importId)],
        origins: ['preference_chosen'],
        humanJudgments: 'any',
      },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    // the first chosen edit: two of three raters say it is OTHER_LABEL; the others are confirmed
    (subject, rater) =>
      subject === chosenEdits[0].id && rater < 2
        ? { decision: 'change', editType: OTHER_LABEL, garbledShortInstruction: false }
        : { decision: 'confirm', garbledShortInstruction: rater === 0 },
  );
  const multiTurn = await buildMultiTurnData(dataSource);
  const sessionBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export sessions',
      taskType: 'multi_turn',
      filters: { importIds: [Number(multiTurn.importId)], humanJudgments: 'any' },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    (_subject, rater) => ({
      turns: [1, 2, 3, 4].map((turn) => ({
        instruction: Math.max(1, 5 - turn + (rater === 0 ? 0 : -1)),
        consistency: 4,
        editType: OTHER_LABEL,
      })),
      firstBreak: 3,
      overall: 3 + rater,
    }),
  );
  batchIds = [pairBatch, taxonomyBatch, sessionBatch];
});

afterAll(async () => {
  await dataSource.destroy();
});

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
  return { ...DEFAULT_EXPORT_OPTIONS, batchIds, ...overrides };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON records read back for assertions
function readJsonl(dir: string, file: string): Record<string, any>[] {
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

describe('export', () => {
  let dir: string;

  beforeAll(async () => {
    dir = path.join(root, 'a');
    await runExport(dataSource, options(), dir);
  });

  it('writes the decisive pairs with human votes and flips the one humans reversed', () => {
    const preference = readJsonl(dir, 'preference.jsonl');
    expect(preference).toHaveLength(2);
    expect(Object.keys(preference[0])).toEqual([
      'output_image',
      'rejected_images',
      'text',
      'edit_type',
      'open_image_input_url',
      'summarized_text',
      'human',
    ]);
    expect(preference[0]).toMatchObject({
      output_image: pairs[0].first,
      rejected_images: [pairs[0].second],
      human: {
        votes: { first: 2, second: 1, tie: 0, both_bad: 0 },
        consensus: 'first',
        margin: 0.3333,
        k: 3,
        flipped: false,
        criteria: { instruction_compliance: 'first', preservation: 'tie' },
      },
    });
    expect(preference[1]).toMatchObject({
      output_image: pairs[1].second,
      rejected_images: [pairs[1].first],
      human: { votes: { first: 1, second: 2 }, consensus: 'second', flipped: true },
    });
    const dpo = readJsonl(dir, 'dpo.jsonl');
    expect(dpo).toEqual([
      expect.objectContaining({ chosen: pairs[0].first, rejected: pairs[0].second }),
      expect.objectContaining({
        chosen: pairs[1].second,
        rejected: pairs[1].first,
        margin: 0.3333,
        criteria: expect.objectContaining({ instruction_compliance: 'chosen' }),
      }),
    ]);
  });

  it('keeps ties and both-bad only when asked', async () => {
    const withTies = path.join(root, 'ties');
    await runExport(dataSource, options({ includeTies: true }), withTies);
    const preference = readJsonl(withTies, 'preference.jsonl');
    expect(preference.map((record) => record.human.consensus)).toEqual([
      'first',
      'second',
      'tie',
      'both_bad',
    ]);
    expect(readJsonl(withTies, 'dpo.jsonl')).toHaveLength(2);
  });

  it('applies --min-margin and --min-raters', async () => {
    const strict = path.join(root, 'strict');
    await runExport(dataSource, options({ minMargin: 0.5, includeTies: true }), strict);
    expect(readJsonl(strict, 'preference.jsonl').map((r) => r.human.consensus)).toEqual([
      'both_bad',
    ]);
    const many = path.join(root, 'many');
    await runExport(dataSource, options({ minRaters: 4 }), many);
    expect(readJsonl(many, 'preference.jsonl')).toHaveLength(0);
    expect(readJsonl(many, 'judgments.jsonl').length).toBeGreaterThan(0);
  });

  it('relabels an edit where the taxonomy majority says so and keeps the original', () => {
    const sft = readJsonl(dir, 'sft.jsonl');
    expect(sft).toHaveLength(4);
    expect(sft[0]).toMatchObject({
      output_image: chosenEdits[0].image,
      edit_type: OTHER_LABEL,
      original_edit_type: chosenEdits[0].editType,
      human: { k: 3, edit_type: OTHER_LABEL, share: 0.6667, garbled_summary: 'no' },
    });
    expect(sft[1]).toMatchObject({
      edit_type: chosenEdits[1].editType,
      original_edit_type: chosenEdits[1].editType,
    });
  });

  it('writes sessions with their files in the original order and per-turn grades', () => {
    const [session, ...rest] = readJsonl(dir, 'multi-turn.jsonl');
    expect(rest).toHaveLength(0);
    expect(session.files.map((file: { id: string }) => file.id)).toEqual([
      'edit_turn1',
      'edit_turn2',
      'edit_turn3',
      'final_image',
      'original_input_image',
    ]);
    expect(session.metadata_edit_turn_prompts).toHaveLength(4);
    expect(session.human).toMatchObject({ k: 3, first_break: 3, overall: 4 });
    expect(session.human.turns[0]).toEqual({
      turn: 1,
      instruction: 3.333,
      consistency: 4,
      edit_type: OTHER_LABEL,
    });
  });

  it('writes the long table with pseudonyms, the presented side and a manifest', () => {
    const answers = readJsonl(dir, 'judgments.jsonl');
    // pairwise 12 judgments × 5 answers, taxonomy 12 × 2, multi-turn 3 × (4 × 3 + 2)
    expect(answers).toHaveLength(60 + 24 + 42);
    expect(new Set(answers.map((row) => row.rater)).size).toBe(3);
    expect(answers.every((row) => /^r_[0-9a-f]{16}$/.test(row.rater))).toBe(true);
    const pairwise = answers.filter((row) => row.task_type === 'pairwise');
    expect(pairwise.every((row) => ['first_left', 'second_left'].includes(row.presented))).toBe(
      true,
    );
    const csv = fs.readFileSync(path.join(dir, 'judgments.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(answers.length + 1);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.batches.map((batch: { id: number }) => batch.id)).toEqual(batchIds);
    expect(manifest.files['judgments.jsonl'].rows).toBe(answers.length);
    expect(manifest.taxonomy_version).toEqual(expect.any(String));
  });

  it('gives byte-identical data files for the same request, and the same pseudonyms', async () => {
    const again = path.join(root, 'again');
    const first = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const result = await runExport(dataSource, options(), again);
    for (const file of DATA_FILES) {
      expect(fs.readFileSync(path.join(again, file))).toEqual(
        fs.readFileSync(path.join(dir, file)),
      );
      expect(result.files[file].sha256).toBe(first.files[file].sha256);
    }
    const [row] = await dataSource.query(
      `SELECT status, counts FROM export_snapshot WHERE id = $1`,
      [result.snapshotId],
    );
    expect(row).toEqual({
      status: 'complete',
      counts: expect.objectContaining({ 'preference.jsonl': 2 }),
    });
  });

  it('round-trips: preference, sft and multi-turn re-import as the dataset formats', async () => {
    const ingest = new IngestService(dataSource);
    for (const [file, kind] of [
      ['preference.jsonl', 'preference'],
      ['sft.jsonl', 'sft'],
      ['multi-turn.jsonl', 'multi_turn'],
    ] as const) {
      const report = await ingest.importSource(path.join(dir, file), { strict: true });
      expect({ file, status: report.status, kind: report.kind, rejected: report.rejected }).toEqual(
        { file, status: 'completed', kind, rejected: 0 },
      );
      expect(report.linesRead).toBeGreaterThan(0);
    }
  });

  it('diffs two snapshots: pairs added, removed and flipped, label changes', async () => {
    const withTies = await diffSnapshots(dir, path.join(root, 'ties'));
    expect(withTies.pairs.added).toEqual([
      [pairs[2].first, pairs[2].second].sort(),
      [pairs[3].first, pairs[3].second].sort(),
    ]);
    expect(withTies.pairs.removed).toEqual([]);
    expect(withTies.pairs.flipped).toEqual([]);
    const edited = path.join(root, 'edited');
    fs.cpSync(dir, edited, { recursive: true });
    const preference = readJsonl(dir, 'preference.jsonl');
    const [first] = preference;
    preference[0] = {
      ...first,
      output_image: first.rejected_images[0],
      rejected_images: [first.output_image],
    };
    fs.writeFileSync(
      path.join(edited, 'preference.jsonl'),
      preference.map((r) => `${JSON.stringify(r)}\n`).join(''),
    );
    const sft = readJsonl(dir, 'sft.jsonl');
    sft[1] = { ...sft[1], edit_type: OTHER_LABEL };
    fs.writeFileSync(
      path.join(edited, 'sft.jsonl'),
      sft.map((r) => `${JSON.stringify(r)}\n`).join(''),
    );
    const diff = await diffSnapshots(dir, edited);
    expect(diff.pairs).toEqual({
      added: [],
      removed: [],
      flipped: [
        {
          pair: [pairs[0].first, pairs[0].second].sort(),
          from: pairs[0].first,
          to: pairs[0].second,
        },
      ],
    });
    expect(diff.labels).toEqual({
      changed: [
        { output_image: chosenEdits[1].image, from: chosenEdits[1].editType, to: OTHER_LABEL },
      ],
      added: 0,
      removed: 0,
    });
    await expect(diffSnapshots(dir, path.join(root, 'nowhere'))).rejects.toThrow(
      /not an export snapshot/,
    );
  });

  it('refuses a non-empty folder, an unknown batch and a bad threshold, writing nothing', async () => {
    const full = path.join(root, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'keep.txt'), 'x');
    const before = await snapshotCount();
    await expect(runExport(dataSource, options(), full)).rejects.toThrow(/not empty/);
    expect(fs.readdirSync(full)).toEqual(['keep.txt']);
    const missing = path.join(root, 'missing');
    await expect(
      runExport(dataSource, options({ batchIds: [...batchIds, 2_000_000_000] }), missing),
    ).rejects.toThrow(ExportInputError);
    await expect(runExport(dataSource, options({ minMargin: 1.5 }), missing)).rejects.toThrow(
      /min-margin/,
    );
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(await snapshotCount()).toBe(before);
  });
});

describe('a failed export', () => {
  it('leaves no folder, no temp folder and a snapshot marked failed, never complete', async () => {
    const out = path.join(root, 'killed');
    let snapshotId: string | undefined;
    await expect(
      runExport(dataSource, options(), out, async () => {
        const [row] = await dataSource.query(
          `SELECT id, status FROM export_snapshot WHERE out_dir = $1`,
          [out],
        );
        snapshotId = row.id;
        expect(row.status).toBe('running');
        throw new Error('killed while writing');
      }),
    ).rejects.toThrow('killed while writing');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const [row] = await dataSource.query(
      `SELECT status, error FROM export_snapshot WHERE id = $1`,
      [snapshotId],
    );
    expect(row).toEqual({ status: 'failed', error: 'killed while writing' });
  });
});

const REPO = path.resolve(__dirname, '../../..');

/** The built CLI (npm test builds it first), on this worker's database. */
async function cli(args: string[]) {
  return spawnSync(process.execPath, ['server/dist/src/cli/main.js', ...args], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: await testDatabaseUrl() },
    encoding: 'utf8',
  });
}

/** Reads Parquet files back with hyparquet (an ES module: in a plain node process, not jest's vm). */
function readParquet(files: string[]): Record<string, unknown>[][] {
  const script = `
    const fs = require('node:fs');
    import('hyparquet').then(async ({ parquetReadObjects }) => {
      const out = [];
      for (const file of process.argv.slice(1)) {
        const buf = fs.readFileSync(file);
        const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
        out.push(await parquetReadObjects({ file: ab }));
      }
      process.stdout.write(JSON.stringify(out));
    });`;
  const run = spawnSync(process.execPath, ['-e', script, ...files], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('the export command (built CLI)', () => {
  it('writes Parquet twins that read back equal to the JSONL, listed in the manifest', async () => {
    const out = path.join(root, 'cli');
    const run = await cli([
      'export',
      ...batchIds.flatMap((id) => ['--batch', String(id)]),
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const tables = readParquet(PARQUET_TABLES.map((table) => path.join(out, table.parquet)));
    PARQUET_TABLES.forEach((table, index) => {
      const expected = readJsonl(out, table.jsonl).map((record) => parquetRow(record, table));
      expect(tables[index]).toEqual(expected);
      expect(manifest.files[table.parquet].rows).toBe(expected.length);
    });
    expect(tables[0].length).toBe(2);
    expect(tables[4].length).toBe(126);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const full = path.join(root, 'cli');
    const again = await cli(['export', '--batch', String(batchIds[0]), '--out', full]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
    const unknown = await cli(['export', '--batch', '2000000000', '--out', path.join(root, 'x')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown batch 2000000000/);
    const range = await cli(['export', '--min-raters', '0', '--out', path.join(root, 'x')]);
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/--min-raters/);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });
});

async function snapshotCount(): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM export_snapshot`);
  return row.n;
}
