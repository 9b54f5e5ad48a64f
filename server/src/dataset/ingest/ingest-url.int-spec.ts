import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type DataSource } from 'typeorm';
import { testDataSource } from '../../../test/db';
import { IngestService } from './ingest.service';

let dataSource: DataSource;
let server: http.Server;
let base: string;
const prefix = randomUUID().slice(0, 8);
const body = [1, 2, 3]
  .map((n) =>
    JSON.stringify({
      open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${n}_o.jpg`,
      text: `Long instruction ${n}`,
      output_image: `images/positive-edit/${prefix}-url-${n}.png`,
      edit_type: 'Zoom in',
      summarized_text: `short ${n}`,
    }),
  )
  .join('\n');

beforeAll(async () => {
  dataSource = await testDataSource();
  server = http.createServer((request, response) => {
    if (request.url === '/sft.jsonl.gz') {
      response.writeHead(200, { 'content-type': 'application/gzip' });
      response.end(gzipSync(body));
    } else if (request.url === '/sft.jsonl') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end(body);
    } else {
      response.writeHead(404, 'Not Found');
      response.end('nope');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dataSource.destroy();
});

describe('importing from an http(s) URL', () => {
  it('streams a gzip file from a URL and records its source and sha256', async () => {
    const ingest = new IngestService(dataSource);
    const report = await ingest.importSource(`${base}/sft.jsonl.gz`);
    expect(report).toMatchObject({
      status: 'completed',
      kind: 'sft',
      inserted: 3,
      source: `${base}/sft.jsonl.gz`,
    });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    const plain = await ingest.importSource(`${base}/sft.jsonl`);
    expect(plain).toMatchObject({ status: 'completed', unchanged: 3, inserted: 0 });
  });

  it('reports a URL that answers 404 as a failed import, writing nothing', async () => {
    const report = await new IngestService(dataSource).importSource(`${base}/missing.jsonl`);
    expect(report.status).toBe('failed');
    expect(report.error).toBe(`GET ${base}/missing.jsonl answered 404 Not Found`);
    const [row] = await dataSource.query(`SELECT status, error FROM dataset_import WHERE id = $1`, [
      report.importId,
    ]);
    expect(row).toEqual({ status: 'failed', error: report.error });
  });
});
