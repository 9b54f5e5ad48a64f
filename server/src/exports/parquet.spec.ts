import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readParquet } from '../../test/parquet-read';
import { PARQUET_TABLES, parquetRow, writeParquet } from './parquet';

/**
 * The JSONL → Parquet encoder scans lines for their members' bytes instead of parsing them: it
 * must still give, row for row, what `parquetRow` makes of the parsed record.
 */
const HOSTILE = [
  'plain',
  '',
  'say "hi" \\ back',
  'line\nbreak\ttab\r',
  '}]",{"x":[',
  'ünïcödé ✓ 日本 😀',
  'line\u2028separator\u0001',
];

function record(i: number): Record<string, unknown> {
  const text = HOSTILE[i % HOSTILE.length];
  const base: Record<string, unknown> = {
    output_image: `images/${i}.png`,
    rejected_images: i % 5 === 0 ? [] : [`images/${i}-a.png`, text],
    text,
    edit_type: i % 3 === 0 ? null : `type ${i % 4}`,
    open_image_input_url: i % 11 === 0 ? 42 : `https://example.org/${i % 7}.jpg`,
    human: { votes: { first: i % 3, second: 1 }, note: text, nested: [[text], { '}': '{' }] },
  };
  if (i % 4 === 0) delete base.summarized_text;
  else base.summarized_text = HOSTILE[(i + 3) % HOSTILE.length];
  if (i % 6 === 0) base.unknown_key = { kept: text };
  if (i % 9 === 0) base['we"ird'] = i;
  if (i % 10 === 0) base['7'] = 'an integer-like key comes first';
  return base;
}

describe('writeParquet', () => {
  it('reads back as parquetRow of each parsed line, across row groups', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-parquet-'));
    const table = PARQUET_TABLES.find((candidate) => candidate.jsonl === 'preference.jsonl')!;
    const records = Array.from({ length: 25_003 }, (_, i) => record(i));
    const jsonl = path.join(dir, table.jsonl);
    fs.writeFileSync(jsonl, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const parquet = path.join(dir, table.parquet);
    const counter = { rows: 0 };
    await writeParquet(jsonl, parquet, table, counter);
    expect(counter.rows).toBe(records.length);
    const [rows] = readParquet([parquet]);
    const expected = records.map((r) => parquetRow(JSON.parse(JSON.stringify(r)), table));
    expect(rows.length).toBe(expected.length);
    for (let i = 0; i < rows.length; i += 1)
      expect({ i, row: rows[i] }).toEqual({ i, row: expected[i] });
  });

  it('reads numbers of a DOUBLE column back as numbers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-parquet-'));
    const table = PARQUET_TABLES.find((candidate) => candidate.jsonl === 'dpo.jsonl')!;
    const records = [0, 1, 0.25, -3.5e-7, null].map((margin, i) => ({
      prompt: HOSTILE[i],
      chosen: `c${i}`,
      rejected: `r${i}`,
      margin,
      criteria: { a: 'chosen' },
    }));
    const jsonl = path.join(dir, table.jsonl);
    fs.writeFileSync(jsonl, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const parquet = path.join(dir, table.parquet);
    await writeParquet(jsonl, parquet, table);
    const [rows] = readParquet([parquet]);
    expect(rows).toEqual(records.map((r) => parquetRow(r, table)));
  });

  it('fails on a line that is not a whole JSON object, instead of reading past it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-parquet-'));
    const table = PARQUET_TABLES.find((candidate) => candidate.jsonl === 'dpo.jsonl')!;
    for (const [name, line] of [
      ['truncated', '{"prompt":"cut here'],
      ['unclosed', '{"prompt":"p","criteria":{"a":"chosen"'],
      ['not an object', '["prompt"]'],
    ]) {
      const jsonl = path.join(dir, `${name}.jsonl`);
      fs.writeFileSync(jsonl, `${JSON.stringify({ prompt: 'fine' })}\n${line}\n`);
      await expect(writeParquet(jsonl, path.join(dir, `${name}.parquet`), table)).rejects.toThrow(
        /is not a JSON object as JSON.stringify writes it/,
      );
    }
  });
});
