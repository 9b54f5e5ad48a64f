import { boolField, forEachCopyRow, intField, isNullField, textField } from './copy-rows';

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

type Row = [number, number | null, string | null, boolean];

async function readAll(text: string, size: number): Promise<Row[]> {
  const rows: Row[] = [];
  await forEachCopyRow(chunks(text, size), (row) => {
    rows.push([
      intField(row, 0),
      isNullField(row, 1) ? null : intField(row, 1),
      textField(row, 2),
      boolField(row, 3),
    ]);
  });
  return rows;
}

const TEXT =
  '123456789012\t-5\tfirst\tt\n' +
  '2\t\\N\t\\N\tf\n' +
  '3\t7\ttab\\there\\\\ and\\nnewline\tt\n' +
  '4\t8\tCouleur ↔ ton – été\tf\n';

const EXPECTED: Row[] = [
  [123456789012, -5, 'first', true],
  [2, null, null, false],
  [3, 7, 'tab\there\\ and\nnewline', true],
  [4, 8, 'Couleur ↔ ton – été', false],
];

describe('forEachCopyRow', () => {
  it.each([1, 2, 3, 5, 7, 64, 1 << 16])(
    'reads COPY text rows split into %i-byte chunks',
    async (size) => {
      expect(await readAll(TEXT, size)).toEqual(EXPECTED);
    },
  );

  it('counts the rows and reads nothing from empty output', async () => {
    expect(await forEachCopyRow(chunks(TEXT, 4), () => undefined)).toBe(4);
    expect(await forEachCopyRow(chunks('', 4), () => undefined)).toBe(0);
  });

  it('refuses output that ends inside a row', async () => {
    await expect(readAll('1\t2\tx\tt\n2\t3', 4)).rejects.toThrow(/ended inside a row/);
  });

  it('refuses a non-integer where an integer is read', async () => {
    await expect(readAll('x1\t2\ta\tt\n', 64)).rejects.toThrow(/not an integer/);
  });
});
