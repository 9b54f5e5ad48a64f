import { gzipSync } from 'node:zlib';
import { LIMITS } from '@peel/shared';
import { gunzipIfNeeded, invalidUtf8Offset, type RawLine, readLines } from './line-reader';

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

/** The input cut at the given byte offsets. */
function splitAt(input: Buffer, cuts: number[]): Buffer[] {
  const bounds = [0, ...cuts, input.length];
  return bounds.slice(1).map((end, i) => input.subarray(bounds[i], end));
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

function read(input: Buffer | Buffer[], maxLineBytes?: number): Promise<RawLine[]> {
  const parts = Array.isArray(input) ? input : [input];
  return collect(readLines(chunks(...parts), { maxLineBytes }));
}

const text = (line: number, value: string, terminated = true): RawLine => ({
  line,
  text: value,
  terminated,
});
const error = (line: number, message: string): RawLine => ({
  line,
  error: { line, field: '', message },
});

describe('readLines', () => {
  it('numbers file lines from 1 and skips blank lines without renumbering', async () => {
    const lines = await read(Buffer.from('{"a":1}\n\n  \n{"b":2}\n'));
    expect(lines).toEqual([text(1, '{"a":1}'), text(4, '{"b":2}')]);
  });

  it('yields nothing for an empty input, only newlines, or only a byte-order mark', async () => {
    expect(await read([])).toEqual([]);
    expect(await read(Buffer.from(''))).toEqual([]);
    expect(await read(Buffer.from('\n\r\n\n'))).toEqual([]);
    expect(await read(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual([]);
  });

  it('strips a UTF-8 byte-order mark at the start, and at the start of a line (joined files)', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const input = Buffer.concat([bom, Buffer.from('{}\n'), bom, Buffer.from('{"a":"\ufeff"}\n')]);
    expect(await read(input)).toEqual([text(1, '{}'), text(2, '{"a":"\ufeff"}')]);
  });

  it('accepts CRLF line endings and strips only the final \\r', async () => {
    const lines = await read(Buffer.from('{"a":"x\\r"}\r\n{"b":2}\r\n\r\n{"c":3}\r'));
    expect(lines).toEqual([text(1, '{"a":"x\\r"}'), text(2, '{"b":2}'), text(4, '{"c":3}', false)]);
  });

  it('yields a last line without a final newline, marked unterminated', async () => {
    expect(await read(Buffer.from('{"a":1}\n{"b":'))).toEqual([
      text(1, '{"a":1}'),
      text(2, '{"b":', false),
    ]);
    expect(await read(Buffer.from('{"a":1}\n'))).toEqual([text(1, '{"a":1}')]);
  });

  it('reports invalid UTF-8 with the byte offset within the line, then reads on', async () => {
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const input = Buffer.concat([Buffer.from('{}\n'), bad, Buffer.from('\n{"ok":"↔"}\n')]);
    expect(await read(input)).toEqual([
      text(1, '{}'),
      error(2, 'invalid UTF-8 at byte 6 of the line'),
      text(3, '{"ok":"↔"}'),
    ]);
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['a sequence cut short by the end of the line', [0x61, 0x62, 0xe2, 0x86], 2],
    ['a sequence cut short by another character', [0xe2, 0x86, 0x61], 0],
    ['an overlong encoding', [0x61, 0xc0, 0xaf], 1],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('reports %s', async (_name, bytes, offset) => {
    const lines = await read(Buffer.concat([Buffer.from(bytes), Buffer.from('\n')]));
    expect(lines).toEqual([error(1, `invalid UTF-8 at byte ${offset} of the line`)]);
  });

  it('finds the same invalid bytes as TextDecoder (random inputs)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let seed = 42;
    const random = () => (seed = (seed * 48271) % 2147483647) % 256;
    const pool = [0x61, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xff, 0x9f, 0xa0];
    for (let run = 0; run < 5000; run++) {
      const bytes = Uint8Array.from(
        { length: 1 + (random() % 8) },
        () => pool[random() % pool.length],
      );
      const offset = invalidUtf8Offset(bytes);
      const decodes = () => decoder.decode(bytes);
      if (offset === -1) expect(decodes).not.toThrow();
      else {
        expect(decodes).toThrow();
        expect(() => decoder.decode(bytes.subarray(0, offset))).not.toThrow();
      }
    }
  });

  it('skips a line over the limit and reports its size and the limit', async () => {
    const long = 'x'.repeat(100);
    const lines = await read(Buffer.from(`{}\n${long}\n{"b":2}\n`), 16);
    expect(lines).toEqual([
      text(1, '{}'),
      error(2, 'line is 100 bytes, longer than the limit of 16 bytes; skipped'),
      text(3, '{"b":2}'),
    ]);
  });

  it('accepts a line of exactly the limit, with or without \\r, and rejects one byte more', async () => {
    const exact = 'y'.repeat(16);
    const input = Buffer.from(`${exact}\n${exact}\r\n${exact}z\n${exact}z`);
    expect(await read(input, 16)).toEqual([
      text(1, exact),
      text(2, exact),
      error(3, 'line is 17 bytes, longer than the limit of 16 bytes; skipped'),
      error(4, 'line is 17 bytes, longer than the limit of 16 bytes; skipped'),
    ]);
  });

  it('skips a 10 MB line streamed in small chunks against a small limit', async () => {
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const parts = [Buffer.from('{}\n'), ...Array<Buffer>(160).fill(piece), Buffer.from('\n{}')];
    expect(await read(parts, 1024)).toEqual([
      text(1, '{}'),
      error(2, `line is ${160 * 64 * 1024} bytes, longer than the limit of 1024 bytes; skipped`),
      text(3, '{}', false),
    ]);
  });

  it('skips a real 10 MB line against the default limit of 1 MiB', async () => {
    const size = 10 * 1024 * 1024;
    const input = Buffer.concat([
      Buffer.from('{"a":1}\n'),
      Buffer.alloc(size, 0x7b),
      Buffer.from('\r\n'),
    ]);
    const limit = LIMITS.importMaxLineBytes;
    expect(await read(splitAt(input, [5, 1 << 20, 3 << 20, input.length - 1]))).toEqual([
      text(1, '{"a":1}'),
      error(2, `line is ${size} bytes, longer than the limit of ${limit} bytes; skipped`),
    ]);
  });

  it('reads the same lines wherever the chunks are cut (every one and two cuts)', async () => {
    const input = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"t":"warm ↔ cool – 😀"}\r\n\r\n{"x":1}\n'),
      Buffer.from([0x7b, 0xe2, 0x86, 0x7d, 0x0d, 0x0a]),
      Buffer.from(`${'z'.repeat(40)}\r\n{"y":"é"}`),
    ]);
    const expected = [
      text(1, '{"t":"warm ↔ cool – 😀"}'),
      text(3, '{"x":1}'),
      error(4, 'invalid UTF-8 at byte 1 of the line'),
      error(5, 'line is 40 bytes, longer than the limit of 32 bytes; skipped'),
      text(6, '{"y":"é"}', false),
    ];
    expect(await read(input, 32)).toEqual(expected);
    const bytes = [...input.keys()];
    expect(await read(splitAt(input, bytes.slice(1)), 32)).toEqual(expected);
    for (let i = 0; i <= input.length; i++) {
      expect(await read(splitAt(input, [i]), 32)).toEqual(expected);
      for (let j = i; j <= input.length; j++) {
        expect(await read(splitAt(input, [i, j]), 32)).toEqual(expected);
      }
    }
  });
});

