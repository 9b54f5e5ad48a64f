import {
  CRITERION_OUTCOMES,
  PAIR_OUTCOMES,
  PAIRWISE_CRITERIA,
  statisticValue,
  voteMargin,
} from '@peel/shared';
import {
  type CopyRow,
  forEachCopyRow,
  intField,
  isNullField,
  textField,
} from '../agreement/copy-rows';
import { type ItemStatsOf, round } from './aggregate';
import { type ExportOptions } from './export-options';
import { type ExportReader } from './export-reader';
import { type AdjudicationRow, PAIR_FIELDS, pairCounts, type PairRow } from './export-queries';
import { type FileSink } from './file-sink';
import { type JsonBytes } from './json-bytes';
import { type PairConsensus } from './pair-consensus';
import { pairRecords } from './records';

const F = PAIR_FIELDS;
const CRITERIA = PAIRWISE_CRITERIA.length;
const OUTCOMES = PAIR_OUTCOMES.length;
const CRITERION_VALUES = CRITERION_OUTCOMES.length;
const FIRST = PAIR_OUTCOMES.indexOf('first');
const SECOND = PAIR_OUTCOMES.indexOf('second');

/** The fixed JSON texts of a line, as bytes. */
const bytes = (text: string) => Buffer.from(text, 'utf8');
/** `{"key":` for the first key of an object, `,"key":` for the others. */
const keys = (names: readonly string[]) =>
  names.map((name, i) => bytes(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`));
const strings = (values: readonly string[]) => values.map((value) => bytes(JSON.stringify(value)));
const VOTE_KEYS = keys(PAIR_OUTCOMES);
const CRITERION_KEYS = keys(PAIRWISE_CRITERIA);
const OUTCOME_JSON = strings(PAIR_OUTCOMES);
const CRITERION_JSON = strings(CRITERION_OUTCOMES);
const TIE = CRITERION_OUTCOMES.indexOf('tie');
const AS_CHOSEN = strings(['chosen', 'rejected']);
const NULL = bytes('null');
const T = {
  outputImage: bytes('{"output_image":'),
  rejectedImages: bytes(',"rejected_images":['),
  text: bytes('],"text":'),
  editType: bytes(',"edit_type":'),
  inputUrl: bytes(',"open_image_input_url":'),
  summarizedText: bytes(',"summarized_text":'),
  votes: bytes(',"human":{"votes":'),
  consensus: bytes('},"consensus":'),
  margin: bytes(',"margin":'),
  dawidSkene: bytes(',"dawid_skene":'),
  agreement: bytes(',"agreement":'),
  entropy: bytes(',"entropy":'),
  k: bytes(',"k":'),
  criteria: bytes(',"criteria":'),
  flipped: bytes('},"flipped":true'),
  notFlipped: bytes('},"flipped":false'),
  notAdjudicated: bytes(',"adjudicated":false'),
  end: bytes('}}'),
  prompt: bytes('{"prompt":'),
  sourceImage: bytes(',"source_image":'),
  chosen: bytes(',"chosen":'),
  rejected: bytes(',"rejected":'),
};

/** Where PairLines writes a file's rows (a FileSink). */
export type RowSink = Pick<FileSink, 'buffer' | 'endRow'>;

/**
 * preference.jsonl and dpo.jsonl lines written straight from the pairs query's COPY rows into the
 * sinks' buffers: the same bytes as `JSON.stringify` of pairRecords(), without a row object, a
 * record object or a string per pair. The rare pairs that need more (an adjudication, an item of
 * several batches, extra keys of the dataset record) go through pairRecords() itself.
 */
export class PairLines {
  private readonly overall = new Float64Array(OUTCOMES);
  private readonly criteria = new Int32Array(CRITERIA);

  constructor(
    private readonly options: Pick<
      ExportOptions,
      'minMargin' | 'includeTies' | 'preferAdjudicated'
    >,
    private readonly statsOf: ItemStatsOf,
    /** Pairs that are items of several selected batches: their item ids. */
    private readonly shared: ReadonlyMap<string, number[]>,
  ) {}

  write(row: CopyRow, preference: RowSink, dpo: RowSink): void {
    const firstItem = intField(row, F.firstItem);
    const several = firstItem !== intField(row, F.lastItem);
    const adjudicated = this.options.preferAdjudicated && !isNullField(row, F.adjudication);
    if (several || adjudicated || !isEmptyObject(row, F.extra)) {
      this.writeRecords(row, several ? this.itemIds(row) : [firstItem], preference, dpo);
      return;
    }
    const { overall, criteria } = this;
    for (let i = 0; i < OUTCOMES; i++) overall[i] = intField(row, F.votes + i);
    for (let c = 0; c < CRITERIA; c++)
      criteria[c] = majorityOf(row, F.votes + OUTCOMES + c * CRITERION_VALUES, CRITERION_VALUES);
    const consensus = majorityIn(overall);
    const margin = round(statisticValue(voteMargin(overall)));
    const decisive = consensus === FIRST || consensus === SECOND;
    if ((margin ?? 0) < this.options.minMargin || (!decisive && !this.options.includeTies)) return;
    const flipped = consensus === SECOND;
    const chosen = flipped ? F.secondImage : F.firstImage;
    const rejected = flipped ? F.firstImage : F.secondImage;

    const out = preference.buffer;
    field(out, row, T.outputImage, chosen);
    field(out, row, T.rejectedImages, rejected);
    field(out, row, T.text, F.instruction);
    field(out, row, T.editType, F.editType);
    field(out, row, T.inputUrl, F.sourceUrl);
    field(out, row, T.summarizedText, F.summarizedInstruction);
    out.raw(T.votes);
    for (let i = 0; i < OUTCOMES; i++) {
      out.raw(VOTE_KEYS[i]);
      out.number(overall[i]);
    }
    out.raw(T.consensus);
    out.raw(consensus < 0 ? NULL : OUTCOME_JSON[consensus]);
    out.raw(T.margin);
    out.number(margin);
    const stats = this.statsOf(firstItem);
    out.raw(T.dawidSkene);
    if (stats) out.utf8(JSON.stringify(stats.dawid_skene));
    else out.raw(NULL);
    out.raw(T.agreement);
    out.number(stats?.agreement ?? null);
    out.raw(T.entropy);
    out.number(stats?.entropy ?? null);
    out.raw(T.k);
    out.number(intField(row, F.k));
    out.raw(T.criteria);
    for (let c = 0; c < CRITERIA; c++) {
      out.raw(CRITERION_KEYS[c]);
      out.raw(criteria[c] < 0 ? NULL : CRITERION_JSON[criteria[c]]);
    }
    out.raw(flipped ? T.flipped : T.notFlipped);
    if (this.options.preferAdjudicated) out.raw(T.notAdjudicated);
    out.raw(T.end);
    preference.endRow();
    if (!decisive) return;

    const line = dpo.buffer;
    field(line, row, T.prompt, F.instruction);
    field(line, row, T.sourceImage, F.sourceUrl);
    field(line, row, T.chosen, chosen);
    field(line, row, T.rejected, rejected);
    line.raw(T.margin);
    line.number(margin);
    line.raw(T.criteria);
    for (let c = 0; c < CRITERIA; c++) {
      line.raw(CRITERION_KEYS[c]);
      const value = criteria[c];
      if (value < 0) line.raw(NULL);
      else if (value === TIE) line.raw(CRITERION_JSON[TIE]);
      // criterion outcomes first / second in the pair's orientation: chosen is the consensus
      else line.raw(AS_CHOSEN[CRITERION_OUTCOMES[value] === PAIR_OUTCOMES[consensus] ? 0 : 1]);
    }
    line.raw(T.end);
    dpo.endRow();
  }

  /** A pair that is an item of several selected batches: its item ids (ascending). */
  private itemIds(row: CopyRow): number[] {
    return this.shared.get(textField(row, F.pairId)!) ?? [];
  }

  /** The pair through pairRecords() and JSON.stringify. */
  private writeRecords(row: CopyRow, itemIds: number[], preference: RowSink, dpo: RowSink): void {
    const records = pairRecords(
      pairRow(row, itemIds, this.options.preferAdjudicated),
      this.options,
      this.statsOf,
    );
    if (records.preference) {
      preference.buffer.utf8(JSON.stringify(records.preference));
      preference.endRow();
    }
    if (records.dpo) {
      dpo.buffer.utf8(JSON.stringify(records.dpo));
      dpo.endRow();
    }
  }
}

/** A COPY row of pairsSql as the PairRow that pairRecords() takes. */
export function pairRow(row: CopyRow, itemIds: number[], adjudicated: boolean): PairRow {
  const votes = PAIR_FIELDS.adjudication - PAIR_FIELDS.votes;
  const counts = pairCounts(Array.from({ length: votes }, (_, i) => intField(row, F.votes + i)));
  const text = (f: number) => textField(row, f)!;
  const pair: PairRow = {
    pair_id: text(F.pairId),
    first_image: text(F.firstImage),
    second_image: text(F.secondImage),
    instruction: text(F.instruction),
    summarized_instruction: text(F.summarizedInstruction),
    edit_type: text(F.editType),
    source_url: text(F.sourceUrl),
    extra: JSON.parse(text(F.extra)) as Record<string, unknown>,
    k: intField(row, F.k),
    counts,
    item_ids: itemIds,
  };
  if (adjudicated) {
    const adjudication = textField(row, F.adjudication);
    pair.adjudication =
      adjudication === null ? null : (JSON.parse(adjudication) as AdjudicationRow);
  }
  return pair;
}

/** `prefix` then field f as a JSON string. */
function field(out: JsonBytes, row: CopyRow, prefix: Uint8Array, f: number): void {
  out.raw(prefix);
  out.copyText(row, f);
}

/** Field f is `{}`. */
function isEmptyObject(row: CopyRow, f: number): boolean {
  const start = row.starts[f];
  return row.ends[f] - start === 2 && row.buf[start] === 123 && row.buf[start + 1] === 125;
}

/** majority() over counts by index: the strictly highest non-zero count's index, or -1. */
export function majorityIn(counts: ArrayLike<number>, from = 0, n = counts.length): number {
  let best = -1;
  let bestCount = 0;
  let tied = false;
  for (let i = 0; i < n; i++) {
    const count = counts[from + i];
    if (count > bestCount) {
      best = i;
      bestCount = count;
      tied = false;
    } else if (count === bestCount && count > 0) tied = true;
  }
  return tied ? -1 : best;
}

const scratch = new Float64Array(CRITERION_VALUES);

/** majorityIn over n integer fields from f. */
function majorityOf(row: CopyRow, f: number, n: number): number {
  for (let i = 0; i < n; i++) scratch[i] = intField(row, f + i);
  return majorityIn(scratch, 0, n);
}

/**
 * Streams the pairs into preference.jsonl and dpo.jsonl. The pairs query's aggregation runs (its
 * first rows are asked for) while Dawid–Skene (`consensus`) does.
 */
export async function writePairFiles(
  reader: ExportReader,
  batchIds: number[],
  options: ExportOptions,
  consensus: Promise<PairConsensus>,
  preference: FileSink,
  dpo: FileSink,
): Promise<void> {
  const shared = await reader.sharedPairItems(batchIds, options.excludeGold);
  const chunks = reader.pairRows(batchIds, options)[Symbol.asyncIterator]();
  const first = chunks.next();
  first.catch(() => undefined);
  let stats: PairConsensus;
  try {
    stats = await consensus;
  } catch (error) {
    await first.catch(() => undefined);
    await chunks.return?.();
    throw error;
  }
  const lines = new PairLines(options, (itemId) => stats.of(itemId), shared);
  async function* flowing(): AsyncGenerator<Buffer> {
    try {
      for (let next = await first; !next.done; next = await chunks.next()) {
        yield next.value;
        // the rows of this chunk are in the sinks' buffers now
        await preference.drain();
        await dpo.drain();
      }
    } finally {
      await chunks.return?.();
    }
  }
  await forEachCopyRow(flowing(), (row) => lines.write(row, preference, dpo), F.adjudication + 1);
}
