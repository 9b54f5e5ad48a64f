import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sessionKeyOf, validateMultiTurn } from './validate-multi-turn';

const DATA_DIR = path.resolve(__dirname, '../../../../../shared/data/pico-banana');
const sampleText = readFileSync(path.join(DATA_DIR, 'multi-turn.sample.jsonl'), 'utf8');

interface FileEntry {
  id: string;
  url: string;
  [key: string]: unknown;
}
interface Session {
  files: FileEntry[];
  metadata_edit_turn_prompts: unknown;
  [key: string]: unknown;
}

const sample = (): Session => JSON.parse(sampleText.split('\n')[0]) as Session;
const SOURCE = 'https://farm8.staticflickr.com/2915/14573719235_6cfb811e3c_o.jpg';
const turnUrl = (turn: number, key = '101_attemptB') => `images/multi-turn/${key}_turn${turn}.png`;

/** A session of `turns` turns in the sample's shape. */
function session(turns: number): Session {
  const files: FileEntry[] = [];
  for (let turn = 1; turn < turns; turn++)
    files.push({ id: `edit_turn${turn}`, url: turnUrl(turn) });
  files.push({ id: 'final_image', url: turnUrl(turns) });
  files.push({ id: 'original_input_image', url: SOURCE });
  const prompts = Array.from({ length: turns }, (_, i) => `prompt ${i + 1}`);
  return { files, metadata_edit_turn_prompts: prompts };
}

function problemsOf(value: unknown) {
  const result = validateMultiTurn(value, 9);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ field, message }) => ({ field, message }));
}

function record(result: ReturnType<typeof validateMultiTurn>) {
  if (!result.ok) throw new Error('expected a valid record');
  return result.record;
}

