import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { AgreementRepository } from '../server/src/agreement/agreement.repository';
import { AgreementService } from '../server/src/agreement/agreement.service';
import { computeReport } from '../server/src/agreement/compute-report';
import { ConsensusMemo } from '../server/src/agreement/consensus-memo';
import { DawidSkeneWorker } from '../server/src/agreement/dawid-skene-worker';
import { createDataSource } from '../server/src/common/db/data-source';
import { BENCH_QUESTIONS, loadAgreementData } from './lib/agreement-data';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';

/**
 * bench:agreement — a pairwise batch of 200,000 items x 5 raters (1,000,000 judgments, each with
 * the five pairwise answers: 5,000,000 judgment_answer rows) in a fresh database. Timed, in the
 * same run and alternating: Peel's full batch report (every question's agreement overall, per edit
 * type and per category with bootstrap intervals, the Cohen matrices, Dawid–Skene consensus per
 * question, rater quality, written to the cache) against the baseline: a plain
 * `GROUP BY batch_item_id, value` of each question, fully read. Also the `overall` question alone
 * (1,000,000 answers) against its own GROUP BY.
 */
const ITEMS = Number(process.env.PEEL_BENCH_ITEMS ?? 200_000);
const RATERS = 40;
const RATERS_PER_ITEM = 5;
const ROUNDS = Number(process.env.PEEL_BENCH_ROUNDS ?? 3);

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { seconds: seconds(started), value };
}

/** The baseline: each question's (item, value) counts, every row read by the client. */
async function groupByScan(client: Client, batchId: number, questions: readonly string[]) {
  let rows = 0;
  for (const question of questions) {
    const result = await client.query(
      `SELECT batch_item_id, value, count(*) FROM judgment_answer
        WHERE batch_id = $1 AND question = $2 GROUP BY 1, 2`,
      [batchId, question],
    );
    rows += result.rows.length;
  }
  return rows;
}

const worker = new DawidSkeneWorker();

function service(dataSource: DataSource): AgreementService {
  return new AgreementService(new AgreementRepository(dataSource), new ConsensusMemo(), worker);
}

/** The report as a request with a stale cache gets it: computed, then written to the cache. */
async function fullReport(dataSource: DataSource, batchId: number) {
  await dataSource.query('DELETE FROM agreement_cache WHERE batch_id = $1', [batchId]);
  return service(dataSource).freshReport(batchId);
}

async function overallReport(dataSource: DataSource, batchId: number) {
  const repository = new AgreementRepository(dataSource);
  return repository.withSnapshot(batchId, (snapshot) =>
    computeReport(batchId, snapshot, worker.run, ['overall']),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const db = await freshDatabase('agreement');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const dataSource = createDataSource({ url: db.url, poolSize: 6 });
  try {
    const load = await timed(() => loadAgreementData(client, ITEMS, RATERS, RATERS_PER_ITEM));
    await client.query('VACUUM ANALYZE');
    const data = load.value;
    process.stdout.write(
      `loaded ${data.items} items, ${data.judgments} judgments, ${data.answers} answers in ${load.seconds.toFixed(1)} s\n`,
    );
    await dataSource.initialize();
    await groupByScan(client, data.batchId, BENCH_QUESTIONS); // warm the cache once
    const runs: Record<string, number>[] = [];
    let computeMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await timed(() => groupByScan(client, data.batchId, BENCH_QUESTIONS));
      const report = await timed(() => fullReport(dataSource, data.batchId));
      const overallBaseline = await timed(() => groupByScan(client, data.batchId, ['overall']));
      const overall = await timed(() => overallReport(dataSource, data.batchId));
      computeMs = report.value.cache.computeMs;
      runs.push({
        baseline_seconds: baseline.seconds,
        seconds: report.seconds,
        overall_baseline_seconds: overallBaseline.seconds,
        overall_seconds: overall.seconds,
      });
    }
    const cached = await timed(() => service(dataSource).agreement(data.batchId));
    const fresh = service(dataSource);
    const consensus = await timed(() =>
      fresh.disagreements(data.batchId, { question: 'overall', limit: 100 }),
    );
    const pick = (key: string) => median(runs.map((run) => run[key]));
    const result = {
      answers: data.answers,
      judgments: data.judgments,
      items: data.items,
      raters: data.raters,
      raters_per_item: data.ratersPerItem,
      questions: BENCH_QUESTIONS.length,
      seconds: round(pick('seconds')),
      baseline_seconds: round(pick('baseline_seconds')),
      ratio: round(pick('seconds') / pick('baseline_seconds')),
      compute_ms: computeMs,
      overall_only: {
        answers: data.judgments,
        seconds: round(pick('overall_seconds')),
        baseline_seconds: round(pick('overall_baseline_seconds')),
        ratio: round(pick('overall_seconds') / pick('overall_baseline_seconds')),
      },
      cached_report_seconds: round(cached.seconds, 4),
      cold_disagreement_page_seconds: round(consensus.seconds),
      rss_mb: round(process.memoryUsage().rss / 1e6, 0),
      rounds: runs.map((run) =>
        Object.fromEntries(Object.entries(run).map(([k, v]) => [k, round(v)])),
      ),
    };
    process.stdout.write(
      `bench:agreement (${data.items} items x ${data.ratersPerItem} raters, ${data.answers} answers, median of ${ROUNDS})\n`,
    );
    printTable([
      ['full report, 5 questions + Dawid–Skene (s)', result.seconds],
      ['baseline: GROUP BY item, value per question (s)', result.baseline_seconds],
      ['ratio (report / baseline)', result.ratio],
      ['overall only: report (s)', result.overall_only.seconds],
      ['overall only: GROUP BY (s)', result.overall_only.baseline_seconds],
      ['overall only: ratio', result.overall_only.ratio],
      ['cached report (s)', result.cached_report_seconds],
      ['first disagreement page, cold (s)', result.cold_disagreement_page_seconds],
      ['RSS after the runs (MB)', result.rss_mb],
    ]);
    process.stdout.write(`wrote ${writeResult('agreement', result)}\n`);
  } finally {
    await worker.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await client.end();
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:agreement failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
