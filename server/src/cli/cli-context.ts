import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type DataSource } from 'typeorm';
import { loadConfig, type PeelConfig } from '../common/config/config';
import { createDataSource } from '../common/db/data-source';
import { resolveDatabase } from '../common/db/database';
import { migrate } from '../common/db/migrations';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A failure the user can act on: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parseCliArgs(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): ParsedArgs {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nUsage: npm run peel -- ${usage}`, 2);
  }
}

export function stderrLog(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Runs `fn` with a migrated database: `DATABASE_URL`, or the embedded server (the running Peel
 * server's own when there is one), released afterwards.
 */
export async function withDatabase<T>(
  fn: (dataSource: DataSource, config: PeelConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await resolveDatabase(config, stderrLog);
  const dataSource = createDataSource({
    url: database.url,
    readUrl: config.readDatabaseUrl,
    // an export reads on up to four connections at once (its snapshot, the long table's two
    // streams, Dawid–Skene) and writes its heartbeat on another
    poolSize: 6,
    applicationName: 'peel-cli',
  });
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    return await fn(dataSource, config);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.release();
  }
}
