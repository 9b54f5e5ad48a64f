import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../common/config/config';
import { createDataSource } from '../common/db/data-source';
import { resolveDatabase } from '../common/db/database';
import { migrate, schemaDrift } from '../common/db/migrations';
import { CliError, type CliCommand, stderrLog, withDatabase } from './cli-context';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'apply pending migrations (the server also does this at start)',
  run: () =>
    withDatabase(async () => {
      stderrLog('migrations are current');
      return 0;
    }),
};

/** Migrates a scratch database from nothing and asks TypeORM what it would still generate. */
async function driftOnScratchDatabase(): Promise<{ up: string[]; down: string[] }> {
  const database = await resolveDatabase(loadConfig(), stderrLog);
  const scratch = `peel_drift_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabaseName(database.url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${scratch}`);
    const dataSource = createDataSource({
      url: withDatabaseName(database.url, scratch),
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      await migrate(dataSource);
      return await schemaDrift(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await database.release();
  }
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export const migrationCheckCommand: CliCommand = {
  name: 'migration:check',
  usage: 'migration:check',
  summary: 'fail when the entities need a migration that does not exist (schema drift)',
  run: async () => {
    const drift = await driftOnScratchDatabase();
    if (drift.up.length === 0) {
      stderrLog('no schema drift: a freshly generated migration would be empty');
      return 0;
    }
    stderrLog('schema drift: the entities need a migration. A generated one would run:');
    for (const query of drift.up) stderrLog(`  ${query};`);
    return 1;
  },
};

export const migrationSqlCommand: CliCommand = {
  name: 'migration:sql',
  usage: 'migration:sql',
  summary: 'print the up and down SQL a new migration needs (to write one)',
  run: async () => {
    const drift = await driftOnScratchDatabase();
    process.stdout.write(`-- up\n${drift.up.map((q) => `${q};`).join('\n')}\n`);
    process.stdout.write(`-- down\n${drift.down.map((q) => `${q};`).join('\n')}\n`);
    return 0;
  },
};

/** The repository's `migrations/` folder (the CLI runs from its build in server/dist/src/cli). */
function migrationsDir(): string {
  return path.resolve(__dirname, '../../../../migrations');
}

export const migrationGenerateCommand: CliCommand = {
  name: 'migration:generate',
  usage: 'migration:generate <VerbName>',
  summary: 'write migrations/<epochMs>-<VerbName>.ts from the entities (then review it)',
  run: async (args) => {
    const [name] = args;
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
      throw new CliError(
        'name the migration in PascalCase, e.g. migration:generate CreateUsers',
        2,
      );
    }
    const drift = await driftOnScratchDatabase();
    if (drift.up.length === 0) {
      stderrLog('no schema drift: nothing to generate');
      return 0;
    }
    const stamp = Date.now();
    const file = path.join(migrationsDir(), `${stamp}-${name}.ts`);
    fs.writeFileSync(file, migrationSource(`${name}${stamp}`, drift));
    const index = path.join(migrationsDir(), 'index.ts');
    const source = fs.readFileSync(index, 'utf8');
    const withImport = source.replace(
      /((?:^import .*\n)+)/m,
      `$1import { ${name}${stamp} } from './${stamp}-${name}';\n`,
    );
    fs.writeFileSync(index, withImport.replace(/,?\s*\];\s*$/, `,\n  ${name}${stamp},\n];\n`));
    stderrLog(`wrote ${file} and registered it in migrations/index.ts; run prettier and review it`);
    return 0;
  },
};

function migrationSource(className: string, drift: { up: string[]; down: string[] }): string {
  const lines = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  return `import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(drift.up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(drift.down)}
  }
}
`;
}
