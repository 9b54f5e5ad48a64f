import { type DataSource } from 'typeorm';
import { testDataSource } from '../../test/db';
import { buildJudgedBatch, buildRaters, pairAnswers } from '../../test/judgment-factories';
import { readerPool } from '../common/db/pg-pool';
import { DEFAULT_EXPORT_OPTIONS } from './export-options';
import { ExportReader } from './export-reader';

/**
 * A reader stopped inside a COPY (the long table's other stream failed, a sink's write failed)
 * must give its connection up: the connection still holds the unread rest of the COPY, so a
 * COMMIT on it would never be answered.
 */
let dataSource: DataSource;
let batchId: number;

beforeAll(async () => {
  dataSource = await testDataSource();
  const raters = await buildRaters(dataSource, 2);
  // 12,000 judgments of five answers: 1.5 MB of answers, many COPY chunks
  ({ batchId } = await buildJudgedBatch(dataSource, {
    taskType: 'pairwise',
    items: 6000,
    raters,
    answers: (item) => pairAnswers(item % 3 === 0 ? 'second' : 'first'),
  }));
});

afterAll(async () => {
  await dataSource.destroy();
});

describe('ExportReader', () => {
  it('gives up a connection stopped inside a COPY, and the pool goes on', async () => {
    const pool = readerPool(dataSource);
    const reader = await ExportReader.open(dataSource);
    const options = { ...DEFAULT_EXPORT_OPTIONS, batchIds: [batchId] };
    let chunks = 0;
    for await (const chunk of reader.longTable('answers', [batchId], options, new Map())) {
      chunks += chunk.length > 0 ? 1 : 0;
      break; // the rest of the COPY is left unread
    }
    expect(chunks).toBe(1);
    const before = pool.totalCount;
    reader.discard();
    expect(pool.totalCount).toBe(before - 1);
    // a new reader gets a working connection, and reads the whole stream
    const next = await ExportReader.open(dataSource);
    let bytes = 0;
    for await (const chunk of next.longTable('answers', [batchId], options, new Map()))
      bytes += chunk.length;
    await next.close();
    expect(bytes).toBeGreaterThan(1 << 20);
  });
});
