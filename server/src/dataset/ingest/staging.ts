import { type DatasetKind } from '@peel/shared';
import { copyJson, copyRow } from './copy-text';
import { type DatasetRecord } from './records';

/**
 * The temporary staging table of each kind: the importer COPYs every valid line into it, then
 * merges it into the dataset tables with set-based SQL (`merge-*.ts`). Dropped at commit.
 */
const COLUMNS: Record<DatasetKind, string> = {
  sft: `line integer NOT NULL, source_url text NOT NULL, instruction text NOT NULL,
    image text NOT NULL, edit_type text NOT NULL, summarized text NOT NULL, extra jsonb NOT NULL`,
  preference: `line integer NOT NULL, source_url text NOT NULL, instruction text NOT NULL,
    image text NOT NULL, edit_type text NOT NULL, summarized text NOT NULL, extra jsonb NOT NULL,
    rejected jsonb NOT NULL, rejected_shape text NOT NULL`,
  multi_turn: `line integer NOT NULL, session_key text NOT NULL, source_url text NOT NULL,
    prompts jsonb NOT NULL, images jsonb NOT NULL, file_order jsonb NOT NULL, extra jsonb NOT NULL`,
};

export const STAGE_TABLE = 'peel_import_stage';

export function createStageSql(kind: DatasetKind): string {
  return `CREATE TEMP TABLE ${STAGE_TABLE} (${COLUMNS[kind]}) ON COMMIT DROP`;
}

export function copyStageSql(kind: DatasetKind): string {
  const names = COLUMNS[kind]
    .split(',')
    .map((column) => column.trim().split(/\s+/)[0])
    .join(', ');
  return `COPY ${STAGE_TABLE} (${names}) FROM STDIN`;
}

export function stageRow(record: DatasetRecord): string {
  switch (record.kind) {
    case 'sft':
      return copyRow([
        record.line,
        record.sourceUrl,
        record.text,
        record.outputImage,
        record.editType,
        record.summarizedText,
        copyJson(record.extra),
      ]);
    case 'preference':
      return copyRow([
        record.line,
        record.sourceUrl,
        record.text,
        record.outputImage,
        record.editType,
        record.summarizedText,
        copyJson(record.extra),
        copyJson(record.rejectedImages),
        record.rejectedShape,
      ]);
    case 'multi_turn':
      return copyRow([
        record.line,
        record.sessionKey,
        record.sourceUrl,
        copyJson(record.prompts),
        copyJson(record.images),
        copyJson(record.fileOrder ?? []),
        copyJson(record.extra),
      ]);
  }
}
