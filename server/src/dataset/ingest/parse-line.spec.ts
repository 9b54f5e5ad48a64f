import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type DatasetKind } from '@peel/shared';
import { type RawLine, readLines } from './line-reader';
import { parseLine } from './parse-line';
import { type ValidationResult } from './records';

const DATA_DIR = path.resolve(__dirname, '../../../../../shared/data/pico-banana');

async function parseFile(file: string, kind: DatasetKind): Promise<ValidationResult[]> {
  const results: ValidationResult[] = [];
  const stream = createReadStream(path.join(DATA_DIR, file), { highWaterMark: 64 });
  for await (const raw of readLines(stream)) results.push(parseLine(raw, kind));
  return results;
}

const line = (text: string, terminated = true): RawLine => ({ line: 3, text, terminated });
const problems = (result: ValidationResult) => (result.ok ? [] : result.problems);

describe('parseLine', () => {
  it('reads and validates the verbatim sample files', async () => {
    const sft = await parseFile('sft.sample.jsonl', 'sft');
    expect(sft.map((r) => r.ok && r.record.kind === 'sft' && r.record.outputImage)).toEqual([
      'images/positive-edit/1.png',
      'images/positive-edit/1239.png',
      'images/positive-edit/kf3o5u_retry1.png',
    ]);
    const multiTurn = await parseFile('multi-turn.sample.jsonl', 'multi_turn');
    expect(multiTurn.map((r) => r.ok && r.record.kind)).toEqual(['multi_turn']);
  });

  it('reports a file of another kind on every line, naming both kinds', async () => {
    expect((await parseFile('sft.sample.jsonl', 'multi_turn')).map(problems)).toEqual(
      [1, 2, 3].map((n) => [
        {
          line: n,
          field: '',
          message: 'this line looks like an sft record; the file is being read as multi_turn',
        },
      ]),
    );
    const [multiTurn] = await parseFile('multi-turn.sample.jsonl', 'preference');
    expect(problems(multiTurn)[0].message).toBe(
      'this line looks like a multi_turn record; the file is being read as preference',
    );
  });

  it('reports a preference line in an sft file', () => {
    const value = { output_image: 'a.png', edit_type: 'Zoom in', rejected_images: ['b.png'] };
    expect(parseLine(line(JSON.stringify(value)), 'sft')).toEqual({
      ok: false,
      problems: [
        {
          line: 3,
          field: '',
          message: 'this line looks like a preference record; the file is being read as sft',
        },
      ],
    });
  });

  it('validates a line whose kind cannot be told as the kind of the file', () => {
    expect(problems(parseLine(line('{"text":"t"}'), 'sft')).map((p) => p.field)).toEqual([
      'open_image_input_url',
      'output_image',
      'edit_type',
      'summarized_text',
    ]);
  });

  it("reports bad JSON with the parser's message for the whole line", () => {
    const [problem] = problems(parseLine(line('{"text": }'), 'sft'));
    expect(problem).toMatchObject({ line: 3, field: '' });
    expect(problem.message).toMatch(/^invalid JSON: Unexpected token/);
    expect(problem.message).not.toMatch(/truncated/);
  });

  it('says that an unterminated last line that does not parse may be truncated', () => {
    const [problem] = problems(parseLine(line('{"text": "Remove the', false), 'sft'));
    expect(problem.message).toMatch(
      /^invalid JSON: .+ \(this is the last line and it has no final newline: the file may be truncated\)$/,
    );
  });

  it('reports a sample file cut short in its last line as possibly truncated', async () => {
    const bytes = readFileSync(path.join(DATA_DIR, 'sft.sample.jsonl'));
    const cut = bytes.subarray(0, bytes.length - 40);
    const results: ValidationResult[] = [];
    for await (const raw of readLines(Readable.from([cut]))) results.push(parseLine(raw, 'sft'));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(problems(results[2])).toEqual([
      { line: 3, field: '', message: expect.stringMatching(/the file may be truncated\)$/) },
    ]);
  });

  it('accepts an unterminated last line that parses', () => {
    const value = {
      open_image_input_url: 'https://farm1.staticflickr.com/1/2_o.jpg',
      text: 't',
      output_image: 'a.png',
      edit_type: 'Zoom in',
      summarized_text: 's',
    };
    expect(parseLine(line(JSON.stringify(value), false), 'sft').ok).toBe(true);
  });

  it('passes a read error through', () => {
    const error = { line: 5, field: '', message: 'invalid UTF-8 at byte 2 of the line' };
    expect(parseLine({ line: 5, error }, 'preference')).toEqual({ ok: false, problems: [error] });
  });

  it('reports a JSON value that is not an object', () => {
    expect(problems(parseLine(line('null'), 'multi_turn'))).toEqual([
      { line: 3, field: '', message: 'expected a JSON object, got null' },
    ]);
  });
});