describe('gunzipIfNeeded', () => {
  const plain = Buffer.from('{"a":"↔"}\n'.repeat(500));

  it('gunzips a gzip stream, whatever its chunking', async () => {
    const gzipped = gzipSync(plain);
    for (const cuts of [[], [1], [2], [1, 2, 3], [...gzipped.keys()].slice(1)]) {
      const out = await collect(gunzipIfNeeded(chunks(...splitAt(gzipped, cuts))));
      expect(Buffer.concat(out).equals(plain)).toBe(true);
    }
  });

  it('gunzips concatenated gzip members as one stream', async () => {
    const gzipped = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]);
    const out = await collect(gunzipIfNeeded(chunks(gzipped)));
    expect(Buffer.concat(out).toString()).toBe('{"a":1}\n{"b":2}\n');
  });

  it('passes anything else through unchanged', async () => {
    for (const input of [
      plain,
      Buffer.from([0x1f]),
      Buffer.from([0x1f, 0x8a, 0x00]),
      Buffer.alloc(0),
    ]) {
      for (const cuts of [[], [1], [...input.keys()].slice(1)]) {
        const out = await collect(gunzipIfNeeded(chunks(...splitAt(input, cuts))));
        expect(Buffer.concat(out).equals(input)).toBe(true);
      }
    }
  });

  it('fails on a truncated gzip stream', async () => {
    const gzipped = gzipSync(plain);
    const truncated = gzipped.subarray(0, gzipped.length - 10);
    await expect(collect(gunzipIfNeeded(chunks(truncated)))).rejects.toThrow(/unexpected end/i);
  });

  it('feeds readLines', async () => {
    const input = gzipSync(Buffer.from('{"a":1}\r\n{"b":2}'));
    const lines = await collect(readLines(gunzipIfNeeded(chunks(...splitAt(input, [1, 7])))));
    expect(lines).toEqual([text(1, '{"a":1}'), text(2, '{"b":2}', false)]);
  });
});

describe('stopping early', () => {
  it('closes the source when the consumer stops, gzip or not', async () => {
    for (const input of [Buffer.from('{}\n{}\n{}\n'), gzipSync('{}\n{}\n{}\n')]) {
      let markClosed = () => {};
      const closed = new Promise<void>((resolve) => (markClosed = resolve));
      async function* source() {
        try {
          yield input.subarray(0, 3);
          yield input.subarray(3);
        } finally {
          markClosed();
        }
      }
      for await (const raw of readLines(gunzipIfNeeded(source()))) {
        expect(raw).toEqual(text(1, '{}'));
        break;
      }
      await closed; // times out if the source is left open
    }
  });
});
