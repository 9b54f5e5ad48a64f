import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validatePreference } from './validate-preference';

const DATA_DIR = path.resolve(__dirname, '../../../../../shared/data/pico-banana');

/** No preference record was published: build one from a verbatim sft record plus the sixth key. */
const sft = JSON.parse(
  readFileSync(path.join(DATA_DIR, 'sft.sample.jsonl'), 'utf8').split('\n')[0],
) as Record<string, string>;
const valid: Record<string, string> = {
  ...sft,
  output_image: 'images/positive-edit/kf12nr_retry2.png',
};
const withRejected = (rejected: unknown) => ({ ...valid, rejected_images: rejected });

function problemsOf(value: unknown) {
  const result = validatePreference(value, 4);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ field, message }) => ({ field, message }));
}

describe('validatePreference', () => {
  it('normalises a record built from the verbatim sample', () => {
    const rejected = ['images/negative-edit/kf12nr.png', 'images/negative-edit/kf12nr_retry1.png'];
    expect(validatePreference(withRejected(rejected), 4)).toEqual({
      ok: true,
      record: {
        kind: 'preference',
        line: 4,
        sourceUrl: 'https://c1.staticflickr.com/8/7404/9423051591_cb1bf5c5e1_o.jpg',
        text: sft.text,
        outputImage: 'images/positive-edit/kf12nr_retry2.png',
        rejectedImages: rejected,
        rejectedShape: 'array',
        editType: 'Remove an existing object',
        summarizedText: 'Flag removed; extend sky, dune, and fence seamlessly.',
        extra: {},
      },
    });
  });

  it.each([
    ['an array', ['n/a.png', 'n/b.png'], ['n/a.png', 'n/b.png'], 'array'],
    ['a single string', 'n/a.png', ['n/a.png'], 'string'],
    [
      'a string holding a JSON array',
      '["n/a.png", "n/b.png"]',
      ['n/a.png', 'n/b.png'],
      'json_string_array',
    ],
    ['a JSON array string with leading space', ' ["n/a.png"]', ['n/a.png'], 'json_string_array'],
    ['an empty array', [], [], 'empty'],
    ['a string holding an empty JSON array', '[]', [], 'empty'],
  ])('accepts %s and records its shape', (_name, value, images, shape) => {
    const result = validatePreference(withRejected(value), 1);
    expect(result.ok && [result.record.rejectedImages, result.record.rejectedShape]).toEqual([
      images,
      shape,
    ]);
  });

  it.each([
    [42, 'number'],
    [{ 0: 'n/a.png' }, 'object'],
    [null, 'null'],
    [true, 'boolean'],
  ])('rejects rejected_images of type %p', (value, type) => {
    const expected = 'an array of image paths, one path, or a string holding a JSON array';
    expect(problemsOf(withRejected(value))).toEqual([
      { field: 'rejected_images', message: `expected ${expected}, got ${type}` },
    ]);
  });

  it('names the index of every item that is not a string, nested arrays included', () => {
    expect(problemsOf(withRejected(['n/a.png', 3, ['n/b.png'], null]))).toEqual([
      { field: 'rejected_images[1]', message: 'item 1: expected a string, got number' },
      { field: 'rejected_images[2]', message: 'item 2: expected a string, got array' },
      { field: 'rejected_images[3]', message: 'item 3: expected a string, got null' },
    ]);
  });

  it('checks the items of a string holding a JSON array the same way', () => {
    expect(problemsOf(withRejected('["n/a.png", {"p": 1}, "/abs.png"]'))).toEqual([
      { field: 'rejected_images[1]', message: 'item 1: expected a string, got object' },
      {
        field: 'rejected_images[2]',
        message: '"/abs.png" must be a relative path (no leading "/")',
      },
    ]);
  });

  it('reports a string that starts like a JSON array but is not one', () => {
    const [problem] = problemsOf(withRejected('["n/a.png", '));
    expect(problem.field).toBe('rejected_images');
    expect(problem.message).toMatch(
      /^a string starting with "\[" that is not a valid JSON array: /,
    );
  });

  it('reports empty and bad paths, in every shape', () => {
    expect(problemsOf(withRejected(''))).toEqual([
      { field: 'rejected_images', message: 'must not be empty' },
    ]);
    expect(problemsOf(withRejected(['', 'n\\a.png']))).toEqual([
      { field: 'rejected_images[0]', message: 'must not be empty' },
      { field: 'rejected_images[1]', message: '"n\\\\a.png" must not contain backslashes' },
    ]);
  });

  it('reports a repeated rejected image', () => {
    expect(problemsOf(withRejected(['n/a.png', 'n/b.png', 'n/a.png']))).toEqual([
      { field: 'rejected_images[2]', message: 'item 2 repeats item 0 "n/a.png"' },
    ]);
  });

  it('reports a rejected image that is the chosen output image', () => {
    const output = valid.output_image;
    const message = `${JSON.stringify(output)} is also the output_image (the chosen edit)`;
    expect(problemsOf(withRejected(['n/a.png', output]))).toEqual([
      { field: 'rejected_images[1]', message },
    ]);
    expect(problemsOf(withRejected(output))).toEqual([{ field: 'rejected_images', message }]);
  });

  it('reports a missing rejected_images with the other problems of the line', () => {
    const { edit_type: _editType, ...rest } = valid;
    expect(problemsOf({ ...rest, summarized_text: 1 })).toEqual([
      { field: 'edit_type', message: 'missing key "edit_type"' },
      { field: 'summarized_text', message: 'expected a string, got number' },
      { field: 'rejected_images', message: 'missing key "rejected_images"' },
    ]);
  });

  it('keeps unknown keys verbatim in extra', () => {
    const result = validatePreference({ ...withRejected([]), attempts: 3 }, 1);
    expect(result.ok && result.record.extra).toEqual({ attempts: 3 });
  });

  it('reports a non-object line for field ""', () => {
    expect(problemsOf('["n/a.png"]')).toEqual([
      { field: '', message: 'expected a JSON object, got string' },
    ]);
  });
});