describe('validateMultiTurn', () => {
  it('normalises the verbatim sample record exactly', () => {
    const raw = sample();
    expect(validateMultiTurn(raw, 1)).toEqual({
      ok: true,
      record: {
        kind: 'multi_turn',
        line: 1,
        sessionKey: '101_attemptB',
        sourceUrl: SOURCE,
        prompts: raw.metadata_edit_turn_prompts,
        images: [1, 2, 3, 4, 5].map((turn) => turnUrl(turn)),
        fileOrder: raw.files.map((file) => file.id),
        extra: {},
      },
    });
    expect(raw.metadata_edit_turn_prompts).toHaveLength(5);
  });

  it('does not depend on the order of files, and remembers that order', () => {
    const raw = sample();
    const { fileOrder: _, ...expected } = record(validateMultiTurn(raw, 1));
    for (let shift = 1; shift < raw.files.length; shift++) {
      const files = [...raw.files.slice(shift), ...raw.files.slice(0, shift)];
      for (const order of [files, [...files].reverse()]) {
        const { fileOrder, ...rest } = record(validateMultiTurn({ ...raw, files: order }, 1));
        expect(rest).toEqual(expected);
        expect(fileOrder).toEqual(order.map((file) => file.id));
      }
    }
  });

  it.each([2, 3, 4, 5])('accepts a session of %i turns', (turns) => {
    const result = validateMultiTurn(session(turns), 1);
    expect(result.ok && result.record.images).toEqual(
      Array.from({ length: turns }, (_, i) => turnUrl(i + 1)),
    );
  });

  it.each([
    [1, 'expected 2 to 5 prompts (one per turn), got 1'],
    [6, 'expected 2 to 5 prompts (one per turn), got 6'],
  ])('rejects %i prompts', (count, message) => {
    const raw = session(5);
    raw.metadata_edit_turn_prompts = Array.from({ length: count }, () => 'p');
    expect(problemsOf(raw)).toEqual([{ field: 'metadata_edit_turn_prompts', message }]);
  });

  it('reports prompts of the wrong type, item by item', () => {
    const raw = session(3);
    raw.metadata_edit_turn_prompts = ['p', 4, ''];
    expect(problemsOf(raw)).toEqual([
      { field: 'metadata_edit_turn_prompts[1]', message: 'expected a string, got number' },
      { field: 'metadata_edit_turn_prompts[2]', message: 'must not be empty' },
    ]);
    raw.metadata_edit_turn_prompts = 'p';
    expect(problemsOf(raw)).toEqual([
      { field: 'metadata_edit_turn_prompts', message: 'expected an array of strings, got string' },
    ]);
  });

  it('reports missing keys and non-array files', () => {
    expect(problemsOf({})).toEqual([
      { field: 'metadata_edit_turn_prompts', message: 'missing key "metadata_edit_turn_prompts"' },
      { field: 'files', message: 'missing key "files"' },
    ]);
    expect(problemsOf({ ...session(2), files: {} })).toEqual([
      { field: 'files', message: 'expected an array of { id, url } objects, got object' },
    ]);
  });

  it('reports bad entries with their paths', () => {
    const raw = session(2);
    raw.files.push('x' as never, { id: 3, url: 'a.png' } as never, { id: 'edit_turn9' } as never);
    expect(problemsOf(raw)).toEqual([
      { field: 'files[3]', message: 'expected an object { id, url }, got string' },
      { field: 'files[4].id', message: 'expected a string, got number' },
      { field: 'files[5].url', message: 'missing key "url"' },
    ]);
  });

  it('reports missing turns and a missing source', () => {
    const raw = session(4);
    raw.files = raw.files.filter((f) => !['edit_turn2', 'original_input_image'].includes(f.id));
    expect(problemsOf(raw)).toEqual([
      { field: 'files', message: 'no entry with id "original_input_image"' },
      { field: 'files', message: 'no entry with id "edit_turn2" (turn 2 of 4)' },
    ]);
    raw.files = raw.files.filter((f) => f.id !== 'final_image');
    expect(problemsOf(raw)).toContainEqual({
      field: 'files',
      message: 'no entry with id "final_image" (turn 4 of 4)',
    });
  });

  it('reports a turn present twice and a turn out of range', () => {
    const raw = session(3);
    raw.files.push({ id: 'edit_turn1', url: turnUrl(1) }, { id: 'edit_turn3', url: turnUrl(3) });
    const range = 'the prompts give 3 turns: edit_turn1..edit_turn2, then final_image';
    expect(problemsOf(raw)).toEqual([
      { field: 'files[4].id', message: 'id "edit_turn1" also appears at files[0]' },
      { field: 'files[5].id', message: `"edit_turn3" is out of range (${range})` },
    ]);
  });

  it('reports turn files whose names do not match their turn', () => {
    const raw = session(3);
    raw.files[2].url = turnUrl(4);
    raw.files[0].url = 'images/multi-turn/101_attemptB_turn1.jpg';
    expect(problemsOf(raw)).toEqual([
      {
        field: 'files[0].url',
        message: '"images/multi-turn/101_attemptB_turn1.jpg" should end "_turn1.png" (turn 1)',
      },
      {
        field: 'files[2].url',
        message: `"${turnUrl(4)}" should end "_turn3.png" (the last of 3 turns)`,
      },
    ]);
  });

  it('reports turn files that disagree on the session key', () => {
    const raw = session(3);
    raw.files[1].url = turnUrl(2, '101_attemptC');
    expect(problemsOf(raw)).toEqual([
      {
        field: 'files[1].url',
        message: 'session key "101_attemptC" differs from "101_attemptB" (files[0].url)',
      },
    ]);
  });

  it('checks turn paths and the source URL', () => {
    const raw = session(2);
    raw.files[0].url = '../multi-turn/101_attemptB_turn1.png';
    raw.files[2].url = 'images/101.jpg';
    expect(problemsOf(raw)).toEqual([
      { field: 'files[2].url', message: '"images/101.jpg" is not an absolute URL' },
      {
        field: 'files[0].url',
        message: '"../multi-turn/101_attemptB_turn1.png" must not contain ".." segments',
      },
    ]);
  });

  it('keeps unknown keys in extra, and the files verbatim when an entry has more', () => {
    const raw = { ...session(2), session_id: 's1' };
    expect(validateMultiTurn(raw, 1)).toMatchObject({
      ok: true,
      record: { extra: { session_id: 's1' } },
    });
    raw.files[0] = { ...raw.files[0], edit_type: 'Zoom in' };
    raw.files.push({ id: 'mask', url: 'images/m.png' });
    const result = validateMultiTurn(raw, 1);
    expect(result.ok && result.record.extra).toEqual({ session_id: 's1', files: raw.files });
    expect(result.ok && result.record.images).toEqual([turnUrl(1), turnUrl(2)]);
  });

  it('reports a non-object line for field ""', () => {
    expect(problemsOf([sample()])).toEqual([
      { field: '', message: 'expected a JSON object, got array' },
    ]);
  });
});

describe('sessionKeyOf', () => {
  it.each([
    ['images/multi-turn/101_attemptB_turn1.png', '101_attemptB'],
    ['101_turn2_turn3.png', '101_turn2'],
    ['a/_turn1.png', ''],
    ['images/multi-turn/101.png', undefined],
  ])('%p → %p', (url, key) => {
    expect(sessionKeyOf(url)).toBe(key);
  });
});
