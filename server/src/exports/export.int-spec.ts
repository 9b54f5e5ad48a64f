import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../../test/db';
import { AgreementRepository } from '../agreement/agreement.repository';
import { AgreementService } from '../agreement/agreement.service';
import { ConsensusMemo } from '../agreement/consensus-memo';
import { DawidSkeneWorker } from '../agreement/dawid-skene-worker';
import { IngestService } from '../dataset/ingest/ingest.service';
import { DEFAULT_EXPORT_OPTIONS, ExportInputError, type ExportOptions } from './export-options';
import {
  buildExportScenario,
  type ExportScenario,
  OTHER_LABEL,
  readJsonl,
} from '../../test/export-fixture';
import { JUDGMENT_COLUMNS } from './records';
import { DATA_FILES, runExport } from './run-export';
import { diffSnapshots } from './snapshot-diff';

let dataSource: DataSource;
let pairs: ExportScenario['pairs'];
let chosenEdits: ExportScenario['chosenEdits'];
let batchIds: number[];
let root: string;

beforeAll(async () => {
  dataSource = await testDataSource();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-export-'));
  ({ pairs, chosenEdits, batchIds } = await buildExportScenario(
    dataSource,
    await testDatabaseUrl(),
  ));
});

afterAll(async () => {
  await dataSource.destroy();
});

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
  return { ...DEFAULT_EXPORT_OPTIONS, batchIds, ...overrides };
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

  it('carries each item Dawid–Skene posterior and agreement, the same as the agreement API', async () => {
    const worker = new DawidSkeneWorker();
    const service = new AgreementService(
      new AgreementRepository(dataSource),
      new ConsensusMemo(),
      worker,
    );
    const api = await service.consensus(batchIds[0], { limit: 100 });
    const items: { id: string; pair_id: string }[] = await dataSource.query(
      `SELECT id, pair_id FROM batch_item WHERE batch_id = $1`,
      [batchIds[0]],
    );
    const preference = readJsonl(dir, 'preference.jsonl');
    for (const [index, record] of preference.entries()) {
      const item = items.find((row) => row.pair_id === pairs[index].id)!;
      const fromApi = api.items.find((row) => row.itemId === Number(item.id))!;
      expect(record.human.dawid_skene).toEqual(fromApi.dawidSkene);
      // 2 of 3 votes agree: 1 agreeing pair of 3 (2 ordered of 6)
      expect(record.human.agreement).toBeCloseTo(1 / 3, 12);
      expect(record.human.entropy).toBeGreaterThan(0);
    }
    const disagreements = await service.disagreements(batchIds[0], { limit: 100 });
    const item0 = items.find((row) => row.pair_id === pairs[0].id)!;
    expect(preference[0].human.entropy).toBe(
      disagreements.items.find((row) => row.itemId === Number(item0.id))!.entropy,
    );
    expect(Object.keys(preference[0].human.dawid_skene.posterior)).toEqual([
      'first',
      'second',
      'tie',
      'both_bad',
    ]);
    await worker.close();
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
    // unanimous both-bad: every rater pair agrees
    expect(preference[3].human).toMatchObject({ agreement: 1, entropy: 0 });
    expect(preference[3].human.dawid_skene.winner).toBe('both_bad');
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

  it('writes the long table CSV as COPY does, row for row the JSONL (quoted labels included)', () => {
    const answers = readJsonl(dir, 'judgments.jsonl');
    const text = fs.readFileSync(path.join(dir, 'judgments.csv'), 'utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...JUDGMENT_COLUMNS]);
    expect(rows.slice(1)).toEqual(
      answers.map((record) =>
        JUDGMENT_COLUMNS.map((column) => (record[column] === null ? '' : String(record[column]))),
      ),
    );
    // a label with a comma is quoted, as COPY quotes it
    expect(text).toContain(`,"${OTHER_LABEL}",`);
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

/** RFC 4180 fields per line (quotes doubled inside quoted fields). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

async function snapshotCount(): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM export_snapshot`);
  return row.n;
}
