import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The subset of hyparquet-writer this module uses (the package is ESM-only). */
interface HyparquetWriter {
  fileWriter(filename: string): unknown;
  parquetWriteRows(options: {
    writer: unknown;
    rows: AsyncIterable<Record<string, unknown>>;
    columns: { name: string; type: string; nullable?: boolean }[];
    rowGroupSize?: number;
    createdBy?: string;
  }): void | Promise<void>;
}

// A real `import()` that TypeScript's CommonJS output keeps (it would turn a literal one into
// `require`, which cannot load an ES module).
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

let writerModule: Promise<HyparquetWriter> | undefined;

export function loadParquetWriter(): Promise<HyparquetWriter> {
  writerModule ??= importEsm('hyparquet-writer') as Promise<HyparquetWriter>;
  return writerModule;
}

type ColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

/** Columns of the Parquet twin of a JSONL file; objects and arrays are JSON text. */
export interface ParquetTable {
  jsonl: string;
  parquet: string;
  columns: [string, ColumnType][];
}

const S = 'STRING';
export const PARQUET_TABLES: ParquetTable[] = [
  {
    jsonl: 'preference.jsonl',
    parquet: 'preference.parquet',
    columns: [
      ['output_image', S],
      ['rejected_images', S],
      ['text', S],
      ['edit_type', S],
      ['open_image_input_url', S],
      ['summarized_text', S],
      ['human', S],
    ],
  },
  {
    jsonl: 'dpo.jsonl',
    parquet: 'dpo.parquet',
    columns: [
      ['prompt', S],
      ['source_image', S],
      ['chosen', S],
      ['rejected', S],
      ['margin', 'DOUBLE'],
      ['criteria', S],
    ],
  },
  {
    jsonl: 'sft.jsonl',
    parquet: 'sft.parquet',
    columns: [
      ['open_image_input_url', S],
      ['text', S],
      ['output_image', S],
      ['edit_type', S],
      ['summarized_text', S],
      ['original_edit_type', S],
      ['human', S],
    ],
  },
  {
    jsonl: 'multi-turn.jsonl',
    parquet: 'multi-turn.parquet',
    columns: [
      ['files', S],
      ['metadata_edit_turn_prompts', S],
      ['human', S],
    ],
  },
  {
    jsonl: 'judgments.jsonl',
    parquet: 'judgments.parquet',
    columns: [
      ['judgment_id', S],
      ['batch_id', 'INT32'],
      ['item_id', S],
      ['subject', S],
      ['task_type', S],
      ['rater', S],
      ['question', S],
      ['value', S],
      ['presented', S],
      ['dwell_ms', 'INT32'],
      ['is_gold', 'BOOLEAN'],
      ['created_at', S],
      ['revised_at', S],
      ['revision', 'INT32'],
    ],
  },
];

/** One JSONL record as a Parquet row: known columns, the rest (unknown keys) in `extra`. */
export function parquetRow(
  record: Record<string, unknown>,
  table: ParquetTable,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const [name, type] of table.columns) {
    known.add(name);
    const value = record[name];
    row[name] =
      value === undefined || value === null
        ? null
        : type === S && typeof value !== 'string'
          ? JSON.stringify(value)
          : value;
  }
  const extra = Object.keys(record).filter((key) => !known.has(key));
  row.extra =
    extra.length === 0
      ? null
      : JSON.stringify(Object.fromEntries(extra.map((k) => [k, record[k]])));
  return row;
}

async function* rowsOf(file: string, table: ParquetTable): AsyncIterable<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield parquetRow(JSON.parse(line), table);
}

/** Writes `parquetFile` from `jsonlFile`, streaming (one row group in memory at a time). */
export async function writeParquet(
  jsonlFile: string,
  parquetFile: string,
  table: ParquetTable,
): Promise<void> {
  const { fileWriter, parquetWriteRows } = await loadParquetWriter();
  await parquetWriteRows({
    writer: fileWriter(parquetFile),
    rows: rowsOf(jsonlFile, table),
    columns: [...table.columns, ['extra', S] as const].map(([name, type]) => ({
      name,
      type,
      nullable: true,
    })),
    rowGroupSize: 10_000,
    createdBy: 'peel',
  });
}
