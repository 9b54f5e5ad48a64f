import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Request } from 'express';
import { DataSource } from 'typeorm';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { UserEntity } from '../users/user.entity';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { SessionSerializer } from './session.serializer';

const NO_ACCOUNT = '(none)';

/**
 * The account an attempt is about: the email being tried (login), else the signed-in user
 * (password change). Login never counts on the caller's own session, whoever is signed in.
 */
function accountOf(request: Request): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  if (typeof email === 'string') return email.trim().toLowerCase();
  const user = request.user as { id?: number } | undefined;
  return user?.id !== undefined ? `user:${user.id}` : NO_ACCOUNT;
}

@Module({
  imports: [
    PassportModule.register({ session: true }),
    TypeOrmModule.forFeature([UserEntity]),
    ThrottlerModule.forRootAsync({
      inject: [PEEL_CONFIG, DataSource],
      useFactory: (config: PeelConfig, dataSource: DataSource) => ({
        // Login and password change (the routes that guess a password): per IP and per account.
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.loginLimitPerIp },
          {
            name: 'account',
            ttl: 15 * 60_000,
            limit: config.loginLimitPerAccount,
            getTracker: (request: Record<string, unknown>) =>
              accountOf(request as unknown as Request),
            // A body without an email names no account: the IP limit alone applies (one shared
            // bucket for every malformed body would lock out every later malformed request).
            skipIf: (context: ExecutionContext) =>
              accountOf(context.switchToHttp().getRequest<Request>()) === NO_ACCOUNT,
          },
        ],
        storage: new PgThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LocalStrategy,
    SessionSerializer,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
