import * as fs from 'node:fs';
import {
  ALPHA_LEVELS,
  agreementReportFromCsv,
  type AlphaLevel,
  type CountTable,
  countTableFromData,
  type CsvError,
  parseCsv,
  readRatings,
  reliabilityDataFromRows,
  unitTotal,
} from '@peel/shared';
import { alphaInterval, BATCH_BOOTSTRAP } from '../agreement/agreement-stats';
import { CliError, type CliCommand, parseCliArgs } from './cli-context';

const USAGE =
  'agreement <file.csv> [--level nominal|ordinal|interval|ratio] [--categories a,b,c] [--seed N] [--replicates N]';

interface AgreementOptions {
  level: AlphaLevel;
  categories?: string[];
  seed: number;
  replicates: number;
}

function usageError(message: string): CliError {
  return new CliError(`${message}\nUsage: npm run peel -- ${USAGE}`, 2);
}

function integerOption(name: string, raw: string | undefined, fallback: number, min: number) {
  if (raw === undefined) return fallback;
  if (!/^-?\d{1,10}$/.test(raw.trim()) || Number(raw) < min) {
    throw usageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function parseOptions(values: Record<string, unknown>): AgreementOptions {
  const level = (values.level as string | undefined) ?? 'nominal';
  if (!(ALPHA_LEVELS as readonly string[]).includes(level)) {
    throw usageError(`--level must be one of ${ALPHA_LEVELS.join(', ')}, got "${level}"`);
  }
  const raw = values.categories as string | undefined;
  const categories = raw?.split(',').map((category) => category.trim());
  if (categories?.some((category) => category === '')) {
    throw usageError(`--categories has an empty category: "${raw}"`);
  }
  return {
    level: level as AlphaLevel,
    categories,
    seed: integerOption(
      'seed',
      values.seed as string | undefined,
      BATCH_BOOTSTRAP.seed,
      -(2 ** 31),
    ),
    replicates: integerOption(
      'replicates',
      values.replicates as string | undefined,
      BATCH_BOOTSTRAP.replicates,
      0,
    ),
  };
}

function readProblem(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `cannot read ${file}: no such file`;
  if (code === 'EISDIR') return `cannot read ${file}: it is a directory`;
  if (code === 'EACCES') return `cannot read ${file}: permission denied`;
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return `${file} is not UTF-8 text`;
  return `cannot read ${file}: ${(error as Error).message}`;
}

/** The file's text, read as a stream and decoded as strict UTF-8. */
async function readText(file: string): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      text += decoder.decode(chunk as Buffer, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    throw new CliError(readProblem(file, error), 1);
  }
}

function describeErrors(file: string, errors: readonly CsvError[]): string {
  const lines = errors.map((error) =>
    error.line === 0
      ? `  --categories: ${error.message}`
      : `  line ${error.line}: ${error.message}`,
  );
  return `${file}: ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}\n${lines.join('\n')}`;
}

/**
 * The items' count table for alpha's interval, rebuilt with the shared reader (the shared report
 * keeps its own); items without any value are left out, as the API has none.
 */
function countTableOf(text: string, options: AgreementOptions): CountTable {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error('the report accepted a file the reader rejects');
  const ratings = readRatings(parsed.records, options.level, options.categories);
  if (!ratings.ok) throw new Error('the report accepted a file the reader rejects');
  const table = countTableFromData(reliabilityDataFromRows(ratings.rows), ratings.categories);
  return { categories: table.categories, counts: table.counts.filter((row) => unitTotal(row) > 0) };
}

/**
 * `npm run peel -- agreement <file.csv>`: the agreement of any `item_id,rater_id,value` file, with
 * no database. The statistics are the shared report's; alpha's interval is the API's own
 * bootstrap (same seed and replicates, same numbers as `GET /api/batches/:id/agreement`).
 */
export const agreementCommand: CliCommand = {
  name: 'agreement',
  usage: USAGE,
  summary: 'agreement statistics of an item_id,rater_id,value CSV (no database)',
  run: async (args) => {
    const { values, positionals } = parseCliArgs(
      args,
      {
        level: { type: 'string' },
        categories: { type: 'string' },
        seed: { type: 'string' },
        replicates: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length !== 1) throw usageError('name one CSV file');
    const [file] = positionals;
    const options = parseOptions(values);
    const text = await readText(file);
    const result = agreementReportFromCsv(text, { ...options, replicates: 0 });
    if (!result.ok) throw new CliError(describeErrors(file, result.errors), 1);
    const { alphaCi, alphaCiReason } = alphaInterval(countTableOf(text, options), options.level, {
      seed: options.seed,
      replicates: options.replicates,
      level: BATCH_BOOTSTRAP.level,
    });
    const alpha_ci = alphaCi && {
      lower: alphaCi.lower,
      upper: alphaCi.upper,
      level: alphaCi.level,
      replicates: alphaCi.replicates,
      seed: alphaCi.seed,
    };
    const report = { ...result.report, alpha_ci, alpha_ci_reason: alphaCiReason };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  },
};
