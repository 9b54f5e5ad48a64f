import { CreateUserBody } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { CliError, type CliCommand, parseCliArgs, withDatabase } from './cli-context';
import { readPassword } from './read-password';

const USAGE =
  'user:create --email E --role admin|annotator [--name "Display Name"] [--password-stdin]';

export const userCreateCommand: CliCommand = {
  name: 'user:create',
  usage: USAGE,
  summary: 'create a user (asks for the password, or reads it from stdin)',
  run: async (args) => {
    const { values } = parseCliArgs(
      args,
      {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
      USAGE,
    );
    const password = await readPassword(values['password-stdin'] === true);
    const parsed = CreateUserBody.safeParse({
      email: values.email,
      role: values.role,
      password,
      displayName: values.name,
    });
    if (!parsed.success) {
      const lines = parsed.error.issues.map(
        (issue) =>
          `  --${issue.path.join('.') === 'displayName' ? 'name' : issue.path.join('.')}: ${issue.message}`,
      );
      throw new CliError(`invalid user:\n${lines.join('\n')}\nUsage: npm run peel -- ${USAGE}`, 2);
    }
    return withDatabase(async (dataSource) => {
      const users = new UsersService(
        dataSource.getRepository(UserEntity),
        dataSource,
        new AuditService(dataSource),
      );
      try {
        const user = await users.create(parsed.data, { id: null, ip: null });
        process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
        return 0;
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
