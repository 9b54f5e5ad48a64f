import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads RFC 4180 quoting, CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""",\r\n\r\n"multi\nline",2,3\n4,,"6"';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', ''] },
        { line: 4, fields: ['multi\nline', '2', '3'] },
        { line: 6, fields: ['4', '', '6'] },
      ],
    });
  });

  it('reports malformed quoting with its line', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'unterminated quoted field' }],
    });
    expect(parseCsv('a,b\n1,x"y\n')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'unexpected quote in an unquoted field' }],
    });
    expect(parseCsv('a,b\n\n"1"x,2\n')).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'unexpected text after a closing quote' }],
    });
  });

  it('parses an empty text to no records', () => {
    expect(parseCsv('')).toEqual({ ok: true, records: [] });
  });
});
