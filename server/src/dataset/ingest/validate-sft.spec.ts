import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EDIT_TYPE_LABELS, LIMITS } from '@peel/shared';
import { validateSft } from './validate-sft';

const DATA_DIR = path.resolve(__dirname, '../../../../../shared/data/pico-banana');

function sampleLines(file: string): string[] {
  return readFileSync(path.join(DATA_DIR, file), 'utf8').split('\n').filter(Boolean);
}

const valid = {
  open_image_input_url: 'https://c1.staticflickr.com/8/7404/9423051591_cb1bf5c5e1_o.jpg',
  text: 'Remove the red flag.',
  output_image: 'images/positive-edit/1.png',
  edit_type: 'Remove an existing object',
  summarized_text: 'Flag removed.',
};

function problemsOf(value: unknown) {
  const result = validateSft(value, 7);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ field, message }) => ({ field, message }));
}

describe('validateSft', () => {
  it('normalises the verbatim sample records exactly', () => {
    const lines = sampleLines('sft.sample.jsonl');
    expect(lines).toHaveLength(3);
    lines.forEach((text, index) => {
      const raw = JSON.parse(text) as Record<string, string>;
      expect(validateSft(raw, index + 1)).toEqual({
        ok: true,
        record: {
          kind: 'sft',
          line: index + 1,
          sourceUrl: raw.open_image_input_url,
          text: raw.text,
          outputImage: raw.output_image,
          editType: raw.edit_type,
          summarizedText: raw.summarized_text,
          extra: {},
        },
      });
    });
    const retry = validateSft(JSON.parse(lines[2]), 3);
    expect(retry.ok && retry.record.outputImage).toBe('images/positive-edit/kf3o5u_retry1.png');
    expect(retry.ok && retry.record.editType).toBe('Add a new object to the scene');
  });

  it('accepts every label of taxonomy.json byte for byte (↔ and – included)', () => {
    const taxonomy = JSON.parse(readFileSync(path.join(DATA_DIR, 'taxonomy.json'), 'utf8')) as {
      categories: { edit_types: { label: string }[] }[];
    };
    const labels = taxonomy.categories.flatMap((c) => c.edit_types.map((t) => t.label));
    expect(labels).toHaveLength(35);
    expect(labels).toEqual([...EDIT_TYPE_LABELS]);
    expect(labels.filter((label) => /[↔–]/.test(label))).toHaveLength(4);
    for (const label of labels) {
      const result = validateSft({ ...valid, edit_type: label }, 1);
      expect(result.ok && Buffer.from(result.record.editType).equals(Buffer.from(label))).toBe(
        true,
      );
    }
  });

  it('keeps unknown keys verbatim in extra', () => {
    const line = '{"edit_type":"Zoom in","score":0.9,"meta":{"a":[1]},"__proto__":{"x":1}}';
    const result = validateSft({ ...valid, ...JSON.parse(line) }, 1);
    if (!result.ok) throw new Error('expected a record');
    expect(JSON.stringify(result.record.extra)).toBe(
      '{"score":0.9,"meta":{"a":[1]},"__proto__":{"x":1}}',
    );
    expect(Object.getPrototypeOf(result.record.extra)).toBe(Object.prototype);
  });

  it('reports a non-object line as one problem for the whole line', () => {
    for (const [value, type] of [
      [[valid], 'array'],
      ['text', 'string'],
      [null, 'null'],
      [3, 'number'],
    ]) {
      expect(problemsOf(value)).toEqual([
        { field: '', message: `expected a JSON object, got ${type}` },
      ]);
    }
  });

  it('reports every missing key, with its line', () => {
    const result = validateSft({}, 7);
    expect(result).toEqual({
      ok: false,
      problems: Object.keys(valid).map((key) => ({
        line: 7,
        field: key,
        message: `missing key "${key}"`,
      })),
    });
  });

  it.each([
    [42, 'number'],
    [null, 'null'],
    [['a'], 'array'],
    [{}, 'object'],
    [true, 'boolean'],
  ])('reports every field of the wrong type: %p', (value, type) => {
    const all = Object.fromEntries(Object.keys(valid).map((key) => [key, value]));
    expect(problemsOf(all)).toEqual(
      Object.keys(valid).map((field) => ({ field, message: `expected a string, got ${type}` })),
    );
  });

  it('reports every empty or blank string', () => {
    const all = Object.fromEntries(Object.keys(valid).map((key) => [key, ' ']));
    expect(problemsOf(all)).toEqual(
      Object.keys(valid).map((field) => ({ field, message: 'must not be empty' })),
    );
  });

  it('reports all the problems of one line at once', () => {
    const { text: _text, ...rest } = valid;
    const line = { ...rest, output_image: '/abs/1.gif', edit_type: 'Zoom out', summarized_text: 3 };
    expect(problemsOf(line).map((problem) => problem.field)).toEqual([
      'text',
      'output_image',
      'output_image',
      'edit_type',
      'summarized_text',
    ]);
  });

  it('reports an instruction over the length limit', () => {
    const long = 'é'.repeat(LIMITS.instructionMaxChars + 1);
    expect(problemsOf({ ...valid, text: long })).toEqual([
      {
        field: 'text',
        message: `is ${LIMITS.instructionMaxChars + 1} characters, longer than the limit of ${LIMITS.instructionMaxChars}`,
      },
    ]);
    expect(validateSft({ ...valid, text: 'é'.repeat(LIMITS.instructionMaxChars) }, 1).ok).toBe(
      true,
    );
  });

  it.each([
    ['Remove an Existing Object', 'Remove an existing object'],
    ['  Remove  an existing object ', 'Remove an existing object'],
    ['Change overall color tone (warm <-> cool)', 'Change overall color tone (warm ↔ cool)'],
    ['change overall color tone (warm↔cool)', 'Change overall color tone (warm ↔ cool)'],
    ['Modern <-> historical style/look', 'Modern ↔ historical style/look'],
    ['Funko-Pop-style toy figure of the person', 'Funko-Pop–style toy figure of the person'],
    ['Funko-Pop—style toy figure of the person', 'Funko-Pop–style toy figure of the person'],
    [
      'Change an object’s attribute (e.g., color/material)',
      "Change an object's attribute (e.g., color/material)",
    ],
  ])('suggests the exact label for %p', (value, label) => {
    expect(problemsOf({ ...valid, edit_type: value })).toEqual([
      {
        field: 'edit_type',
        message: `unknown edit type ${JSON.stringify(value)}; did you mean ${JSON.stringify(label)}?`,
      },
    ]);
  });

  it('reports an unknown edit type without a suggestion when none is close', () => {
    expect(problemsOf({ ...valid, edit_type: 'Zoom out' })).toEqual([
      {
        field: 'edit_type',
        message: 'unknown edit type "Zoom out" (not one of the 35 taxonomy labels)',
      },
    ]);
  });

  it.each([
    [
      'https://cdn.example/images/1.png',
      ['"https://cdn.example/images/1.png" must be a relative path, not a URL'],
    ],
    ['/images/1.png', ['"/images/1.png" must be a relative path (no leading "/")']],
    ['images\\1.png', ['"images\\\\1.png" must not contain backslashes']],
    ['images/../1.png', ['"images/../1.png" must not contain ".." segments']],
    [
      'images/1.png\u0000',
      [
        '"images/1.png\\u0000" must not contain control characters',
        '"images/1.png\\u0000" must end in .png, .jpg, .jpeg or .webp',
      ],
    ],
    ['images/1.gif', ['"images/1.gif" must end in .png, .jpg, .jpeg or .webp']],
    ['images/png', ['"images/png" must end in .png, .jpg, .jpeg or .webp']],
    [
      '/../x.txt',
      [
        '"/../x.txt" must be a relative path (no leading "/")',
        '"/../x.txt" must not contain ".." segments',
        '"/../x.txt" must end in .png, .jpg, .jpeg or .webp',
      ],
    ],
  ])('rejects the image path %p', (value, messages) => {
    expect(problemsOf({ ...valid, output_image: value })).toEqual(
      messages.map((message) => ({ field: 'output_image', message })),
    );
  });

  it('accepts relative image paths of every allowed extension', () => {
    for (const image of ['a/b.png', 'b.jpg', 'c.JPEG', 'images/x..y/d.webp', 'e..png']) {
      expect(validateSft({ ...valid, output_image: image }, 1).ok).toBe(true);
    }
  });

  it.each([
    ['ftp://farm1.staticflickr.com/x_o.jpg', 'must be an http(s) URL'],
    ['javascript:alert(1)', 'must be an http(s) URL'],
    ['farm1.staticflickr.com/x_o.jpg', 'is not an absolute URL'],
    ['images/1.png', 'is not an absolute URL'],
  ])('rejects the source URL %p', (value, reason) => {
    expect(problemsOf({ ...valid, open_image_input_url: value })).toEqual([
      { field: 'open_image_input_url', message: `${JSON.stringify(value)} ${reason}` },
    ]);
  });

  it('accepts http and https source URLs', () => {
    for (const url of [
      'http://farm8.staticflickr.com/1/2_o.jpg',
      'HTTPS://c1.staticflickr.com/x.jpg',
    ]) {
      expect(validateSft({ ...valid, open_image_input_url: url }, 1).ok).toBe(true);
    }
  });
});
