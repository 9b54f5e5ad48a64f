import {
  checkExportOptions,
  DEFAULT_EXPORT_OPTIONS,
  ExportInputError,
  parseNumber,
} from '../exports/export-options';
import { runExport } from '../exports/run-export';
import { diffSnapshots } from '../exports/snapshot-diff';
import { CliError, type CliCommand, parseCliArgs, withDatabase } from './cli-context';

const USAGE =
  'export [--batch N ...] [--edit-type L ...] [--category C ...] [--min-raters N] ' +
  '[--min-margin X] [--relabel-share X] [--include-ties] [--exclude-gold] [--prefer-adjudicated] [--no-parquet] [--json] --out DIR';

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export [filters] --out DIR',
  summary: 'write a preference / DPO / SFT / multi-turn / judgments snapshot into an empty folder',
  run: async (args) => {
    const { values, positionals } = parseCliArgs(
      args,
      {
        batch: { type: 'string', multiple: true },
        'edit-type': { type: 'string', multiple: true },
        category: { type: 'string', multiple: true },
        'min-raters': { type: 'string' },
        'min-margin': { type: 'string' },
        'relabel-share': { type: 'string' },
        'include-ties': { type: 'boolean' },
        'exclude-gold': { type: 'boolean' },
        'prefer-adjudicated': { type: 'boolean' },
        'no-parquet': { type: 'boolean' },
        json: { type: 'boolean' },
        out: { type: 'string' },
      },
      USAGE,
    );
    const out = values.out as string | undefined;
    if (!out || positionals.length > 0)
      throw new CliError(
        `name the output folder with --out DIR\nUsage: npm run peel -- ${USAGE}`,
        2,
      );
    let options;
    try {
      options = checkExportOptions({
        batchIds: list(values.batch).map((raw) => parseNumber('batch', raw, 0)),
        editTypes: list(values['edit-type']),
        categories: list(values.category),
        minRaters: parseNumber(
          'min-raters',
          values['min-raters'] as string | undefined,
          DEFAULT_EXPORT_OPTIONS.minRaters,
        ),
        minMargin: parseNumber(
          'min-margin',
          values['min-margin'] as string | undefined,
          DEFAULT_EXPORT_OPTIONS.minMargin,
        ),
        relabelShare: parseNumber(
          'relabel-share',
          values['relabel-share'] as string | undefined,
          DEFAULT_EXPORT_OPTIONS.relabelShare,
        ),
        includeTies: values['include-ties'] === true,
        excludeGold: values['exclude-gold'] === true,
        preferAdjudicated: values['prefer-adjudicated'] === true,
        parquet: values['no-parquet'] !== true,
      });
    } catch (error) {
      if (error instanceof ExportInputError) throw new CliError(error.message, 2);
      throw error;
    }
    return withDatabase(async (dataSource) => {
      try {
        const result = await runExport(dataSource, options, out);
        if (values.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          process.stdout.write(`✓ snapshot ${result.snapshotId} → ${result.outDir}\n`);
          for (const [name, file] of Object.entries(result.files))
            process.stdout.write(
              `  ${name.padEnd(18)} ${String(file.rows).padStart(9)} rows  ${file.sha256}\n`,
            );
        }
        return 0;
      } catch (error) {
        if (error instanceof ExportInputError) throw new CliError(error.message, 2);
        throw error;
      }
    });
  },
};

const DIFF_USAGE = 'export:diff <A> <B> [--json]   (snapshot folders or snapshot ids)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Snapshot ids become their folders (complete snapshots only); folders stay as given. */
async function snapshotFolders(refs: string[]): Promise<string[]> {
  if (!refs.some((ref) => UUID.test(ref))) return refs;
  return withDatabase(async (dataSource) => {
    const out: string[] = [];
    for (const ref of refs) {
      if (!UUID.test(ref)) {
        out.push(ref);
        continue;
      }
      const [row] = await dataSource.query(
        `SELECT out_dir, status FROM export_snapshot WHERE id = $1`,
        [ref],
      );
      if (!row) throw new CliError(`no export snapshot ${ref}`, 2);
      if (row.status !== 'complete')
        throw new CliError(`export snapshot ${ref} is ${row.status}, not complete`, 2);
      out.push(row.out_dir);
    }
    return out;
  });
}

export const exportDiffCommand: CliCommand = {
  name: 'export:diff',
  usage: 'export:diff <A> <B> [--json]',
  summary: 'pairs added, removed and flipped, and label changes, between two snapshots',
  run: async (args) => {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' } }, DIFF_USAGE);
    if (positionals.length !== 2)
      throw new CliError(`name two snapshots\nUsage: npm run peel -- ${DIFF_USAGE}`, 2);
    const [a, b] = await snapshotFolders(positionals);
    let diff;
    try {
      diff = await diffSnapshots(a, b);
    } catch (error) {
      if (error instanceof ExportInputError) throw new CliError(error.message, 2);
      throw error;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(diff)}\n`);
      return 0;
    }
    const { pairs, labels } = diff;
    process.stdout.write(
      `${diff.a} → ${diff.b}\n` +
        `  pairs: ${pairs.added.length} added, ${pairs.removed.length} removed, ` +
        `${pairs.flipped.length} flipped\n` +
        `  labels: ${labels.changed.length} changed, ${labels.added} added, ${labels.removed} removed\n`,
    );
    for (const change of pairs.flipped.slice(0, 20))
      process.stdout.write(`  flipped: ${change.from} → ${change.to}\n`);
    for (const change of labels.changed.slice(0, 20))
      process.stdout.write(`  label: ${change.output_image}: ${change.from} → ${change.to}\n`);
    return 0;
  },
};
