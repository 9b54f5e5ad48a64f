import { DATASET_KINDS, type DatasetKind } from '@peel/shared';
import { type ImportProgress, type ImportReport } from '../dataset/ingest/import-report';
import { IngestService } from '../dataset/ingest/ingest.service';
import { CliError, type CliCommand, parseCliArgs, withDatabase } from './cli-context';

const USAGE = 'import <file-or-url>... [--kind sft|preference|multi_turn] [--strict] [--json]';

export const importCommand: CliCommand = {
  name: 'import',
  usage: USAGE,
  summary: 'import Pico-Banana JSONL files (plain or gzip, path or http(s) URL)',
  run: async (args) => {
    const { values, positionals } = parseCliArgs(
      args,
      { kind: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' } },
      USAGE,
    );
    if (positionals.length === 0)
      throw new CliError(`name at least one file or URL\nUsage: npm run peel -- ${USAGE}`, 2);
    const kind = values.kind as string | undefined;
    if (kind !== undefined && !DATASET_KINDS.includes(kind as DatasetKind)) {
      throw new CliError(`--kind must be one of ${DATASET_KINDS.join(', ')}, not "${kind}"`, 2);
    }
    return withDatabase(async (dataSource) => {
      const ingest = new IngestService(dataSource);
      let failed = 0;
      for (const source of positionals) {
        const report = await ingest.importSource(source, {
          kind: kind as DatasetKind | undefined,
          strict: values.strict === true,
          onProgress: process.stderr.isTTY ? showProgress(source) : undefined,
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else process.stdout.write(formatReport(report));
        if (report.status === 'failed') failed += 1;
      }
      return failed > 0 ? 1 : 0;
    });
  },
};

function showProgress(source: string): (progress: ImportProgress) => void {
  return ({ lines, bytes, totalBytes, elapsedMs }) => {
    const rate = Math.round(lines / Math.max(elapsedMs / 1000, 0.001));
    const percent = totalBytes ? ` ${((100 * bytes) / totalBytes).toFixed(1)}%` : '';
    process.stderr.write(
      `\r\x1b[K${source}: ${lines.toLocaleString('en')} lines, ${rate.toLocaleString('en')} lines/s${percent}`,
    );
  };
}

export function formatReport(report: ImportReport): string {
  const out: string[] = [];
  const seconds = (report.durationMs / 1000).toFixed(1);
  const id = report.importId ? ` (import #${report.importId})` : '';
  if (report.status === 'failed') {
    out.push(`✗ ${report.source}${id}: ${report.error}`);
  } else {
    const nothing = report.inserted + report.updated === 0 ? ' — nothing changed' : '';
    out.push(
      `✓ ${report.source}${id}: ${report.kind}, ${report.linesRead} lines in ${seconds} s: ` +
        `${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.rejected} rejected${nothing}`,
    );
  }
  const shapes = Object.entries(report.rejectedShapes);
  if (shapes.length > 0) {
    out.push(
      `  rejected_images shapes seen: ${shapes.map(([shape, n]) => `${shape} ×${n}`).join(', ')}`,
    );
  }
  for (const problem of report.problems) {
    const field = problem.field ? ` ${problem.field}:` : '';
    out.push(`  line ${problem.line}:${field} ${problem.message}`);
  }
  const unlisted = report.problemCount - report.problems.length;
  if (unlisted > 0)
    out.push(`  … and ${unlisted} more problems (the first ${report.problems.length} are listed)`);
  return `${out.join('\n')}\n`;
}
