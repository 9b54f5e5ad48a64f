import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { testDatabaseUrl } from '../../test/db';
import { forEachCopyRow } from '../agreement/copy-rows';
import { JsonBytes } from './json-bytes';

const CONTROLS = Array.from({ length: 31 }, (_, code) => String.fromCharCode(code + 1)).join('');

const HOSTILE = [
  '',
  'say "hi"',
  'back\\slash \\N \\. \\\\',
  'tab\there, line\nbreak\r\n',
  `${CONTROLS}\u007f`,
  'Couleur ↔ ton – été 漢字 🎨 e\u0301 \u2028\u2029',
];

describe('JsonBytes.copyText on PostgreSQL COPY output', () => {
  it('writes what JSON.stringify writes for the strings a real COPY TO sends', async () => {
    const client = new Client({ connectionString: await testDatabaseUrl() });
    await client.connect();
    try {
      const values = HOSTILE.map((text) => client.escapeLiteral(text)).join(', ');
      const sql = `COPY (SELECT v, NULL::text, 'x' FROM unnest(ARRAY[${values}]) WITH ORDINALITY AS t(v, n) ORDER BY n) TO STDOUT`;
      const out = new JsonBytes();
      await forEachCopyRow(client.query(copyTo(sql)) as AsyncIterable<Buffer>, (row) => {
        out.copyText(row, 0);
        out.copyText(row, 1);
        out.byte(10);
      });
      expect(out.take().toString('utf8')).toBe(
        HOSTILE.map((text) => `${JSON.stringify(text)}null\n`).join(''),
      );
    } finally {
      await client.end();
    }
  });
});
