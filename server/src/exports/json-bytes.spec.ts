import { copyChunks, copyText, eachCopyRow } from '../../test/copy-text';
import { forEachCopyRow } from '../agreement/copy-rows';
import { JsonBytes } from './json-bytes';

const CONTROLS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');

/** Strings a dataset may hold: every control character, quotes, backslashes, COPY's own marks. */
const HOSTILE = [
  '',
  'plain',
  'say "hi"',
  'back\\slash',
  '\\',
  '\\\\',
  '\\N',
  'N',
  '\\.',
  '.',
  'a\\.b',
  'tab\there',
  'line\nbreak\r\n',
  `${CONTROLS}\u007f`,
  '\b\f\v',
  'Couleur ↔ ton – été',
  '漢字 and emoji 🎨🖼️',
  'e\u0301 combining',
  'separators \u2028 \u2029',
  '\ufeffBOM',
  '\\t is not a tab',
  '"\\"\\\\"',
  '</script>',
];

/** copyText of each value's COPY text as the row's first field, through the COPY reader. */
async function viaCopy(values: (string | null)[], size: number): Promise<string[]> {
  const out: string[] = [];
  const bytes = new JsonBytes(16);
  await forEachCopyRow(
    copyChunks([...values.map((value) => [copyText(value), 'x'])], size),
    (row) => {
      bytes.copyText(row, 0);
      out.push(bytes.take().toString('utf8'));
    },
  );
  return out;
}

describe('JsonBytes', () => {
  it.each([1, 3, 64, 1 << 16])(
    'writes a COPY text field exactly as JSON.stringify writes the string (%i-byte chunks)',
    async (size) => {
      expect(await viaCopy(HOSTILE, size)).toEqual(HOSTILE.map((text) => JSON.stringify(text)));
    },
  );

  it('writes SQL NULL as null and a text of \\N as a string', async () => {
    expect(await viaCopy([null, '\\N'], 64)).toEqual(['null', '"\\\\N"']);
  });

  it('goes through the decoded text for escapes COPY TO never writes and for bytes not UTF-8', async () => {
    const rows = Buffer.concat([
      Buffer.from('\\101\\x42c\tx\n', 'latin1'), // octal and hex escapes: "ABc"
      Buffer.from([0x66, 0xff, 0x67, 0x09, 0x78, 0x0a]), // f, a stray byte, g
      Buffer.from('ends in \\\tx\n', 'latin1'), // a backslash before the delimiter
    ]);
    const out: string[] = [];
    const bytes = new JsonBytes();
    await eachCopyRow(rows, (row) => {
      bytes.copyText(row, 0);
      out.push(bytes.take().toString('utf8'));
    });
    expect(out).toEqual([
      JSON.stringify('ABc'),
      JSON.stringify('f\ufffdg'),
      JSON.stringify('ends in \\'),
    ]);
  });

  it('writes numbers, strings and booleans as JSON.stringify does', () => {
    const numbers = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, NaN, Infinity];
    const bytes = new JsonBytes(4);
    for (const value of numbers) {
      bytes.number(value);
      bytes.byte(44);
    }
    bytes.number(null);
    bytes.boolean(true);
    bytes.boolean(false);
    for (const text of HOSTILE) bytes.string(text);
    bytes.string(null);
    expect(bytes.take().toString('utf8')).toBe(
      [...numbers.map((value) => `${JSON.stringify(value)},`), 'null', 'true', 'false']
        .concat(
          HOSTILE.map((text) => JSON.stringify(text)),
          ['null'],
        )
        .join(''),
    );
  });

  it('grows past its capacity and starts over empty after take()', () => {
    const bytes = new JsonBytes(8);
    const long = 'ü'.repeat(1000);
    bytes.utf8(long);
    bytes.ascii('!');
    expect(bytes.length).toBe(2001);
    expect(bytes.take().toString('utf8')).toBe(`${long}!`);
    expect(bytes.length).toBe(0);
    bytes.ascii('again');
    expect(bytes.take().toString('utf8')).toBe('again');
  });
});
