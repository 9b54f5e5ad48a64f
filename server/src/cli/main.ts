import 'reflect-metadata';
import { ConfigError } from '../common/config/config';
import { agreementCommand } from './agreement.command';
import { CliError, type CliCommand } from './cli-context';
import { exportCommand, exportDiffCommand } from './export.command';
import { importCommand } from './import.command';
import { userCreateCommand } from './user-create.command';
import {
  migrationCheckCommand,
  migrationGenerateCommand,
  migrationSqlCommand,
  migrateCommand,
} from './migration.command';

const COMMANDS: CliCommand[] = [
  importCommand,
  userCreateCommand,
  agreementCommand,
  exportCommand,
  exportDiffCommand,
  migrateCommand,
  migrationCheckCommand,
  migrationSqlCommand,
  migrationGenerateCommand,
];

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.usage.padEnd(58)} ${command.summary}`);
  return `Usage: npm run peel -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`peel: ${error.message}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : 2;
      return;
    }
    process.stderr.write(`peel: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
