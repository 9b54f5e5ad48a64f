import 'reflect-metadata';
import { createDataSource } from '../../server/src/common/db/data-source';
import { IngestService } from '../../server/src/dataset/ingest/ingest.service';

/** Runs one import in its own process so that its peak RSS is the importer's alone. */
async function main(): Promise<void> {
  const [url, file] = process.argv.slice(2);
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  const started = process.hrtime.bigint();
  const report = await new IngestService(dataSource).importSource(file, { strict: true });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await dataSource.destroy();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      seconds,
      peakRssMb,
      report: { ...report, problems: report.problems.slice(0, 5) },
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
